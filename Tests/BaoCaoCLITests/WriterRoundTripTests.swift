import Foundation
import TestKit
import Testing

/// End-to-end: workbooks written at test time by real writers (openpyxl, xlsxwriter,
/// LibreOffice, Python's zipfile) and read back through the built `baocao sheet dump`.
///
/// The fixtures come from `Tests/Fixtures/write_workbooks.py`; the values asserted here
/// are the ones that script writes. Every string comparison is byte-exact (NFC stays NFC).
@Suite("Writer round trips")
struct WriterRoundTripTests {
    // MARK: - openpyxl

    @Test("openpyxl: values, dates, text edge cases, sheet names and states")
    func openpyxlWorkbook() throws {
        let folder = try TestSupport.temporaryFolder("baocao-writers")
        defer { try? FileManager.default.removeItem(at: folder) }
        let book = folder.appendingPathComponent("openpyxl.xlsx")
        try WriterFixtures.write("openpyxl", to: book)

        let (dump, raw) = try WriterFixtures.dumpJSON(book)
        #expect(dump.file == book.path)
        #expect(dump.date1904 == false)
        #expect(dump.sheets.map { ByteExact($0.name) } == ["Dữ liệu", "Phụ lục 1", "Ẩn", "Rất ẩn"])
        #expect(dump.sheets.map(\.state) == ["visible", "visible", "hidden", "veryHidden"])

        let data = try dump.sheet("Dữ liệu")
        #expect(data.merged == ["A1:K1"])
        // Row-major, file order; E5 (a formula openpyxl wrote without a cached value) is
        // left out: the reader cannot invent a value for it.
        #expect(
            data.refs == [
                "A1", "A2", "B2", "C2", "D2",
                "A3", "B3", "C3", "D3", "E3", "F3", "G3", "H3",
                "A4", "B4",
                "A5", "B5", "C5", "D5",
                "A6", "B6", "C6", "D6", "E6", "F6", "G6",
                "A7", "B7", "C7", "D7",
            ])
        #expect(data["A1"] == .string("Báo cáo kết quả Bộ chỉ số 766 – Tỉnh Thừa Thiên Huế"))
        #expect(data["A2"] == .string("Nguyễn Thị Hường"))
        #expect(data["B2"] == .string("Đắk Lắk"))
        #expect(data["C2"] == .string("Sở Tài nguyên và Môi trường"))
        #expect(data["D2"] == .string("Ủy ban nhân dân xã Ỹ Ữ Ự ằ ẫ ậ"))
        for ref in ["A1", "A2", "B2", "C2", "D2"] {
            #expect(data[ref]?.value.isNFC == true, "\(ref) must stay NFC")
        }

        #expect(data["A3"] == .number(42))
        #expect(data["B3"] == .number(14.86))
        #expect(data["C3"] == .number(87.18))
        #expect(data["D3"] == .number(1e-5))
        #expect(data["E3"] == .number(1_234_567_890_123))
        #expect(data["F3"] == .number(-7.5))
        #expect(data["G3"] == .number(0))
        #expect(data["H3"] == .number(3))
        // Shortest round-trip text in the JSON itself (not 14.859999…, not 3.0); 1e-5 may
        // be spelled either way.
        #expect(WriterFixtures.numberText(in: raw, ref: "B3") == "14.86")
        #expect(WriterFixtures.numberText(in: raw, ref: "C3") == "87.18")
        #expect(["1e-05", "1e-5", "0.00001"].contains(WriterFixtures.numberText(in: raw, ref: "D3") ?? ""))
        #expect(WriterFixtures.numberText(in: raw, ref: "E3") == "1234567890123")
        #expect(WriterFixtures.numberText(in: raw, ref: "F3") == "-7.5")
        #expect(WriterFixtures.numberText(in: raw, ref: "H3") == "3")
        #expect(WriterFixtures.numberText(in: raw, ref: "D5", type: "duration") == "5400")

        #expect(data["A4"] == .boolean(true))
        #expect(data["B4"] == .boolean(false))

        #expect(data["A5"] == .date("2025-02-28"))
        #expect(data["B5"] == .date("2025-02-28T10:30:00"))
        #expect(data["C5"] == .time("10:30:00"))
        #expect(data["D5"] == .duration(5400))
        #expect(data["E5"] == nil)

