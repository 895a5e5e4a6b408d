import Foundation
import TestKit
import Testing

/// Every form offices send, end to end: `Samples/forms/` (the month-02 appendix written by
/// LibreOffice, Python and a one-stop-shop style export) through `validate`, `convert` and
/// `batch`; the bytes decide the form, not the name; and what LibreOffice cannot or must
/// not do ends in a code.
@Suite(.serialized) struct AppendixFormsTests {
    static let forms = TestSupport.repoRoot.appendingPathComponent("Samples/forms")

    struct Form: Sendable, CustomTestStringConvertible {
        var file: String
        /// Whether the file holds the province's ranking (text forms hold one sheet).
        var hasRanking: Bool
        var needsLibreOffice = false
        var testDescription: String { file }
    }

    static let all: [Form] = [
        Form(file: "phu-luc-1-2025-02.xls", hasRanking: true, needsLibreOffice: true),
        Form(file: "phu-luc-1-2025-02.ods", hasRanking: true, needsLibreOffice: true),
        Form(file: "phu-luc-1-2025-02.html", hasRanking: true),
        Form(file: "phu-luc-1-2025-02-mot-cua.xls", hasRanking: true),
        Form(file: "phu-luc-1-2025-02.csv", hasRanking: false),
        Form(file: "phu-luc-1-2025-02-cham-phay.csv", hasRanking: false),
        Form(file: "phu-luc-1-2025-02-unicode.txt", hasRanking: false),
    ]

    static var libreOffice: Bool {
        ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/lib/libreoffice/program/soffice"].contains {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    @Test(arguments: all)
    func eachFormValidatesClean(_ form: Form) throws {
        if form.needsLibreOffice && !Self.libreOffice { return }
        let run = try TestSupport.baocao(
            ["validate", Self.forms.appendingPathComponent(form.file).path, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
        #expect(run.status == 0, "\(report["diagnostics"] ?? report["failure"] ?? "") \(run.stderr)")
        #expect((report["diagnostics"] as? [Any])?.isEmpty == true, "\(report["diagnostics"] ?? "")")
        #expect(report["units"] as? Int == 19)
        let period = report["period"] as? [String: Any]
        #expect(period?["month"] as? Int == 2)
        let district = report["district"] as? [String: Any]
        if form.hasRanking {
            #expect(district?["total"] as? Double == 87.18, "\(district ?? [:])")
            #expect(district?["rank"] as? Int == 2)
        } else {
            #expect(district == nil)
        }
    }

    /// A problem is placed in the form's own terms: an HTML export's table and cell, a
    /// text file's sheet (its name) and cell, a converted `.xls`'s own sheet and cell.
    @Test func problemsAreAtTheOriginalsPlaces() throws {
        let folder = try TestSupport.temporaryFolder("baocao-forms")
        defer { try? FileManager.default.removeItem(at: folder) }
        // One score made too large in three forms.
        let html = try String(
            contentsOf: Self.forms.appendingPathComponent("phu-luc-1-2025-02-mot-cua.xls"), encoding: .utf8)
        let badHTML = folder.appendingPathComponent("mot-cua-2025-02.xls")
        try html.replacingOccurrences(of: "<td class=\"num\">17.62</td>", with: "<td class=\"num\">19.62</td>")
            .write(to: badHTML, atomically: true, encoding: .utf8)
        let csv = try String(
            contentsOf: Self.forms.appendingPathComponent("phu-luc-1-2025-02-cham-phay.csv"), encoding: .utf8)
        let badCSV = folder.appendingPathComponent("phu-luc-2025-02.csv")
        try csv.replacingOccurrences(of: ";17,62;", with: ";19,62;").write(
            to: badCSV, atomically: true, encoding: .utf8)
        var cases: [(URL, String, String)] = [(badHTML, "Bảng 1", "C3"), (badCSV, "phu-luc-2025-02", "C6")]
        if Self.libreOffice {
            let badXLS = folder.appendingPathComponent("phu-luc-2025-02.xls")
            let made = try TestSupport.python(
                """
                import sys, subprocess, shutil, tempfile, openpyxl, os
                book = openpyxl.load_workbook(sys.argv[1])
                book["Phụ lục 1"]["C7"] = 19.62
                folder = tempfile.mkdtemp()
                book.save(os.path.join(folder, "in.xlsx"))
                subprocess.run(["soffice", "-env:UserInstallation=file://" + folder + "/profile", "--headless",
                    "--convert-to", "xls", "--outdir", folder, os.path.join(folder, "in.xlsx")], check=True,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                shutil.move(os.path.join(folder, "in.xls"), sys.argv[2])
                shutil.rmtree(folder)
                """,
                [TestSupport.repoRoot.appendingPathComponent("Samples/phu-luc-1-2025-02.xlsx").path, badXLS.path])
            #expect(made.status == 0, "\(made.stderr)")
            cases.append((badXLS, "Phụ lục 1", "C7"))
        }
        for (file, sheet, cell) in cases {
            let run = try TestSupport.baocao(["validate", file.path, "--format", "json"])
            #expect(run.status == 1, "\(file.lastPathComponent): \(run.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
            let problems = (report["diagnostics"] as? [[String: Any]]) ?? []
            #expect(
                problems.contains {
                    $0["rule"] as? String == "score.out_of_range" && $0["sheet"] as? String == sheet
                        && $0["cell"] as? String == cell
                }, "\(file.lastPathComponent): \(problems)")
        }
    }

    @Test func aFolderOfFormsConvertsInOneBatch() throws {
        let folder = try TestSupport.temporaryFolder("baocao-forms")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for form in Self.all where form.hasRanking && (!form.needsLibreOffice || Self.libreOffice) {
            // One month per file, so that each is its own draft.
            try FileManager.default.copyItem(
                at: Self.forms.appendingPathComponent(form.file),
                to: input.appendingPathComponent(
                    form.file.replacingOccurrences(of: "2025-02", with: "2025-02-\(form.file.count)")))
        }
        let out = folder.appendingPathComponent("out")
        let run = try TestSupport.baocao(
            [
                "batch", input.path, "--out", out.path, "--quiet", "--store",
                folder.appendingPathComponent("h.sqlite").path,
            ])
        #expect(run.status == 0, "\(run.stderr) \(String(decoding: run.stdout, as: UTF8.self))")
        let drafts = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".docx") }
        #expect(drafts.count == Self.all.filter { $0.hasRanking && (!$0.needsLibreOffice || Self.libreOffice) }.count)
        DocumentChecks.expectValid(drafts.map { out.appendingPathComponent($0) })
    }

