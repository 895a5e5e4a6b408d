import Foundation
import Testing

/// `baocao validate` over the bundled samples: the clean months read with no problem and
/// the reference figures; each broken sample gives exactly its diagnostic at its cell.
@Suite struct ValidateCommandTests {
    static let samples = TestSupport.repoRoot.appendingPathComponent("Samples")

    struct Expected: Sendable, CustomStringConvertible {
        var file: String
        var rule: String
        var severity: String
        var sheet: String?
        var cell: String?
        var description: String { file }
    }

    /// The table in `Samples/broken/README.md`, which `Scripts/make-samples` writes beside
    /// the workbooks.
    static let broken: [Expected] = {
        let text = (try? String(contentsOf: samples.appendingPathComponent("broken/README.md"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line -> Expected? in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "") }
            guard cells.count > 6, cells[1].hasSuffix(".xlsx") else { return nil }
            return Expected(
                file: cells[1], rule: cells[2], severity: cells[3], sheet: cells[4] == "—" ? nil : cells[4],
                cell: cells[5] == "—" ? nil : cells[5])
        }
    }()

    static func validate(_ path: String, _ extra: [String] = []) throws -> (Int32, [String: Any]) {
        let run = try TestSupport.baocao(["validate", path, "--format", "json"] + extra)
        let object = try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any] ?? [:]
        return (run.status, object)
    }

    @Test func theBrokenSamplesAreAllListed() {
        #expect(Self.broken.count >= 14)
        let rules = Set(Self.broken.map(\.rule))
        for rule in [
            "score.out_of_range", "value.not_numeric", "value.missing", "total.mismatch", "band.mismatch",
            "rank.mismatch", "unit.duplicate", "unit.unknown", "unit.missing", "header.missing_column",
            "table.not_found", "period.missing", "period.mismatch", "text.legacy_encoding",
        ] {
            #expect(rules.contains(rule), "no broken sample for \(rule)")
        }
    }

    @Test(arguments: broken)
    func eachBrokenSampleGivesExactlyItsDiagnostic(_ expected: Expected) throws {
        let path = Self.samples.appendingPathComponent("broken/\(expected.file)").path
        // The mismatch sample's title says March; the data are February's.
        let extra = expected.rule == "period.mismatch" ? ["--period", "2025-02"] : []
        let (status, report) = try Self.validate(path, extra)
        let diagnostics = report["diagnostics"] as? [[String: Any]] ?? []
        #expect(diagnostics.count == 1, "\(diagnostics)")
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic["rule"] as? String == expected.rule)
        #expect(diagnostic["severity"] as? String == expected.severity)
        #expect(diagnostic["sheet"] as? String == expected.sheet)
        #expect(diagnostic["cell"] as? String == expected.cell)
        let message = diagnostic["message"] as? String ?? ""
        #expect(!message.isEmpty && message == message.precomposedStringWithCanonicalMapping)
        #expect(status == (expected.severity == "error" ? 1 : 0))
    }

    @Test(arguments: [
        ("phu-luc-1-2025-01.xlsx", 1, 80.11), ("phu-luc-1-2025-02.xlsx", 2, 87.18),
        ("layouts/a-viet-tat-2025-02.xlsx", 2, 87.18), ("layouts/b-openpyxl-nfd-2025-02.xlsx", 2, 87.18),
        ("layouts/c-libreoffice-2025-02.xlsx", 2, 87.18), ("layouts/d-diem-toi-da-2025-02.xlsx", 2, 87.18),
        ("layouts/e-so-cot-openpyxl-2025-02.xlsx", 2, 87.18), ("layouts/f-ba-dong-tieu-de-2025-02.xlsx", 2, 87.18),
        ("layouts/g-khong-gop-openpyxl-2025-02.xlsx", 2, 87.18),
    ])
    func cleanAppendicesReadWithoutProblems(file: String, month: Int, total: Double) throws {
        let (status, report) = try Self.validate(Self.samples.appendingPathComponent(file).path)
        #expect(status == 0)
        #expect((report["diagnostics"] as? [Any])?.isEmpty == true, "\(report["diagnostics"] ?? "")")
        #expect(report["units"] as? Int == 19)
        let period = report["period"] as? [String: Any]
        #expect(period?["year"] as? Int == 2025)
        #expect(period?["month"] as? Int == month)
        let district = report["district"] as? [String: Any]
        #expect(district?["name"] as? String == "Phú Tân")
        #expect(district?["total"] as? Double == total)
        #expect(district?["rank"] as? Int == 2)
        #expect(district?["of"] as? Int == 11)
        #expect(district?["band"] as? String == "TỐT")
    }

    @Test func textOutputNamesTheCellAsExcelQuotesIt() throws {
        let run = try TestSupport.baocao([
            "validate", Self.samples.appendingPathComponent("broken/total.mismatch.xlsx").path,
        ])
        #expect(run.status == 1)
        #expect(run.stdoutText.contains("'Phụ lục 1'!I8"))
        #expect(run.stdoutText.contains("[total.mismatch]"))
    }

    @Test func unreadableFilesAndBadUsageExitWithTwo() throws {
        let missing = try TestSupport.baocao(["validate", "/nonexistent/phu-luc.xlsx"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("[file.not_found]"))
        let badPeriod = try TestSupport.baocao([
            "validate", Self.samples.appendingPathComponent("phu-luc-1-2025-02.xlsx").path, "--period", "2025-2",
        ])
        #expect(badPeriod.status == 2)
    }
}

