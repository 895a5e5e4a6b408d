import Foundation
import TestKit
import Testing

/// End-to-end: `baocao template render|check` on templates written by
/// `Tests/Fixtures/docx/write_templates.py` into a temporary folder. Exit codes: 0 written,
/// 1 template errors (or missing values under --strict), 2 unreadable template or data.
@Suite("baocao template")
struct TemplateCommandTests {
    static let writer = TestSupport.repoRoot.appendingPathComponent("Tests/Fixtures/docx/write_templates.py")

    /// A folder with the templates `names` (and workbook.xlsx when `names` is empty: all).
    static func fixtures(_ names: [String] = []) throws -> URL {
        let folder = try TestSupport.temporaryFolder("baocao-template-cli")
        let outcome = try TestProcess.run(
            TestFiles.python, [writer.path, folder.path] + names)
        try #require(outcome.status == 0, "write_templates.py failed: \(outcome.stderr)")
        return folder
    }

    static func write(_ text: String, to url: URL) throws {
        try Data(text.utf8).write(to: url)
    }

    /// The paragraphs of `part` in a .docx, by Python's zipfile and ElementTree.
    static func paragraphs(_ docx: URL, part: String = "word/document.xml") throws -> [String] {
        let script = """
            import json, sys, zipfile
            import xml.etree.ElementTree as ET
            W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
            root = ET.fromstring(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))
            def text(p):
                out = ''
                for e in p.iter():
                    if e.tag == W + 't': out += e.text or ''
                    elif e.tag == W + 'br': out += '\\n'
                return out
            print(json.dumps([text(p) for p in root.iter(W + 'p')]))
            """
        let outcome = try TestSupport.python(script, [docx.path, part])
        try #require(outcome.status == 0, "reading \(docx.lastPathComponent): \(outcome.stderr)")
        return try JSONDecoder().decode([String].self, from: outcome.stdout)
    }

    /// Checks `files` with `baocao docx validate`, as a user would.
    static func expectValid(_ files: [URL], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let validate = try TestSupport.baocao(["docx", "validate"] + files.map(\.path))
        #expect(validate.status == 0, "\(validate.stdoutText)\(validate.stderr)", sourceLocation: sourceLocation)
    }