        // openpyxl writes "a_x000D_b" unescaped; by ECMA-376 (ST_Xstring) that is a, CR, b,
        // which is how Excel and LibreOffice read it too.
        #expect(data["A6"] == .string("a\rb"))
        // xml:space="preserve": leading and trailing spaces kept.
        #expect(data["B6"] == .string("  Hà Nội  "))
        #expect(data["C6"] == .string(" Đầu"))
        #expect(data["D6"] == .string("Cuối "))
        #expect(data["E6"] == .string("dòng 1\ndòng 2"))
        // openpyxl 3.1 writes a carriage return as the reference &#13;, which XML keeps as
        // CR (only a raw CR is turned into LF by end-of-line handling).
        #expect(data["F6"] == .string("a\rb"))
        #expect(data["G6"] == .string("0123"))

        #expect(data["A7"] == .time("10:30:00.250"))
        #expect(data["B7"] == .date("1900-01-01"))
        #expect(data["C7"] == .date("1900-02-28"))
        #expect(data["D7"] == .date("1900-03-01"))

        let appendix = try dump.sheet("Phụ lục 1")
        #expect(appendix.refs == ["A1", "B1", "A2", "B2"])
        #expect(appendix["B1"] == .string("Chỉ số"))
        #expect(appendix["A2"] == .number(1))
        #expect(appendix["B2"] == .string("Tỷ lệ hồ sơ giải quyết đúng hạn"))
        #expect(appendix.merged.isEmpty)
        #expect(try dump.sheet("Ẩn").cellList == [CellEntry("A1", .string("bí mật"))])
        #expect(try dump.sheet("Rất ẩn").cellList == [CellEntry("A1", .number(7))])

