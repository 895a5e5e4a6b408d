import Foundation
import TestKit
import Testing

/// `baocao batch` end to end: a mixed folder, the summary, exit codes, re-runs, and a year
/// of months given out of order.
@Suite struct BatchCommandTests {
    static let samples = TestSupport.repoRoot.appendingPathComponent("Samples")

    static func batch(_ arguments: [String], in folder: URL) throws -> ProcessOutcome {
        try TestProcess.run(
            TestSupport.binary,
            ["batch"] + arguments + ["--out", "out", "--store", folder.appendingPathComponent("history.sqlite").path],
            currentDirectory: folder)
    }

    static func summary(in folder: URL) throws -> (counts: [String: Int], files: [[String: Any]]) {
        let data = try Data(contentsOf: folder.appendingPathComponent("out/summary.json"))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        return (object["counts"] as? [String: Int] ?? [:], object["files"] as? [[String: Any]] ?? [])
    }

    @Test func aMixedFolderConvertsWhatItCanAndSaysWhatHappened() throws {
        let folder = try TestSupport.temporaryFolder("baocao-batch")
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = folder.appendingPathComponent("phu-luc")
        try FileManager.default.createDirectory(
            at: inputs.appendingPathComponent("khac"), withIntermediateDirectories: true)
        for name in ["phu-luc-1-2025-01.xlsx", "phu-luc-1-2025-02.xlsx"] {
            try FileManager.default.copyItem(
                at: Self.samples.appendingPathComponent(name), to: inputs.appendingPathComponent(name))
        }
        try FileManager.default.copyItem(
            at: Self.samples.appendingPathComponent("phu-luc-1-2025-02.xlsx"),
            to: inputs.appendingPathComponent("khac/phu-luc-1-2025-02.xlsx"))
        try FileManager.default.copyItem(
            at: Self.samples.appendingPathComponent("broken/rank.mismatch.xlsx"),
            to: inputs.appendingPathComponent("rank.mismatch.xlsx"))
        try Data("không phải bảng tính".utf8).write(to: inputs.appendingPathComponent("hong.xlsx"))
        try Data("lock".utf8).write(to: inputs.appendingPathComponent("~$phu-luc-1-2025-02.xlsx"))
        try Data("ghi chú".utf8).write(to: inputs.appendingPathComponent("ghi-chu.txt"))

        let first = try Self.batch(["phu-luc", "--quiet"], in: folder)
        #expect(first.status == 2, "an unreadable input makes the exit code 2: \(first.stderr)")
        let (counts, files) = try Self.summary(in: folder)
        #expect(counts["converted"] == 3)
        #expect(counts["invalid"] == 1)
        #expect(counts["unreadable"] == 1)
        #expect(files.count == 5, "the lock file and the .txt are not inputs")
        let byInput = Dictionary(uniqueKeysWithValues: files.map { ($0["file"] as! String, $0) })
        let invalid = try #require(byInput["phu-luc/rank.mismatch.xlsx"])
        #expect(invalid["verdict"] as? String == "invalid")
        #expect(invalid["period"] as? [String: Int] == ["year": 2025, "month": 2])
        let problem = try #require((invalid["diagnostics"] as? [[String: Any]])?.first)
        #expect(problem["rule"] as? String == "rank.mismatch")
        #expect(problem["sheet"] as? String == "Phụ lục 1")
        #expect(problem["cell"] as? String == "K17")
        let unreadable = try #require(byInput["phu-luc/hong.xlsx"])
        #expect((unreadable["failure"] as? [String: Any])?["code"] as? String == "package.not_zip")
        // Two inputs named alike: the folder's name tells their drafts apart.
        let drafts = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path)
        #expect(
            Set(drafts).isSuperset(of: [
                "phu-luc-phu-luc-1-2025-02.docx", "khac-phu-luc-1-2025-02.docx", "phu-luc-1-2025-01.docx",
            ]))
        #expect(!drafts.contains { $0.contains(".tmp") || $0.hasPrefix(".phu") }, "no temporary file left: \(drafts)")
        DocumentChecks.expectValid(
            drafts.filter { $0.hasSuffix(".docx") }.map { folder.appendingPathComponent("out/\($0)") })
        let csv = try String(contentsOf: folder.appendingPathComponent("out/summary.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("input,period,verdict,draft,errors,warnings,severity,rule,sheet,cell,message\r\n"))
        #expect(csv.contains("phu-luc/rank.mismatch.xlsx,2025-02,invalid,,1,0,error,rank.mismatch,Phụ lục 1,K17,"))
        #expect(csv.contains("phu-luc/hong.xlsx,,unreadable,,0,0,error,package.not_zip,,,"))

        // A re-run converts only what changed.
        let again = try Self.batch(["phu-luc", "--quiet"], in: folder)
        #expect(again.status == 2)
        #expect(try Self.summary(in: folder).counts["unchanged"] == 3)
        let forced = try Self.batch(["phu-luc", "--quiet", "--all"], in: folder)
        #expect(forced.status == 2)
        #expect(try Self.summary(in: folder).counts["converted"] == 3)

        // A changed input converts again, the others stay: other content, then only a new time.
        let changed = inputs.appendingPathComponent("khac/phu-luc-1-2025-02.xlsx")
        try FileManager.default.removeItem(at: changed)
        try FileManager.default.copyItem(at: Self.samples.appendingPathComponent("phu-luc-1-2025-01.xlsx"), to: changed)
        _ = try Self.batch(["phu-luc", "--quiet"], in: folder)
        var rerun = try Self.summary(in: folder).counts
        #expect(rerun["converted"] == 1 && rerun["unchanged"] == 2, "\(rerun)")
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: changed.path)
        _ = try Self.batch(["phu-luc", "--quiet"], in: folder)
        rerun = try Self.summary(in: folder).counts
        #expect(rerun["converted"] == 1 && rerun["unchanged"] == 2, "\(rerun)")

        // Only validation problems left: exit 1.
        try FileManager.default.removeItem(at: inputs.appendingPathComponent("hong.xlsx"))
        #expect(try Self.batch(["phu-luc", "--quiet"], in: folder).status == 1)
    }

    @Test func aYearGivenOutOfOrderComesOutAsInOrder() throws {
        let folder = try TestSupport.temporaryFolder("baocao-batch")
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = folder.appendingPathComponent("nam-2025")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        // Twelve months: the month-02 sample with its titles changed.
        let writer = """
            import sys, openpyxl
            source, target = sys.argv[1], sys.argv[2]
            for month in range(1, 13):
                book = openpyxl.load_workbook(source)
                for sheet in book.worksheets:
                    for row in sheet.iter_rows(max_row=4):
                        for cell in row:
                            if isinstance(cell.value, str) and "THÁNG 02" in cell.value:
                                cell.value = cell.value.replace("THÁNG 02", "THÁNG %02d" % month)
                book.save("%s/phu-luc-1-2025-%02d.xlsx" % (target, month))
            """
        let made = try TestSupport.python(
            writer, [Self.samples.appendingPathComponent("phu-luc-1-2025-02.xlsx").path, inputs.path])
        #expect(made.status == 0, "\(made.stderr)")
        let order = [7, 12, 1, 5, 3, 9, 2, 11, 4, 8, 6, 10].map {
            inputs.appendingPathComponent(String(format: "phu-luc-1-2025-%02d.xlsx", $0)).path
        }
        let run = try Self.batch(order + ["--quiet", "--jobs", "2"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.summary(in: folder).counts["converted"] == 12)
        // December's draft lists the twelve months of the history, January first.
        let december = try TestProcess.run(
            URL(fileURLWithPath: "/usr/bin/unzip"),
            ["-p", folder.appendingPathComponent("out/phu-luc-1-2025-12.docx").path, "word/document.xml"])
        let text = december.stdoutText
        var position = text.startIndex
        for month in 1...12 {
            let cell = String(format: ">%02d<", month)
            let found = try #require(
                text.range(of: cell, range: position..<text.endIndex), "month \(month) missing or out of order")
            position = found.upperBound
        }
        // And the July draft stops at July.
        let july = try TestProcess.run(
            URL(fileURLWithPath: "/usr/bin/unzip"),
            ["-p", folder.appendingPathComponent("out/phu-luc-1-2025-07.docx").path, "word/document.xml"])
        #expect(july.stdoutText.contains(">07<"))
        #expect(!july.stdoutText.contains(">08<"))
    }
}

