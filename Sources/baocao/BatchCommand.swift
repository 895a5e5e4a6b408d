import ArgumentParser
import DOCX
import Dispatch
import Foundation
import OPC
import Report
import Scorecard
import XLSX

#if canImport(Glibc)
    import Glibc
#endif

/// `baocao batch INPUT... --out DIR [--jobs N] [--profile FILE] [--template FILE]
/// [--store FILE] [--pdf] [--force] [--all] [--quiet]`.
struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Lập dự thảo cho cả một thư mục phụ lục, song song, có tiến độ và bảng tổng kết.")

    @Argument(help: "Tệp .xlsx hoặc thư mục (tìm mọi tệp .xlsx bên trong, bỏ qua tệp khóa ~$ của Office).")
    var inputs: [String]

    @Option(help: "Thư mục ghi các dự thảo và tệp tổng kết summary.json, summary.csv.")
    var out: String

    @Option(help: "Số việc chạy song song (mặc định: số lõi CPU).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Vẫn lập dự thảo cho phụ lục có lỗi (dự thảo ghi rõ cảnh báo).")
    var force = false

    @Flag(help: "Lập lại mọi dự thảo, kể cả phụ lục không thay đổi từ lần chạy trước.")
    var all = false

    @Flag(help: "Không in tiến độ.")
    var quiet = false

    @OptionGroup var setup: ConversionOptions

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs phải từ 1 trở lên.") }
        if inputs.isEmpty { throw ValidationError("Cần ít nhất một tệp hoặc thư mục phụ lục.") }
    }

    func run() async throws {
        let converter = try setup.makeConverter()
        let files: [String]
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            files = try BatchRunner.discover(inputs)
        } catch {
            throw failUnreadable(error)
        }
        let runner = BatchRunner(
            converter: converter, folder: out, jobs: jobs, force: force, pdf: setup.pdf, all: all,
            fingerprint: setup.fingerprint())
        if files.isEmpty {
            FileHandleOutput.standardError("Không tìm thấy tệp .xlsx nào trong: \(inputs.joined(separator: ", ")).")
            throw ExitCode(ExitStatus.unreadableOrUsage)
        }

        // Ctrl-C: finish what runs, start nothing new, leave no partial file.
        let interrupted = Interrupt.install()
        let display = ProgressDisplay(quiet: quiet)
        let started = Date()
        let records: [BatchRecord]
        do {
            records = try await runner.run(
                inputs: files, progress: { display.show($0, since: started) }, isCancelled: { interrupted.isSet })
        } catch {
            throw failUnreadable(error)
        }
        display.finish()
        try BatchSummary(records: records, folder: out).write()
        if !quiet { print(BatchSummary(records: records, folder: out).table) }
        if interrupted.isSet {
            FileHandleOutput.standardError("Đã dừng theo yêu cầu (Ctrl-C); các tệp chưa xử lý được ghi là «cancelled».")
            throw ExitCode(130)
        }
        if records.contains(where: { $0.status == .unreadable }) { throw ExitCode(ExitStatus.unreadableOrUsage) }
        if records.contains(where: { $0.status == .invalid }) { throw ExitCode(ExitStatus.validationFailed) }
    }
}

/// The version of what the batch writes; a new one converts everything again.
enum BatchVersion {
    static let current = "1"
}

/// Turns SIGINT into a flag the batch polls.
final class Interrupt: @unchecked Sendable {
    private let lock = NSLock()
    private var set = false
    private var source: DispatchSourceSignal?

    var isSet: Bool { lock.withLock { set } }

    static func install() -> Interrupt {
        let interrupt = Interrupt()
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [interrupt] in
            interrupt.lock.withLock { interrupt.set = true }
            FileHandleOutput.standardError("\nĐang dừng: chờ các tệp đang xử lý xong…")
        }
        source.resume()
        interrupt.source = source
        return interrupt
    }
}

/// A progress bar on a terminal, plain lines otherwise, nothing with `--quiet`.
final class ProgressDisplay: @unchecked Sendable {
    private let quiet: Bool
    private let terminal: Bool
    private let lock = NSLock()