        // --sheet picks a sheet by its name with a space and diacritics, hidden ones too.
        let (only, _) = try WriterFixtures.dumpJSON(book, ["--sheet", "Phụ lục 1"])
        #expect(only.sheets.map(\.name) == ["Phụ lục 1"])
        #expect(try only.sheet("Phụ lục 1").cellList == appendix.cellList)
        let (veryHidden, _) = try WriterFixtures.dumpJSON(book, ["--sheet", "Rất ẩn"])
        #expect(veryHidden.sheets.map(\.state) == ["veryHidden"])
    }

    // MARK: - xlsxwriter

    @Test("xlsxwriter: cached formula results, errors, rich strings, escapes, hidden sheets")
    func xlsxwriterWorkbook() throws {
        let folder = try TestSupport.temporaryFolder("baocao-writers")
        defer { try? FileManager.default.removeItem(at: folder) }
        let book = folder.appendingPathComponent("xlsxwriter.xlsx")
        try WriterFixtures.write("xlsxwriter", to: book)

        let (dump, raw) = try WriterFixtures.dumpJSON(book)
        #expect(dump.date1904 == false)
        #expect(dump.sheets.map(\.name) == ["Dữ liệu", "Phụ lục 1", "Ẩn", "Rất ẩn"])
        #expect(dump.sheets.map(\.state) == ["visible", "visible", "hidden", "veryHidden"])

        let data = try dump.sheet("Dữ liệu")
        #expect(data.merged == ["H1:K1"])
        #expect(
            data.refs == [
                "A1", "B1", "C1", "D1", "E1", "H1",
                "A2", "B2", "C2", "D2", "E2", "G2",
                "B3", "C3", "D3", "E3", "G3",
                "B4", "C4", "D4", "E4", "G4",
                "C5", "E5", "G5",
                "C6", "E6",
                "C7",
            ])
        #expect(data["A1"] == .number(1))
        #expect(data["A2"] == .number(2))
        #expect(data["G2"] == .number(3, formula: "SUM(A1:A2)"))
        #expect(data["G3"] == .error("#DIV/0!", formula: "1/0"))
        #expect(data["G4"] == .string("Hà Nội", formula: #""Hà "&"Nội""#))
        #expect(data["G5"] == .boolean(true, formula: "A1>0"))
        #expect(raw.contains(#"{"ref":"G2","type":"number","value":3,"formula":"SUM(A1:A2)"}"#))

        #expect(data["B1"] == .string("Nguyễn Thị Hường"))
        #expect(data["B2"] == .string("Đắk Lắk"))
        #expect(data["B3"] == .string("Sở Tài nguyên và Môi trường"))
        #expect(data["B4"] == .string("Ủy ban nhân dân xã Ỹ Ữ Ự ằ ẫ ậ"))
        #expect(data["B4"]?.value.isNFC == true)
        #expect(data["C1"] == .number(14.86))
        #expect(data["C2"] == .number(87.18))
        #expect(data["C3"] == .number(1e-5))
        #expect(data["C4"] == .number(1_234_567_890_123))
        #expect(data["C5"] == .number(3))
        #expect(data["C6"] == .boolean(true))
        #expect(data["C7"] == .boolean(false))

        #expect(data["D1"] == .date("2025-02-28"))
        #expect(data["D2"] == .date("2025-02-28T10:30:00"))
        #expect(data["D3"] == .time("10:30:00"))
        #expect(data["D4"] == .duration(5400))

        // Rich runs concatenate; the bold run's neighbours keep their spaces.
        #expect(data["E1"] == .string("Điểm tổng cộng"))
        // strings_to_numbers off: numeric-looking text stays text.
        #expect(data["E2"] == .string("0123"))
        #expect(data["E3"] == .string("14.86"))
        // xlsxwriter escapes a literal _x000D_ as _x005F_x000D_ and a real CR as _x000D_.
        #expect(data["E4"] == .string("a_x000D_b"))
        #expect(data["E5"] == .string("a\rb"))
        #expect(data["E6"] == .string("  Hà Nội  "))
        #expect(data["H1"] == .string("Báo cáo kết quả Bộ chỉ số 766 – Tỉnh Thừa Thiên Huế"))

        #expect(try dump.sheet("Phụ lục 1").cellList == [CellEntry("A1", .string("Chỉ số"))])
        #expect(try dump.sheet("Ẩn").cellList == [CellEntry("A1", .string("bí mật"))])
        #expect(try dump.sheet("Rất ẩn").cellList == [CellEntry("A1", .number(7))])
    }

    @Test("xlsxwriter: a 1904 workbook reads the same calendar dates")
    func xlsxwriter1904() throws {
        let folder = try TestSupport.temporaryFolder("baocao-writers")
        defer { try? FileManager.default.removeItem(at: folder) }
        let book = folder.appendingPathComponent("date1904.xlsx")
        try WriterFixtures.write("xlsxwriter1904", to: book)

        let (dump, raw) = try WriterFixtures.dumpJSON(book)
        #expect(dump.date1904 == true)
        #expect(raw.contains(#""date1904":true"#))
        let sheet = try dump.sheet("Sheet1")
        #expect(sheet.refs == ["A1", "A2", "A3", "A4", "A5", "A6", "A7"])
        #expect(sheet["A1"] == .date("2025-02-28"))
        #expect(sheet["A2"] == .date("2025-02-28T10:30:00"))
        #expect(sheet["A3"] == .time("10:30:00"))
        #expect(sheet["A4"] == .duration(5400))
        #expect(sheet["A5"] == .number(45716))
        #expect(sheet["A6"] == .date("1904-01-02"))
        // Serial 0 in the 1904 system is 1904-01-01 and Excel shows it so under dd/mm/yyyy.
        #expect(sheet["A7"] == .date("1904-01-01"))
    }

    // MARK: - LibreOffice

    @Test("LibreOffice: a UTF-8 CSV and an openpyxl workbook converted to xlsx")
    func libreOfficeConversions() throws {
        let soffice = try #require(
            TestProcess.findExecutable("soffice"),
            """
            soffice is not on PATH: these tests need LibreOffice Calc \
            (apt-get install -y libreoffice-calc-nogui; Scripts/test installs it).
            """)
        let folder = try TestSupport.temporaryFolder("baocao-writers")
        defer { try? FileManager.default.removeItem(at: folder) }
        let profile = folder.appendingPathComponent("lo-profile-\(UUID().uuidString)")

        // 1. CSV → xlsx: column 1 text, 2 US-English number, 3 ISO (YMD) date, 4 text.
        let csv = folder.appendingPathComponent("tong-hop.csv")
        try WriterFixtures.write("libreoffice-csv", to: csv)
        let fromCSV = try WriterFixtures.convertWithLibreOffice(
            soffice, csv, to: "xlsx", outputFolder: folder.appendingPathComponent("from-csv"),
            profile: profile, inputFilter: "CSV:44,34,76,1,1/2/2/10/3/5/4/2,1033")
        let (csvDump, _) = try WriterFixtures.dumpJSON(fromCSV)
        #expect(csvDump.sheets.count == 1)
        let sheet = try #require(csvDump.sheets.first)
        #expect(sheet.state == "visible")
        #expect(
            sheet.cellList == [
                CellEntry("A1", .string("Tỉnh")), CellEntry("B1", .string("Điểm")),
                CellEntry("C1", .string("Ngày")), CellEntry("D1", .string("Ghi chú")),
                CellEntry("A2", .string("Thừa Thiên Huế")), CellEntry("B2", .number(14.86)),
                CellEntry("C2", .date("2025-02-28")), CellEntry("D2", .string(#"Đạt, vượt "chỉ tiêu""#)),
                CellEntry("A3", .string("Đắk Lắk")), CellEntry("B3", .number(87.18)),
                CellEntry("C3", .date("2025-03-01")), CellEntry("D3", .string("Ổn định")),
                CellEntry("A4", .string("Tổng")), CellEntry("B4", .number(102.04)),
            ])
        // And back out as CSV, quoting included.
        let csvOut = try TestSupport.baocao(["sheet", "dump", fromCSV.path, "--format", "csv"])
        #expect(csvOut.status == 0, "\(csvOut.stderr)")
        #expect(
            ByteExact(csvOut.stdoutText)
                == ByteExact(
                    """
                    Tỉnh,Điểm,Ngày,Ghi chú
                    Thừa Thiên Huế,14.86,2025-02-28,"Đạt, vượt ""chỉ tiêu\"""
                    Đắk Lắk,87.18,2025-03-01,Ổn định
                    Tổng,102.04,,

                    """.replacingOccurrences(of: "\n", with: "\r\n")))

        // 2. openpyxl's workbook saved again by LibreOffice: it computes and caches the
        // formula openpyxl left without a value, and writes shared strings.
        let source = folder.appendingPathComponent("openpyxl.xlsx")
        try WriterFixtures.write("openpyxl", to: source)
        let resaved = try WriterFixtures.convertWithLibreOffice(
            soffice, source, to: "xlsx:Calc Office Open XML",
            outputFolder: folder.appendingPathComponent("resaved"), profile: profile)
        let (dump, _) = try WriterFixtures.dumpJSON(resaved)
        #expect(dump.sheets.map(\.name) == ["Dữ liệu", "Phụ lục 1", "Ẩn", "Rất ẩn"])
        #expect(dump.sheets.map(\.state).prefix(3) == ["visible", "visible", "hidden"])
        // LibreOffice 7.4 saves veryHidden as hidden; either way it stays out of sight.
        #expect(["hidden", "veryHidden"].contains(dump.sheets.last?.state ?? ""))
        let data = try dump.sheet("Dữ liệu")
        #expect(data.merged == ["A1:K1"])
        #expect(data["A1"] == .string("Báo cáo kết quả Bộ chỉ số 766 – Tỉnh Thừa Thiên Huế"))
        #expect(data["D2"] == .string("Ủy ban nhân dân xã Ỹ Ữ Ự ằ ẫ ậ"))
        #expect(data["B3"] == .number(14.86))
        #expect(data["D3"] == .number(1e-5))
        #expect(data["E3"] == .number(1_234_567_890_123))
        // LibreOffice writes booleans as TRUE()/FALSE() formulas; the value is what counts.
        #expect(data["A4"]?.type == "boolean")
        #expect(data["A4"]?.value == .flag(true))
        #expect(data["B4"]?.value == .flag(false))
        #expect(data["A5"] == .date("2025-02-28"))
        #expect(data["B5"] == .date("2025-02-28T10:30:00"))
        #expect(data["C5"] == .time("10:30:00"))
        #expect(data["D5"] == .duration(5400))
        #expect(data["E5"] == .number(144.04, formula: "SUM(A3:C3)"))
        #expect(data["A6"] == .string("a\rb"))
        #expect(data["B6"] == .string("  Hà Nội  "))
        #expect(data["E6"] == .string("dòng 1\ndòng 2"))
        #expect(try dump.sheet("Phụ lục 1")["B2"] == .string("Tỷ lệ hồ sơ giải quyết đúng hạn"))
    }

    // MARK: - zip64

    @Test("zip64: every entry forced to zip64 reads like the plain package", arguments: ["zip64", "zip64-full"])
    func zip64Package(kind: String) throws {
        let folder = try TestSupport.temporaryFolder("baocao-writers")
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = folder.appendingPathComponent("plain.xlsx")
        try WriterFixtures.write("openpyxl", to: plain)
        let zip64 = folder.appendingPathComponent("\(kind).xlsx")
        try WriterFixtures.write(kind, to: zip64, source: plain)

        // Make sure the fixture really is zip64: the first local header carries 0xFFFFFFFF
        // sizes (the real ones are in its zip64 extra field), and the "full" variant has a
        // zip64 end-of-central-directory record and locator.
        let bytes = [UInt8](try Data(contentsOf: zip64))
        #expect(bytes.count > 30 && Array(bytes[0..<4]) == [0x50, 0x4B, 0x03, 0x04])
        #expect(bytes.count > 30 && Array(bytes[18..<26]) == [UInt8](repeating: 0xFF, count: 8))
        let hasZip64End = bytes.windows(ofCount: 4).contains([0x50, 0x4B, 0x06, 0x06])
        let hasZip64Locator = bytes.windows(ofCount: 4).contains([0x50, 0x4B, 0x06, 0x07])
        #expect(hasZip64End == (kind == "zip64-full"))
        #expect(hasZip64Locator == (kind == "zip64-full"))

        let expected = try WriterFixtures.dumpJSON(plain).dump
        let (dump, _) = try WriterFixtures.dumpJSON(zip64)
        #expect(dump.sheets.count == 4)
        #expect(dump.sheets == expected.sheets)
        let data = try dump.sheet("Dữ liệu")
        #expect(data["D2"] == .string("Ủy ban nhân dân xã Ỹ Ữ Ự ằ ẫ ậ"))
        #expect(data["B3"] == .number(14.86))
        #expect(data["A5"] == .date("2025-02-28"))
        #expect(data.merged == ["A1:K1"])

        let csv = try TestSupport.baocao(["sheet", "dump", zip64.path, "--format", "csv", "--sheet", "Phụ lục 1"])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(ByteExact(csv.stdoutText) == ByteExact("STT,Chỉ số\r\n1,Tỷ lệ hồ sơ giải quyết đúng hạn\r\n"))
    }

    // MARK: - CSV and output files

    @Test("CSV: gaps, RFC 4180 quoting, shortest numbers, ISO dates, --sheet")
    func csvFormat() throws {
        let folder = try TestSupport.temporaryFolder("baocao-writers")
        defer { try? FileManager.default.removeItem(at: folder) }
        let book = folder.appendingPathComponent("bang.xlsx")
        try WriterFixtures.write("csvbook", to: book)

        let first = try TestSupport.baocao(["sheet", "dump", book.path, "--format", "csv"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.isEmpty)
        // Column C and row 3 are empty; rows are padded to the declared A1:D4.
        #expect(ByteExact(first.stdoutText) == ByteExact(WriterFixtures.csvBookFirstSheet))

        let appendix = try TestSupport.baocao(["sheet", "dump", book.path, "--format", "csv", "--sheet", "Phụ lục 1"])
        #expect(appendix.status == 0, "\(appendix.stderr)")
        #expect(ByteExact(appendix.stdoutText) == ByteExact("STT,Chỉ số\r\n1,87.18\r\n"))

        let missing = try TestSupport.baocao(["sheet", "dump", book.path, "--format", "csv", "--sheet", "Phụ lục 9"])
        #expect(missing.status == 2)
        #expect(missing.stdout.isEmpty)
        #expect(missing.stderr.contains("workbook.sheet_not_found"), "\(missing.stderr)")
        #expect(missing.stderr.contains("Phụ lục 9"), "\(missing.stderr)")

        let missingJSON = try TestSupport.baocao(["sheet", "dump", book.path, "--sheet", "Không có"])
        #expect(missingJSON.status == 2)
        #expect(missingJSON.stdout.isEmpty)
        #expect(missingJSON.stderr.contains("workbook.sheet_not_found"), "\(missingJSON.stderr)")
    }

    @Test("-o writes atomically and never over the input")
    func outputFile() throws {
        let folder = try TestSupport.temporaryFolder("baocao-writers")
        defer { try? FileManager.default.removeItem(at: folder) }
        let book = folder.appendingPathComponent("bang.xlsx")
        try WriterFixtures.write("csvbook", to: book)
        let original = try Data(contentsOf: book)
        func listing() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        }

        // CSV to a new file: nothing on stdout, no temporary file left behind.
        let csvFile = folder.appendingPathComponent("ket-qua.csv")
        let csv = try TestSupport.baocao(["sheet", "dump", book.path, "--format", "csv", "-o", csvFile.path])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout.isEmpty)
        #expect(csv.stderr.isEmpty)
        #expect(try listing() == ["bang.xlsx", "ket-qua.csv"])
        #expect(
            ByteExact(try String(contentsOf: csvFile, encoding: .utf8)) == ByteExact(WriterFixtures.csvBookFirstSheet))

        // JSON over an existing file, with the long spelling: replaced whole.
        let jsonFile = folder.appendingPathComponent("ket-qua.json")
        try Data("cũ".utf8).write(to: jsonFile)
        let json = try TestSupport.baocao(["sheet", "dump", book.path, "--output", jsonFile.path])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdout.isEmpty)
        #expect(try listing() == ["bang.xlsx", "ket-qua.csv", "ket-qua.json"])
        let stdoutJSON = try TestSupport.baocao(["sheet", "dump", book.path])
        #expect(try Data(contentsOf: jsonFile) == stdoutJSON.stdout)
        #expect(try DumpedWorkbook(json: Data(contentsOf: jsonFile)).sheets.count == 2)

        // -o naming the input, however spelled: refused with exit 2, input untouched.
        let link = folder.appendingPathComponent("lien-ket.xlsx")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: book)
        for target in [book.path, folder.path + "/./bang.xlsx", link.path] {
            for format in ["csv", "json"] {
                let refused = try TestSupport.baocao(["sheet", "dump", book.path, "--format", format, "-o", target])
                #expect(refused.status == 2, "-o \(target)")
                #expect(refused.stdout.isEmpty)
                #expect(!refused.stderr.isEmpty)
                #expect(try Data(contentsOf: book) == original, "input changed by -o \(target)")
            }
        }
        #expect(try listing() == ["bang.xlsx", "ket-qua.csv", "ket-qua.json", "lien-ket.xlsx"])

        // A failed run (unknown sheet) creates no output file and leaves no temporary.
        let never = folder.appendingPathComponent("khong-co.csv")
        let failed = try TestSupport.baocao([
            "sheet", "dump", book.path, "--format", "csv", "--sheet", "Không có", "-o", never.path,
        ])
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("workbook.sheet_not_found"), "\(failed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: never.path))
        #expect(try listing() == ["bang.xlsx", "ket-qua.csv", "ket-qua.json", "lien-ket.xlsx"])
    }

    // MARK: - Usage

    @Test("usage errors exit 2, --help exits 0")
    func usage() throws {
        let folder = try TestSupport.temporaryFolder("baocao-writers")
        defer { try? FileManager.default.removeItem(at: folder) }
        let book = folder.appendingPathComponent("bang.xlsx")
        try WriterFixtures.write("csvbook", to: book)

        let usageErrors: [[String]] = [
            ["sheet", "dump"],
            ["sheet", "dump", book.path, "--format", "xml"],
            ["sheet", "dump", book.path, "--format"],
            ["sheet", "dump", book.path, "--khong-co"],
            ["sheet", "dump", book.path, book.path],
            ["sheet", "khong-co", book.path],
        ]
        for arguments in usageErrors {
            let outcome = try TestSupport.baocao(arguments)
            #expect(outcome.status == 2, "\(arguments): \(outcome.stderr)")
            #expect(outcome.stdout.isEmpty, "\(arguments)")
            #expect(!outcome.stderr.isEmpty, "\(arguments)")
        }
        let badFormat = try TestSupport.baocao(["sheet", "dump", book.path, "--format", "xml"])
        #expect(badFormat.stderr.contains("xml"))

        let noFile = try TestSupport.baocao(["sheet", "dump", folder.appendingPathComponent("khong-co.xlsx").path])
        #expect(noFile.status == 2)
        #expect(noFile.stdout.isEmpty)

        for arguments in [["--help"], ["sheet", "--help"], ["sheet", "dump", "--help"], ["help", "sheet", "dump"]] {
            let outcome = try TestSupport.baocao(arguments)
            #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
            #expect(!outcome.stdout.isEmpty, "\(arguments)")
        }
        let help = try TestSupport.baocao(["sheet", "dump", "--help"])
        for option in ["--sheet", "--format", "--output"] {
            #expect(help.stdoutText.contains(option), "help lacks \(option)")
        }
    }
}

