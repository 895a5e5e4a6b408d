import Foundation
import TestKit
import Testing

@testable import Report

/// PDF export against stand-ins for LibreOffice that hang or fail: the export ends within its
/// time limit, stops the program, and leaves no PDF beside the draft.
@Suite struct PDFExportTests {
    static func folder() throws -> URL { try TestFiles.temporaryFolder("baocao-pdf") }

    static func script(_ body: String, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("soffice").path
        try "#!/bin/sh\n\(body)\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    @Test func aHungLibreOfficeIsStoppedAtTheTimeLimit() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Like soffice, a script whose real work runs in a child process (here one that hangs).
        let childFile = folder.appendingPathComponent("child.pid").path
        let soffice = try Self.script("sleep 30 &\necho $! > '\(childFile)'\nwait", in: folder)
        let draft = folder.appendingPathComponent("du-thao.docx").path
        FileManager.default.createFile(atPath: draft, contents: Data("PK".utf8))
        let started = ContinuousClock.now
        // Time enough for the bridge's Python to start the stand-in on a loaded machine.
        let error = try #require(throws: ReportError.self) {
            try PDFExport.export(draft, timeout: 3, soffice: soffice)
        }
        #expect(ContinuousClock.now - started < .seconds(8))
        #expect(error.code == .pdfTimeLimit)
        #expect(error.message.contains("nên đã dừng"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("du-thao.pdf").path))
        // The child is stopped with the script, not left running.
        let child = try String(contentsOfFile: childFile, encoding: .utf8).trimmingCharacters(
            in: .whitespacesAndNewlines)
        var alive = true
        for _ in 0..<40 where alive {
            let state = (try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8)) ?? ""
            alive = !state.isEmpty && !state.contains(") Z ")
            if alive { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(!alive, "the hung child \(child) is still running")
    }

    @Test func aFailingLibreOfficeLeavesNoPDF() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let soffice = try Self.script("exit 3", in: folder)
        let draft = folder.appendingPathComponent("du-thao.docx").path
        FileManager.default.createFile(atPath: draft, contents: Data("PK".utf8))
        let error = try #require(throws: ReportError.self) { try PDFExport.export(draft, soffice: soffice) }
        #expect(error.code == .pdfFailed)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("du-thao.pdf").path))
    }

    @Test func withoutLibreOfficeTheMessageSaysHowToInstallIt() throws {
        let error = try #require(throws: ReportError.self) { try PDFExport.export("/tmp/x.docx", soffice: nil) }
        #expect(error.code == .libreOfficeMissing)
        #expect(error.message.contains("apt-get install"))
    }
}
