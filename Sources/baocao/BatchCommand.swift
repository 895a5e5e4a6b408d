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

    @Argument(
        help:
            "Tệp phụ lục hoặc thư mục (tìm mọi tệp .xlsx, .xlsm, .xls, .ods, .csv, .tsv, .html, .htm bên trong, bỏ qua tệp khóa ~$ của Office)."
    )
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
        TemporaryFolders.sweep()
        // The long-lived LibreOffices close with the command, not after it.
        defer { OfficePool.shared.shutDown() }
        let converter = try setup.makeConverter(threads: jobs)
        let files: [String]
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            files = try BatchRunner.discover(inputs)
        } catch {
            throw failUnreadable(error)
        }
        let runner = BatchRunner(
            converter: converter, folder: out, jobs: jobs, force: force, pdf: setup.pdf, all: all,
            fingerprint: setup.fingerprint(), timeLimit: setup.timeout)
        if files.isEmpty {
            FileHandleOutput.standardError(
                "Không tìm thấy tệp phụ lục nào (.xlsx, .xls, .ods, .csv, .html…) trong: \(inputs.joined(separator: ", "))."
            )
            throw ExitCode(ExitStatus.unreadableOrUsage)
        }

        // Ctrl-C: finish what runs, start nothing new, leave no partial file.
        let interrupted = Interrupt.install()
        let display = ProgressDisplay(quiet: quiet)
        let started = Date()
        let outcomes = await runner.run(
            inputs: files, progress: { display.show($0, since: started) }, isCancelled: { interrupted.isSet })
        display.finish()
        let summary = BatchSummary(outcomes: outcomes, folder: out)
        do {
            try summary.write()
        } catch {
            throw failUnreadable(error)
        }
        if !quiet { print(summary.table) }
        if interrupted.isSet {
            FileHandleOutput.standardError("Đã dừng theo yêu cầu (Ctrl-C); các tệp chưa xử lý được ghi là «cancelled».")
            throw ExitCode(130)
        }
        // The worst outcome decides: unreadable or not written (2), then failed checks (1).
        let statuses = outcomes.map(exitStatus(of:))
        if let worst = [ExitStatus.unreadableOrUsage, ExitStatus.validationFailed].first(where: statuses.contains) {
            throw ExitCode(worst)
        }
    }
}

/// The version of what the batch writes; a new one converts everything again.
enum BatchVersion {
    static let current = "1"
}