// MARK: - Fixtures and running

private struct FixtureFailure: Error, CustomStringConvertible {
    var description: String
}

private enum WriterFixtures {
    static let script = TestSupport.repoRoot.appendingPathComponent("Tests/Fixtures/write_workbooks.py")

    /// `csvbook`'s first sheet as CSV.
    // Records end in CR LF; the line break inside the quoted field stays as written (LF).
    static let csvBookFirstSheet =
        "Tỉnh,Điểm,,Ngày\r\n\"Hà Nội, \"\"Thủ đô\"\"\nmới\",14.86,,2025-02-28\r\n,,,\r\nHuế,3,,2025-02-28T10:30:00\r\n"

    /// Runs `write_workbooks.py kind out [source]`.
    static func write(_ kind: String, to out: URL, source: URL? = nil) throws {
        let outcome = try TestProcess.run(
            TestFiles.python,
            [script.path, kind, out.path] + (source.map { [$0.path] } ?? []))
        guard outcome.status == 0, FileManager.default.fileExists(atPath: out.path) else {
            throw FixtureFailure(
                description: """
                    write_workbooks.py \(kind) failed with status \(outcome.status) \
                    (needs openpyxl and xlsxwriter: Scripts/bootstrap installs python3-openpyxl and python3-xlsxwriter into .venv):
                    \(outcome.stderr)
                    """)
        }
    }

