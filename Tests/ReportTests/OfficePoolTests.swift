import Foundation
import TestKit
import Testing

@testable import Report

/// The long-lived LibreOffices, with the real LibreOffice and the bridge's Python (Debian's
/// `python3-uno`, which `Scripts/bootstrap test` installs): drafts exported one after another
/// and side by side, an instance stopped at its time limit and replaced, nothing left
/// running once the pool is shut down.
@Suite(.serialized) struct OfficePoolTests {
    static let templates = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Templates")

    /// A document in the official layout, as LibreOffice gets drafts: the report's template.
    static func draft(in folder: URL, name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try FileManager.default.copyItem(
            atPath: templates.appendingPathComponent("bao-cao-766.docx").path, toPath: path)
        return path
    }

    static func soffice() throws -> String {
        let soffice = try #require(PDFExport.findLibreOffice(), "LibreOffice is needed (Scripts/bootstrap test)")
        try #require(OfficePool.python(for: soffice) != nil, "python3-uno is needed (Scripts/bootstrap test)")
        return soffice
    }

    /// The processes whose command line names `fragment`.
    static func processes(naming fragment: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { Int($0) != nil }.filter { pid in
            guard let bytes = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: bytes, as: UTF8.self).contains(fragment)
        }
    }

    /// Whether the processes naming `fragment` are gone within a few seconds (a killed
    /// process takes a moment to leave `/proc`).
    static func endSoon(naming fragment: String) -> Bool {
        for _ in 0..<100 {
            if processes(naming: fragment).isEmpty { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    @Test func draftsOneAfterAnotherAndSideBySideGetTheirPDFs() async throws {
        let soffice = try Self.soffice()
        let folder = try TestFiles.temporaryFolder("baocao-office")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pool = OfficePool()
        let drafts = try (1...4).map { try Self.draft(in: folder, name: "du-thao-\($0).docx") }
        // One after another on the same instance, then two at once (a second instance).
        for draft in drafts.prefix(2) {
            let pdf = URL(fileURLWithPath: draft).deletingPathExtension().appendingPathExtension("pdf")
            #expect(
                try pool.convert(
                    URL(fileURLWithPath: draft), to: pdf, filter: "writer_pdf_Export", soffice: soffice,
                    until: Date() + 60))
        }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for draft in drafts.suffix(2) {
                group.addTask {
                    let pdf = URL(fileURLWithPath: draft).deletingPathExtension().appendingPathExtension("pdf")
                    return try pool.convert(
                        URL(fileURLWithPath: draft), to: pdf, filter: "writer_pdf_Export", soffice: soffice,
                        until: Date() + 60)
                }
            }
            for try await converted in group { #expect(converted) }
        }
        for draft in drafts {
            let pdf = URL(fileURLWithPath: draft).deletingPathExtension().appendingPathExtension("pdf")
            let bytes = try #require(FileManager.default.contents(atPath: pdf.path), "\(pdf.lastPathComponent)")
            #expect(bytes.starts(with: Data("%PDF-".utf8)))
        }
        pool.shutDown()
        let profiles = "baocao-office-\(ProcessInfo.processInfo.processIdentifier)-"
        #expect(Self.endSoon(naming: profiles), "a LibreOffice of the pool still runs")
    }

    @Test func anInstanceStoppedAtItsTimeLimitIsReplacedByTheNext() throws {
        let soffice = try Self.soffice()
        let folder = try TestFiles.temporaryFolder("baocao-office")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pool = OfficePool()
        let draft = URL(fileURLWithPath: try Self.draft(in: folder, name: "du-thao.docx"))
        let pdf = draft.deletingPathExtension().appendingPathExtension("pdf")
        // No LibreOffice starts in a tenth of a second: stopped, with its whole process group.
        #expect(throws: LibreOffice.Failure.timedOut) {
            try pool.convert(draft, to: pdf, filter: "writer_pdf_Export", soffice: soffice, until: Date() + 0.1)
        }
        #expect(!FileManager.default.fileExists(atPath: pdf.path))
        let profiles = "baocao-office-\(ProcessInfo.processInfo.processIdentifier)-"
        #expect(Self.endSoon(naming: profiles), "the stopped LibreOffice still runs")
        #expect(try pool.convert(draft, to: pdf, filter: "writer_pdf_Export", soffice: soffice, until: Date() + 60))
        #expect(FileManager.default.fileExists(atPath: pdf.path))
        pool.shutDown()
    }

    @Test func aDocumentLibreOfficeCannotReadFailsAndTheInstanceGoesOn() throws {
        let soffice = try Self.soffice()
        let folder = try TestFiles.temporaryFolder("baocao-office")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pool = OfficePool()
        let broken = folder.appendingPathComponent("hong.docx")
        try Data("PK\u{3}\u{4} not a package".utf8).write(to: broken)
        #expect(throws: LibreOffice.Failure.failed) {
            try pool.convert(
                broken, to: folder.appendingPathComponent("hong.pdf"), filter: "writer_pdf_Export", soffice: soffice,
                until: Date() + 60)
        }
        let draft = URL(fileURLWithPath: try Self.draft(in: folder, name: "du-thao.docx"))
        let pdf = draft.deletingPathExtension().appendingPathExtension("pdf")
        #expect(try pool.convert(draft, to: pdf, filter: "writer_pdf_Export", soffice: soffice, until: Date() + 60))
        pool.shutDown()
    }

    @Test func withoutTheBridgesPythonThePoolStepsAside() throws {
        let soffice = try Self.soffice()
        #expect(OfficePool.python(for: soffice, environment: ["BAOCAO_OFFICE_PYTHON": ""]) == nil)
        let folder = try TestFiles.temporaryFolder("baocao-office")
        defer { try? FileManager.default.removeItem(at: folder) }
        // A Python without UNO: the bridge says so, and the caller is told to run soffice itself.
        let plain = folder.appendingPathComponent("python")
        try "#!/bin/sh\nexec /usr/bin/python3 -S -I \"$@\"\n".write(to: plain, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: plain.path)
        let pool = OfficePool(environment: ["BAOCAO_OFFICE_PYTHON": plain.path])
        let draft = URL(fileURLWithPath: try Self.draft(in: folder, name: "du-thao.docx"))
        let pdf = draft.deletingPathExtension().appendingPathExtension("pdf")
        #expect(try !pool.convert(draft, to: pdf, filter: "writer_pdf_Export", soffice: soffice, until: Date() + 30))
        #expect(!FileManager.default.fileExists(atPath: pdf.path))
    }
}