    @Test func withoutLibreOfficeALegacyWorkbookSaysWhatToDo() throws {
        let run = try TestSupport.baocao(
            ["validate", Self.forms.appendingPathComponent("phu-luc-1-2025-02.ods").path],
            environment: ["BAOCAO_SOFFICE": ""])
        #expect(run.status == 2)
        #expect(run.stderr.contains("[form.libreoffice_missing]"), "\(run.stderr)")
        #expect(run.stderr.contains("apt-get install libreoffice-calc-nogui"))
        #expect(run.stderr.contains("lưu lại dạng .xlsx"))
    }

    /// An `.xls` that LibreOffice hangs on (a stand-in that never finishes): stopped at the
    /// time limit with its children, refused with `limit.time`.
    @Test func aConversionThatHangsIsStoppedAtTheTimeLimit() throws {
        let folder = try TestSupport.temporaryFolder("baocao-forms")
        defer { try? FileManager.default.removeItem(at: folder) }
        let soffice = folder.appendingPathComponent("soffice")
        try "#!/bin/sh\nsleep 60 &\nwait\n".write(to: soffice, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: soffice.path)
        let started = Date()
        let run = try TestSupport.baocao(
            ["validate", Self.forms.appendingPathComponent("phu-luc-1-2025-02.xls").path, "--timeout", "2"],
            environment: ["BAOCAO_SOFFICE": soffice.path])
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(run.status == 2)
        #expect(run.stderr.contains("[limit.time]"), "\(run.stderr)")
    }

    @Test func theBytesDecideNotTheName() throws {
        let folder = try TestSupport.temporaryFolder("baocao-forms")
        defer { try? FileManager.default.removeItem(at: folder) }
        // An XLSX named .csv, an HTML export named .xlsx: each read as what it is.
        let xlsx = folder.appendingPathComponent("phu-luc-1-2025-02.csv")
        try FileManager.default.copyItem(
            at: TestSupport.repoRoot.appendingPathComponent("Samples/phu-luc-1-2025-02.xlsx"), to: xlsx)
        let html = folder.appendingPathComponent("phu-luc-1-2025-02.xlsx")
        try FileManager.default.copyItem(
            at: Self.forms.appendingPathComponent("phu-luc-1-2025-02-mot-cua.xls"), to: html)
        for file in [xlsx, html] {
            let run = try TestSupport.baocao(["validate", file.path, "--format", "json"])
            #expect(run.status == 0, "\(file.lastPathComponent): \(run.stderr)")
            let report = try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any]
            #expect(report?["units"] as? Int == 19)
        }
    }
}