    /// `baocao sheet dump FILE ARGS…` as JSON, checked to succeed quietly.
    static func dumpJSON(_ file: URL, _ arguments: [String] = []) throws -> (dump: DumpedWorkbook, raw: String) {
        let outcome = try TestSupport.baocao(["sheet", "dump", file.path] + arguments)
        guard outcome.status == 0 else {
            throw FixtureFailure(
                description: "baocao sheet dump \(file.lastPathComponent) exited \(outcome.status): \(outcome.stderr)")
        }
        #expect(outcome.stderr.isEmpty, "\(outcome.stderr)")
        #expect(outcome.stdoutText.hasSuffix("}\n"))
        return (try DumpedWorkbook(json: outcome.stdout), outcome.stdoutText)
    }

    /// The JSON text of the first cell `ref`'s numeric value in `raw`, as written.
    static func numberText(in raw: String, ref: String, type: String = "number") -> String? {
        let key = #"{"ref":""# + ref + #"","type":""# + type + #"","value":"#
        guard let start = raw.range(of: key)?.upperBound else { return nil }
        return String(raw[start...].prefix { $0 != "," && $0 != "}" })
    }

    /// Converts `input` with LibreOffice headless into `outputFolder` using a private
    /// profile, and returns the converted file.
    static func convertWithLibreOffice(
        _ soffice: URL, _ input: URL, to target: String, outputFolder: URL, profile: URL,
        inputFilter: String? = nil
    ) throws -> URL {
        try FileManager.default.createDirectory(at: outputFolder, withIntermediateDirectories: true)
        var arguments = [
            "300", soffice.path, "-env:UserInstallation=\(profile.absoluteString)", "--headless",
            "--norestore",
        ]
        if let inputFilter { arguments.append("--infilter=\(inputFilter)") }
        arguments += ["--convert-to", target, "--outdir", outputFolder.path, input.path]
        let outcome = try TestProcess.run(URL(fileURLWithPath: "/usr/bin/timeout"), arguments)
        let extensionName = String(target.prefix { $0 != ":" })
        let converted = outputFolder.appendingPathComponent(
            input.deletingPathExtension().lastPathComponent + "." + extensionName)
        guard outcome.status == 0, FileManager.default.fileExists(atPath: converted.path) else {
            throw FixtureFailure(
                description: """
                    soffice --convert-to \(target) \(input.lastPathComponent) failed with status \
                    \(outcome.status): \(outcome.stdoutText) \(outcome.stderr)
                    """)
        }
        return converted
    }
}

