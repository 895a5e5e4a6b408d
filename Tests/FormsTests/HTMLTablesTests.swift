import Foundation
import TestKit
import Testing
import XLSX

@testable import Forms
@testable import OPC

/// What a sheet of an HTML page reads as: the cells by reference, their order, the merges.
private struct ReadSheet {
    var cells: [String: String] = [:]
    var order: [String] = []
    var merged: [String] = []
    var dimension: String?
}

private func read(_ tables: HTMLTables, sheet index: Int = 0, rowLimit: Int = .max) throws -> ReadSheet {
    var sheet = ReadSheet()
    var dimension: String?
    let extras = try tables.readCells(of: tables.worksheets[index], onDimension: nil, rowLimit: rowLimit) { cell in
        guard case .string(let text) = cell.value else {
            Issue.record("\(cell.reference) is not text: \(cell.value)")
            return
        }
        sheet.cells[cell.reference] = text
        sheet.order.append(cell.reference)
    }
    let ignore: (Cell) -> Void = { _ in }
    try tables.readCells(of: tables.worksheets[index], onDimension: { dimension = $0 }, rowLimit: 0, ignore)
    sheet.dimension = dimension
    #expect(extras.dimension == dimension)
    sheet.merged = extras.mergedRanges
    return sheet
}

private func tables(_ html: String, limits: ResourceLimits = .standard) throws -> HTMLTables {
    try HTMLTables(bytes: Array(html.utf8), displayName: "phu-luc.html", limits: limits)
}

private func fixture(_ name: String) -> String {
    TestFiles.fixtures.appendingPathComponent("forms").appendingPathComponent(name).path
}

/// The page of the brief: a one-stop-shop style header with a group over six columns.
private let scoreTable = """
    <table border=1>
    <tr><th rowspan=2>STT</th><th rowspan=2>Đơn vị</th><th colspan=6>Nhóm chỉ số</th><th rowspan=2>Tổng<br>điểm</th></tr>
    <tr><th>Công khai</th><th>Tiến độ</th><th>Trực tuyến</th><th>Thanh toán</th><th>Hài lòng</th><th>Số hóa</th></tr>
    <tr><td>1</td><td>Thị trấn Phú Mỹ</td><td>17,62</td><td>19,45</td><td>11,38</td><td>10,00</td><td>17,40</td><td>20,15</td><td>96,00</td></tr>
    </table>
    """

@Suite struct HTMLTablesTests {
    // MARK: - Real-looking exports

    @Test func readsAOneStopShopExportInWindows1258() throws {
        let path = fixture("html-mot-cua-1258.xls")
        let tables = try HTMLTables(path: path)
        #expect(tables.displayName == "html-mot-cua-1258.xls")
        #expect(tables.encoding == "windows-1258")
        #expect(tables.worksheets.map(\.name) == ["Bảng 1"])
        #expect(tables.worksheets[0].part == "bảng 1")
        #expect(tables.worksheets[0].position == 0)
        let sheet = try read(tables)
        #expect(sheet.cells["A1"] == "STT")
        #expect(sheet.cells["B1"] == "Đơn vị")
        #expect(sheet.cells["C1"] == "Nhóm chỉ số")
        #expect(sheet.cells["I1"] == "Tổng\nđiểm")
        #expect(sheet.cells["J1"] == "Xếp\nloại")
        #expect(sheet.cells["C2"] == "Công khai, minh bạch\n(18 điểm)")
        #expect(sheet.cells["H2"] == "Số hóa hồ sơ\n(22 điểm)")
        #expect(sheet.cells["A3"] == "1")
        #expect(sheet.cells["B3"] == "Thị trấn Phú Mỹ")
        #expect(sheet.cells["C3"] == "17,62")
        #expect(sheet.cells["I3"] == "96,00")
        #expect(sheet.cells["J3"] == "XUẤT SẮC")
        // Unclosed <td>s, spaces and a no-break space collapsed, precomposed letters.
        #expect(sheet.cells["B4"] == "Xã Hoà Lạc")
        #expect(sheet.cells["J4"] == "TỐT")
        #expect(sheet.cells["B5"] == "Bộ phận tiếp nhận và\ntrả kết quả huyện")
        #expect(sheet.cells["J5"] == nil, "a cell holding only &nbsp; is empty")
        #expect(sheet.cells.count == 5 + 6 + 10 + 10 + 9)
        #expect(sheet.merged == ["A1:A2", "B1:B2", "C1:H1", "I1:I2", "J1:J2"])
        #expect(sheet.dimension == "A1:J5")
        for text in sheet.cells.values {
            #expect(text == text.precomposedStringWithCanonicalMapping, "\(text) is not NFC")
            #expect(!text.contains("Không phải ô"), "script text is no cell")
        }
        #expect(Array(sheet.cells["B3"]!.unicodeScalars).count == "Thị trấn Phú Mỹ".unicodeScalars.count)
    }