    static let reportData = #"""
        {"title": "Báo cáo quý", "unit": {"name": "Sở Nội vụ", "code": "SNV", "total": 87.5, "level": "tỉnh"},
         "note": "Một", "agency": "UBND", "fields": ["A"], "approved": true,
         "rows": [{"stt": 1, "name": "Chỉ số", "score": 9, "members": []}],
         "sections": [], "photos": [{"caption": "Ảnh"}], "proposals": [], "empty": [], "lines": ["x"],
         "reportDate": "28/02/2025", "source": "Hệ thống"}
        """#

    // MARK: - render

    @Test("render writes the document: exit 0, no warnings")
    func renderWrites() throws {
        let folder = try Self.fixtures(["report"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("dữ liệu.json")
        try Self.write(Self.reportData, to: data)
        let output = folder.appendingPathComponent("kết quả.docx")
        let run = try TestSupport.baocao([
            "template", "render", folder.appendingPathComponent("report.docx").path, data.path, "-o", output.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        let paragraphs = try Self.paragraphs(output)
        #expect(paragraphs.contains("Đơn vị: Sở Nội vụ (mã SNV)"))
        #expect(paragraphs.contains("Hình: Ảnh"))
        #expect(try Self.paragraphs(output, part: "word/header1.xml") == ["Đơn vị: Sở Nội vụ"])
        try Self.expectValid([output])
    }

    @Test("Missing values warn (exit 0); --strict makes them an error (exit 1, nothing written)")
    func missingAndStrict() throws {
        let folder = try Self.fixtures(["missing"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let template = folder.appendingPathComponent("missing.docx").path
        let data = folder.appendingPathComponent("data.json")
        try Self.write(#"{"present": "có", "people": []}"#, to: data)
        let output = folder.appendingPathComponent("out.docx")
        let lenient = try TestSupport.baocao(["template", "render", template, data.path, "-o", output.path])
        #expect(lenient.status == 0, "\(lenient.stderr)")
        #expect(lenient.stderr.contains("Cảnh báo"))
        #expect(lenient.stderr.contains("word/document.xml: absent"))
        #expect(lenient.stderr.contains("word/header1.xml: absentHeader"))
        try Self.expectValid([output])

        let strictOutput = folder.appendingPathComponent("strict.docx")
        let strict = try TestSupport.baocao([
            "template", "render", template, data.path, "-o", strictOutput.path, "--strict",
        ])
        #expect(strict.status == 1, "\(strict.stderr)")
        #expect(strict.stderr.contains("[data.missing_values]"), "\(strict.stderr)")
        #expect(!FileManager.default.fileExists(atPath: strictOutput.path))
    }

    @Test("A template with errors: exit 1, every error on stderr, nothing written")
    func templateErrors() throws {
        let folder = try Self.fixtures(["errors_everywhere"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data.json")
        try Self.write("{}", to: data)
        // A file already at the output path stays as it was: the output appears whole or not at all.
        let output = folder.appendingPathComponent("out.docx")
        try Self.write("bản cũ", to: output)
        let run = try TestSupport.baocao([
            "template", "render", folder.appendingPathComponent("errors_everywhere.docx").path, data.path, "-o",
            output.path,
        ])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("[template.invalid]"))
        for expected in [
            "word/document.xml", "word/header1.xml", "word/footer1.xml", "word/footnotes.xml", "docProps/core.xml",
            "[unclosed_tag]", "[unopened_tag]", "[empty_tag]", "[closing_tag_does_not_match_opening_tag]",
        ] {
            #expect(run.stderr.contains(expected), "stderr lacks \(expected): \(run.stderr)")
        }
        #expect(try String(decoding: Data(contentsOf: output), as: UTF8.self) == "bản cũ")
    }

    struct Unreadable: Sendable, CustomTestStringConvertible {
        var name: String
        /// Words or codes stderr must show.
        var shows: [String]
        /// The message (from the OPC layer) speaks of Excel workbooks although the file is a
        /// Word template: a known wording bug.
        var testDescription: String { name }
    }

    @Test(
        "Unreadable template or data: exit 2 with a message",
        arguments: [
            Unreadable(name: "template not a zip", shows: ["[package.not_zip]"]),
            Unreadable(name: "template empty", shows: ["[file.empty]"]),
            Unreadable(name: "template truncated", shows: ["[package.truncated]"]),
            Unreadable(
                name: "template with a DTD", shows: ["[xml.dtd_forbidden]", "word/document.xml"]),
            Unreadable(name: "template with broken XML", shows: ["[xml.malformed]", "word/document.xml"]),
            Unreadable(name: "template is a workbook", shows: ["[template.not_docx]", "Word"]),
            Unreadable(name: "template missing", shows: ["Lỗi"]),
            Unreadable(name: "data not JSON", shows: ["[data.invalid]", "dòng 1"]),
            Unreadable(name: "data missing", shows: ["Lỗi"]),
            Unreadable(name: "data with a control character", shows: ["[data.invalid]", "U+1"]),
        ])
    func unreadable(_ item: Unreadable) throws {
        let folder = try Self.fixtures()
        defer { try? FileManager.default.removeItem(at: folder) }
        var template = folder.appendingPathComponent("report.docx")
        let data = folder.appendingPathComponent("data.json")
        try Self.write(Self.reportData, to: data)
        switch item.name {
        case "template not a zip":
            template = folder.appendingPathComponent("text.docx")
            try Self.write("Đây không phải tệp Word", to: template)
        case "template empty":
            template = folder.appendingPathComponent("empty.docx")
            try Data().write(to: template)
        case "template truncated":
            template = folder.appendingPathComponent("truncated.docx")
            try Data(contentsOf: folder.appendingPathComponent("report.docx")).prefix(400).write(to: template)
        case "template with a DTD": template = folder.appendingPathComponent("dtd.docx")
        case "template with broken XML": template = folder.appendingPathComponent("broken_xml.docx")
        case "template is a workbook": template = folder.appendingPathComponent("workbook.xlsx")
        case "template missing": template = folder.appendingPathComponent("none.docx")
        case "data not JSON": try Self.write("{\"title\": ", to: data)
        case "data missing": try FileManager.default.removeItem(at: data)
        default: try Self.write(#"{"title": "a\u0001b", "unit": {"name": "x\u0001"}}"#, to: data)
        }
        let output = folder.appendingPathComponent("out.docx")
        let run = try TestSupport.baocao(["template", "render", template.path, data.path, "-o", output.path])
        #expect(run.status == 2, "\(run.stderr)")
        for word in item.shows {
            #expect(run.stderr.contains(word), "stderr lacks \(word): \(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: output.path))
        // A Word template's messages must not speak of Excel workbooks.
        #expect(!run.stderr.contains("Excel"), "\(run.stderr)")
    }

    @Test("-o naming the template or the data is refused with exit 2 and both stay as they were")
    func outputIsInput() throws {
        let folder = try Self.fixtures(["report"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let template = folder.appendingPathComponent("report.docx")
        let data = folder.appendingPathComponent("data.json")
        try Self.write(Self.reportData, to: data)
        let before = try Data(contentsOf: template)
        // The same file under another spelling of its path too.
        let spellings = [template.path, folder.path + "/./report.docx", data.path]
        for output in spellings {
            let run = try TestSupport.baocao(["template", "render", template.path, data.path, "-o", output])
            #expect(run.status == 2, "-o \(output): \(run.stderr)")
            #expect(!run.stderr.isEmpty)
        }
        #expect(try Data(contentsOf: template) == before)
        #expect(try String(decoding: Data(contentsOf: data), as: UTF8.self) == Self.reportData)
        // An output folder that does not exist: exit 2 with a message.
        let nowhere = folder.appendingPathComponent("không có/out.docx").path
        let run = try TestSupport.baocao(["template", "render", template.path, data.path, "-o", nowhere])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("Lỗi"))
    }

    @Test("--delimiters \"[[ ]]\" and a malformed --delimiters")
    func delimiters() throws {
        let folder = try Self.fixtures(["brackets"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let template = folder.appendingPathComponent("brackets.docx").path
        let data = folder.appendingPathComponent("data.json")
        try Self.write(#"{"name": "An", "rows": ["r1", "r2"]}"#, to: data)
        let output = folder.appendingPathComponent("out.docx")
        let run = try TestSupport.baocao([
            "template", "render", template, data.path, "-o", output.path, "--delimiters", "[[ ]]",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.paragraphs(output) == ["Xin chào An và {name}.", "r1", "x", "r2", "x"])
        try Self.expectValid([output])
        let bad = try TestSupport.baocao([
            "template", "render", template, data.path, "-o", folder.appendingPathComponent("bad.docx").path,
            "--delimiters", "[[",
        ])
        #expect(bad.status == 2, "\(bad.stderr)")
        #expect(bad.stderr.contains("--delimiters"))
    }

    @Test("--paragraph-loop (the default) drops tag paragraphs; --no-paragraph-loop keeps them")
    func paragraphLoopFlags() throws {
        let folder = try Self.fixtures(["paragraph_loop"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let template = folder.appendingPathComponent("paragraph_loop.docx").path
        let data = folder.appendingPathComponent("data.json")
        try Self.write(#"{"items": [{"name": "A"}, {"name": "B"}], "flag": false}"#, to: data)
        var results: [String: [String]] = [:]
        var outputs: [URL] = []
        for flag in ["", "--paragraph-loop", "--no-paragraph-loop"] {
            let output = folder.appendingPathComponent("out\(flag).docx")
            outputs.append(output)
            let run = try TestSupport.baocao(
                ["template", "render", template, data.path, "-o", output.path] + (flag.isEmpty ? [] : [flag]))
            #expect(run.status == 0, "\(flag): \(run.stderr)")
            results[flag] = try Self.paragraphs(output)
        }
        #expect(results[""] == ["Trước", "Mục A", "Mục B", "Sau"])
        #expect(results["--paragraph-loop"] == results[""])
        let kept = results["--no-paragraph-loop"] ?? []
        #expect(kept.filter { !$0.isEmpty } == ["Trước", "Mục A", "Mục B", "Sau"])
        #expect(kept.count > 4)
        try Self.expectValid(outputs)
    }

    // MARK: - check

    struct CheckReport: Decodable {
        struct Tag: Decodable {
            var part: String
            var kind: String
            var name: String
            var raw: String
            var context: String
        }
        struct Problem: Decodable {
            var id: String
            var severity: String
            var part: String
            var context: String
            var message: String
        }
        var file: String
        var tags: [Tag]
        var problems: [Problem]
    }

    @Test("check --format json lists every tag with its part and context; exit 0")
    func checkJSON() throws {
        let folder = try Self.fixtures(["report"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let template = folder.appendingPathComponent("report.docx").path
        let run = try TestSupport.baocao(["template", "check", template, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try JSONDecoder().decode(CheckReport.self, from: run.stdout)
        #expect(report.file == template)
        #expect(report.problems.isEmpty)
        #expect(report.tags.count == 48)
        #expect(Set(report.tags.map(\.part)).count == 5)
        let header = try #require(report.tags.first { $0.part == "word/header1.xml" })
        #expect(header.kind == "value" && header.name == "unit.name" && header.raw == "{unit.name}")
        #expect(header.context == "Đơn vị: {unit.name}")
        #expect(report.tags.contains { $0.kind == "section" && $0.raw == "{#rows}" && $0.context == "{#rows}{stt}" })
        #expect(report.tags.contains { $0.kind == "inverted_section" && $0.name == "approved" })
        #expect(report.tags.contains { $0.kind == "close" && $0.raw == "{/}" && $0.name == "" })
        #expect(report.tags.contains { $0.part == "docProps/core.xml" && $0.raw == "{title}" })

        let text = try TestSupport.baocao(["template", "check", template])
        #expect(text.status == 0)
        #expect(text.stdoutText.contains("48 thẻ, 0 lỗi"))
    }

    @Test("check on a template with errors: exit 1, every problem with id, part and context")
    func checkErrors() throws {
        let folder = try Self.fixtures(["errors_everywhere", "delimiters"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try TestSupport.baocao([
            "template", "check", folder.appendingPathComponent("errors_everywhere.docx").path, "--format", "json",
        ])
        #expect(run.status == 1, "\(run.stderr)")
        let report = try JSONDecoder().decode(CheckReport.self, from: run.stdout)
        #expect(report.problems.count == 6)
        #expect(report.problems.allSatisfy { $0.severity == "error" && !$0.message.isEmpty && !$0.context.isEmpty })
        let byID = Dictionary(grouping: report.problems, by: \.id)
        #expect(
            byID["unclosed_tag"]?.map(\.part).sorted() == [
                "docProps/core.xml", "word/document.xml", "word/header1.xml",
            ])
        #expect(byID["unopened_tag"]?.first?.part == "word/footer1.xml")
        #expect(byID["empty_tag"]?.first?.part == "word/footnotes.xml")
        #expect(byID["closing_tag_does_not_match_opening_tag"]?.first?.context == "{#rows} … {/cols}")

        let text = try TestSupport.baocao([
            "template", "check", folder.appendingPathComponent("errors_everywhere.docx").path,
        ])
        #expect(text.status == 1)
        #expect(text.stdoutText.contains("[unclosed_tag]"))

        // Delimiter changes are listed as such.
        let delimiters = try TestSupport.baocao([
            "template", "check", folder.appendingPathComponent("delimiters.docx").path, "--format", "json",
        ])
        #expect(delimiters.status == 0)
        let listed = try JSONDecoder().decode(CheckReport.self, from: delimiters.stdout)
        #expect(listed.tags.filter { $0.kind == "delimiters" }.map(\.raw) == ["{=[[ ]]=}", "[[=<% %>=]]"])
    }

    @Test("Raw XML tags render; a refused value is exit 2 with template.raw_invalid; --no-raw makes them errors")
    func rawXML() throws {
        let folder = try Self.fixtures(["raw_xml"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let template = folder.appendingPathComponent("raw_xml.docx").path
        let data = folder.appendingPathComponent("data.json")
        try Self.write(
            #"{"bang": "<w:p><w:r><w:t>Thô</w:t></w:r></w:p>", "o": "", "items": []}"#, to: data)
        let output = folder.appendingPathComponent("out.docx")
        let run = try TestSupport.baocao(["template", "render", template, data.path, "-o", output.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.paragraphs(output) == ["Trước", "Thô", "Giữa", "Ô đầu", "", "Sau"])
        try Self.expectValid([output])

        let hostile = folder.appendingPathComponent("hostile.json")
        try Self.write(#"{"bang": "<w:p><w:pPr><w:sectPr/></w:pPr></w:p>", "o": "", "items": []}"#, to: hostile)
        let refused = folder.appendingPathComponent("refused.docx")
        let bad = try TestSupport.baocao(["template", "render", template, hostile.path, "-o", refused.path])
        #expect(bad.status == 2, "\(bad.stderr)")
        #expect(bad.stderr.contains("[template.raw_invalid]"))
        #expect(bad.stderr.contains("{@bang}") && bad.stderr.contains("word/document.xml"))
        #expect(!FileManager.default.fileExists(atPath: refused.path))

        let untrusted = try TestSupport.baocao([
            "template", "render", template, data.path, "-o", refused.path, "--no-raw",
        ])
        #expect(untrusted.status == 1, "\(untrusted.stderr)")
        #expect(untrusted.stderr.contains("[raw_xml_forbidden]"))
        #expect(!FileManager.default.fileExists(atPath: refused.path))
        let check = try TestSupport.baocao(["template", "check", template, "--no-raw", "--format", "json"])
        #expect(check.status == 1)
        let report = try JSONDecoder().decode(CheckReport.self, from: check.stdout)
        #expect(report.problems.map(\.id) == ["raw_xml_forbidden", "raw_xml_forbidden", "raw_xml_forbidden"])
        let allowed = try TestSupport.baocao(["template", "check", template, "--format", "json"])
        #expect(allowed.status == 0, "\(allowed.stdoutText)")
        let listed = try JSONDecoder().decode(CheckReport.self, from: allowed.stdout)
        #expect(listed.tags.filter { $0.kind == "raw_xml" }.map(\.raw) == ["{@bang}", "{@o}", "{@xml}"])
    }

    @Test("check refuses unreadable templates with exit 2")
    func checkUnreadable() throws {
        let folder = try Self.fixtures()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = folder.appendingPathComponent("text.docx")
        try Self.write("không phải zip", to: text)
        for path in [text.path, folder.appendingPathComponent("workbook.xlsx").path] {
            let run = try TestSupport.baocao(["template", "check", path, "--format", "json"])
            #expect(run.status == 2, "\(path): \(run.stderr)")
            #expect(run.stderr.contains("Lỗi"))
        }
    }
}
