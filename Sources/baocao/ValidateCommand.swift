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

/// What `validate` prints.
struct ValidationReport {
    let file: String
    let appendix: Appendix

    var json: String {
        var object: [String: Any] = [
            "file": file,
            "units": appendix.units.count,
            "period": appendix.period.map { ["year": $0.year, "month": $0.month] as [String: Any] } ?? NSNull(),
            "district": appendix.district.map {
                ["name": $0.name, "total": $0.total, "rank": $0.rank, "of": $0.of, "band": $0.band] as [String: Any]
            } ?? NSNull(),
        ]
        object["diagnostics"] = appendix.diagnostics.map { diagnostic -> [String: Any] in
            [
                "severity": diagnostic.severity.rawValue, "rule": diagnostic.rule.rawValue,
                "sheet": diagnostic.sheet ?? NSNull(), "cell": diagnostic.cell ?? NSNull(),
                "message": diagnostic.message,
            ]
        }
        let data = try! JSONSerialization.data(
            withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    var text: String {
        var lines: [String] = []
        let period = appendix.period.map { "tháng \($0.monthText) năm \($0.year)" } ?? "(chưa rõ kỳ)"
        lines.append("Phụ lục \(file): \(period), \(appendix.units.count) đơn vị.")
        if let district = appendix.district {
            lines.append(
                "\(district.name): \(String(format: "%.2f", district.total)) điểm, xếp hạng \(Ranking.formatted(rank: district.rank, of: district.of)), xếp loại \(district.band)."
            )
        }
        let errors = appendix.diagnostics.filter { $0.severity == .error }.count
        let warnings = appendix.diagnostics.count - errors
        lines.append(
            errors == 0 && warnings == 0
                ? "Không có lỗi." : "\(errors) lỗi, \(warnings) cảnh báo:")
        lines += appendix.diagnostics.map { "  \($0.description)" }
        return lines.joined(separator: "\n")
    }
}