    @Test func readsWhatLibreOfficeWrites() throws {
        // `soffice --headless --convert-to html Samples/phu-luc-1-2025-02.xlsx` (LibreOffice 7.4).
        let tables = try HTMLTables(path: fixture("html-libreoffice-phu-luc-1.html"))
        #expect(tables.encoding == "UTF-8")
        #expect(tables.worksheets.map(\.name) == ["Bảng 1", "Bảng 2"])
        let first = try read(tables)
        #expect(first.cells["A1"] == "PHỤ LỤC 1")
        #expect(first.cells["A5"] == "STT")
        #expect(first.cells["B5"] == "Đơn vị")
        #expect(first.cells["C5"] == "Nhóm chỉ số")
        #expect(first.cells["C6"]?.hasPrefix("Công khai, minh bạch") == true)
        #expect(first.cells["A4"] == nil, "cells holding only <br> are empty")
        #expect(first.cells["A7"] == "1")
        #expect(first.cells["B7"] == "Thị trấn Phú Mỹ")
        #expect(first.cells["C7"] == "17.62")
        #expect(first.cells["J7"] == "XUẤT SẮC")
        #expect(first.merged.prefix(3) == ["A1:K1", "A2:K2", "A3:K3"])
        #expect(first.merged.contains("A5:A6"))
        #expect(first.merged.contains("C5:H5"))
        #expect(first.merged.contains("K5:K6"))
        let units = first.cells.filter { $0.key.hasPrefix("B") && $0.value.hasPrefix("Xã ") }
        #expect(units.count == 16)
        let second = try read(tables, sheet: 1)
        let phuTan = second.cells.first { $0.value == "Huyện Phú Tân" }
        #expect(phuTan != nil)
        if let phuTan, let row = CellReference.parse(phuTan.key)?.row {
            #expect(second.cells[CellReference.name(row: row, column: 8)] == "87.18")
        }
    }

