import Testing

@testable import XLSX

@Suite struct NumberTextTests {
    func parse(_ text: String) -> Double? {
        var copy = text
        return copy.withUTF8 { NumberText.parse($0) }
    }

    @Test(arguments: [
        ("14.86", 14.86), ("87.180000000000007", 87.180000000000007), ("-3", -3.0),
        ("1E-5", 1e-5), ("8.7180000000000007E+1", 87.18), (" 42 ", 42.0), ("0.1", 0.1),
        ("123456789012345678901234", 123456789012345678901234.0), (".5", 0.5), ("5.", 5.0),
        ("2.2250738585072014E-308", 2.2250738585072014E-308),
    ])
    func readsNumbersExactly(text: String, expected: Double) {
        #expect(parse(text) == expected)
    }

    @Test(arguments: ["", "abc", "1,5", "1e", "--1", "NaN", "inf", "1e999", "12a"])
    func refusesWhatIsNotANumber(text: String) {
        #expect(parse(text) == nil)
    }
}

@Suite struct NumberFormatTests {
    @Test(arguments: [
        ("dd/mm/yyyy", NumberFormatKind.dateTime), ("d-mmm-yy", .dateTime), ("h:mm AM/PM", .dateTime),
        ("[$-409]dddd\\ mmmm\\ d\\,\\ yy", .dateTime), ("\"Today is\"\\ m/d/yyyy", .dateTime),
        ("[h]:mm:ss", .duration), ("[mm]:ss", .duration), ("0.00", .number), ("General", .number),
        ("#,##0\" đồng\"", .number), ("[Red]0.00;[Blue]-0.00", .number), ("0.00_);(0.00)", .number),
        ("@", .number), ("yyyy-mm-dd;@", .dateTime),
    ])
    func classifiesCustomCodes(code: String, kind: NumberFormatKind) {
        #expect(NumberFormat.kind(ofCode: code) == kind)
    }

    @Test func knowsTheBuiltInIDs() {
        #expect(NumberFormat.builtInKind(14) == .dateTime)
        #expect(NumberFormat.builtInKind(22) == .dateTime)
        #expect(NumberFormat.builtInKind(46) == .duration)
        #expect(NumberFormat.builtInKind(47) == .dateTime)
        #expect(NumberFormat.builtInKind(2) == .number)
        #expect(NumberFormat.builtInKind(164) == nil)
    }
}

@Suite struct ExcelDateTests {
    @Test func convertsSerials() {
        #expect(ExcelDate.value(serial: 45716, date1904: false, kind: .dateTime) == .date(CellDateTime(year: 2025, month: 2, day: 28)))
        #expect(
            ExcelDate.value(serial: 45716.4375, date1904: false, kind: .dateTime)
                == .date(CellDateTime(year: 2025, month: 2, day: 28, time: CellTime(hour: 10, minute: 30, second: 0))))
        #expect(ExcelDate.value(serial: 0.4375, date1904: false, kind: .dateTime) == .time(CellTime(hour: 10, minute: 30, second: 0)))
        #expect(ExcelDate.value(serial: 44254, date1904: true, kind: .dateTime) == .date(CellDateTime(year: 2025, month: 2, day: 28)))
        #expect(ExcelDate.value(serial: 1, date1904: false, kind: .dateTime) == .date(CellDateTime(year: 1900, month: 1, day: 1)))
        #expect(ExcelDate.value(serial: 61, date1904: false, kind: .dateTime) == .date(CellDateTime(year: 1900, month: 3, day: 1)))
        #expect(ExcelDate.value(serial: 1.5 / 24, date1904: false, kind: .duration) == .duration(5400))
        #expect(ExcelDate.value(serial: -1, date1904: false, kind: .dateTime) == nil)
    }

    @Test func parsesISOCells() {
        #expect(ExcelDate.parseISO("2021-01-01") == .date(CellDateTime(year: 2021, month: 1, day: 1)))
        #expect(
            ExcelDate.parseISO("2021-01-01T10:10:10")
                == .date(CellDateTime(year: 2021, month: 1, day: 1, time: CellTime(hour: 10, minute: 10, second: 10))))
        #expect(ExcelDate.parseISO("10:10:10") == .time(CellTime(hour: 10, minute: 10, second: 10)))
        #expect(ExcelDate.parseISO("2021-13-01") == nil)
        #expect(CellDateTime(year: 2025, month: 2, day: 28, time: CellTime(hour: 10, minute: 30, second: 0)).iso8601 == "2025-02-28T10:30:00")
    }
}

@Suite struct CellReferenceTests {
    @Test func parsesAndNamesReferences() {
        #expect(CellReference.parse("A1")! == (0, 0))
        #expect(CellReference.parse("$AB$12")! == (11, 27))
        #expect(CellReference.parse("XFD1048576")! == (1_048_575, 16_383))
        #expect(CellReference.parse("b5")! == (4, 1))
        #expect(CellReference.parse("A0") == nil)
        #expect(CellReference.parse("XFE1") == nil)
        #expect(CellReference.parse("12") == nil)
        #expect(CellReference.name(row: 4, column: 1) == "B5")
        #expect(CellReference.columnName(701) == "ZZ")
        #expect(CellReference.columnName(702) == "AAA")
    }

    @Test func quotesSheetNamesAsExcelDoes() {
        #expect(CellReference.quotedSheetName("Sheet1") == "Sheet1")
        #expect(CellReference.quotedSheetName("Phụ lục 1") == "'Phụ lục 1'")
        #expect(CellReference.quotedSheetName("O'Brien") == "'O''Brien'")
        #expect(CellReference.quotedSheetName("2025") == "'2025'")
    }
}

@Suite struct EscapedTextTests {
    func decode(_ text: String) -> String {
        Array(text.utf8).withUnsafeBufferPointer { EscapedText.decode($0) }
    }

    @Test func resolvesEscapes() {
        #expect(decode("a_x000D_b") == "a\rb")
        #expect(decode("_x005F_x000D_") == "_x000D_")
        #expect(decode("_xD83D__xDE00_") == "😀")
        #expect(decode("plain_text_x") == "plain_text_x")
        #expect(decode("_x00zz_") == "_x00zz_")
    }

    @Test func trimsLikeExcel() {
        var text = Array("ab  x \n".utf8)
        XMLText.trimWhitespace(&text, from: 2)
        #expect(String(decoding: text, as: UTF8.self) == "abx")
    }
}
