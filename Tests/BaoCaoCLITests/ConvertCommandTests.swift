import Foundation
import TestKit
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `baocao convert` end to end: the drafts of the Phú Tân samples, their layout, the
/// history between months, refusals and PDF export.
@Suite(.serialized) struct ConvertCommandTests {
    static let samples = TestSupport.repoRoot.appendingPathComponent("Samples")

    static func sample(_ name: String) -> String { samples.appendingPathComponent(name).path }

    /// Runs `baocao convert` in `folder` with a store of its own.
    static func convert(_ arguments: [String], in folder: URL, environment: [String: String]? = nil) throws
        -> ProcessOutcome
    {
        try TestProcess.run(
            TestSupport.binary,
            ["convert"] + arguments + ["--store", folder.appendingPathComponent("history.sqlite").path],
            environment: environment, currentDirectory: folder)
    }

    static func part(_ name: String, of docx: URL) throws -> Data {
        let run = try TestProcess.run(URL(fileURLWithPath: "/usr/bin/unzip"), ["-p", docx.path, name])
        return run.stdout
    }

    /// The attributes of every element named `name` in `xml`.
    static func elements(_ name: String, in xml: Data) -> [[String: String]] {
        final class Finder: NSObject, XMLParserDelegate {
            let name: String
            var found: [[String: String]] = []
            init(_ name: String) { self.name = name }
            func parser(
                _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]
            ) {
                if element == name { found.append(attributes) }
            }
        }
        let finder = Finder(name)
        let parser = XMLParser(data: xml)
        parser.delegate = finder
        _ = parser.parse()
        return finder.found
    }

    @Test func monthTwoGivesAValidA4DraftInTheOfficialLayout() throws {
        let folder = try TestSupport.temporaryFolder("baocao-convert")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try Self.convert([Self.sample("phu-luc-1-2025-01.xlsx")], in: folder).status == 0)
        let run = try Self.convert([Self.sample("phu-luc-1-2025-02.xlsx"), "--pdf"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty, "no warning expected: \(run.stderr)")
        let draft = folder.appendingPathComponent("phu-luc-1-2025-02.docx")
        #expect(run.stdoutText.contains("Đã ghi dự thảo"))

        // The schemas accept it.
        let validation = try TestSupport.baocao(["docx", "validate", draft.path])
        #expect(validation.status == 0, "\(validation.stdoutText)\(validation.stderr)")

        // Nghị định 30: A4 portrait, margins within the ranges, Times New Roman 14 pt body;
        // the appendix section is landscape.
        let document = try Self.part("word/document.xml", of: draft)
        let sizes = Self.elements("w:pgSz", in: document)
        #expect(sizes.first?["w:w"] == "11906" && sizes.first?["w:h"] == "16838")
        #expect(sizes.last?["w:orient"] == "landscape")
        let margins = try #require(Self.elements("w:pgMar", in: document).first)
        let twips = { (key: String) in Int(margins[key] ?? "") ?? -1 }
        #expect((1134...1418).contains(twips("w:top")) && (1134...1418).contains(twips("w:bottom")))  // 20–25 mm
        #expect((1701...1985).contains(twips("w:left")))  // 30–35 mm
        #expect((850...1134).contains(twips("w:right")))  // 15–20 mm
        let styles = try Self.part("word/styles.xml", of: draft)
        let fonts = Self.elements("w:rFonts", in: styles)
        #expect(fonts.first?["w:ascii"] == "Times New Roman" && fonts.first?["w:hAnsi"] == "Times New Roman")
        #expect(!fonts.contains { ($0["w:ascii"] ?? "Times New Roman") != "Times New Roman" })
        let sizesInPoints = Self.elements("w:sz", in: styles).compactMap { $0["w:val"].flatMap(Int.init) }
        #expect(sizesInPoints.first == 28)  // 14 pt body

        // LibreOffice opens it and makes an A4 PDF with the figures.
        let pdf = folder.appendingPathComponent("phu-luc-1-2025-02.pdf")
        #expect(FileManager.default.fileExists(atPath: pdf.path))
        let info = try TestProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["pdfinfo", pdf.path])
        #expect(info.stdoutText.contains("(A4)"), "\(info.stdoutText)")
        let text = try TestProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["pdftotext", pdf.path, "-"])
        // Lines wrap in the PDF: compare with white space folded.
        let words = text.stdoutText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("87.18/100"))
        #expect(words.contains("Phú Hưng, Tân Trung, Hòa Lạc, Bộ phận tiếp nhận và Trả kết quả huyện"), "\(words)")
    }

    @Test func aMonthBeforeItsPredecessorWarnsAndKeepsItsRow() throws {
        let folder = try TestSupport.temporaryFolder("baocao-convert")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.convert([Self.sample("phu-luc-1-2025-02.xlsx"), "-o", "thang-02.docx"], in: folder)
        #expect(run.status == 0)
        #expect(run.stderr.contains("tháng 01/2025"), "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("thang-02.docx").path))
    }

    @Test func anAppendixWithErrorsGivesNoDraftUnlessForced() throws {
        let folder = try TestSupport.temporaryFolder("baocao-convert")
        defer { try? FileManager.default.removeItem(at: folder) }
        let refused = try Self.convert([Self.sample("broken/total.mismatch.xlsx")], in: folder)
        #expect(refused.status == 1)
        #expect(refused.stdoutText.contains("'Phụ lục 1'!I8"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("total.mismatch.docx").path))

        let forced = try Self.convert([Self.sample("broken/total.mismatch.xlsx"), "--force"], in: folder)
        #expect(forced.status == 0, "\(forced.stderr)")
        let draft = folder.appendingPathComponent("total.mismatch.docx")
        DocumentChecks.expectValid([draft])
        let document = String(decoding: try Self.part("word/document.xml", of: draft), as: UTF8.self)
        #expect(document.contains("DỰ THẢO CÓ LỖI SỐ LIỆU"))
        #expect(document.contains("DANH SÁCH LỖI SỐ LIỆU"))
        #expect(document.contains("total.mismatch"))
    }

    @Test func neverWritesOverItsInputsAndNamesWhatCannotBeRead() throws {
        let folder = try TestSupport.temporaryFolder("baocao-convert")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("phu-luc-1-2025-02.xlsx")
        try FileManager.default.copyItem(atPath: Self.sample("phu-luc-1-2025-02.xlsx"), toPath: input.path)
        let before = try Data(contentsOf: input)
        let overInput = try Self.convert([input.path, "-o", input.path], in: folder)
        #expect(overInput.status == 2)
        #expect(overInput.stderr.contains("[output.is_input]"))
        #expect(try Data(contentsOf: input) == before)

        let notAWorkbook = folder.appendingPathComponent("ghi-chu.xlsx")
        try Data("không phải bảng tính".utf8).write(to: notAWorkbook)
        let unreadable = try Self.convert([notAWorkbook.path], in: folder)
        #expect(unreadable.status == 2)
        #expect(unreadable.stderr.contains("[package.not_zip]"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("ghi-chu.docx").path))
    }

    @Test func withoutLibreOfficeTheDraftIsStillWritten() throws {
        let folder = try TestSupport.temporaryFolder("baocao-convert")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.convert(
            [Self.sample("phu-luc-1-2025-02.xlsx"), "--pdf"], in: folder, environment: ["BAOCAO_SOFFICE": ""])
        #expect(run.status == 2)
        #expect(run.stderr.contains("[pdf.libreoffice_missing]"))
        #expect(run.stderr.contains("apt-get install"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("phu-luc-1-2025-02.docx").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("phu-luc-1-2025-02.pdf").path))
    }
}