    @Test func readsPandasToHTML() throws {
        // What `DataFrame.to_html()` writes for two header levels.
        let html = """
            <table border="1" class="dataframe">
              <thead>
                <tr>
                  <th></th>
                  <th>Đơn vị</th>
                  <th colspan="2" halign="left">Nhóm chỉ số</th>
                  <th>Tổng điểm</th>
                </tr>
                <tr>
                  <th></th>
                  <th></th>
                  <th>Công khai</th>
                  <th>Tiến độ</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th>0</th>
                  <td>Thị trấn Phú Mỹ</td>
                  <td>17.62</td>
                  <td>19.45</td>
                  <td>96.00</td>
                </tr>
                <tr>
                  <th>1</th>
                  <td>Xã Phú Lâm</td>
                  <td>17.05</td>
                  <td>18.96</td>
                  <td>NaN</td>
                </tr>
              </tbody>
            </table>
            """
        let sheet = try read(try tables(html))
        #expect(
            sheet.cells == [
                "B1": "Đơn vị", "C1": "Nhóm chỉ số", "E1": "Tổng điểm", "C2": "Công khai", "D2": "Tiến độ",
                "A3": "0", "B3": "Thị trấn Phú Mỹ", "C3": "17.62", "D3": "19.45", "E3": "96.00", "A4": "1",
                "B4": "Xã Phú Lâm", "C4": "17.05", "D4": "18.96", "E4": "NaN",
            ])
        #expect(sheet.merged == ["C1:D1"])
        #expect(
            sheet.order == ["B1", "C1", "E1", "C2", "D2", "A3", "B3", "C3", "D3", "E3", "A4", "B4", "C4", "D4", "E4"])
    }

    @Test func readsTheBriefsHeader() throws {
        let sheet = try read(try tables("<html><body>\(scoreTable)</body></html>"))
        #expect(sheet.cells["C1"] == "Nhóm chỉ số")
        #expect(sheet.cells["I1"] == "Tổng\nđiểm")
        #expect(sheet.cells["C2"] == "Công khai")
        #expect(sheet.cells["H2"] == "Số hóa")
        #expect(sheet.cells["I3"] == "96,00")
        #expect(sheet.merged == ["A1:A2", "B1:B2", "C1:H1", "I1:I2"])
    }

    // MARK: - Encodings

    enum PageEncoding: String, CaseIterable {
        case metaCharset, httpEquiv, byteOrderMark, utf16LittleEndian, utf16BigEndian, undeclared
    }

    @Test(arguments: PageEncoding.allCases)
    func honoursThePagesEncoding(_ form: PageEncoding) throws {
        let body = "<body>\(scoreTable)</body></html>"
        let bytes: [UInt8]
        switch form {
        case .metaCharset:
            bytes = Array("<html><head><meta charset=\"utf-8\"></head>\(body)".utf8)
        case .httpEquiv:
            bytes = Array(
                "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"></head>\(body)".utf8
            )
        case .byteOrderMark:
            bytes = [0xEF, 0xBB, 0xBF] + Array("<html>\(body)".utf8)
        case .utf16LittleEndian:
            bytes = [0xFF, 0xFE] + Array("<html>\(body)".data(using: .utf16LittleEndian)!)
        case .utf16BigEndian:
            bytes = [0xFE, 0xFF] + Array("<html>\(body)".data(using: .utf16BigEndian)!)
        case .undeclared:
            bytes = Array("<html>\(body)".utf8)
        }
        let tables = try HTMLTables(bytes: bytes, displayName: "phu-luc.html")
        let sheet = try read(tables)
        #expect(sheet.cells["B3"] == "Thị trấn Phú Mỹ")
        #expect(sheet.cells["C1"] == "Nhóm chỉ số")
        #expect(sheet.merged.contains("C1:H1"))
        switch form {
        case .utf16LittleEndian: #expect(tables.encoding == "UTF-16LE")
        case .utf16BigEndian: #expect(tables.encoding == "UTF-16BE")
        case .undeclared: #expect(tables.encoding == nil)
        default: #expect(tables.encoding == "UTF-8")
        }
    }

    @Test func readsAWindows1258MetaCharset() throws {
        // "Phú Mỹ" in Windows-1258: "ỹ" is "y" and a combining tilde (0xDE).
        let bytes =
            Array("<meta charset=windows-1258><table><tr><td>Ph".utf8) + [0xFA, 0x20, 0x4D, 0x79, 0xDE]
            + Array("</td></tr></table>".utf8)
        let tables = try HTMLTables(bytes: bytes, displayName: "phu-luc.html")
        #expect(tables.encoding == "windows-1258")
        let text = try read(tables).cells["A1"]
        #expect(text == "Phú Mỹ")
        #expect(text?.unicodeScalars.count == 6, "combining marks are composed (NFC)")
    }

    @Test func honoursADeclarationPastTheFirstBytes() throws {
        // A long style sheet first: the <meta> is past what is searched before parsing starts.
        let style = "<style>" + String(repeating: "td { border: 1px solid #000000 }\n", count: 200) + "</style>"
        let bytes =
            Array(
                "<html><head>\(style)<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1258\">"
                    .utf8)
            + Array("</head><body><table><tr><td>Ph".utf8) + [0xFA, 0x20, 0x4D, 0x79, 0xDE]
            + Array("</td></tr></table></body></html>".utf8)
        #expect(bytes.count > HTMLStreamParser.sniffLength)
        #expect(try read(try HTMLTables(bytes: bytes, displayName: "phu-luc.html")).cells["A1"] == "Phú Mỹ")
    }

    @Test func readsUndeclaredLegacyBytesAsWindows1252() throws {
        // No declaration and no UTF-8: what a browser assumes, so TCVN3 text keeps its bytes.
        let bytes = Array("<table><tr><td>Caf".utf8) + [0xE9, 0x20, 0x80] + Array("</td></tr></table>".utf8)
        let tables = try HTMLTables(bytes: bytes, displayName: "phu-luc.html")
        #expect(tables.encoding == "windows-1252")
        #expect(try read(tables).cells["A1"] == "Café €")
    }

    @Test func findsTheDeclaredCharset() {
        func label(_ html: String) -> String? { HTMLCharset.declaredLabel(Array(html.utf8)) }
        #expect(label("<META HTTP-EQUIV='content-type' CONTENT='text/html;charset=windows-1258'>") == "windows-1258")
        #expect(label("<meta content=\"text/html; charset=utf-8\" http-equiv=\"Content-Type\" />") == "utf-8")
        #expect(label("<!-- <meta charset=koi8-r> --><meta charset=\"windows-1258\">") == "windows-1258")
        #expect(label("<meta name=generator content=\"charset=x\">") == nil)
        #expect(label("<metadata charset=x>") == nil)
        #expect(HTMLCharset.encodingName(label: "ISO-8859-1") == "windows-1252")
        #expect(HTMLCharset.encodingName(label: "utf-16") == "UTF-8")
        #expect(HTMLCharset.encodingName(label: "CP1258") == "windows-1258")
        #expect(HTMLCharset.encodingName(label: "x\"; rm -rf /") == nil)
    }

    @Test func ignoresAnUnknownCharset() throws {
        let tables = try tables("<meta charset=\"no-such-encoding\"><table><tr><td>Phú Tân</td></tr></table>")
        #expect(try read(tables).cells["A1"] == "Phú Tân")
    }

    // MARK: - Tables and cells

    @Test func givesEachNestedTableItsOwnSheet() throws {
        let html = """
            <table><tr><td>
              <table id=title><tr><td>PHỤ LỤC 1</td></tr></table>
            </td></tr></table>
            <table>
              <tr><td>Ngoài</td><td>trước
                <table><tr><td>Trong 1</td><td>Trong 2</td></tr><tr><td colspan=2>Trong 3</td></tr></table>
                sau</td><td>Cuối</td></tr>
              <tr><td></td><td></td></tr>
            </table>
            <table><tr><td> </td><td>&nbsp;</td></tr></table>
            """
        let tables = try tables(html)
        // The wrapper table and the blank one hold no text of their own.
        #expect(tables.worksheets.map(\.name) == ["Bảng 1", "Bảng 2", "Bảng 3"])
        #expect(try read(tables, sheet: 0).cells == ["A1": "PHỤ LỤC 1"])
        let outer = try read(tables, sheet: 1)
        #expect(outer.cells == ["A1": "Ngoài", "B1": "trước\nsau", "C1": "Cuối"])
        let inner = try read(tables, sheet: 2)
        #expect(inner.cells == ["A1": "Trong 1", "B1": "Trong 2", "A2": "Trong 3"])
        #expect(inner.merged == ["A2:B2"])
    }

    @Test func placesSpansAsBrowsersDo() throws {
        let html = """
            <table>
            <tr><td rowspan=2>A<td>B<td rowspan=3>C
            <tr><td>D<td>D2
            <tr><td>E<td>F
            </table>
            """
        let sheet = try read(try tables(html))
        #expect(sheet.cells == ["A1": "A", "B1": "B", "C1": "C", "B2": "D", "D2": "D2", "A3": "E", "B3": "F"])
        #expect(sheet.order == ["A1", "B1", "C1", "B2", "D2", "A3", "B3"])
        #expect(sheet.merged == ["A1:A2", "C1:C3"])
    }

    @Test func clampsSpansToTheRowGroup() throws {
        let html = """
            <table>
            <thead><tr><th rowspan=3>Đơn vị</th><th colspan=0>Điểm</th><th colspan="2px">Hạng</th></tr></thead>
            <tbody>
            <tr><td rowspan=0>Xã Phú Lâm</td><td colspan=abc>91,31</td><td rowspan=9>3</td></tr>
            <tr><td>x</td></tr>
            </tbody>
            </table>
            """
        let sheet = try read(try tables(html))
        #expect(
            sheet.cells == [
                "A1": "Đơn vị", "B1": "Điểm", "C1": "Hạng", "A2": "Xã Phú Lâm", "B2": "91,31", "C2": "3", "B3": "x",
            ])
        #expect(sheet.merged == ["C1:D1", "A2:A3", "C2:C3"])
        #expect(sheet.dimension == "A1:D3")
    }

    @Test func recoversFromTagSoup() throws {
        let html = """
            <HTML><BODY>
            <TABLE BORDER=1>
            <TD>không có tr<TD>hai
            <TR><TD>ba</TD></TD><TD>bốn
            <TR><TH>năm<TD><B>sáu</B> <I>bảy
            </TABLE>
            </td></tr>
            <td>ngoài bảng</td>
            </BODY>
            """
        let sheet = try read(try tables(html))
        #expect(
            sheet.cells == ["A1": "không có tr", "B1": "hai", "A2": "ba", "B2": "bốn", "A3": "năm", "B3": "sáu bảy"])
    }

    @Test func rendersCellTextAsBrowsersDo() throws {
        let cells = [
            "  a \n\t b  ", "<p>một</p><p>hai</p>", "<div>một</div>hai", "a<br><br>b", "<br>", "&nbsp;",
            "<b>in</b>line", "<span>a</span> <span>b</span>", "&amp; &lt;td&gt;", "x<script>alert(1)</script>y",
            "x<!-- chú thích -->y", "&#7843;&#x1EA3;", "Tổng <br/> điểm", "a<style>td{}</style>b",
            "<font face=\"Times New Roman\"><b>XUẤT SẮC</b></font>",
        ]
        let html = "<table><tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr></table>"
        let sheet = try read(try tables(html))
        let expected: [String?] = [
            "a b", "một\nhai", "một\nhai", "a\n\nb", nil, nil, "inline", "a b", "& <td>", "xy", "xy", "ảả",
            "Tổng\nđiểm", "ab", "XUẤT SẮC",
        ]
        for (column, text) in expected.enumerated() {
            #expect(sheet.cells[CellReference.name(row: 0, column: column)] == text, "cell \(column): \(cells[column])")
        }
    }

    @Test func honoursTheRowLimit() throws {
        let tables = try tables(scoreTable)
        let sheet = try read(tables, rowLimit: 1)
        #expect(sheet.order == ["A1", "B1", "C1", "I1"])
        #expect(sheet.merged == ["A1:A2", "B1:B2", "C1:H1", "I1:I2"], "merged ranges are still all read")
    }

    @Test func worksAsASheetSource() throws {
        let source: any SheetSource = try tables(scoreTable)
        #expect(source.displayName == "phu-luc.html")
        #expect(source.limits == .standard)
        var count = 0
        try source.readCells(of: source.worksheets[0], onDimension: nil, rowLimit: .max) { _ in count += 1 }
        #expect(count == 4 + 6 + 9)
        let stranger = SheetInfo.table(named: "Bảng 7", position: 6)
        #expect(throws: FormsError.self) {
            try source.readCells(of: stranger, onDimension: nil, rowLimit: .max) { _ in }
        }
    }

    // MARK: - Pages that are not tables

    @Test func refusesAPageWithoutTables() throws {
        let error = try #require(throws: FormsError.self) {
            try tables("<html><body><p>Kết quả đánh giá</p></body></html>")
        }
        #expect(error.code == .noTable)
        #expect(error.file == "phu-luc.html")
        #expect(
            error.message
                == "Trang HTML không có bảng nào (thẻ <table>); hãy xuất lại phụ lục dạng bảng hoặc lưu thành .xlsx.")
        let empty = try #require(throws: FormsError.self) {
            try tables("<table><tr><td> </td></tr></table><table></table>")
        }
        #expect(empty.code == .noTable)
    }

    @Test func refusesMissingAndEmptyFiles() throws {
        let missing = try #require(throws: OPCError.self) { try HTMLTables(path: "/nonexistent/phu-luc.html") }
        #expect(missing.code == .fileNotFound)
        #expect(missing.file == "phu-luc.html")
        let empty = try #require(throws: OPCError.self) { try HTMLTables(bytes: [], displayName: "rong.html") }
        #expect(empty.code == .fileEmpty)
    }

    // MARK: - Hostile pages

    @Test func refusesADoctypeWithEntities() throws {
        let subset = """
            <!DOCTYPE html [
              <!ENTITY xxe SYSTEM "file:///etc/passwd">
            ]>
            <html><body><table><tr><td>&xxe;</td></tr></table></body></html>
            """
        let error = try #require(throws: FormsError.self) { try tables(subset) }
        #expect(error.code == .htmlDTDForbidden)
        #expect(error.file == "phu-luc.html")
        let bare = "<!ENTITY xxe SYSTEM \"file:///etc/passwd\"><table><tr><td>&xxe;</td></tr></table>"
        #expect(throws: FormsError.self) { try tables(bare) }
        // In UTF-16 too.
        let wide = [0xFF, 0xFE] + Array(subset.data(using: .utf16LittleEndian)!)
        #expect(throws: FormsError.self) { try HTMLTables(bytes: wide, displayName: "phu-luc.html") }
    }

    @Test func neverFollowsAnEntity() throws {
        // A plain DOCTYPE is fine; the entity it cannot declare stays text, the file unread.
        let html = """
            <!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01//EN" "file:///etc/passwd">
            <html><body><table><tr><td>&xxe;</td><td>ok</td></tr></table></body></html>
            """
        let sheet = try read(try tables(html))
        #expect(sheet.cells == ["A1": "&xxe;", "B1": "ok"])
        for text in sheet.cells.values { #expect(!text.contains("root:")) }
        // Declarations inside comments are only comments.
        let commented = "<!-- <!ENTITY x 'y'> --><table><tr><td>ok</td></tr></table>"
        #expect(try read(try tables(commented)).cells == ["A1": "ok"])
    }

    @Test func stopsPastTheDepthLimit() throws {
        let deep = String(repeating: "<div>", count: 300) + "<table><tr><td>x</td></tr></table>"
        let error = try #require(throws: OPCError.self) { try tables(deep) }
        #expect(error.code == .xmlTooDeep)
        let nested = String(repeating: "<table><tr><td>", count: 10) + "x"
        var limits = ResourceLimits.standard
        limits.maxXMLDepth = 20
        #expect(throws: OPCError.self) { try tables(nested, limits: limits) }
        #expect(try tables(nested).worksheets.count == 1)
    }

    @Test func refusesHugeSpans() throws {
        let wide = try #require(throws: FormsError.self) {
            try tables("<table><tr><td>a</td><td colspan=\"1000000000\">b</td></tr></table>")
        }
        #expect(wide.code == .spanTooLarge)
        #expect(wide.sheet == "Bảng 1")
        #expect(wide.cell == "B1")
        #expect(wide.location == "phu-luc.html, 'Bảng 1'!B1")
        let long = try #require(throws: FormsError.self) {
            try tables("<table></table><table><tr><td rowspan=99999999999999999999999>a</td></tr></table>")
        }
        #expect(long.code == .spanTooLarge)
        #expect(long.sheet == "Bảng 2")
        #expect(long.cell == "A1")
        let tooWide = try #require(throws: FormsError.self) {
            try tables("<table><tr>" + String(repeating: "<td colspan=1000>x</td>", count: 17) + "</tr></table>")
        }
        #expect(tooWide.code == .tableTooLarge)
        // The largest spans browsers honour are fine.
        let sheet = try read(try tables("<table><tr><td colspan=1000 rowspan=65534>x</td></tr></table>"))
        #expect(sheet.merged == ["A1:ALL1"])
    }

    @Test func refusesAPagePastThePartSize() throws {
        var limits = ResourceLimits.standard
        limits.maxPartSize = 64 << 10
        let row = "<tr><td>Xã Phú Lâm</td><td>91,31</td></tr>\n"
        let html = "<table>" + String(repeating: row, count: 4000) + "</table>"
        let error = try #require(throws: OPCError.self) { try tables(html, limits: limits) }
        #expect(error.code == .partTooLarge)
        let folder = try TestFiles.temporaryFolder("html-tables")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("lon.html")
        try Data(html.utf8).write(to: file)
        let fromFile = try #require(throws: OPCError.self) { try HTMLTables(path: file.path, limits: limits) }
        #expect(fromFile.code == .partTooLarge)
        #expect(fromFile.file == "lon.html")
        #expect(try HTMLTables(path: file.path).worksheets.count == 1)
    }

    @Test func refusesACellPastTheStringLimit() throws {
        var limits = ResourceLimits.standard
        limits.maxStringBytes = 1024
        let html = "<table><tr><td>ok</td><td>" + String(repeating: "chữ ", count: 400) + "</td></tr></table>"
        let error = try #require(throws: FormsError.self) { try tables(html, limits: limits) }
        #expect(error.code == .stringTooLong)
        #expect(error.codeName == "limit.string_length")
        #expect(error.cell == "B1")
    }

    @Test func stopsPastTheDeadline() throws {
        let limits = ResourceLimits.standard.ending(after: -1)
        let error = try #require(throws: OPCError.self) { try tables(scoreTable, limits: limits) }
        #expect(error.code == .timeLimit)
    }
}