// MARK: - The JSON dump, parsed

/// A string compared byte for byte (Swift's `==` would treat NFC and NFD as equal).
private struct ByteExact: Equatable, CustomStringConvertible, ExpressibleByStringLiteral {
    var text: String
    init(_ text: String) { self.text = text }
    init(stringLiteral text: String) { self.text = text }
    static func == (left: Self, right: Self) -> Bool { left.text.utf8.elementsEqual(right.text.utf8) }
    var description: String { text.debugDescription }
}

private enum DumpedValue: Equatable, CustomStringConvertible {
    case text(String)
    case number(Double)
    case flag(Bool)

    static func == (left: Self, right: Self) -> Bool {
        switch (left, right) {
        case (.text(let a), .text(let b)): ByteExact(a) == ByteExact(b)
        case (.number(let a), .number(let b)): a == b
        case (.flag(let a), .flag(let b)): a == b
        default: false
        }
    }

    /// Whether a text value is already in Unicode Normalization Form C.
    var isNFC: Bool {
        guard case .text(let text) = self else { return false }
        return text.precomposedStringWithCanonicalMapping.utf8.elementsEqual(text.utf8)
    }

    var description: String {
        switch self {
        case .text(let text):
            // Spell out decomposed text, which otherwise prints like its NFC twin.
            isNFC
                ? text.debugDescription
                : text.debugDescription + " (not NFC: \(text.unicodeScalars.map { String($0.value, radix: 16) }))"
        case .number(let number): "\(number)"
        case .flag(let flag): "\(flag)"
        }
    }
}

