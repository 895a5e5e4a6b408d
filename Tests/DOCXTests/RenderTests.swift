import DOCX
import Foundation
import OPC
import Testing

/// Rendering templates written the way Word writes them (`Tests/Fixtures/docx/write_templates.py`).
/// Every output is checked against the ECMA-376 schemas with the project's own validator (`DocumentSchemaValidator`).
@Suite("DOCX rendering")
struct RenderTests {
    // MARK: - The Word report

    @Test("Tags split across runs, proofing marks, bookmarks and rsids render as typed")
    func reportBody() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rendered = try Render.fixture("report", json: ReportData.first, in: folder)
        #expect(rendered.report.missing == [])
        #expect(try rendered.paragraphs() == ReportData.firstParagraphs)
        // No tag survives anywhere.
        let text = try rendered.paragraphs().joined()
        #expect(!text.contains("{") && !text.contains("}"))
    }

    @Test("A value takes the formatting of the run where its tag begins")
    func formatting() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let document = try Render.fixture("report", json: ReportData.first, in: folder).xml()
        func run(containing text: String) throws -> XElement {
            try #require(document.descendants("w:r").first { $0.paragraphText.contains(text) }, "no run with \(text)")
        }
        // "{unit" is typed bold, ".name}" plain: the whole value is bold.
        let unit = try run(containing: "Sở Nội vụ")
        #expect(unit.paragraphText == "Sở Nội vụ")
        #expect(unit.child("w:rPr")?.child("w:b") != nil)
        // The plain run that held "}" and " (mã " keeps only its own text, not bold.
        let after = try run(containing: " (mã ")
        #expect(after.child("w:rPr")?.child("w:b") == nil)
        // In table rows and looped paragraphs too.
        #expect(try run(containing: "9.5").child("w:rPr")?.child("w:b") != nil)
        #expect(try run(containing: "Thủ tục hành chính").child("w:rPr")?.child("w:b") != nil)
        // The note is italic, line break and tab included, in that one run.
        let note = try run(containing: "Dòng một")
        #expect(note.child("w:rPr")?.child("w:i") != nil)
        #expect(note.paragraphText == "Dòng một\nDòng hai\tcột hai")
        #expect(note.elements.map(\.name) == ["w:rPr", "w:t", "w:br", "w:t", "w:tab", "w:t"])
    }

    @Test("Values keep their spaces: xml:space=\"preserve\" wherever text starts or ends with a space")
    func spacePreserved() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let document = try Render.fixture("report", json: ReportData.first, in: folder).xml()
        let texts = document.descendants("w:t")
        // Every w:t that received a value is marked.
        for value in ["Sở Nội vụ", "Văn phòng UBND & Sở <Tư pháp>", "Dòng hai"] {
            let holder = try #require(texts.first { $0.text.contains(value) })
            #expect(holder.attributes["xml:space"] == "preserve", "w:t with \(value)")
        }
        // And no text is left with an outer space Word would drop.
        let unprotected = texts.filter { element in
            let text = element.text
            let padded = text.first?.isWhitespace == true || text.last?.isWhitespace == true
            return padded && element.attributes["xml:space"] != "preserve"
        }.map(\.text)
        #expect(unprotected == [], "w:t with outer spaces but no xml:space=preserve")

    }

    @Test("Row loops repeat rows, empty loops leave valid cells and remove empty tables")
    func tables() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let document = try Render.fixture("report", json: ReportData.first, in: folder).xml()
        let tables = document.descendants("w:tbl")
        // The table over an empty list is gone; the other two remain.
        #expect(tables.count == 2)
        #expect(tables.map { $0.elements.filter { $0.name == "w:tr" }.count } == [3, 1])
        for table in tables {
            #expect(table.child("w:tblPr") != nil && table.child("w:tblGrid") != nil)
        }
        // The header row keeps its w:trPr/w:tblHeader; repeated rows keep their cells.
        let rows = tables[0].elements.filter { $0.name == "w:tr" }
        #expect(rows[0].child("w:trPr")?.child("w:tblHeader") != nil)
        #expect(rows.map { $0.elements.filter { $0.name == "w:tc" }.count } == [4, 4, 4])
        // Every cell ends with a paragraph, including the one whose loop rendered nothing.
        for cell in document.descendants("w:tc") {
            #expect(cell.elements.last?.name == "w:p", "cell \(cell.paragraphText) does not end with w:p")
        }
        let proposals = tables[1].descendants("w:tc")[1]
        #expect(proposals.elements.map(\.name) == ["w:tcPr", "w:p"])
        // The text around the removed table is still there, side by side.
        let paragraphs = document.descendants("w:p").map(\.paragraphText)
        let before = try #require(paragraphs.firstIndex(of: "Trước bảng rỗng"))
        #expect(paragraphs[before + 1] == "Sau bảng rỗng")
    }

    @Test("Pictures copied by a loop get unique drawing ids; the picture markup is kept")
    func drawingIDs() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let document = try Render.fixture("report", json: ReportData.first, in: folder).xml()
        let properties = document.descendants("wp:docPr")
        // Two copies of the looped picture and the fixed one.
        #expect(properties.count == 3)
        let ids = properties.compactMap { $0.attributes["id"] }
        #expect(Set(ids).count == ids.count, "duplicate wp:docPr ids \(ids)")
        #expect(ids.allSatisfy { Int($0).map { $0 > 0 } ?? false })
        // The fixed picture keeps its id; attributes with markup characters survive.
        #expect(properties.last?.attributes["id"] == "2")
        #expect(properties.first?.attributes["descr"] == #"Logo & "ảnh""#)
        // Locally declared a:/pic: namespaces and the image relationship stay on each copy.
        let graphics = document.descendants("a:graphic")
        #expect(graphics.count == 3)
        #expect(
            graphics.allSatisfy { $0.attributes["xmlns:a"] == "http://schemas.openxmlformats.org/drawingml/2006/main" })
        #expect(document.descendants("pic:pic").allSatisfy { $0.attributes["xmlns:pic"] != nil })
        #expect(document.descendants("a:blip").allSatisfy { $0.attributes["r:embed"] == "rIdImg1" })
        // Each picture stays in the paragraph with its caption.
        let captions = document.descendants("w:p").filter { !$0.descendants("w:drawing").isEmpty }.map(\.paragraphText)
        #expect(captions == ["Hình: Ảnh hội nghị", "Hình: Ảnh kiểm tra", "Ảnh cố định: "])
    }

    @Test("Namespaces, mc:Ignorable and Word's paragraph ids are written back")
    func markupKept() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rendered = try Render.fixture("report", json: ReportData.first, in: folder)
        let document = try rendered.xml()
        #expect(document.name == "w:document")
        #expect(document.attributes["mc:Ignorable"] == "w14 w15 wp14")
        for prefix in ["w", "r", "wp", "w14", "wp14", "mc"] {
            #expect(document.attributes["xmlns:\(prefix)"] != nil, "xmlns:\(prefix) lost")
        }
        // Word's paragraph ids stay; only the empty paragraph the fixer gave a cell has none.
        let withoutID = document.descendants("w:p").filter { $0.attributes["w14:paraId"] == nil }
        #expect(withoutID.count == 1)
        #expect(withoutID.allSatisfy { $0.elements.isEmpty && $0.parent?.name == "w:tc" })
        #expect(document.child("w:body")?.elements.last?.name == "w:sectPr")
        #expect(document.descendants("w:headerReference").first?.attributes["r:id"] == "rIdHeader1")
        #expect(document.descendants("w:proofErr").count == 2)
        #expect(document.descendants("w:bookmarkStart").first?.attributes["w:name"] == "_Hlk190000001")
        #expect(document.descendants("w:footnoteReference").first?.attributes["w:id"] == "1")
    }

    @Test("Headers, footers, footnotes and core document properties are templated")
    func otherParts() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rendered = try Render.fixture("report", json: ReportData.first, in: folder)
        #expect(try rendered.paragraphs("word/header1.xml") == ["Đơn vị: Sở Nội vụ"])
        // The PAGE field's instruction is not text; its cached result "1" is.
        #expect(try rendered.paragraphs("word/footer1.xml") == ["Ngày lập: 28/02/2025 – Trang 1"])
        let footnotes = try rendered.xml("word/footnotes.xml")
        let note = try #require(footnotes.elements.first { $0.attributes["w:id"] == "1" })
        #expect(note.paragraphText == " Nguồn: Hệ thống một cửa điện tử")
        #expect(try rendered.paragraphs("word/endnotes.xml") == ["", ""])
        let core = try rendered.xml("docProps/core.xml")
        #expect(core.child("dc:title")?.text == "Báo cáo Bộ chỉ số 766 – Quý I")
        #expect(core.child("dc:creator")?.text == "Nguyễn Thị Hà")
        #expect(core.child("dcterms:created")?.attributes["xsi:type"] == "dcterms:W3CDTF")
    }

    @Test("A template compiled once renders many times, each time from scratch")
    func compiledOnce() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let template = try DOCXTemplate(path: try DOCXSupport.template("report").path)
        #expect(template.problems.isEmpty)
        let first = try Render.render(template, json: ReportData.first, to: folder.appendingPathComponent("1.docx"))
        let second = try Render.render(template, json: ReportData.second, to: folder.appendingPathComponent("2.docx"))
        let again = try Render.render(template, json: ReportData.first, to: folder.appendingPathComponent("3.docx"))
        #expect(try first.paragraphs() == ReportData.firstParagraphs)
        #expect(try second.paragraphs() == ReportData.secondParagraphs)
        #expect(try second.paragraphs("word/header1.xml") == ["Đơn vị: UBND xã A"])
        #expect(try second.xml("docProps/core.xml").child("dc:title")?.text == "Báo cáo xã A")
        // With the list filled, the once-empty table is back; the picture loop is gone.
        let tables = try second.xml().descendants("w:tbl")
        #expect(tables.map { $0.elements.filter { $0.name == "w:tr" }.count } == [4, 1, 1])
        #expect(try second.xml().descendants("wp:docPr").map { $0.attributes["id"] } == ["2"])
        // Rendering the first data again gives the same bytes: nothing leaks between renders.
        for part in ["word/document.xml", "word/header1.xml", "word/footer1.xml", "docProps/core.xml"] {
            #expect(try first.bytes(part) == again.bytes(part), "\(part) differs between two equal renders")
        }
        // renderParts renders without writing anything.
        let (parts, report) = try template.renderParts(try TemplateValue(json: Data(ReportData.second.utf8)))
        #expect(report.missing == [])
        #expect(
            Set(parts.keys) == [
                "word/document.xml", "word/header1.xml", "word/footer1.xml", "word/footnotes.xml",
                "word/endnotes.xml", "docProps/core.xml",
            ])
        #expect(parts["word/document.xml"] == (try second.bytes("word/document.xml")))
    }

    @Test("Entries that are not templated are copied: same bytes, same compressed size, same order")
    func copiedEntries() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try ZipArchive(path: try DOCXSupport.template("report").path)
        let rendered = try Render.fixture("report", json: ReportData.first, in: folder)
        #expect(rendered.archive.entries.map(\.name) == source.entries.map(\.name))
        let copied = [
            "word/media/image1.png", "word/styles.xml", "word/settings.xml", "word/fontTable.xml",
            "docProps/app.xml", "[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels",
        ]
        for name in copied {
            let before = try #require(source.entry(named: name))
            let after = try #require(rendered.archive.entry(named: name))
            #expect(try source.readAll(before) == rendered.archive.readAll(after), "\(name) bytes changed")
            #expect(after.compressedSize == before.compressedSize, "\(name) was compressed again")
            #expect(after.declaredSize == before.declaredSize)
        }
        let png = try rendered.bytes("word/media/image1.png")
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        let template = try #require(source.entry(named: "word/document.xml"))
        #expect(try source.readAll(template) != rendered.bytes("word/document.xml"))
    }

    // MARK: - Loops

    @Test("Paragraph loops drop their tag paragraphs by default and with paragraphLoop: true")
    func paragraphLoopOn() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = ["Trước", "Mục A", "Mục B", "Sau", "Có cờ"]
        let byDefault = try Render.fixture("paragraph_loop", json: ReportData.paragraphLoop, in: folder)
        #expect(try byDefault.paragraphs() == expected)
        let stated = try Render.fixture(
            "paragraph_loop", json: ReportData.paragraphLoop, options: TemplateOptions(paragraphLoop: true),
            in: folder, as: "stated")
        #expect(try stated.paragraphs() == expected)
        let bold = try stated.xml().descendants("w:r").first { $0.paragraphText == "B" }
        #expect(bold?.child("w:rPr")?.child("w:b") != nil)
        let none = try Render.fixture(
            "paragraph_loop", json: #"{"items": [], "flag": false}"#, in: folder, as: "none")
        #expect(try none.paragraphs() == ["Trước", "Sau"])
    }

    @Test("Without paragraphLoop the tag paragraphs stay, as docxtemplater leaves them")
    func paragraphLoopOff() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rendered = try Render.fixture(
            "paragraph_loop", json: ReportData.paragraphLoop, options: TemplateOptions(paragraphLoop: false),
            in: folder)
        let paragraphs = try rendered.paragraphs()
        #expect(paragraphs.filter { !$0.isEmpty } == ["Trước", "Mục A", "Mục B", "Sau", "Có cờ"])
        #expect(paragraphs.contains(""), "the tag paragraphs were dropped")
        #expect(paragraphs == ["Trước", "", "Mục A", "", "Mục B", "", "Sau", "", "Có cờ", ""])

    }

    @Test("A section whose tags share paragraphs with other text keeps that text once")
    func crossParagraphSection() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let two = try Render.fixture("cross_paragraph", json: ReportData.paragraphLoop, in: folder).paragraphs()
        let none = try Render.fixture("cross_paragraph", json: #"{"items": []}"#, in: folder, as: "none").paragraphs()
        #expect(two.filter { $0.hasPrefix("– ") } == ["– A", "– B"])
        #expect(two.filter { $0.contains("Danh sách") }.count == 1, "\(two)")
        #expect(two.filter { $0.contains("Hết.") }.count == 1, "\(two)")
        #expect(none.joined() == "Danh sách: Hết.", "\(none)")

    }

    @Test("Element loops {-w:tr …} and {-w:tc …}; rows without cells and tables without rows go")
    func elementLoops() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rows = try Render.fixture(
            "element_loops", json: #"{"people": [{"name": "An"}, {"name": "Bình"}], "cols": []}"#, in: folder)
        #expect(try rows.paragraphs() == ["An", "Bình", "Giữa hai bảng", "Cuối"])
        let rowTables = try rows.xml().descendants("w:tbl")
        #expect(rowTables.map { $0.elements.filter { $0.name == "w:tr" }.count } == [2])
        let cells = try Render.fixture(
            "element_loops", json: #"{"people": [], "cols": ["c1", "c2"]}"#, in: folder, as: "cells")
        #expect(try cells.paragraphs() == ["Giữa hai bảng", "c1", "c2", "Cuối"])
        let cellTables = try cells.xml().descendants("w:tbl")
        #expect(cellTables.count == 1)
        #expect(cellTables.first?.descendants("w:tc").count == 2)
        let gridColumns = cellTables.first?.child("w:tblGrid")?.elements.filter { $0.name == "w:gridCol" }.count
        #expect(gridColumns == 2)

    }

    @Test("docxtemplater's {-w:p …} repeats its paragraph")
    func paragraphElementLoop() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rendered = try Render.fixture("report", json: ReportData.first, in: folder)
        let lines = try rendered.paragraphs().filter { $0.hasPrefix("Dòng: ") }
        #expect(lines == ["Dòng: Một", "Dòng: Hai", "Dòng: Ba"])
    }

    @Test("A section over two rows, and a row loop in a nested table of a looped row")
    func nestedRows() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rendered = try Render.fixture("multi_row", json: ReportData.multiRow, in: folder)
        #expect(try rendered.paragraphs() == ReportData.multiRowParagraphs)
        let document = try rendered.xml()
        let body = try #require(document.child("w:body"))
        let outer = try #require(body.child("w:tbl"))
        #expect(outer.elements.filter { $0.name == "w:tr" }.count == 5)
        // Group A's nested table has two rows; group B's had none and is gone.
        let nested = document.descendants("w:tbl").filter { $0 !== outer }
        #expect(nested.map { $0.elements.filter { $0.name == "w:tr" }.count } == [2])
        for cell in document.descendants("w:tc") {
            #expect(cell.elements.last?.name == "w:p")
        }
    }

    // MARK: - Values

    @Test("Numbers, booleans, lists, escaping, scope lookup and truthiness")
    func values() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rendered = try Render.fixture("values", json: ReportData.values, in: folder)
        #expect(try rendered.paragraphs() == ReportData.valuesParagraphs)
        #expect(rendered.report.missing == [])
        let padded = try #require(try rendered.xml().descendants("w:t").first { $0.text.contains("hai đầu") })
        #expect(padded.attributes["xml:space"] == "preserve")
        // The markup in the value is text, escaped in the part.
        let raw = String(decoding: try rendered.bytes("word/document.xml"), as: UTF8.self)
        #expect(raw.contains("&lt;w:t&gt;&amp;amp;"))
    }

    @Test("Large and small numbers print as a report reader writes them")
    func numberText() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = #"{"int": 123456789012345, "dec": 1700000000000000, "neg": 1e20, "big": 1e-7}"#
        let rendered = try Render.fixture("values", json: json, in: folder)
        let numbers = try #require(try rendered.paragraphs().first).dropFirst("Số: ".count).split(
            separator: "|", omittingEmptySubsequences: false
        ).map(String.init)
        #expect(numbers.first == "123456789012345")
        #expect(Array(numbers.dropFirst().prefix(3)) == ["1700000000000000", "100000000000000000000", "1e-7"])

    }

    @Test("Lookup climbs the scope chain past an item's null or partial values, as docxtemplater does")
    func scopeChain() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = #"""
            {"org": "Gốc", "unit": {"name": "Sở"},
             "people": [{"name": "An", "org": null}, {"name": "Bình", "unit": {}},
                        {"name": "Cúc", "org": "Riêng", "unit": {"name": "Phòng"}}]}
            """#
        let rendered = try Render.fixture("scope_chain", json: json, in: folder)
        let paragraphs = try rendered.paragraphs()
        // What a missing key climbs to already works.
        #expect(paragraphs.first?.contains("Bình – Gốc; Cúc – Riêng; ") == true)
        #expect(paragraphs.last?.hasSuffix("|Phòng|") == true)
        #expect(paragraphs == ["An – Gốc; Bình – Gốc; Cúc – Riêng; ", "Sở|Sở|Phòng|"])
        #expect(rendered.report.missing == [])

    }

    @Test("Repairing a cell leaves cells that end with a bookmark end alone")
    func cellEndingWithBookmark() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // One item: nothing removed, no repair; no item: the row goes and the part is repaired.
        let kept = try Render.fixture("cell_bookmark", json: #"{"total": 5, "rows": ["a"]}"#, in: folder)
        #expect(try kept.paragraphs() == ["Tổng hợp", "5", "a", "", "Hết"])
        let repaired = try Render.fixture(
            "cell_bookmark", json: #"{"total": 5, "rows": []}"#, in: folder, as: "repaired")
        let document = try repaired.xml()
        #expect(document.descendants("w:tr").count == 1)
        let first = try #require(document.descendants("w:tc").first)
        #expect(first.elements.last?.name == "w:bookmarkEnd" || first.elements.last?.name == "w:p")
        let paragraphs = try repaired.paragraphs()
        #expect(paragraphs == ["Tổng hợp", "5", "Hết"])

    }

    @Test("A section break in a loop's tag paragraph survives the loop")
    func sectionBreakInTagParagraph() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, json) in [("two", ReportData.paragraphLoop), ("none", #"{"items": []}"#)] {
            let rendered = try Render.fixture("section_break_loop", json: json, in: folder, as: name)
            let document = try rendered.xml()
            let items = name == "two" ? ["– A", "– B"] : []
            #expect(try rendered.paragraphs().filter { !$0.isEmpty } == ["Trang ngang"] + items + ["Trang dọc"])
            let sizes = document.descendants("w:pgSz").map { $0.attributes["w:orient"] ?? "portrait" }
            #expect(sizes == ["landscape", "portrait"], "\(name): \(sizes)")

        }
    }

    @Test("Loops rendered zero times leave what always stays as it is, and repair what nothing else holds up")
    func emptyBlocks() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = try Render.fixture(
            "empty_blocks", json: #"{"flag": false, "items": [], "rows": []}"#, in: folder, as: "empty")
        let document = try empty.xml()
        #expect(
            document.elements.first?.elements.filter { $0.name == "w:p" }.map(\.paragraphText) == ["Mở đầu", "Kết"])
        let tables = document.descendants("w:tbl")
        #expect(tables.count == 2)
        let cells = tables[0].descendants("w:tc")
        // The loop before a fixed last paragraph goes; the loop that was last is replaced by
        // the paragraph a cell must end with.
        #expect(cells[0].elements.filter { $0.name == "w:p" }.map(\.paragraphText) == ["Cố định cuối"])
        #expect(cells[1].elements.last?.name == "w:p")
        #expect(cells[1].elements.filter { $0.name == "w:p" }.first?.paragraphText == "Đầu")
        // The table keeps its header row when the row loop is empty.
        #expect(tables[1].elements.filter { $0.name == "w:tr" }.map(\.paragraphText) == ["TênĐiểm"])

        let full = try Render.fixture(
            "empty_blocks", json: #"{"flag": true, "items": ["a", "b"], "rows": [{"name": "X", "score": 9}]}"#,
            in: folder, as: "full")
        let paragraphs = try full.paragraphs()
        #expect(paragraphs.contains("Chỉ khi có cờ"))
        let fullCells = try full.xml().descendants("w:tbl")[0].descendants("w:tc")
        #expect(fullCells[0].elements.filter { $0.name == "w:p" }.map(\.paragraphText) == ["a", "b", "Cố định cuối"])
        #expect(fullCells[1].elements.filter { $0.name == "w:p" }.map(\.paragraphText) == ["Đầu", "a", "b"])
    }

    @Test("A header made only of a paragraph loop over an empty list stays a valid part")
    func emptyHeaderLoop() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let full = try Render.fixture("header_loop", json: #"{"items": ["Một", "Hai"]}"#, in: folder)
        #expect(try full.paragraphs("word/header1.xml") == ["Một", "Hai"])
        let footnote = try full.xml("word/footnotes.xml").elements.first { $0.attributes["w:id"] == "1" }
        #expect(footnote?.paragraphText == " MộtHai")
        let empty = try Render.fixture("header_loop", json: #"{"items": []}"#, in: folder, as: "empty")
        #expect(try empty.paragraphs("word/header1.xml").allSatisfy(\.isEmpty))
        #expect(try empty.paragraphs() == ["Thân"])
    }

    @Test("CR LF in a value is one line break")
    func carriageReturn() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rendered = try Render.fixture("values", json: #"{"padded": "x\r\ny"}"#, in: folder)
        let paragraph = try #require(try rendered.xml().descendants("w:p").dropFirst().first)
        #expect(paragraph.paragraphText == "Khoảng trắng: [x\ny]")
        #expect(paragraph.descendants("w:br").count == 1)
    }

    @Test(
        "Characters XML cannot carry are refused with data.invalid and nothing is written",
        arguments: ["\u{01}", "\u{0B}", "\u{1F}", "\u{FFFE}", "\u{FFFF}"])
    func forbiddenCharacters(_ character: String) throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let template = try DOCXTemplate(path: try DOCXSupport.template("missing").path)
        let output = folder.appendingPathComponent("out.docx")
        let data: TemplateValue = ["present": .string("a\(character)b")]
        let error = try #require(throws: DOCXError.self) { try template.render(data, to: output.path) }
        #expect(error.code == .dataInvalid)
        let scalar = String(character.unicodeScalars.first!.value, radix: 16, uppercase: true)
        #expect(error.message.contains("U+\(scalar)"), "\(error.message)")
        #expect(error.message.contains("{present}"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test("Missing values render empty and are reported once per part and name")
    func missingValues() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = #"{"present": "có", "unit": {}, "nothing": null, "people": [{"name": "An"}]}"#
        let rendered = try Render.fixture("missing", json: json, in: folder)
        #expect(try rendered.paragraphs() == ["Có: có; thiếu: ; sâu: ; rỗng: ; lại: .", "An: ; "])
        #expect(
            rendered.report.missing == [
                "word/document.xml: absent", "word/document.xml: unit.missing", "word/document.xml: nothing",
                "word/document.xml: age", "word/header1.xml: absentHeader",
            ])
        #expect(try rendered.paragraphs("word/header1.xml") == [""])
    }

    @Test("strict turns missing values into an error and writes nothing")
    func strictMissing() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let template = try DOCXTemplate(path: try DOCXSupport.template("missing").path)
        let output = folder.appendingPathComponent("strict.docx")
        let error = try #require(throws: DOCXError.self) {
            try template.render(["present": "có"], to: output.path, strict: true)
        }
        #expect(error.code == .missingValues)
        #expect(error.message.contains("word/document.xml: absent"))
        #expect(error.message.contains("word/header1.xml: absentHeader"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
        // With every value present, strict renders.
        let complete = try Render.fixture("report", json: ReportData.first, strict: true, in: folder)
        #expect(complete.report.missing == [])
    }

    // MARK: - Delimiters

    @Test("{=[[ ]]=} changes the delimiters for the rest of its part")
    func inlineDelimiters() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let template = try DOCXTemplate(path: try DOCXSupport.template("delimiters").path)
        #expect(template.problems.isEmpty)
        #expect(template.tags.filter { $0.kind == .delimiters }.map(\.raw) == ["{=[[ ]]=}", "[[=<% %>=]]"])
        let rendered = try Render.render(
            template, json: #"{"name": "An"}"#, to: folder.appendingPathComponent("d.docx"))
        #expect(
            try rendered.paragraphs() == [
                "Xin chào An.", "", "Chào An, {giữ nguyên}.", "", "Lần nữa An [[name]].",
            ])
        // Each part starts again with the template's delimiters.
        #expect(try rendered.paragraphs("word/header1.xml") == ["Tiêu đề: An"])
    }

    @Test("Delimiters given as an option ([[ ]]) apply to every part")
    func optionDelimiters() throws {
        let folder = try DOCXSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = #"{"name": "An", "rows": ["r1", "r2"]}"#
        let rendered = try Render.fixture(
            "brackets", json: json, options: TemplateOptions(delimiters: ("[[", "]]")), in: folder)
        #expect(try rendered.paragraphs() == ["Xin chào An và {name}.", "r1", "x", "r2", "x"])
        #expect(try rendered.xml().descendants("w:tr").count == 2)
        #expect(try rendered.paragraphs("word/header1.xml") == ["An"])
        #expect(try rendered.xml("docProps/core.xml").child("dc:title")?.text == "An")
        // With the default delimiters the same template has only "{name}" for a tag.
        let plain = try DOCXTemplate(path: try DOCXSupport.template("brackets").path)
        #expect(plain.tags.map(\.raw) == ["{name}"])
        #expect(plain.problems.isEmpty)
        let untouched = try Render.render(plain, json: json, to: folder.appendingPathComponent("plain.docx"))
        #expect(try untouched.paragraphs() == ["Xin chào [[name]] và An.", "[[#rows]][[.]]", "x[[/rows]]"])
        #expect(try untouched.paragraphs("word/header1.xml") == ["[[name]]"])
    }

    // MARK: - Listing tags

    @Test("Compiling lists every tag with its part, kind, name and paragraph")
    func tagList() throws {
        let template = try DOCXTemplate(path: try DOCXSupport.template("report").path)
        #expect(template.problems.isEmpty)
        let tags = template.tags
        #expect(tags.count == 48)
        func find(_ raw: String, in part: String = "word/document.xml") -> TemplateTagInfo? {
            tags.first { $0.raw == raw && $0.part == part }
        }
        let unit = try #require(find("{unit.name}"))
        #expect(unit.kind == .value && unit.name == "unit.name")
        #expect(unit.context == "Đơn vị: {unit.name} (mã { unit.code })")
        #expect(find("{ unit.code }")?.name == "unit.code")
        #expect(find("{#rows}")?.kind == .section)
        #expect(find("{#rows}")?.context == "{#rows}{stt}")
        #expect(find("{^approved}")?.kind == .invertedSection)
        #expect(find("{/}")?.kind == .close)
        #expect(find("{/}")?.name == "")
        #expect(find("{-w:p lines}")?.kind == .section)
        #expect(find("{-w:p lines}")?.name == "lines")
        #expect(tags.filter { $0.raw == "{.}" }.allSatisfy { $0.name == "." && $0.kind == .value })
        #expect(find("{unit.name}", in: "word/header1.xml")?.context == "Đơn vị: {unit.name}")
        #expect(find("{reportDate}", in: "word/footer1.xml") != nil)
        #expect(find("{source}", in: "word/footnotes.xml") != nil)
        #expect(find("{title}", in: "docProps/core.xml")?.context == "{title}")
        // Parts in order: the document first, core properties last.
        #expect(tags.first?.part == "word/document.xml")
        #expect(tags.last?.part == "docProps/core.xml")
    }
}
