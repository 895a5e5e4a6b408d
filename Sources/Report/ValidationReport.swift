import Foundation
import Scorecard

/// What `validate` prints, and what the web page receives.
public struct ValidationReport {
    public let file: String
    public let appendix: Appendix

    public init(file: String, appendix: Appendix) {
        self.file = file
        self.appendix = appendix
    }

    /// The JSON object of `validate --format json`.
    public var object: [String: Any] {
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
        return object
    }

    /// `object` as pretty-printed JSON.
    public var json: String {
        let data = try! JSONSerialization.data(
            withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// The Vietnamese list `validate` prints.
    public var text: String {
        var lines: [String] = []
        let period = appendix.period.map { "tháng \($0.monthText) năm \($0.year)" } ?? "(chưa rõ kỳ)"
        lines.append("Phụ lục \(file): \(period), \(appendix.units.count) đơn vị.")
        if let district = appendix.district {
            lines.append(
                "\(district.name): \(ScoreText.twoDecimals(district.total)) điểm, xếp hạng \(Ranking.formatted(rank: district.rank, of: district.of)), xếp loại \(district.band)."
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