private struct DumpedCell: Equatable, CustomStringConvertible {
    var type: String
    var value: DumpedValue
    var formula: String?

    static func == (left: Self, right: Self) -> Bool {
        left.type == right.type && left.value == right.value
            && left.formula.map { ByteExact($0) } == right.formula.map { ByteExact($0) }
    }

    static func string(_ text: String, formula: String? = nil) -> Self {
        Self(type: "string", value: .text(text), formula: formula)
    }
    static func number(_ number: Double, formula: String? = nil) -> Self {
        Self(type: "number", value: .number(number), formula: formula)
    }
    static func boolean(_ flag: Bool, formula: String? = nil) -> Self {
        Self(type: "boolean", value: .flag(flag), formula: formula)
    }
    static func error(_ text: String, formula: String? = nil) -> Self {
        Self(type: "error", value: .text(text), formula: formula)
    }
    static func date(_ iso: String) -> Self { Self(type: "date", value: .text(iso)) }
    static func time(_ iso: String) -> Self { Self(type: "time", value: .text(iso)) }
    static func duration(_ seconds: Double) -> Self { Self(type: "duration", value: .number(seconds)) }

    var description: String {
        "\(type) \(value)" + (formula.map { " =\($0.debugDescription)" } ?? "")
    }
}

private struct CellEntry: Equatable, CustomStringConvertible {
    var ref: String
    var cell: DumpedCell
    init(_ ref: String, _ cell: DumpedCell) {
        self.ref = ref
        self.cell = cell
    }
    var description: String { "\(ref): \(cell)" }
}