extension BatchCommandTests {
    /// Ctrl-C: what runs finishes, nothing new starts, no half-written file is left.
    @Test func anInterruptedBatchLeavesNoPartialFiles() throws {
        let folder = try TestSupport.temporaryFolder("baocao-batch")
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = folder.appendingPathComponent("nhieu")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        for index in 1...40 {
            try FileManager.default.copyItem(
                at: Self.samples.appendingPathComponent("phu-luc-1-2025-02.xlsx"),
                to: inputs.appendingPathComponent("don-vi-\(index)-2025-02.xlsx"))
        }
        let process = Process()
        process.executableURL = TestSupport.binary
        process.arguments = [
            "batch", "nhieu", "--out", "out", "--quiet", "--jobs", "1", "--store",
            folder.appendingPathComponent("history.sqlite").path,
        ]
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Interrupt once drafts are being rendered (into staging files beside their outputs,
        // so the handler is surely installed, however slow the machine), not after a fixed wait.
        let out = folder.appendingPathComponent("out").path
        let giveUp = ContinuousClock.now + .seconds(120)
        while process.isRunning, ContinuousClock.now < giveUp {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
            if names.contains(where: { $0.hasSuffix(".docx") || $0.contains(".docx.baocao-") }) { break }
            usleep(5_000)
        }
        process.interrupt()  // SIGINT, as Ctrl-C sends
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "killed by a signal instead of stopping cleanly")
        #expect([0, 130].contains(process.terminationStatus))
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path)
        #expect(written.contains("summary.json"))
        // Every draft is whole: no temporary names, and each opens as a package.
        for name in written {
            #expect(
                name.hasSuffix(".docx") || name.hasPrefix("summary.") || name == ".baocao-batch.json",
                "left over: \(name)")
        }
        for name in written where name.hasSuffix(".docx") {
            let check = try TestProcess.run(
                URL(fileURLWithPath: "/usr/bin/unzip"), ["-tq", folder.appendingPathComponent("out/\(name)").path])
            #expect(check.status == 0, "\(name) is not a whole package")
        }
        DocumentChecks.expectValid(
            written.filter { $0.hasSuffix(".docx") }.map { folder.appendingPathComponent("out/\($0)") })
        if process.terminationStatus == 130 {
            let summary = try Self.summary(in: folder)
            #expect((summary.counts["cancelled"] ?? 0) > 0)
        }
    }

    /// The month-02 sample retitled as `month` and saved as `target` (openpyxl).
    static func retitled(_ month: Int, to target: URL) throws {
        let script = """
            import sys, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            for sheet in book.worksheets:
                for row in sheet.iter_rows(max_row=4):
                    for cell in row:
                        if isinstance(cell.value, str) and "THÁNG 02" in cell.value:
                            cell.value = cell.value.replace("THÁNG 02", "THÁNG %02d" % int(sys.argv[3]))
            book.save(sys.argv[2])
            """
        let made = try TestSupport.python(
            script, [Self.samples.appendingPathComponent("phu-luc-1-2025-02.xlsx").path, target.path, String(month)])
        #expect(made.status == 0, "\(made.stderr)")
    }

    @Test func correctingJanuaryUpdatesFebruarysMonthTable() throws {
        let folder = try TestSupport.temporaryFolder("baocao-batch")
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = folder.appendingPathComponent("phu-luc")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        for month in ["01", "02"] {
            try FileManager.default.copyItem(
                at: Self.samples.appendingPathComponent("phu-luc-1-2025-\(month).xlsx"),
                to: inputs.appendingPathComponent("phu-luc-1-2025-\(month).xlsx"))
        }
        #expect(try Self.batch(["phu-luc", "--quiet"], in: folder).status == 0)
        let february = folder.appendingPathComponent("out/phu-luc-1-2025-02.docx")
        #expect(try DraftText.of(february).contains("80.11"), "January's first total is in February's table")

        // January is corrected (another total: 87.18); February's appendix is untouched.
        let january = inputs.appendingPathComponent("phu-luc-1-2025-01.xlsx")
        try FileManager.default.removeItem(at: january)
        try Self.retitled(1, to: january)
        let rerun = try Self.batch(["phu-luc", "--quiet"], in: folder)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let (counts, files) = try Self.summary(in: folder)
        #expect(counts["converted"] == 2, "February is converted again: \(counts)")
        let byFile = Dictionary(uniqueKeysWithValues: files.map { ($0["file"] as! String, $0) })
        let note = (byFile["phu-luc/phu-luc-1-2025-02.xlsx"]?["warnings"] as? [String])?.joined() ?? ""
        #expect(note.contains("tháng trước đó"), "the summary says why: \(note)")
        let text = try DraftText.of(february)
        #expect(!text.contains("80.11"), "February's table no longer shows January's old total")
        #expect(text.components(separatedBy: "87.18").count - 1 >= 2, "January's and February's rows both 87.18")

        // Nothing changed since: both stay as they are.
        _ = try Self.batch(["phu-luc", "--quiet"], in: folder)
        #expect(try Self.summary(in: folder).counts["unchanged"] == 2)
    }

    @Test func draftsThatWouldShareANameGetDistinctOnes() throws {
        let folder = try TestSupport.temporaryFolder("baocao-batch")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Two folders of the same name in different places, and names differing in case only.
        let places = ["a/2025", "b/2025"]
        for place in places {
            let target = folder.appendingPathComponent("phu-luc/\(place)")
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                at: Self.samples.appendingPathComponent("phu-luc-1-2025-02.xlsx"),
                to: target.appendingPathComponent("phu-luc-1-2025-02.xlsx"))
        }
        try FileManager.default.copyItem(
            at: Self.samples.appendingPathComponent("phu-luc-1-2025-01.xlsx"),
            to: folder.appendingPathComponent("phu-luc/a/PHU-LUC-1-2025-01.xlsx"))
        try FileManager.default.copyItem(
            at: Self.samples.appendingPathComponent("phu-luc-1-2025-01.xlsx"),
            to: folder.appendingPathComponent("phu-luc/b/phu-luc-1-2025-01.xlsx"))
        let run = try Self.batch(["phu-luc", "--quiet"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let (_, files) = try Self.summary(in: folder)
        let drafts = files.compactMap { $0["draft"] as? String }
        #expect(drafts.count == 4)
        #expect(Set(drafts.map { $0.lowercased() }).count == 4, "four inputs, four drafts: \(drafts)")
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path)
        #expect(written.filter { $0.hasSuffix(".docx") }.count == 4, "\(written)")
        let renamed = files.filter { (($0["warnings"] as? [String]) ?? []).contains { $0.contains("được đặt tên") } }
        #expect(renamed.count == 4, "each renamed draft is said so in the summary")
    }
}
