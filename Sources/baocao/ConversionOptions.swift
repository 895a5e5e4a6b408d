import ArgumentParser
import DOCX
import Foundation
import Report

/// The options every command that writes drafts shares, and the converter they make.
struct ConversionOptions: ParsableArguments {
    @Option(help: "Hồ sơ cơ quan (YAML); mặc định dùng hồ sơ Phú Tân có sẵn.")
    var profile: String?

    @Option(help: "Mẫu báo cáo .docx; mặc định dùng mẫu có sẵn.")
    var template: String?

    @Option(help: "Tệp lịch sử (SQLite); mặc định trong thư mục dữ liệu của người dùng.")
    var store: String?

    @Flag(help: "Xuất thêm PDF bằng LibreOffice.")
    var pdf = false

    @Option(help: "Số giây tối đa cho một phụ lục (đọc, lập dự thảo, xuất PDF); quá thì dừng và báo lỗi.")
    var timeout: Double = ConversionPolicy.standardTimeLimit

    @OptionGroup var limitOptions: LimitOptions

    /// Refuses a `--timeout` that is not positive (argument-parser runs it for every
    /// command that has these options).
    func validate() throws {
        if !(timeout > 0) { throw ValidationError("--timeout phải lớn hơn 0.") }
    }

    /// The profile, the compiled template and the history store, ready to convert.
    ///
    /// Prints the template's problems and exits 1 when it has any; any other failure
    /// prints its message and exits 2.
    func makeConverter(threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> Converter {
        do {
            let office = try profile.map(OfficeProfile.load(path:)) ?? OfficeProfile.builtIn()
            let compiled =
                try template.map { try DOCXTemplate(path: $0) } ?? DOCXTemplate.builtIn(for: office.officeLevel)
            if !compiled.problems.isEmpty {
                FileHandleOutput.standardError(
                    "Lỗi: "
                        + DOCXError(
                            .templateInvalid, "Mẫu báo cáo có lỗi.", file: compiled.displayName,
                            problems: compiled.problems
                        ).description)
                throw ExitCode(ExitStatus.validationFailed)
            }
            return Converter(
                profile: office, template: compiled, store: try HistoryStore(path: store ?? HistoryStore.defaultPath()),
                limits: limitOptions.limits, threads: threads)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw failUnreadable(error)
        }
    }

    /// What identifies the template and profile: a change converts a batch again.
    func fingerprint() -> String {
        func hash(_ path: String?) -> String {
            guard let path, let data = FileManager.default.contents(atPath: path) else { return "built-in" }
            return FNV1a.hex(data)
        }
        return [hash(template), hash(profile), BatchVersion.current].joined(separator: "/")
    }
}