private struct DumpedSheet: Equatable {
    var name: String
    var state: String
    var cellList: [CellEntry]
    var merged: [String]

    var refs: [String] { cellList.map(\.ref) }

    subscript(ref: String) -> DumpedCell? {
        cellList.first { $0.ref == ref }?.cell
    }

    static func == (left: Self, right: Self) -> Bool {
        ByteExact(left.name) == ByteExact(right.name) && left.state == right.state
            && left.cellList == right.cellList && left.merged == right.merged
    }
}

private struct DumpedWorkbook {
    var file: String
    var date1904: Bool
    var sheets: [DumpedSheet]

    init(json data: Data) throws {
        func fail(_ what: String) -> FixtureFailure {
            FixtureFailure(
                description: "unexpected dump JSON (\(what)): \(String(decoding: data.prefix(400), as: UTF8.self))")
        }
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let file = root["file"] as? String, let date1904 = root["date1904"] as? Bool,
            let sheets = root["sheets"] as? [[String: Any]]
        else { throw fail("root") }
        self.file = file
        self.date1904 = date1904
        self.sheets = try sheets.map { sheet in
            guard let name = sheet["name"] as? String, let state = sheet["state"] as? String,
                let cells = sheet["cells"] as? [[String: Any]], let merged = sheet["merged"] as? [String]
            else { throw fail("sheet") }
            let list = try cells.map { cell -> CellEntry in
                guard let ref = cell["ref"] as? String, let type = cell["type"] as? String,
                    let raw = cell["value"]
                else { throw fail("cell") }
                let value: DumpedValue
                switch type {
                case "number", "duration":
                    guard let number = (raw as? NSNumber)?.doubleValue ?? (raw as? Double) else {
                        throw fail("\(ref) number")
                    }
                    value = .number(number)
                case "boolean":
                    guard let flag = raw as? Bool else { throw fail("\(ref) boolean") }
                    value = .flag(flag)
                default:
                    guard let text = raw as? String else { throw fail("\(ref) text") }
                    value = .text(text)
                }
                let formula: String?
                if let present = cell["formula"] {
                    guard let text = present as? String else { throw fail("\(ref) formula") }
                    formula = text
                } else {
                    formula = nil
                }
                guard Set(cell.keys).isSubset(of: ["ref", "type", "value", "formula"]) else {
                    throw fail("\(ref) keys \(cell.keys.sorted())")
                }
                return CellEntry(ref, DumpedCell(type: type, value: value, formula: formula))
            }
            return DumpedSheet(name: name, state: state, cellList: list, merged: merged)
        }
    }

    /// The sheet named exactly `name` (byte for byte).
    func sheet(_ name: String) throws -> DumpedSheet {
        guard let sheet = sheets.first(where: { ByteExact($0.name) == ByteExact(name) }) else {
            throw FixtureFailure(description: "no sheet \(name.debugDescription) in \(sheets.map(\.name))")
        }
        return sheet
    }
}

extension Array where Element: Equatable {
    /// Consecutive slices of `count` elements (a tiny stand-in for swift-algorithms).
    fileprivate func windows(ofCount count: Int) -> [ArraySlice<Element>] {
        guard self.count >= count else { return [] }
        return (0...(self.count - count)).map { self[$0..<($0 + count)] }
    }
}
