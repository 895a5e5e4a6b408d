import Foundation
import OPC
import TestKit
import Testing

/// End-to-end: `baocao docx validate` and the schema part of `baocao template check`, on the
/// report template, a copy of it damaged as an edit in the wrong tool would, and files that
/// are no Word document at all.
@Suite("baocao docx validate")
struct DocxValidateCommandTests {
    static let template = TestSupport.repoRoot.appendingPathComponent("Templates/bao-cao-766.docx")

    /// A copy of the report template whose `word/document.xml` carries, on a line of its own
    /// after the first line, an element the schema forbids in a body.
    static func damagedTemplate(in folder: URL) throws -> (url: URL, line: Int) {
        let source = try ZipArchive(path: template.path)
        let output = folder.appendingPathComponent("mau-da-sua.docx")
        let writer = try ZipWriter(path: output.path)
        var line = 0
        for entry in source.entries {
            guard entry.name == "word/document.xml" else {
                try writer.copy(entry, from: source)
                continue
            }
            var text = String(decoding: try source.readAll(entry), as: UTF8.self)
            let body = try #require(text.range(of: "<w:body>"))
            // Bytes, not Characters: the declaration may end in CR LF, one Character in Swift.
            line = text[..<body.upperBound].utf8.filter { $0 == UInt8(ascii: "\n") }.count + 2
            text.insert(contentsOf: "\n<w:khung w:val=\"1\"/>\n", at: body.upperBound)
            try writer.add(entry.name, bytes: Array(text.utf8))
        }
        try writer.commit()
        return (output, line)
    }

    @Test func theTemplateIsValidAndADamagedCopyIsNamedWithPartAndLine() throws {
        let folder = try TestSupport.temporaryFolder("baocao-docx-validate")
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = try TestSupport.baocao(["docx", "validate", Self.template.path])
        #expect(good.status == 0, "\(good.stdoutText)\(good.stderr)")
        #expect(good.stdoutText.hasPrefix("Hợp lệ: "))

        let (damaged, line) = try Self.damagedTemplate(in: folder)
        let bad = try TestSupport.baocao(["docx", "validate", Self.template.path, damaged.path])
        #expect(bad.status == 1)
        #expect(bad.stdoutText.contains("Không hợp lệ: \(damaged.path)"))
        #expect(bad.stdoutText.contains("phần word/document.xml, dòng \(line): Không đúng lược đồ ECMA-376"))
        #expect(bad.stdoutText.contains("[schema.invalid]") && bad.stdoutText.contains("khung"))

        let check = try TestSupport.baocao(["template", "check", damaged.path])
        #expect(check.status == 1, "\(check.stdoutText)\(check.stderr)")
        #expect(check.stdoutText.contains("Lỗi: \(damaged.path), phần word/document.xml, dòng \(line):"))
        let json = try TestSupport.baocao(["template", "check", damaged.path, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        let violation = try #require((report["schemaViolations"] as? [[String: Any]])?.first)
        #expect(violation["code"] as? String == "schema.invalid")
        #expect(violation["part"] as? String == "word/document.xml")
        #expect(violation["line"] as? Int == line)
        // The template's own tags are still listed: the schema check adds to them.
        #expect((report["tags"] as? [Any])?.isEmpty == false)
        #expect(try TestSupport.baocao(["template", "check", Self.template.path]).status == 0)
    }

    @Test func whatIsNoWordDocumentIsExitTwoInVietnamese() throws {
        let folder = try TestSupport.temporaryFolder("baocao-docx-validate")
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = folder.appendingPathComponent("bao-cao.docx")
        try Data("Đây không phải tệp Word".utf8).write(to: text)
        let notZip = try TestSupport.baocao(["docx", "validate", text.path])
        #expect(notZip.status == 2)
        #expect(notZip.stderr.contains("Lỗi: \(text.path): Tệp không phải là tệp Office"))
        #expect(notZip.stderr.contains("[package.not_zip]"))

        let workbook = TestSupport.repoRoot.appendingPathComponent("Samples/phu-luc-1-2025-02.xlsx").path
        let notWord = try TestSupport.baocao(["docx", "validate", workbook, "--format", "json"])
        #expect(notWord.status == 2)
        #expect(notWord.stderr.contains("không phải tài liệu Word") && notWord.stderr.contains("[package.not_docx]"))
        let results = try #require(try JSONSerialization.jsonObject(with: notWord.stdout) as? [[String: Any]])
        #expect(results.first?["status"] as? String == "unreadable")
        #expect(results.first?["code"] as? String == "package.not_docx")

        let missing = try TestSupport.baocao(["docx", "validate", folder.appendingPathComponent("khong-co.docx").path])
        #expect(missing.status == 2)
        #expect(try TestSupport.baocao(["docx", "validate"]).status == 2)
    }
}