extension ValidateCommandTests {
    /// "Phó An" is TCVN3 for "Phú An" but also valid Unicode: only the roster can tell.
    @Test func shortLegacyNamesAreReadThroughTheRoster() throws {
        let folder = try TestSupport.temporaryFolder("baocao-validate")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("ngan-2025-02.xlsx").path
        let writer = """
            import sys, xlsxwriter
            wb = xlsxwriter.Workbook(sys.argv[1]); ws = wb.add_worksheet("Phụ lục 1")
            ws.write(0, 0, "KẾT QUẢ THÁNG 02 NĂM 2025")
            for i, h in enumerate(["STT", "Đơn vị", "CKMB", "TĐGQ", "DVCTT", "TTTT", "MĐHL", "SHHS", "Tổng điểm"]):
                ws.write(2, i, h)
            for r, (name, scores) in enumerate([("Phó Long", [16, 18, 10, 8, 16, 17]), ("Phó An", [16, 18, 10, 8, 16, 16])]):
                ws.write(3 + r, 0, r + 1); ws.write(3 + r, 1, name)
                for j, v in enumerate(scores): ws.write(3 + r, 2 + j, v)
                ws.write(3 + r, 8, sum(scores))
            wb.close()
            """
        let written = try TestSupport.python(writer, [path])
        #expect(written.status == 0, "\(written.stderr)")
        let (_, report) = try Self.validate(path)
        let legacy = (report["diagnostics"] as? [[String: Any]] ?? []).filter {
            $0["rule"] as? String == "text.legacy_encoding"
        }
        #expect(legacy.map { $0["cell"] as? String } == ["B4", "B5"])
        #expect(legacy.allSatisfy { $0["severity"] as? String == "warning" })
        #expect((legacy.first?["message"] as? String)?.contains("Phú Long") == true)
        let unknown = (report["diagnostics"] as? [[String: Any]] ?? []).filter {
            $0["rule"] as? String == "unit.unknown"
        }
        #expect(unknown.isEmpty)
    }

    /// A maximum that the header states, in a row of maxima or beside a group's name,
    /// differs from the index's: a warning at that cell, and the scores are still checked
    /// against the index.
    @Test(arguments: [
        ("layouts/d-diem-toi-da-2025-02.xlsx", "C6", "20", "20"),
        ("layouts/f-ba-dong-tieu-de-2025-02.xlsx", "C7", "Công khai, minh bạch\n(20 điểm)", "20"),
        ("layouts/g-khong-gop-openpyxl-2025-02.xlsx", "I7", "90 điểm", "90"),
    ])
    func aStatedMaximumThatDiffersIsReportedAtItsCell(file: String, cell: String, text: String, shown: String) throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let changed = folder.appendingPathComponent("phu-luc-2025-02.xlsx")
        let script = """
            import sys, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            sheet = book["Phụ lục 1"]
            value = sys.argv[3]
            sheet[sys.argv[2]] = int(value) if value.isdigit() else value
            book.save(sys.argv[4])
            """
        let made = try TestSupport.python(
            script, [Self.samples.appendingPathComponent(file).path, cell, text, changed.path])
        #expect(made.status == 0, "\(made.stderr)")
        let (status, report) = try Self.validate(changed.path)
        // openpyxl keeps no formula results: the totals' warning comes with its copy.
        let diagnostics = (report["diagnostics"] as? [[String: Any]] ?? []).filter {
            $0["rule"] as? String != "value.formula_uncalculated"
        }
        #expect(status == 0, "a warning, not an error: \(diagnostics)")
        #expect(diagnostics.count == 1, "\(diagnostics)")
        let warning = try #require(diagnostics.first)
        #expect(warning["rule"] as? String == "header.maximum_mismatch")
        #expect(warning["severity"] as? String == "warning")
        #expect(warning["sheet"] as? String == "Phụ lục 1")
        #expect(warning["cell"] as? String == cell)
        #expect((warning["message"] as? String)?.contains(" là \(shown) ") == true, "\(warning)")
        #expect(report["units"] as? Int == 19)
    }

}
