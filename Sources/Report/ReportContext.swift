import DOCX
import Foundation
import Scorecard

/// Builds the value tree the report template is filled with: ready-formatted strings
/// ("87.18", "02"), lists and flags. The template knows no Swift types.
public enum ReportContext {
    /// Keys of `callOuts`, one per group that calls out units.
    static func key(_ group: IndexGroup) -> String { group.rawValue }

    public static func build(
        profile: OfficeProfile, appendix: Appendix, period: Period, months: [MonthRecord],
        forced: Bool
    ) -> TemplateValue {
        func two(_ number: Double) -> TemplateValue { .string(ScoreText.twoDecimals(number)) }
        func padded(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }

        var district: [String: TemplateValue] = ["name": .string(profile.district)]
        if let result = appendix.district {
            district["total"] = two(result.total)
            district["rank"] = .string(padded(result.rank))
            district["of"] = .string(String(result.of))
            district["band"] = .string(result.band)
        }

        let monthRows: [TemplateValue] = months.map { record in
            .object([
                "month": .string(record.period.monthText),
                "total": record.total.map(two) ?? "",
                "band": .string(record.band ?? ""),
                "rank": .string(record.rank.map(String.init) ?? ""),
            ])
        }

        // Every group has a key: empty (so its paragraph hides) when nobody falls short.
        var callOuts: [String: TemplateValue] = [:]
        let lagging = profile.scorecardSettings.callOut.callOuts(appendix.units)
        for group in IndexGroup.allCases {
            callOuts[key(group)] = .string((lagging[group] ?? []).map(\.displayName).joined(separator: ", "))
        }

        let units: [TemplateValue] = appendix.units.enumerated().map { index, unit in
            var row: [String: TemplateValue] = [
                "stt": .string(String(index + 1)), "name": .string(unit.displayName), "total": two(unit.total),
                "band": .string(unit.band), "rank": .string(String(unit.rank)),
            ]
            for group in IndexGroup.allCases {
                row[key(group)] = unit.scores[group].map(two) ?? ""
            }
            return .object(row)
        }

        let problems: [TemplateValue] = appendix.diagnostics.map { diagnostic in
            .object([
                "place": .string(diagnostic.place ?? "Cả tệp"), "message": .string(diagnostic.message),
                "rule": .string(diagnostic.rule.rawValue),
                "severity": .string(diagnostic.severity == .error ? "Lỗi" : "Cảnh báo"),
            ])
        }

        return .object([
            "office": .object([
                "parent": .string(profile.office.parent), "name": .string(profile.office.name),
                "symbol": .string(profile.office.symbol),
            ]),
            "place": .string(profile.place),
            "province": .string(profile.province),
            "year": .string(String(period.year)),
            "period": .object(["month": .string(period.monthText), "year": .string(String(period.year))]),
            "district": .object(district),
            "months": .array(monthRows),
            "callOuts": .object(callOuts),
            "units": .array(units),
            "signer": .object(["title": .string(profile.signer.title), "name": .string(profile.signer.name)]),
            "recipients": .array(profile.recipients.map { .string($0) }),
            "forced": .bool(forced),
            "problems": .array(forced ? problems : []),
        ])
    }
}
