import Foundation
import TestKit
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// End-to-end: `baocao sheet dump FILE` on hostile inputs written at test time by
/// `Tests/Fixtures/make_hostile.py` into a temporary folder.
///
/// Every hostile file must end in exit status 2 (not a signal), with a Vietnamese message
/// on stderr naming the problem and a stable code in brackets, within seconds and well
/// under 512 MiB of memory. Two odd but harmless files must read correctly.
@Suite("Hostile files")
struct HostileFileTests {
    /// Generous ceilings: the point is "no hang, no memory blow-up", not speed.
    static let maxSeconds = 30.0
    static let maxPeakRSSKiB = 512 * 1024

    // MARK: - Rejected files

    struct Rejection: Sendable, CustomTestStringConvertible {
        /// The `make_hostile.py` case.
        var fixture: String
        var fixtureArguments: [String] = []
        /// Any of these codes is right.
        var codes: [String]
        /// Vietnamese words that say what is wrong; any of them must appear.
        var words: [String]
        var testDescription: String { ([fixture] + fixtureArguments).joined(separator: " ") }
    }

    static let rejections: [Rejection] = [
        Rejection(fixture: "not_zip", codes: ["package.not_zip"], words: ["không phải"]),
        Rejection(fixture: "empty", codes: ["file.empty"], words: ["Tệp rỗng"]),
        Rejection(fixture: "truncated", codes: ["package.truncated"], words: ["cắt cụt"]),
        Rejection(fixture: "docx", codes: ["workbook.is_docx"], words: ["tài liệu Word"]),
        Rejection(fixture: "billion_laughs", codes: ["xml.dtd_forbidden"], words: ["khai báo DTD"]),
        Rejection(fixture: "many_entries", codes: ["limit.entries"], words: ["quá nhiều mục"]),
        Rejection(fixture: "deep_nesting", codes: ["limit.xml_depth"], words: ["lồng nhau quá sâu"]),
        Rejection(fixture: "bad_utf8", codes: ["xml.encoding"], words: ["mã hóa không hợp lệ"]),
        Rejection(
            fixture: "rel_outside", codes: ["package.relationship_outside"],
            words: ["trỏ ra ngoài gói"]),
    ]

