import DOCX
import Foundation
import Testing

/// What docxtemplater's core does that templates from Word and LibreOffice rely on: tags
/// that start with a space, delimiters changed several times, row conditions in tables a
/// paragraph loop repeats, content controls after loops, section breaks inside loops and
/// tags typed over several lines. Every output is checked against the schemas.
@Suite("DOCX docxtemplater core")
struct DocxtemplaterCoreTests {
    @Test("{ #users} is a value tag, not a loop")
    func spaceBeforeHash() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let template = try DOCXTemplate(path: try DOCXSupport.template("space_tag").path)
        #expect(template.problems.isEmpty)
        let tag = try #require(template.tags.first)
        #expect(tag.raw == "{ #users}" && tag.kind == .value && tag.name == "#users")
        let rendered = try Render.render(
            template, json: ##"{"users": [1, 2], "#users": "mọi người", "name": "An"}"##,
            to: folder.appendingPathComponent("s.docx"))
        #expect(try rendered.paragraphs() == ["Người dùng: mọi người và An"])
    }

    @Test("Delimiters change again and again: multi-character, asymmetric, holding the old ones, and back")
    func delimiterChanges() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let template = try DOCXTemplate(path: try DOCXSupport.template("delimiter_changes").path)
        #expect(template.problems.isEmpty, "\(template.problems)")
        #expect(
            template.tags.filter { $0.kind == .delimiters && $0.part == "word/document.xml" }.map(\.raw) == [
                "{=<% %>=}", "<%={{ }}=%>", "{{=[ ]]=}}", "[={ }=]]", "{=|| ##=}", "||={ }=##",
            ])
        let rendered = try Render.render(
            template, json: #"{"name": "An", "rows": ["a", "b"]}"#, to: folder.appendingPathComponent("d.docx"))
        #expect(
            try rendered.paragraphs() == [
                "An An {name}", "An <%name%>", "An ab", "An [name]]", "An {name}", "An",
            ])
        // Each part starts from the template's delimiters.
        #expect(try rendered.paragraphs("word/header1.xml") == ["An {name}"])

        let lo = try Render.fixture("delimiter_changes_lo", json: #"{"name": "An"}"#, in: folder)
        #expect(try lo.paragraphs() == ["An", "An <%name%>"])
    }

    @Test("{-w:tr cond} on a row of a table inside a paragraph loop")
    func rowConditionInParagraphLoop() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = #"""
            {"groups": [{"name": "A", "show": true, "label": "L", "score": 9, "rows": ["r1", "r2"]},
                        {"name": "B", "show": false, "label": "M", "score": 1, "rows": []}]}
            """#
        let rendered = try Render.fixture("row_condition_in_loop", json: json, in: folder)
        #expect(
            try rendered.paragraphs() == [
                "Đầu", "Nhóm A", "Tên", "Điểm", "L", "9", "r1", "x", "r2", "x", "Chỉ khi có: L", "Nhóm B", "Tên",
                "Điểm", "Cuối",
            ])
        let tables = try rendered.xml().descendants("w:tbl")
        #expect(tables.map { $0.elements.filter { $0.name == "w:tr" }.count } == [4, 1, 1])
    }

    @Test("Paragraphs in content controls (w:sdt) after loops", arguments: ["sdt_after_loop", "sdt_after_loop_lo"])
    func contentControls(_ fixture: String) throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let full = try Render.fixture(fixture, json: #"{"items": ["a", "b"], "name": "N"}"#, in: folder)
        let empty = try Render.fixture(fixture, json: #"{"items": [], "name": "N"}"#, in: folder, as: "empty")
        if fixture == "sdt_after_loop" {
            #expect(
                try full.paragraphs() == [
                    "a b ", "Mục a", "Mục b", "Trong khối: N", "– a", "– b", "[a][b]", "– a", "– b", "Sau khối N",
                ])
            #expect(try empty.paragraphs() == ["", "Trong khối: N", "", "", "Sau khối N"])
        } else {
            #expect(try full.paragraphs() == ["Mục a", "Mục b", "Trong khối: N", "– a", "– b", "Sau khối N"])
            #expect(try empty.paragraphs() == ["Trong khối: N", "Sau khối N"])
        }
        // The content controls keep their properties and hold their paragraphs.
        let controls = try full.xml().descendants("w:sdt")
        #expect(controls.count == (fixture == "sdt_after_loop" ? 3 : 1))
        // Every content control among blocks keeps a paragraph, whatever its loops showed.
        let emptyDocument = try empty.xml()
        for content in emptyDocument.descendants("w:sdtContent") {
            #expect(content.elements.contains { $0.name == "w:p" }, "an empty w:sdtContent")
        }
        #expect(controls.allSatisfy { $0.child("w:sdtPr") != nil && $0.child("w:sdtContent") != nil })
        #expect(
            controls.first?.child("w:sdtContent")?.elements.map(\.paragraphText) == ["Trong khối: N", "– a", "– b"])
    }

    @Test("A loop around a next-page section break", arguments: ["section_in_loop", "section_in_loop_lo"])
    func sectionBreakInLoop(_ fixture: String) throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rendered = try Render.fixture(fixture, json: #"{"items": [{"name": "A"}, {"name": "B"}]}"#, in: folder)
        #expect(try rendered.paragraphs() == ["Mở đầu", "Trang A", "Hết trang A", "Trang B", "Hết trang B", "Cuối"])
        let document = try rendered.xml()
        let sections = document.descendants("w:sectPr")
        // One section per item, each in its own paragraph, then the body's.
        #expect(sections.count == 3)
        #expect(sections.dropLast().allSatisfy { $0.parent?.name == "w:pPr" })
        #expect(
            sections.map { $0.child("w:pgSz")?.attributes["w:orient"] ?? "portrait" } == [
                "landscape", "landscape", "portrait",
            ])
        // As docxtemplater: the copies after the first take the headers and footers over.
        #expect(sections.map { $0.elements.filter { $0.name == "w:headerReference" }.count } == [1, 0, 1])

        // Shown zero times, the loop keeps its section break, so the pages after it keep their layout.
        let none = try Render.fixture(fixture, json: #"{"items": []}"#, in: folder, as: "none")
        #expect(try none.paragraphs().filter { !$0.isEmpty } == ["Mở đầu", "Cuối"])
        #expect(try none.xml().descendants("w:sectPr").count == 2)
    }

    @Test(
        "Tags typed over several lines of one paragraph (w:br between their parts)",
        arguments: ["line_breaks", "line_breaks_lo"])
    func tagsAcrossLineBreaks(_ fixture: String) throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = #"{"name": "An", "items": ["a", "b"], "unit": {"name": "Sở"}}"#
        let rendered = try Render.fixture(fixture, json: json, in: folder)
        #expect(rendered.report.missing == [])
        let expected = ["Tên: An\n", "\na\n\nb\n", "Sở\n"]
        #expect(try rendered.paragraphs() == Array(expected.prefix(fixture == "line_breaks" ? 3 : 2)))
    }
}
