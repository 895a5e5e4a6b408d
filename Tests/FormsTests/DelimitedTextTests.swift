import Forms
import Foundation
import OPC
import TestKit
import Testing
import XLSX

/// CSV and tab-separated text as one sheet: files written by LibreOffice, Python's csv
/// module and Excel ("Unicode text"), the encodings offices use, and hostile input.
@Suite struct DelimitedTextTests {
    static let folder = TestFiles.fixtures.appendingPathComponent("forms")

    static func open(
        _ fixture: String, as name: String = "phu-luc-1-2025-02.csv", limits: ResourceLimits = .standard
    ) throws -> DelimitedText {
        try DelimitedText(path: folder.appendingPathComponent(fixture).path, displayName: name, limits: limits)
    }

    /// The cells of the one sheet by reference (`B7`).
    static func cells(_ text: DelimitedText, rowLimit: Int = .max) throws -> [String: String] {
        var cells: [String: String] = [:]
        var order: [Cell] = []
        try text.readCells(of: text.worksheets[0], onDimension: nil, rowLimit: rowLimit) { cell in
            order.append(cell)
            guard case .string(let value) = cell.value else {
                Issue.record("not a string: \(cell)")
                return
            }
            cells[cell.reference] = value
        }
        // Row order, each row left to right.
        #expect(zip(order, order.dropFirst()).allSatisfy { ($0.row, $0.column) < ($1.row, $1.column) })
        return cells
    }

