import ArgumentParser
import Foundation
import OPC
import Report
import Scorecard
import XLSX

/// `baocao validate FILE [--profile FILE] [--period YYYY-MM] [--format text|json]`.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Kiểm tra phụ lục điểm Bộ chỉ số 766: liệt kê mọi lỗi kèm trang tính và ô.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "Tệp phụ lục .xlsx.")
    var file: String

    @Option(help: "Hồ sơ cơ quan (YAML); mặc định dùng hồ sơ Phú Tân có sẵn.")
    var profile: String?

    @Option(help: "Kỳ báo cáo dạng YYYY-MM, ví dụ 2025-02 (mặc định đọc từ tiêu đề hoặc tên tệp).")
    var period: String?

    @Option(help: "Định dạng: text hoặc json.")
    var format: Format = .text

    @OptionGroup var limitOptions: LimitOptions

    func validate() throws {
        if let period, Period(period) == nil {
            throw ValidationError("--period cần dạng YYYY-MM, ví dụ 2025-02.")
        }
    }

    func run() throws {
        let office: OfficeProfile
        let appendix: Appendix
        do {
            office = try profile.map(OfficeProfile.load(path:)) ?? OfficeProfile.builtIn()
            let workbook = try Workbook(path: file, displayName: file, limits: limitOptions.limits)
            appendix = try AppendixReader(settings: office.scorecardSettings)
                .read(workbook, fileName: file, period: period.flatMap(Period.init))
        } catch {
            throw failUnreadable(error)
        }
        switch format {
        case .json: print(ValidationReport(file: file, appendix: appendix).json)
        case .text: print(ValidationReport(file: file, appendix: appendix).text)
        }
        if appendix.hasErrors { throw ExitCode(ExitStatus.validationFailed) }
    }
}