/// The parser on its own: the same events as the XML parser, names lowercased.
@Suite struct HTMLStreamParserTests {
    final class Recorder: XMLEventHandler {
        var events: [String] = []
        var depth = 0
        var deepest = 0

        override func startElement(_ name: XMLName, attributes: XMLAttributes) throws {
            depth += 1
            deepest = max(deepest, depth)
            var event = "<" + name.localNameString
            for index in 0..<attributes.count {
                let (key, value) = attributes.attribute(at: index)
                event += " \(key)=\(value)"
            }
            events.append(event + ">")
        }

        override func endElement(_ name: XMLName) throws {
            depth -= 1
            events.append("</" + name.localNameString + ">")
        }

        override func characters(_ text: UnsafeBufferPointer<UInt8>) throws {
            let string = String(decoding: text, as: UTF8.self)
            if !string.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { events.append(string) }
        }
    }

    @Test func sendsBalancedLowercasedEvents() throws {
        let recorder = Recorder()
        let parser = HTMLStreamParser(handler: recorder, file: "x.html")
        try parser.parse(Array("<TABLE Border=1><TR><TD NoWrap ColSpan=\"2\">a &amp; b<TD>c</TABLE>".utf8))
        #expect(recorder.depth == 0)
        #expect(recorder.events.contains("<table border=1>"))
        #expect(recorder.events.contains("<td nowrap= colspan=2>"))
        #expect(recorder.events.filter { $0 == "</td>" }.count == 2)
        #expect(recorder.events.joined().contains("a & b"))
    }

    @Test func feedsInPieces() throws {
        let recorder = Recorder()
        let parser = HTMLStreamParser(handler: recorder)
        let bytes = Array("<meta charset=windows-1258><p>Ph".utf8) + [0xFA] + Array("</p>".utf8)
        for byte in bytes { try [byte].withUnsafeBytes { try parser.feed($0) } }
        try parser.finish()
        #expect(parser.encoding == "windows-1258")
        #expect(recorder.events.contains("Phú"))
    }

    @Test func scansDeclarationsAcrossPieces() {
        var scanner = DeclarationScanner()
        let pieces = ["<!DOC", "TYPE html PUBLIC \"[x]\"", "><p>[</p><!", "-- <!ENTITY --", "><!EN", "TITY"]
        var results: [Bool] = []
        for piece in pieces { results.append(Array(piece.utf8).withUnsafeBytes { scanner.scan($0) }) }
        #expect(results == [true, true, true, true, true, false])
    }
}
