import DOCX
import Foundation
import Testing

/// Rendered documents opened by LibreOffice (converted to PDF, text read back with
/// pdftotext), and templates saved by LibreOffice, which splits runs its own way. Each
/// `soffice` call has its own profile; conversions are batched because each costs seconds.
@Suite("DOCX and LibreOffice")
struct LibreOfficeTests {
    struct Case {
        var fixture: String
        var json: String
        var options = TemplateOptions()
        var name: String
        /// Text the PDF must show.
        var shows: [String]
    }

    static let cases: [Case] = [
        Case(
            fixture: "report", json: ReportData.first, name: "report-first",
            shows: [
                "Đơn vị: Sở Nội vụ (mã SNV)", "Dòng hai", "cột hai", "Văn phòng UBND & Sở <Tư pháp>",
                "Công khai minh bạch", "An, Bình,", "Mục Thủ tục hành chính", "Hình: Ảnh kiểm tra", "Dòng: Ba",
                // header, footer, footnote
                "Đơn vị: Sở Nội vụ", "Ngày lập: 28/02/2025", "Nguồn: Hệ thống một cửa điện tử",
            ]),
        Case(
            fixture: "report", json: ReportData.second, name: "report-second",
            shows: ["UBND xã A", "Chưa phê duyệt", "Dũng, Giang,", "Tăng cường kiểm tra", "ô phải"]),
        Case(fixture: "paragraph_loop", json: ReportData.paragraphLoop, name: "loop-on", shows: ["Mục A", "Mục B"]),
        Case(
            fixture: "paragraph_loop", json: ReportData.paragraphLoop, options: TemplateOptions(paragraphLoop: false),
            name: "loop-off", shows: ["Mục A", "Mục B", "Có cờ"]),
        Case(
            fixture: "element_loops", json: #"{"people": [{"name": "Quân"}], "cols": ["Cột một", "Cột hai"]}"#,
            name: "elements", shows: ["Quân", "Cột một"]),
        Case(fixture: "multi_row", json: ReportData.multiRow, name: "multi-row", shows: ["Nhóm B", "Minh", "n2"]),
        Case(fixture: "values", json: ReportData.values, name: "values", shows: ["1234567890123", "sâu và ngoài"]),
        Case(fixture: "delimiters", json: #"{"name": "Lan"}"#, name: "delimiters", shows: ["Chào Lan, {giữ nguyên}."]),
        Case(
            fixture: "brackets", json: #"{"name": "Hùng", "rows": ["r1"]}"#,
            options: TemplateOptions(delimiters: ("[[", "]]")), name: "brackets",
            shows: ["Xin chào Hùng", "và {name}."]),
        Case(fixture: "missing", json: #"{"present": "Có mặt"}"#, name: "missing", shows: ["Có: Có mặt;"]),
    ]

    /// Collapses runs of whitespace, as PDF text extraction lays words out its own way.
    static func normalized(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test("Every kind of rendered document opens in LibreOffice and shows its values")
    func renderedDocumentsOpen() throws {
        let folder = try DOCXSupport.temporaryFolder("baocao-docx-lo")
        defer { try? FileManager.default.removeItem(at: folder) }
        var outputs: [URL] = []
        for item in Self.cases {
            let rendered = try Render.fixture(
                item.fixture, json: item.json, options: item.options, in: folder, as: item.name)
            outputs.append(rendered.output)
        }
        let pdfs = try DOCXSupport.convert(
            outputs, to: "pdf", extension: "pdf", in: folder.appendingPathComponent("pdf"))
        var texts: [String: String] = [:]
        for (item, pdf) in zip(Self.cases, pdfs) {
            let size = (try? FileManager.default.attributesOfItem(atPath: pdf.path)[.size] as? Int) ?? 0
            #expect(size > 1000, "\(pdf.lastPathComponent) is \(size) bytes")
            let text = Self.normalized(try DOCXSupport.pdfText(pdf))
            texts[item.name] = text
            for value in item.shows {
                #expect(text.contains(Self.normalized(value)), "\(item.name).pdf lacks «\(value)»: \(text)")
            }
            #expect(!text.contains("{#") && !text.contains("{/"), "\(item.name).pdf shows a tag")
        }
        // The core properties' title reaches the PDF's metadata.
        if let title = try DOCXSupport.pdfTitle(pdfs[0]) {
            #expect(title == "Báo cáo Bộ chỉ số 766 – Quý I")
        }
        #expect(texts["report-first"]?.contains("Tổng điểm: 87.5 điểm") == true)
        #expect(texts["brackets"]?.contains("Xin chào Hùng và {name}.") == true)

        #expect(texts["elements"]?.contains("Cột hai") == true)

    }

    @Test("Templates saved again by LibreOffice render the same")
    func savedByLibreOffice() throws {
        let folder = try DOCXSupport.temporaryFolder("baocao-docx-lo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sources = [try DOCXSupport.template("report"), try DOCXSupport.template("libreoffice_source")]
        let saved = try DOCXSupport.convert(
            sources, to: #"docx:MS Word 2007 XML"#, extension: "docx", in: folder.appendingPathComponent("saved"))

        // LibreOffice's own package: it rewrote the runs and properties.
        let resaved = try DOCXTemplate(path: saved[0].path)
        #expect(resaved.problems == [])
        #expect(resaved.tags.count == 48)
        let report = try Render.render(
            resaved, json: ReportData.first, to: folder.appendingPathComponent("report-lo.docx"))
        #expect(try report.paragraphs() == ReportData.firstParagraphs)
        #expect(try report.paragraphs("word/header1.xml") == ["Đơn vị: Sở Nội vụ"])
        #expect(try report.xml("docProps/core.xml").child("dc:title")?.text == "Báo cáo Bộ chỉ số 766 – Quý I")
        let ids = try report.xml().descendants("wp:docPr").compactMap { $0.attributes["id"] }
        #expect(ids.count == 3 && Set(ids).count == 3, "\(ids)")
        #expect(report.report.missing == [])

        let letter = try Render.render(
            try DOCXTemplate(path: saved[1].path), json: ReportData.libreOffice,
            to: folder.appendingPathComponent("letter-lo.docx"))
        #expect(try letter.paragraphs() == ReportData.libreOfficeParagraphs)
        #expect(try letter.paragraphs("word/header1.xml") == ["Cơ quan: UBND tỉnh"])
        #expect(try letter.xml("docProps/core.xml").child("dc:title")?.text == "Công văn số 12")

        let pdfs = try DOCXSupport.convert(
            [report.output, letter.output], to: "pdf", extension: "pdf", in: folder.appendingPathComponent("pdf"))
        let reportText = Self.normalized(try DOCXSupport.pdfText(pdfs[0]))
        #expect(reportText.contains("Đơn vị: Sở Nội vụ (mã SNV)"))
        #expect(reportText.contains("Tiến độ"))
        let letterText = Self.normalized(try DOCXSupport.pdfText(pdfs[1]))
        for value in ["Kính gửi: Sở Tư pháp", "Về việc: Báo cáo quý", "Mục hai", "8.5", "Ghi chú: Kèm phụ lục"] {
            #expect(letterText.contains(value), "letter PDF lacks «\(value)»: \(letterText)")
        }
    }
}