    @Test(
        "Hostile file is refused with exit 2, a Vietnamese message and a stable code",
        arguments: rejections)
    func rejected(_ rejection: Rejection) throws {
        let folder = try TestSupport.temporaryFolder("baocao-hostile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try Hostile.fixture(rejection.fixture, rejection.fixtureArguments, in: folder)
        let run = try Hostile.dump(file, in: folder)
        Hostile.expectRefused(run, file: file, codes: rejection.codes, words: rejection.words)
    }

    @Test("Password-protected workbook (OLE compound file) is refused as encrypted")
    func encrypted() throws {
        let source = TestSupport.corpus.appendingPathComponent("calamine/tests__pass_protected.xlsx")
        try #require(
            FileManager.default.fileExists(atPath: source.path), "missing corpus file \(source.path)")
        let folder = try TestSupport.temporaryFolder("baocao-hostile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("có mật khẩu.xlsx")
        try FileManager.default.copyItem(at: source, to: file)
        let run = try Hostile.dump(file, in: folder)
        Hostile.expectRefused(run, file: file, codes: ["package.encrypted"], words: ["mật khẩu"])
    }

    @Test("External entities (file:, http:) are refused and nothing leaks")
    func externalEntities() throws {
        let folder = try TestSupport.temporaryFolder("baocao-hostile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try Hostile.fixture("external_entities", in: folder)
        for format in ["json", "csv"] {
            let run = try Hostile.dump(file, ["--format", format], in: folder)
            Hostile.expectRefused(run, file: file, codes: ["xml.dtd_forbidden"], words: ["khai báo DTD"])
            #expect(!run.stdoutText.contains("root:"))
            #expect(!run.stderr.contains("root:"))
        }
    }

    struct OutOfRange: Sendable, CustomTestStringConvertible {
        var sheet: String
        var cell: String
        /// The place as the message must show it.
        var place: String
        var testDescription: String { place }
    }

    @Test(
        "A shared-string index past the table is refused, naming sheet and cell",
        arguments: [
            OutOfRange(sheet: "Sheet1", cell: "A1", place: "Sheet1!A1"),
            OutOfRange(sheet: "Sheet 1", cell: "C3", place: "'Sheet 1'!C3"),
            OutOfRange(sheet: "Phụ lục 1", cell: "B12", place: "'Phụ lục 1'!B12"),
        ])
    func sharedStringOutOfRange(_ example: OutOfRange) throws {
        let folder = try TestSupport.temporaryFolder("baocao-hostile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try Hostile.fixture("sst_out_of_range", [example.sheet, example.cell], in: folder)
        let run = try Hostile.dump(file, in: folder)
        Hostile.expectRefused(
            run, file: file, codes: ["cell.shared_string_out_of_range"], words: ["chuỗi dùng chung"])
        #expect(run.stderr.contains(example.place), "stderr: \(run.stderr)")
    }

    // MARK: - Decompression bombs

    struct Bomb: Sendable, CustomTestStringConvertible {
        /// `bomb_honest` or `bomb_lying`.
        var fixture: String
        /// What fills `<sheetData>`: `rows` (`<row/>`, costly to parse) or `blank`.
        var filler: String
        var codes: [String]
        var testDescription: String { "\(fixture) \(filler)" }
    }

    static let limitCodes = ["limit.part_size", "limit.package_size"]

    static let bombs: [Bomb] = [
        // Declared sizes are honest (~1.15 GB): refused from the directory alone.
        Bomb(fixture: "bomb_honest", filler: "rows", codes: limitCodes),
        // Local header and central directory both claim 1,000 bytes: the limit must hold
        // while inflating.
        Bomb(fixture: "bomb_lying", filler: "blank", codes: ["package.part_corrupt"]),
    ]

    @Test(
        "Decompression bomb (~1.15 GB worksheet) is refused with bounded memory",
        arguments: bombs)
    func decompressionBomb(_ bomb: Bomb) throws {
        try Self.checkBomb(bomb)
    }

    /// The same lying bomb filled with `<row/>`: the reader stops as soon as the part
    /// inflates past the size its directory entry declares, before parsing millions of rows.
    @Test("Lying decompression bomb of empty rows is refused at its declared size")
    func lyingRowBomb() throws {
        try Self.checkBomb(Bomb(fixture: "bomb_lying", filler: "rows", codes: ["package.part_corrupt"]))
    }

    static func checkBomb(_ bomb: Bomb) throws {
        let folder = try TestSupport.temporaryFolder("baocao-hostile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try Hostile.fixture(bomb.fixture, [bomb.filler], in: folder)
        // The fixture itself stays small on disk.
        let size = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int ?? 0
        #expect(size < 4 << 20)
        let run = try Hostile.dump(file, in: folder)
        Hostile.expectRefused(
            run, file: file, codes: bomb.codes, words: ["quá lớn", "bị hỏng", "không khớp", "khai báo"])
        print(
            "[HostileFileTests] \(bomb.testDescription): status \(run.exitStatus.map(String.init) ?? "signal"), \(String(format: "%.2f", run.seconds)) s, peak RSS \(run.peakRSSKiB / 1024) MiB"
        )
    }

    /// Extra case (not a bomb by size): a shared string table of ~500 MB of `<si/>`, declared
    /// honestly and so under the part and package limits, deflated to ~0.7 MB. Every item
    /// is kept in memory, so the table's entry count is limited (`limit.shared_strings`).
    @Test("Shared-string flood (~100 million empty items) stays under 512 MiB")
    func sharedStringFlood() throws {
        let folder = try TestSupport.temporaryFolder("baocao-hostile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try Hostile.fixture("sst_flood", ["500"], in: folder)
        let run = try Hostile.dump(file, in: folder)
        #expect(run.signal == nil)
        #expect(run.exitStatus == 2, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("[limit.shared_strings]"), "stderr: \(run.stderr)")
        Hostile.expectBounded(run)
    }

    /// A 5 KB workbook whose 5,000 cells point at one shared string of a million bytes
    /// would dump as 5 GB: the dump stops at its output allowance (the file's size times
    /// the ratio limit, at least 64 MiB), and `-o` leaves no partial file.
    @Test("One huge shared string repeated 5,000 times stops at the output limit", arguments: ["json", "csv"])
    func repeatedHugeString(_ format: String) throws {
        let folder = try TestSupport.temporaryFolder("baocao-hostile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try Hostile.fixture("repeated_string", in: folder)
        let output = folder.appendingPathComponent("dump.\(format)")
        let run = try Hostile.dump(file, ["--format", format, "-o", output.path], in: folder)
        Hostile.expectRefused(run, file: file, codes: ["limit.output_ratio"], words: ["64 MiB"])
        Hostile.expectBounded(run)
        #expect(!FileManager.default.fileExists(atPath: output.path), "no partial dump is left")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasPrefix(".dump")
        }
        #expect(leftovers.isEmpty, "no temporary file is left: \(leftovers)")

        // The same file with a looser ratio limit is stopped by the byte limit instead.
        let loose = try Hostile.measure(
            "/usr/bin/env",
            [
                "\(ResourceLimitKeys.ratio)=100000000", "\(ResourceLimitKeys.bytes)=80", TestSupport.binary.path,
                "sheet", "dump", file.path, "--format", format, "-o", output.path,
            ], in: folder)
        Hostile.expectRefused(loose, file: file, codes: ["limit.output_size"], words: ["80 MiB"])
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    /// One cell or shared string longer than any spreadsheet allows.
    @Test("A shared string of 2 MB is refused with its index")
    func hugeSharedString() throws {
        let folder = try TestSupport.temporaryFolder("baocao-hostile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try Hostile.fixture("repeated_string", ["1", "2000000"], in: folder)
        let run = try Hostile.dump(file, in: folder)
        Hostile.expectRefused(run, file: file, codes: ["limit.string_length"], words: ["Chuỗi dùng chung số 0"])
        #expect(run.stderr.contains("xl/sharedStrings.xml"), "\(run.stderr)")
    }

    /// The environment variables of the output limits, as `baocao` reads them.
    enum ResourceLimitKeys {
        static let ratio = "BAOCAO_MAX_OUTPUT_RATIO"
        static let bytes = "BAOCAO_MAX_OUTPUT_MB"
    }

    // MARK: - Odd but harmless

    @Test("A lying sst count/uniqueCount (4,000,000,000) reads normally")
    func lyingSharedStringCount() throws {
        let folder = try TestSupport.temporaryFolder("baocao-hostile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try Hostile.fixture("lying_sst_count", in: folder)
        let run = try Hostile.dump(file, in: folder)
        Hostile.expectHealthy(run)
        let cells = try Hostile.jsonCells(run.stdout)
        #expect(cells.count == 3)
        #expect(cells.first?["ref"] as? String == "A1")
        #expect(cells.first?["type"] as? String == "string")
        #expect(cells.first?["value"] as? String == "Hà Nội")
        #expect(cells.dropFirst().first?["ref"] as? String == "B1")
        #expect(cells.dropFirst().first?["value"] as? String == "Đà Nẵng")
        #expect(cells.last?["ref"] as? String == "C1")
        #expect(cells.last?["type"] as? String == "number")
        #expect((cells.last?["value"] as? NSNumber)?.doubleValue == 3.5)
    }

    @Test("A declared dimension of A1:XFD1048576 with three cells reads normally")
    func hugeDeclaredDimension() throws {
        let folder = try TestSupport.temporaryFolder("baocao-hostile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try Hostile.fixture("huge_dimension", in: folder)

        let json = try Hostile.dump(file, in: folder)
        Hostile.expectHealthy(json)
        let cells = try Hostile.jsonCells(json.stdout)
        #expect(cells.map { $0["ref"] as? String } == ["A1", "B2", "C3"])
        #expect(cells.map { $0["type"] as? String } == ["string", "number", "string"])
        #expect(cells.first?["value"] as? String == "một")
        #expect((cells.dropFirst().first?["value"] as? NSNumber)?.doubleValue == 2)
        #expect(cells.last?["value"] as? String == "ba")

        let csv = try Hostile.dump(file, ["--format", "csv"], in: folder)
        Hostile.expectHealthy(csv)
        // Rows end at their last cell: the lying width is not padded out to 16,384 columns.
        #expect(csv.stdout.count < 100, "CSV is \(csv.stdout.count) bytes")
        // Records end in CR LF (RFC 4180) or LF; the content is what matters here.
        #expect(csv.stdoutText.replacingOccurrences(of: "\r\n", with: "\n") == "một\n,2\n,,ba\n")
    }
}

// MARK: - Support

/// Runs the fixture writer and the binary, measuring the binary's peak memory.
enum Hostile {
    static let writer = TestSupport.repoRoot.appendingPathComponent("Tests/Fixtures/make_hostile.py")

    /// Writes the `name` fixture into `folder` and returns its path.
    static func fixture(_ name: String, _ arguments: [String] = [], in folder: URL) throws -> URL {
        let file = folder.appendingPathComponent("\(name).xlsx")
        let outcome = try TestProcess.run(
            TestFiles.python, [writer.path, name, file.path] + arguments)
        try #require(outcome.status == 0, "make_hostile.py \(name) failed: \(outcome.stderr)")
        return file
    }

    struct Run {
        /// The exit status, or `nil` when the process died of a signal.
        var exitStatus: Int32?
        var signal: Int32?
        var stdout: Data
        var stderr: String
        /// Peak resident set size of the child, in KiB (from `wait4`).
        var peakRSSKiB: Int
        var seconds: Double
        var timedOut: Bool
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// Runs `baocao sheet dump FILE extra…` and measures it.
    static func dump(_ file: URL, _ extra: [String] = [], in folder: URL) throws -> Run {
        try measure(TestSupport.binary.path, ["sheet", "dump", file.path] + extra, in: folder)
    }

    /// Runs `executable` with stdout and stderr sent to files in `folder` under GNU time,
    /// which reports the program's own peak RSS, and kills both after `timeout` seconds.
    ///
    /// Not `wait4` on a child of this process: glibc's `posix_spawn` (like `fork`) starts the
    /// child in this process's memory, and Linux carries that high-water mark over `execve`
    /// into the child's `ru_maxrss`, so a test process that once held 900 MiB made every
    /// program it ran look that large. `time` is a small process, so its child starts small.
    static func measure(
        _ executable: String, _ arguments: [String], in folder: URL, timeout: Double = 120
    ) throws -> Run {
        let outPath = folder.appendingPathComponent("run-\(UUID().uuidString).out").path
        let errPath = folder.appendingPathComponent("run-\(UUID().uuidString).err").path
        let rssPath = folder.appendingPathComponent("run-\(UUID().uuidString).rss").path
        defer {
            unlink(outPath)
            unlink(errPath)
            unlink(rssPath)
        }
        let time = "/usr/bin/time"
        try #require(
            FileManager.default.isExecutableFile(atPath: time),
            "\(time) is missing: Scripts/bootstrap installs Debian's package time")

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        // Its own process group, so a time-out stops `time` and the program together.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        let command = [time, "-f", "%M", "-o", rssPath, executable] + arguments
        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }

        let start = ContinuousClock.now
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, time, &actions, &attributes, argv, environ)
        try #require(spawned == 0, "posix_spawn \(executable): \(String(cString: strerror(spawned)))")

        var status: Int32 = 0
        var timedOut = false
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if result < 0 {
                if errno == EINTR { continue }
                Issue.record("waitpid: \(String(cString: strerror(errno)))")
                break
            }
            if !timedOut, (ContinuousClock.now - start) > .seconds(timeout) {
                timedOut = true
                kill(-pid, SIGKILL)
            }
            usleep(2_000)
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18

        // `time` writes "Command terminated by signal N" when the program died of a signal,
        // then the peak RSS in KiB on the last line; it exits with the program's status.
        let report = (try? String(contentsOfFile: rssPath, encoding: .utf8)) ?? ""
        let lines = report.split(separator: "\n")
        let signalPrefix = "Command terminated by signal "
        var signal = lines.first { $0.hasPrefix(signalPrefix) }.flatMap { Int32($0.dropFirst(signalPrefix.count)) }
        // Decode the wait status by hand (the W* macros are not imported into Swift).
        let low = status & 0x7F
        if low != 0 && low != 0x7F { signal = low }  // `time` itself killed (a time-out)
        let exitStatus: Int32? = signal == nil ? (status >> 8) & 0xFF : nil

        let stdout = FileManager.default.contents(atPath: outPath) ?? Data()
        let stderr = String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self)
        let peak = lines.last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 0
        return Run(
            exitStatus: exitStatus, signal: signal, stdout: stdout, stderr: stderr, peakRSSKiB: peak,
            seconds: seconds, timedOut: timedOut)
    }

    /// Exit 2, no signal, a Vietnamese message naming the file and the problem, one of
    /// `codes` in brackets, in bounded time and memory.
    static func expectRefused(
        _ run: Run, file: URL, codes: [String], words: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let context = "stderr: \(run.stderr)"
        #expect(run.signal == nil, "killed by signal \(run.signal ?? 0); \(context)", sourceLocation: sourceLocation)
        #expect(
            run.exitStatus == 2, "exit status \(String(describing: run.exitStatus)); \(context)",
            sourceLocation: sourceLocation)
        #expect(!run.timedOut, "killed after the timeout", sourceLocation: sourceLocation)
        #expect(run.stderr.hasPrefix("Lỗi: "), "\(context)", sourceLocation: sourceLocation)
        #expect(
            run.stderr.contains(file.lastPathComponent), "message does not name the file; \(context)",
            sourceLocation: sourceLocation)
        #expect(
            codes.contains { run.stderr.contains("[\($0)]") }, "expected one of \(codes); \(context)",
            sourceLocation: sourceLocation)
        #expect(
            words.contains { run.stderr.contains($0) }, "expected one of \(words); \(context)",
            sourceLocation: sourceLocation)
        expectBounded(run, sourceLocation: sourceLocation)
    }

    static func expectHealthy(_ run: Run, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.signal == nil, "killed by signal \(run.signal ?? 0)", sourceLocation: sourceLocation)
        #expect(run.exitStatus == 0, "stderr: \(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.isEmpty, "stderr: \(run.stderr)", sourceLocation: sourceLocation)
        expectBounded(run, sourceLocation: sourceLocation)
    }

    static func expectBounded(_ run: Run, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.peakRSSKiB > 0, "no peak RSS reported", sourceLocation: sourceLocation)
        #expect(
            run.peakRSSKiB < HostileFileTests.maxPeakRSSKiB, "peak RSS \(run.peakRSSKiB) KiB",
            sourceLocation: sourceLocation)
        #expect(run.seconds < HostileFileTests.maxSeconds, "took \(run.seconds) s", sourceLocation: sourceLocation)
    }

    /// The cells of the first sheet of a JSON dump.
    static func jsonCells(_ data: Data) throws -> [[String: Any]] {
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let sheets = try #require(root["sheets"] as? [[String: Any]])
        let first = try #require(sheets.first)
        return try #require(first["cells"] as? [[String: Any]])
    }
}
