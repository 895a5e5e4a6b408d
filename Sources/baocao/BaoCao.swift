import ArgumentParser
import DOCX
import OPC
import Report
import XLSX

#if canImport(Glibc)
    import Glibc
#endif

/// The `baocao` command line.
@main
struct BaoCao: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baocao",
        abstract: "Chuyển phụ lục điểm Bộ chỉ số 766 (XLSX) thành dự thảo báo cáo (DOCX).",
        version: BaoCaoVersion.current,
        subcommands: [
            ConvertCommand.self, BatchCommand.self, ServeCommand.self, ValidateCommand.self, SheetCommand.self,
            TemplateCommand.self, DocxCommand.self, ProfileCommand.self, UserCommand.self,
        ]
    )

    /// Runs the command and maps outcomes to the documented exit codes: 0 success,
    /// 1 validation failed, 2 unreadable input or wrong usage (argument-parser's own 64).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandleOutput.standardError(fullMessage(for: error))
                FileHandleOutput.standardError("Xem hướng dẫn: baocao --help")
                Glibc.exit(ExitStatus.unreadableOrUsage)
            }
            exit(withError: error)
        }
    }
}

/// The process exit codes every command uses.
enum ExitStatus {
    static let success: Int32 = 0
    static let validationFailed: Int32 = 1
    static let unreadableOrUsage: Int32 = 2
}

enum FileHandleOutput {
    static func standardError(_ line: String) {
        standardErrorRaw(line + "\n")
    }

    static func standardErrorRaw(_ text: String) {
        var text = text
        _ = text.withUTF8 { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}

/// Prints an input error the way a clerk reads it and exits with code 2.
func failUnreadable(_ error: any Error) -> ExitCode {
    // Every layer's error describes itself: place, Vietnamese message, [stable code].
    FileHandleOutput.standardError("Lỗi: \(error)")
    return ExitCode(ExitStatus.unreadableOrUsage)
}

/// The resource limits, settable per run; environment variables set the defaults.
struct LimitOptions: ParsableArguments {
    @Option(name: .customLong("max-part-mb"), help: "Dung lượng giải nén tối đa của một phần (MiB).")
    var maxPartMiB: UInt64?

    @Option(name: .customLong("max-package-mb"), help: "Dung lượng giải nén tối đa của cả tệp (MiB).")
    var maxPackageMiB: UInt64?

    @Option(name: .customLong("max-entries"), help: "Số mục tối đa trong gói ZIP.")
    var maxEntries: Int?

    @Option(name: .customLong("max-xml-depth"), help: "Độ lồng tối đa của XML.")
    var maxXMLDepth: Int?

    @Option(name: .customLong("max-shared-strings"), help: "Số chuỗi dùng chung tối đa của bảng tính.")
    var maxSharedStrings: Int?

    @Option(name: .customLong("max-merges"), help: "Số vùng ô gộp tối đa của một trang tính.")
    var maxMergedRanges: Int?

    @Option(name: .customLong("max-merged-cells"), help: "Số ô tối đa mà các vùng gộp của một trang phủ.")
    var maxMergedCells: Int?

    @Option(name: .customLong("max-string-kb"), help: "Độ dài tối đa của nội dung một ô (KB).")
    var maxStringKiB: Int?

    @Option(name: .customLong("max-output-mb"), help: "Dung lượng tối đa mà «sheet dump» được ghi (MiB).")
    var maxOutputMiB: UInt64?

    @Option(
        name: .customLong("max-output-ratio"), help: "Số lần tối đa giữa dung lượng «sheet dump» ghi và dung lượng tệp."
    )
    var maxOutputRatio: UInt64?

    var limits: ResourceLimits {
        var limits = ResourceLimits.fromEnvironment(currentEnvironment())
        if let maxPartMiB, maxPartMiB > 0 { limits.maxPartSize = min(maxPartMiB, 1 << 40) << 20 }
        if let maxPackageMiB, maxPackageMiB > 0 { limits.maxPackageSize = min(maxPackageMiB, 1 << 40) << 20 }
        if let maxEntries, maxEntries > 0 { limits.maxEntries = maxEntries }
        if let maxXMLDepth, maxXMLDepth > 0 { limits.maxXMLDepth = maxXMLDepth }
        if let maxSharedStrings, maxSharedStrings > 0 { limits.maxSharedStrings = maxSharedStrings }
        if let maxMergedRanges, maxMergedRanges > 0 { limits.maxMergedRanges = maxMergedRanges }
        if let maxMergedCells, maxMergedCells > 0 { limits.maxMergedCells = maxMergedCells }
        if let maxStringKiB, maxStringKiB > 0 { limits.maxStringBytes = min(maxStringKiB, 1 << 30) << 10 }
        if let maxOutputMiB, maxOutputMiB > 0 { limits.maxOutputBytes = min(maxOutputMiB, 1 << 40) << 20 }
        if let maxOutputRatio, maxOutputRatio > 0 { limits.maxOutputRatio = maxOutputRatio }
        return limits
    }
}

private func currentEnvironment() -> [String: String] {
    var result: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
        let pair = String(cString: entry)
        if let equals = pair.firstIndex(of: "=") {
            result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        pointer += 1
    }
    return result
}
