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
        ("dd/mm/yyyy", NumberFormatKind.date), ("d-mmm-yy", .date), ("h:mm AM/PM", .time), ("hh:mm:ss", .time),
        ("m/d/yy h:mm", .date), ("mmm", .date),
        ("[$-409]dddd\\ mmmm\\ d\\,\\ yy", .date), ("\"Today is\"\\ m/d/yyyy", .date),
        ("[h]:mm:ss", .duration), ("[mm]:ss", .duration), ("0.00", .number), ("General", .number),
        ("#,##0\" đồng\"", .number), ("[Red]0.00;[Blue]-0.00", .number), ("0.00_);(0.00)", .number),
        ("@", .number), ("yyyy-mm-dd;@", .date),
    ])
    func classifiesCustomCodes(code: String, kind: NumberFormatKind) {
        #expect(NumberFormat.kind(ofCode: code) == kind)
    }

    @Test func knowsTheBuiltInIDs() {
        #expect(NumberFormat.builtInKind(14) == .date)
        #expect(NumberFormat.builtInKind(22) == .date)
        #expect(NumberFormat.builtInKind(46) == .duration)
        #expect(NumberFormat.builtInKind(47) == .time)
        #expect(NumberFormat.builtInKind(20) == .time)
        #expect(NumberFormat.builtInKind(2) == .number)
        #expect(NumberFormat.builtInKind(164) == nil)
    }
}

@Suite struct ExcelDateTests {
    @Test func convertsSerials() {
        #expect(
            ExcelDate.value(serial: 45716, date1904: false, kind: .date)
                == .date(CellDateTime(year: 2025, month: 2, day: 28)))
        #expect(
            ExcelDate.value(serial: 45716.4375, date1904: false, kind: .date)
                == .date(CellDateTime(year: 2025, month: 2, day: 28, time: CellTime(hour: 10, minute: 30, second: 0))))
        #expect(
            ExcelDate.value(serial: 0.4375, date1904: false, kind: .date)
                == .time(CellTime(hour: 10, minute: 30, second: 0)))
        #expect(
            ExcelDate.value(serial: 44254, date1904: true, kind: .date)
                == .date(CellDateTime(year: 2025, month: 2, day: 28)))
        #expect(
            ExcelDate.value(serial: 1, date1904: false, kind: .date)
                == .date(CellDateTime(year: 1900, month: 1, day: 1)))
        #expect(
            ExcelDate.value(serial: 61, date1904: false, kind: .date)
                == .date(CellDateTime(year: 1900, month: 3, day: 1)))
        #expect(ExcelDate.value(serial: 1.5 / 24, date1904: false, kind: .duration) == .duration(5400))
        #expect(ExcelDate.value(serial: -1, date1904: false, kind: .date) == nil)
        #expect(
            ExcelDate.value(serial: 0, date1904: true, kind: .date) == .date(CellDateTime(year: 1904, month: 1, day: 1))
        )
        #expect(
            ExcelDate.value(serial: 0.5, date1904: true, kind: .time) == .time(CellTime(hour: 12, minute: 0, second: 0))
        )
    }

    /// Times that round up carry into the minute, hour and day: never `15:59:60` (which
    /// ISO 8601 forbids), as a reader that rounds seconds apart from the rest writes.
    @Test func carriesRoundedTimesIntoTheMinute() {
        let almostFour = (15.0 * 3600 + 59 * 60 + 59.9996) / 86_400
        #expect(
            ExcelDate.value(serial: almostFour, date1904: false, kind: .time)
                == .time(CellTime(hour: 16, minute: 0, second: 0)))
        let almostMidnight = 45716 + (86_400 - 0.0004) / 86_400
        #expect(
            ExcelDate.value(serial: almostMidnight, date1904: false, kind: .date)
                == .date(CellDateTime(year: 2025, month: 3, day: 1)))
        for step in 0..<100_000 {
            let serial = 45716 + Double(step) / 100_000
            guard case .date(let date) = ExcelDate.value(serial: serial, date1904: false, kind: .date) else { continue }
            #expect(date.time.map { $0.second < 60 && $0.minute < 60 && $0.hour < 24 } ?? true, "\(serial)")
            #expect(!date.iso8601.contains(":60"), "\(serial)")
        }
        #expect(
            ExcelDate.parseISO("2025-02-28T15:59:59.9999")
                == .date(
                    CellDateTime(
                        year: 2025, month: 2, day: 28,
                        time: CellTime(hour: 15, minute: 59, second: 59, millisecond: 999))))
    }

    @Test func parsesISOCells() {
        #expect(ExcelDate.parseISO("2021-01-01") == .date(CellDateTime(year: 2021, month: 1, day: 1)))
        #expect(
            ExcelDate.parseISO("2021-01-01T10:10:10")
                == .date(CellDateTime(year: 2021, month: 1, day: 1, time: CellTime(hour: 10, minute: 10, second: 10))))
        #expect(ExcelDate.parseISO("10:10:10") == .time(CellTime(hour: 10, minute: 10, second: 10)))
        #expect(ExcelDate.parseISO("2021-13-01") == nil)
        #expect(
            CellDateTime(year: 2025, month: 2, day: 28, time: CellTime(hour: 10, minute: 30, second: 0)).iso8601
                == "2025-02-28T10:30:00")
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
        var text = ScratchBytes(capacity: 2)
        Array("ab  x \n".utf8).withUnsafeBufferPointer { text.append($0) }
        text.trimWhitespace(from: 2)
        #expect(String(decoding: text.bytes, as: UTF8.self) == "abx")
        text.removeAll()
        Array(" \t ".utf8).withUnsafeBufferPointer { text.append($0) }
        text.trimWhitespace(from: 0)
        #expect(text.count == 0)
    }
}

@Suite struct ShortestNumberTextTests {
    @Test(arguments: [
        (3.0, "3"), (14.86, "14.86"), (87.18, "87.18"), (-0.5, "-0.5"), (0.1, "0.1"), (1e-5, "0.00001"),
        (1234567890123.0, "1234567890123"), (0.30000000000000004, "0.30000000000000004"),
        (-0.0, "0"), (1e20, "1e+20"), (100.25, "100.25"), (5400.0, "5400"),
    ])
    func writesTheShortestRoundTripText(number: Double, text: String) {
        #expect(SheetDumper.shortestText(number) == text)
    }

    @Test func everyTextReadsBack() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let number =
                Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF)
                * (Bool.random(using: &generator) ? 1 : -1)
            let rounded = (Double(Int.random(in: -1_000_000...1_000_000, using: &generator)) / 100)
            for value in [number, rounded] {
                #expect(Double(SheetDumper.shortestText(value)) == value, "\(value)")
            }
        }
    }
}