    init(quiet: Bool) {
        self.quiet = quiet
        terminal = isatty(STDERR_FILENO) == 1
    }

    func show(_ progress: BatchProgress, since start: Date) {
        guard !quiet else { return }
        lock.withLock {
            let elapsed = Date().timeIntervalSince(start)
            let rate = Double(progress.done) / max(elapsed, 0.001)
            let left = rate > 0 ? Double(progress.total - progress.done) / rate : 0
            let name = (progress.current as NSString).lastPathComponent
            if terminal {
                let width = 24
                let filled = progress.total == 0 ? width : width * progress.done / progress.total
                let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
                let line = String(
                    format: "\r%@ %@ %d/%d  %.1f tệp/giây  còn %02d:%02d  %@", progress.phase, bar, progress.done,
                    progress.total, rate, Int(left) / 60, Int(left) % 60, name)
                FileHandleOutput.standardErrorRaw(line + "\u{1B}[K")
            } else {
                FileHandleOutput.standardError("\(progress.phase) \(progress.done)/\(progress.total): \(name)")
            }
        }
    }

    func finish() {
        if terminal && !quiet { FileHandleOutput.standardErrorRaw("\n") }
    }
}

/// `summary.json`, `summary.csv` and the terminal table.
struct BatchSummary {
    let records: [BatchRecord]
    let folder: String

    func write() throws {
        struct Document: Encodable {
            let counts: [String: Int]
            let files: [BatchRecord]
        }
        var counts: [String: Int] = [:]
        for status in BatchRecord.Status.allCases {
            counts[status.rawValue] = records.filter { $0.status == status }.count
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try atomically("summary.json", [UInt8](try encoder.encode(Document(counts: counts, files: records))) + [10])

        var csv = "input,period,status,output,errors,warnings"
        for index in 1...5 { csv += ",rule\(index),sheet\(index),cell\(index),message\(index)" }
        csv += "\r\n"
        for record in records {
            var fields = [
                record.input, record.period ?? "", record.status.rawValue, record.output ?? "", String(record.errors),
                String(record.warnings),
            ]
            for index in 0..<5 {
                let problem = index < record.problems.count ? record.problems[index] : nil
                fields += [problem?.rule ?? "", problem?.sheet ?? "", problem?.cell ?? "", problem?.message ?? ""]
            }
            csv += fields.map(Self.csvField).joined(separator: ",") + "\r\n"
        }
        try atomically("summary.csv", [UInt8](csv.utf8))
    }

    private func atomically(_ name: String, _ bytes: [UInt8]) throws {
        let writer = try ByteWriter.atomicFile(at: (folder as NSString).appendingPathComponent(name))
        try writer.write(bytes)
        try writer.commit()
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    var table: String {
        let labels: [BatchRecord.Status: String] = [
            .converted: "đã lập", .invalid: "có lỗi", .unreadable: "không đọc được", .unchanged: "không đổi",
            .cancelled: "đã hủy",
        ]
        var lines = ["Kỳ      Trạng thái        Lỗi  Tệp"]
        for record in records {
            let status = labels[record.status]!.padding(toLength: 16, withPad: " ", startingAt: 0)
            let period = (record.period ?? "-").padding(toLength: 7, withPad: " ", startingAt: 0)
            var line = "\(period) \(status) \(String(record.errors).leftPadded(4))  \(record.input)"
            if let first = record.problems.first, record.status == .invalid || record.status == .unreadable {
                let place = first.sheet.map {
                    CellReference.quotedSheetName($0) + (first.cell.map { "!\($0)" } ?? "") + ": "
                }
                line += "\n        → \(place ?? "")\(first.message) [\(first.rule)]"
            }
            lines.append(line)
        }
        let counts = BatchRecord.Status.allCases.compactMap { status -> String? in
            let count = records.filter { $0.status == status }.count
            return count == 0 ? nil : "\(count) \(labels[status]!)"
        }
        lines.append(
            "Tổng cộng \(records.count) tệp: \(counts.joined(separator: ", ")). Tổng kết: \(folder)/summary.json")
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
