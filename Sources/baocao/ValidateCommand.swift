import ArgumentParser
import Foundation
import Report
import Scorecard

/// `baocao validate FILE [--profile FILE] [--period YYYY-MM] [--timeout S] [--format text|json]`.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Kiểm tra phụ lục điểm Bộ chỉ số 766: liệt kê mọi lỗi kèm trang tính và ô.")

    @Argument(help: "Tệp phụ lục: .xlsx, .xls, .ods, CSV hoặc trang HTML xuất từ phần mềm một cửa.")
    var file: String

    @Option(help: "Hồ sơ cơ quan (YAML); mặc định dùng hồ sơ Phú Tân có sẵn.")
    var profile: String?

    @Option(help: "Kỳ báo cáo dạng YYYY-MM, ví dụ 2025-02 (dùng khi tên tệp và tiêu đề bảng không ghi tháng).")
    var period: String?

    @Option(help: "Số giây tối đa cho việc đọc và kiểm tra; quá thì dừng và báo lỗi.")
    var timeout: Double = ConversionPolicy.standardTimeLimit

    @Option(help: "Định dạng: text hoặc json.")
    var format: OutputFormat = .text

    @OptionGroup var limitOptions: LimitOptions

    func validate() throws {
        if let period, Period(period) == nil {
            throw ValidationError("--period cần dạng YYYY-MM, ví dụ 2025-02.")
        }
        if !(timeout > 0) { throw ValidationError("--timeout phải lớn hơn 0.") }
    }

    func run() throws {
        let office: OfficeProfile
        do {
            office = try profile.map(OfficeProfile.load(path:)) ?? OfficeProfile.builtIn()
        } catch {
            throw failUnreadable(error)
        }
        let outcome = AppendixChecker(profile: office, limits: limitOptions.limits).check(
            ConversionRequest(
                source: .path(file), displayName: file, output: "", period: period.flatMap(Period.init),
                timeLimit: timeout, surface: .commandLine))
        try report(outcome, as: format)
    }
}
