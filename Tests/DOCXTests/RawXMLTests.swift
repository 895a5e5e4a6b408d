import DOCX
import Foundation
import Testing

/// `{@name}`: a WordprocessingML fragment replaces the tag's paragraph, as docxtemplater's
/// raw XML module does, once checked (well-formed, allowed elements only, no section
/// properties, relationships that exist, valid against the schemas).
@Suite("DOCX raw XML tags")
struct RawXMLTests {
    static let table =
        #"<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid><w:gridCol w:w=\"4000\"/></w:tblGrid><w:tr><w:tc><w:p><w:r><w:t>Ô thô</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#
    static let bold = #"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Đậm &amp; nghiêng</w:t></w:r></w:p>"#

    static func data(bang: String = table, cell: String = bold) -> String {
        #"""
        {"bang": "\#(bang)", "o": "\#(cell)",
         "items": [{"xml": "<w:p><w:r><w:t>Một</w:t></w:r></w:p>"}, {"xml": ""}, {"xml": null},
                   {"xml": "<w:p><w:r><w:t>Hai</w:t></w:r></w:p>\n<w:p><w:r><w:t>Ba</w:t></w:r></w:p>"}]}
        """#
    }

    @Test("A raw value replaces its paragraph in the body, in a cell and in a loop (Word)")
    func word() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let template = try DOCXTemplate(path: try DOCXSupport.template("raw_xml").path)
        #expect(template.problems.isEmpty)
        #expect(template.tags.filter { $0.kind == .rawXML }.map(\.name) == ["bang", "o", "xml"])
        let rendered = try Render.render(template, json: Self.data(), to: folder.appendingPathComponent("w.docx"))
        #expect(
            try rendered.paragraphs() == [
                "Trước", "Ô thô", "Giữa", "Ô đầu", "Đậm & nghiêng", "Một", "Hai", "Ba", "Sau",
            ])
        let body = try #require(try rendered.xml().child("w:body"))
        // The table took the place of its tag's paragraph, between "Trước" and "Giữa".
        #expect(body.elements.prefix(3).map(\.name) == ["w:p", "w:tbl", "w:p"])
        let bold = try #require(try rendered.xml().descendants("w:r").first { $0.paragraphText.hasPrefix("Đậm") })
        #expect(bold.child("w:rPr")?.child("w:b") != nil)
        // No tag text is left anywhere.
        #expect(!(try rendered.paragraphs().joined().contains("{")))
    }

    @Test("The same raw tags in a document LibreOffice wrote")
    func libreOffice() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rendered = try Render.fixture("raw_xml_lo", json: Self.data(), in: folder)
        #expect(try rendered.paragraphs() == ["Trước", "Ô thô", "Giữa", "Một", "Hai", "Ba", "Sau"])
    }

    @Test("An empty raw value in a cell leaves the cell its paragraph")
    func emptyInCell() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rendered = try Render.fixture("raw_xml", json: Self.data(bang: Self.bold, cell: ""), in: folder)
        let document = try rendered.xml()
        let cells = document.descendants("w:tc").filter { $0.ancestors.count == 4 }
        #expect(cells.count == 2)
        #expect(cells.map { $0.elements.map(\.name) } == [["w:tcPr", "w:p"], ["w:tcPr", "w:p"]])
        // A table as a cell's last block gets the paragraph a cell must end with.
        let tabled = try Render.fixture(
            "raw_xml", json: Self.data(bang: Self.bold, cell: Self.table), in: folder, as: "tabled")
        let tabledDocument = try tabled.xml()
        let outer = tabledDocument.descendants("w:tc").filter { $0.ancestors.count == 4 }
        #expect(outer.count == 2)
        #expect(outer.last?.elements.map(\.name) == ["w:tcPr", "w:tbl", "w:p"])
    }

    @Test("A relationship the part has may be named")
    func knownRelationship() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let link = #"<w:p><w:hyperlink r:id=\"rIdHeader1\"><w:r><w:t>Liên kết</w:t></w:r></w:hyperlink></w:p>"#
        let rendered = try Render.fixture("raw_xml", json: Self.data(bang: link), in: folder)
        #expect(try rendered.paragraphs().prefix(2) == ["Trước", "Liên kết"])
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        var label: String
        var value: String  // a JSON value
        var testDescription: String { label }
    }

    static let refusals: [Refusal] = [
        Refusal(label: "not well-formed", value: #""<w:p><w:r><w:t>x</w:t></w:r>""#),
        Refusal(label: "a section break", value: #""<w:p><w:pPr><w:sectPr/></w:pPr></w:p>""#),
        Refusal(label: "a table's section break", value: #""<w:sectPr/>""#),
        Refusal(
            label: "a relationship the part lacks",
            value: #""<w:p><w:hyperlink r:id=\"rId99\"><w:r><w:t>x</w:t></w:r></w:hyperlink></w:p>""#),
        Refusal(label: "an element not allowed", value: #""<w:p><w:r><w:object/></w:r></w:p>""#),
        Refusal(label: "an imported chunk", value: #""<w:altChunk r:id=\"rId1\"/>""#),
        Refusal(label: "runs without a paragraph", value: #""<w:r><w:t>x</w:t></w:r>""#),
        Refusal(label: "text outside w:t", value: #""<w:p>chữ trần</w:p>""#),
        Refusal(label: "properties out of order", value: #""<w:p><w:r><w:t>x</w:t><w:rPr><w:b/></w:rPr></w:r></w:p>""#),
        Refusal(label: "a value the schema forbids", value: #""<w:p><w:pPr><w:jc w:val=\"giữa\"/></w:pPr></w:p>""#),
        Refusal(label: "w: bound elsewhere", value: #""<w:p xmlns:w=\"urn:khac\"/>""#),
        Refusal(label: "a DTD", value: #""<!DOCTYPE p [<!ENTITY a \"b\">]><w:p/>""#),
        Refusal(label: "an undeclared entity", value: #""<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>""#),
        Refusal(label: "a number", value: "42"),
        Refusal(label: "a list", value: #"["<w:p/>"]"#),
    ]

    @Test("A fragment that is not safe WordprocessingML is refused with template.raw_invalid", arguments: refusals)
    func refused(_ refusal: Refusal) throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let template = try DOCXTemplate(path: try DOCXSupport.template("raw_xml").path)
        let json = #"{"bang": \#(refusal.value), "o": "", "items": []}"#
        let output = folder.appendingPathComponent("out.docx")
        let error = try #require(throws: DOCXError.self) {
            try template.render(TemplateValue(json: Data(json.utf8)), to: output.path)
        }
        #expect(error.code == .rawInvalid)
        #expect(error.codeName == "template.raw_invalid")
        #expect(error.message.contains("{@bang}"), "\(error.message)")
        // The place: the part and the tag's paragraph.
        let problem = try #require(error.problems.first)
        #expect(problem.part == "word/document.xml")
        #expect(problem.context == "{@bang}")
        #expect(error.description.contains("word/document.xml"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test("Without raw tags allowed (--no-raw) each one is a template error")
    func forbidden() throws {
        let template = try DOCXTemplate(
            path: try DOCXSupport.template("raw_xml").path, options: TemplateOptions(allowsRawXML: false))
        let problems = template.problems.filter { $0.id == "raw_xml_forbidden" }
        #expect(problems.map(\.context) == ["{@bang}", "{@o}", "{@xml}"])
        #expect(problems.allSatisfy { $0.message.contains("--no-raw") })
        // Templates without raw tags are not affected.
        let plain = try DOCXTemplate(
            path: try DOCXSupport.template("paragraph_loop").path, options: TemplateOptions(allowsRawXML: false))
        #expect(plain.problems.isEmpty)
    }
}