    static func refusal<E: LocatedError>(
        _ type: E.Type, _ make: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation
    ) -> E? {
        do {
            try make()
            Issue.record("not refused", sourceLocation: sourceLocation)
        } catch let error as E {
            return error
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    static func formsError(
        _ bytes: [UInt8], name: String = "x.csv", limits: ResourceLimits = .standard,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> FormsError? {
        refusal(
            FormsError.self, { _ = try DelimitedText(bytes: bytes, displayName: name, limits: limits) },
            sourceLocation: sourceLocation)
    }

    // MARK: - Files offices send

    @Test func readsLibreOfficeCSVInUTF8WithCommas() throws {
        let text = try Self.open("csv-libreoffice-utf8.csv")
        #expect(text.encoding == .utf8)
        #expect(text.delimiter == ",")
        #expect(text.worksheets.map(\.name) == ["phu-luc-1-2025-02"])
        #expect(text.worksheets[0].state == .visible && text.worksheets[0].kind == .worksheet)
        #expect(text.recordCount == 27)
        let cells = try Self.cells(text)
        #expect(cells["A1"] == "PHỤ LỤC 1")
        #expect(cells["A2"]?.hasPrefix("KẾT QUẢ ĐÁNH GIÁ BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP") == true)
        #expect(cells["B1"] == nil)
        #expect(cells["C6"] == "Công khai, minh bạch (18 điểm)")
        #expect(cells["B7"] == "Thị trấn Phú Mỹ")
        #expect(cells["C7"] == "17.62")
        #expect(cells["J7"] == "XUẤT SẮC")
        #expect(cells["B25"] == "Bộ phận tiếp nhận và trả kết quả huyện")
        var dimension: String?
        let noteDimension: (String) -> Void = { dimension = $0 }
        let extras = try text.readCells(of: text.worksheets[0], onDimension: noteDimension, rowLimit: 0) { _ in
            Issue.record("no cell below row limit 0")
        }
        #expect(dimension == "A1:K27")
        #expect(extras.dimension == "A1:K27" && extras.mergedRanges.isEmpty)
    }

    @Test func readsLibreOfficeCSVWithSemicolons() throws {
        let text = try Self.open("csv-libreoffice-semicolon.csv")
        #expect(text.delimiter == ";")
        let cells = try Self.cells(text)
        // The header's comma is not quoted with `;` as the delimiter, and does not split it.
        #expect(cells["C6"] == "Công khai, minh bạch (18 điểm)")
        #expect(cells["B7"] == "Thị trấn Phú Mỹ")
        #expect(cells["I7"] == "96")
        #expect(cells["K7"] == "1")
    }

    @Test func readsSemicolonsAndDecimalCommasWithBOM() throws {
        let text = try Self.open("csv-python-cham-phay.csv")
        #expect(text.encoding == .utf8)
        #expect(text.delimiter == ";")
        let cells = try Self.cells(text)
        #expect(cells["A1"] == "PHỤ LỤC 1")  // the byte order mark is not text
        #expect(cells["C2"] == "Công khai, minh bạch (18 điểm)")
        #expect(cells["C3"] == "17,62")
        #expect(cells["E4"] == "92,35")
        #expect(cells["F6"] == "TỐT")
        #expect(text.line(ofRow: 2) == 3)
    }

    @Test func honoursAndSkipsTheSepLine() throws {
        let text = try Self.open("csv-python-sep-line.csv")
        #expect(text.delimiter == ";")
        #expect(text.recordCount == 6)
        let cells = try Self.cells(text)
        #expect(cells["A1"] == "PHỤ LỤC 1")
        #expect(cells["C3"] == "17,62")
        #expect(!cells.values.contains { $0.hasPrefix("sep=") })
        #expect(text.line(ofRow: 0) == 2)
        #expect(text.line(ofRow: 2) == 4)
        // A `sep=` line wins over what the data would suggest.
        let forced = try DelimitedText(bytes: Array("sep=,\na;b,c\nd;e,f\n".utf8), displayName: "s.csv")
        #expect(forced.delimiter == ",")
        #expect(try Self.cells(forced) == ["A1": "a;b", "B1": "c", "A2": "d;e", "B2": "f"])
    }

    @Test func readsQuotedFieldsWithLineBreaksAndQuotes() throws {
        let text = try Self.open("csv-python-quoted.csv", as: "ghi-chu.csv")
        #expect(text.delimiter == ",")
        #expect(text.recordCount == 4)
        let cells = try Self.cells(text)
        #expect(cells["B2"] == "Thị trấn\nPhú Mỹ")
        #expect(cells["C2"] == "Đạt \"xuất sắc\", tháng 02")
        #expect(cells["C3"] == "Dòng 1\nDòng 2\nDòng 3")  // CR LF and CR inside quotes are LF
        #expect(cells["D3"] == "90,5")
        #expect(cells["B4"] == "\"Xã\" Long Hoà")
        #expect(cells["C4"] == nil)  // empty cells are not reported
        #expect((0..<5).map { text.line(ofRow: $0) } == [1, 2, 4, 7, 8])
    }

    @Test func readsCarriageReturnLineEnds() throws {
        let text = try Self.open("csv-python-cr-only.csv")
        #expect(text.delimiter == ",")
        #expect(text.recordCount == 6)
        let cells = try Self.cells(text)
        #expect(cells["C2"] == "Công khai, minh bạch (18 điểm)")
        #expect(cells["B6"] == "Xã Phú Long")
        #expect(cells["C6"] == "16,4")
        #expect(text.line(ofRow: 5) == 6)
    }

    @Test func readsExcelUnicodeText() throws {
        let text = try Self.open("csv-excel-unicode-text.txt", as: "phu-luc-1-2025-02.txt")
        #expect(text.encoding == .utf16LittleEndian)
        #expect(text.delimiter == "\t")
        #expect(text.sheetName == "phu-luc-1-2025-02")
        let cells = try Self.cells(text)
        #expect(cells["A1"] == "PHỤ LỤC 1")
        #expect(cells["C2"] == "Công khai, minh bạch (18 điểm)")
        #expect(cells["B3"] == "Thị trấn Phú Mỹ")
        #expect(cells["C3"] == "17,62")
        #expect(cells["B7"] == "Xã Phú Lâm\nấp 1")
    }

    @Test func readsUTF16BigEndian() throws {
        let bytes: [UInt8] =
            [0xFE, 0xFF]
            + "Đơn vị\tĐiểm\r\nXã Phú Thọ\t16,3\r\n𝔸\tb\r\n".utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let text = try DelimitedText(bytes: bytes, displayName: "be.txt")
        #expect(text.encoding == .utf16BigEndian)
        #expect(
            try Self.cells(text) == [
                "A1": "Đơn vị", "B1": "Điểm", "A2": "Xã Phú Thọ", "B2": "16,3", "A3": "𝔸", "B3": "b",
            ])
    }

    @Test func readsTCVN3BytesAsWindows1252() throws {
        let text = try Self.open("csv-tcvn3-windows-1252.csv", as: "tcvn3.csv")
        #expect(text.encoding == .windows1252)
        #expect(text.delimiter == ",")
        let cells = try Self.cells(text)
        // The characters Excel shows for a .VnTime cell, which the scorecard decodes.
        #expect(cells["B1"] == "\u{A7}\u{AC}n v\u{DE}")  // "Đơn vị"
        #expect(cells["B2"] == "Th\u{DE} tr\u{CA}n Ph\u{F3} M\u{FC}")  // "Thị trấn Phú Mỹ"
        #expect(cells["B3"] == "X\u{B7} Long Ho\u{B5}")  // "Xã Long Hoà"
        #expect(cells["C3"] == "90,08")
    }

    @Test func readsWindows1258AsComposedVietnamese() throws {
        let text = try Self.open("csv-windows-1258.csv", as: "1258.csv")
        #expect(text.encoding == .windows1258)
        let cells = try Self.cells(text)
        #expect(cells["C1"] == "Công khai, minh bạch (18 điểm)")
        #expect(cells["B2"] == "Thị trấn Phú Mỹ")
        #expect(
            cells["B2"]?.unicodeScalars.elementsEqual(
                "Thị trấn Phú Mỹ".precomposedStringWithCanonicalMapping.unicodeScalars) == true)
        #expect(cells["F2"] == "XUẤT SẮC")
        #expect(cells["E3"] == "92,35")
    }

    @Test func windows1252KeepsEveryByte() throws {
        // Western text and the undefined bytes 0x81, 0x8D: one character each.
        let bytes: [UInt8] = Array("a,b\n".utf8) + [0x63, 0x61, 0x66, 0xE9, 0x2C, 0x80, 0x81, 0x8D, 0x0A]
        let text = try DelimitedText(bytes: bytes, displayName: "w.csv")
        #expect(text.encoding == .windows1252)
        #expect(try Self.cells(text) == ["A1": "a", "B1": "b", "A2": "café", "B2": "€\u{81}\u{8D}"])
    }

    static let samples = ["phu-luc-1-2025-02.csv", "phu-luc-1-2025-02-cham-phay.csv", "phu-luc-1-2025-02-unicode.txt"]

    @Test(arguments: samples) func readsTheSamples(_ name: String) throws {
        let url = TestFiles.repoRoot.appendingPathComponent("Samples/forms").appendingPathComponent(name)
        let text = try DelimitedText(path: url.path)
        #expect(text.displayName == name)
        let cells = try Self.cells(text)
        let units = cells.filter { $0.key.hasPrefix("B") }.map(\.value)
        #expect(units.contains("Thị trấn Phú Mỹ"))
        #expect(units.contains("Bộ phận tiếp nhận và trả kết quả huyện"))
        #expect(cells.values.contains("XUẤT SẮC"))
    }

    // MARK: - Delimiters and quoting

    @Test func choosesTheDelimiterWithConsistentFieldCounts() throws {
        // Decimal commas in every row do not outvote the semicolons.
        let semicolons = try DelimitedText(bytes: Array("1;17,62;19,45\n2;17,1;19,02\n".utf8), displayName: "a.csv")
        #expect(semicolons.delimiter == ";")
        // Commas in text do not outvote tabs.
        let tabs = try DelimitedText(
            bytes: Array("Tiêu đề\nSTT\tĐơn vị, xã\tĐiểm\n1\tA, B, C\t9,5\n2\tD\t8\n".utf8), displayName: "b.txt")
        #expect(tabs.delimiter == "\t")
        // A single line without delimiter is one cell.
        let single = try DelimitedText(bytes: Array("Chỉ một ô\n".utf8), displayName: "c.csv")
        #expect(try Self.cells(single) == ["A1": "Chỉ một ô"])
    }

    @Test func refusesManyLinesWithoutDelimiter() {
        let error = Self.formsError(Array("Dòng một\nDòng hai\nDòng ba\n".utf8))
        #expect(error?.code == .noDelimiter)
        #expect(error?.codeName == "csv.no_delimiter")
    }

    @Test func takesTheRestOfAnOpenQuoteAsItsField() throws {
        let text = try DelimitedText(bytes: Array("a,b\nc,\"d\ne,f".utf8), displayName: "q.csv")
        #expect(text.recordCount == 2)
        #expect(try Self.cells(text) == ["A1": "a", "B1": "b", "A2": "c", "B2": "d\ne,f"])
        let tail = try DelimitedText(bytes: Array("a,b\n\"c\"x,\"\"\"\"".utf8), displayName: "q.csv")
        #expect(try Self.cells(tail) == ["A1": "a", "B1": "b", "A2": "cx", "B2": "\""])
    }

    @Test func trimsCellsAndCountsBlankLinesAsRows() throws {
        let text = try DelimitedText(bytes: Array("  a , b\u{A0}\n\n,\n c ,\" d \"\n".utf8), displayName: "t.csv")
        #expect(text.recordCount == 4)
        #expect(try Self.cells(text) == ["A1": "a", "B1": "b", "A4": "c", "B4": "d"])
        #expect(try Self.cells(text, rowLimit: 1) == ["A1": "a", "B1": "b"])
    }

    // MARK: - Places and sources

    @Test func placesProblemsAtTheFileSheetAndCell() throws {
        var limits = ResourceLimits.standard
        limits.maxStringBytes = 100
        let long = String(repeating: "x", count: 101)
        let error = Self.formsError(
            Array("STT,Tên\n1,\"a\nb\"\n2,\(long)\n".utf8), name: "phu-luc-1-2025-02.csv", limits: limits)
        #expect(error?.code == .stringTooLong)
        #expect(error?.codeName == "limit.string_length")
        #expect(error?.location == "phu-luc-1-2025-02.csv, 'phu-luc-1-2025-02'!B3, dòng 4")
    }

    @Test func refusesAnotherSheet() throws {
        let text = try Self.open("csv-python-quoted.csv")
        let error = Self.refusal(FormsError.self) {
            try text.readCells(of: .table(named: "Bảng 2", position: 1), onDimension: nil, rowLimit: .max) { _ in }
        }
        #expect(error?.code == .noTable)
    }

    @Test func refusesMissingAndEmptyFiles() throws {
        let missing = Self.refusal(OPCError.self) { _ = try DelimitedText(path: "/nonexistent/phu-luc.csv") }
        #expect(missing?.code == .fileNotFound)
        let empty = Self.refusal(OPCError.self) { _ = try DelimitedText(bytes: [], displayName: "e.csv") }
        #expect(empty?.code == .fileEmpty)
        var limits = ResourceLimits.standard
        limits.maxPartSize = 10
        let large = Self.refusal(OPCError.self) {
            _ = try DelimitedText(bytes: Array("a,b\nc,d\ne,f\n".utf8), displayName: "l.csv", limits: limits)
        }
        #expect(large?.code == .partTooLarge)
    }

    @Test func stopsPastTheDeadline() {
        let limits = ResourceLimits.standard.ending(after: -1)
        let error = Self.refusal(OPCError.self) {
            _ = try DelimitedText(bytes: Array("a,b\nc,d\n".utf8), displayName: "d.csv", limits: limits)
        }
        #expect(error?.code == .timeLimit)
    }

    // MARK: - Hostile text

    @Test func refusesBinaryAndBrokenText() {
        let nul = Self.formsError(Array("a,b\nc,d\n".utf8) + [0x00, 0x01, 0x02])
        #expect(nul?.code == .textEncoding)
        #expect(nul?.line == 3)
        let utf16NUL = Self.formsError([0xFF, 0xFE, 0x61, 0x00, 0x2C, 0x00, 0x00, 0x00])
        #expect(utf16NUL?.code == .textEncoding)
        let odd = Self.formsError([0xFF, 0xFE, 0x61, 0x00, 0x2C, 0x00, 0x62])
        #expect(odd?.code == .textEncoding)
        let loneSurrogate = Self.formsError([0xFF, 0xFE, 0x61, 0x00, 0x0A, 0x00, 0x00, 0xD8, 0x2C, 0x00])
        #expect(loneSurrogate?.code == .textEncoding)
        #expect(loneSurrogate?.line == 2)
        let bomThenLatin1 = Self.formsError([0xEF, 0xBB, 0xBF] + Array("a,b\n".utf8) + [0xE9, 0x2C, 0x61])
        #expect(bomThenLatin1?.code == .textEncoding)
        #expect(bomThenLatin1?.line == 2)
    }

    @Test func refusesTwentyThousandColumns() {
        let row = (0..<20_000).map { "c\($0)" }.joined(separator: ",")
        let error = Self.formsError(Array("a,b\n\(row)\n".utf8))
        #expect(error?.code == .tableTooLarge)
        #expect(error?.line == 2)
    }

    @Test func refusesMoreRecordsThanExcelHasRows() {
        let error = Self.formsError(Array("a,b\n".utf8) + [UInt8](repeating: 0x0A, count: DelimitedText.maxRecords))
        #expect(error?.code == .tableTooLarge)
        #expect(error?.line == DelimitedText.maxRecords + 1)
    }

    @Test func refusesLongLinesInEveryEncoding() {
        // Fields of 512 KiB stay under the cell limit; the record passes 4 MiB.
        let field = String(repeating: "x", count: 512 << 10)
        let line = Array(repeating: field, count: 9).joined(separator: ",")
        let text = "a,b\n\(line)\n"
        let utf8 = Self.formsError(Array(text.utf8))
        #expect(utf8?.code == .lineTooLong)
        #expect(utf8?.codeName == "limit.line_length")
        #expect(utf8?.location == "x.csv, dòng 2")
        let utf16 = Self.formsError([0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(utf16?.code == .lineTooLong)
        // A quote that never closes makes one long record, not a crash.
        let open = Self.formsError(Array("a,b\n\"\(String(repeating: "y,\n", count: 2 << 20))".utf8))
        #expect(open?.code == .lineTooLong)
        #expect(open?.line == 2)
        // One field past the line limit is a long line too.
        let oneField = Self.formsError(Array("a,b\n".utf8) + [UInt8](repeating: 0x41, count: 5 << 20))
        #expect(oneField?.code == .lineTooLong)
    }

    /// One line of 500 MB on disk: refused quickly, without a second copy of the file.
    @Test func refusesAFiveHundredMegabyteLineQuickly() throws {
        let folder = try TestFiles.temporaryFolder("csv-long-line")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("dai.csv")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        var block = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
        block[block.count - 1] = UInt8(ascii: ",")
        try handle.write(contentsOf: Data("STT,Đơn vị\n".utf8))
        for _ in 0..<500 { try handle.write(contentsOf: block) }
        try handle.close()

        let before = Self.peakMemory()
        let clock = ContinuousClock()
        let start = clock.now
        let error = Self.refusal(FormsError.self) { _ = try DelimitedText(path: url.path) }
        let elapsed = clock.now - start
        #expect(error?.code == .lineTooLong)
        #expect(error?.line == 2)
        #expect(elapsed < .seconds(10), "took \(elapsed)")
        let grown = Self.peakMemory() - before
        #expect(grown < 750 << 20, "peak memory grew by \(grown >> 20) MiB for a 500 MiB file")
    }

    /// The process's peak resident memory, in bytes.
    static func peakMemory() -> Int {
        var usage = rusage()
        #if os(Linux)
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return usage.ru_maxrss * 1024
        #else
            getrusage(RUSAGE_SELF, &usage)
            return usage.ru_maxrss
        #endif
    }
}
