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

        // The office's own line: `district` for the district template (and templates written
        // before levels), `own` with the level's words for every template.
        let level = profile.officeLevel
        let area = AreaName(profile.ownName, level: level)
        var district: [String: TemplateValue] = ["name": .string(level == .district ? profile.ownName : area.name)]
        if let result = appendix.district {
            district["total"] = two(result.total)
            district["rank"] = .string(padded(result.rank))
            district["of"] = .string(String(result.of))
            district["band"] = .string(result.band)
        }
        var own = district
        own["kind"] = .string(area.kind)
        own["fullName"] = .string(area.inSentence)
        own["peers"] = .string(Self.peers(level))
        own["upperName"] = .string(area.inSentence.uppercased())
        let issuer = Self.issuer(office: profile.office.name, level: level)

        let monthRows: [TemplateValue] = months.map { record in
            .object([
                "month": .string(record.period.monthText),
                "total": record.total.map(two) ?? "",
                "band": .string(record.band ?? ""),
                "rank": .string(record.rank.map(String.init) ?? ""),
            ])
        }

        // Every group has a key: empty (so its paragraph hides) when nobody falls short. At
        // most `callOut.most` are named, the lowest; the rest are counted.
        var callOuts: [String: TemplateValue] = [:]
        let rule = profile.scorecardSettings.callOut
        let lagging = level == .commune ? [:] : rule.callOuts(appendix.units)
        for group in IndexGroup.allCases {
            callOuts[key(group)] = .string(Self.named(lagging[group] ?? [], most: rule.most))
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

        let groups = groupRows(appendix, own: appendix.district, rule: rule)
        return .object([
            "level": .string(level.rawValue),
            "own": .object(own),
            "groups": .array(groups),
            "weakGroups": .array(
                groups.filter {
                    if case .object(let row) = $0, row["below"] == .bool(true) { return true }
                    return false
                }),
            "issuer": .string("\(issuer) \(area.inSentence)"),
            "issuerShort": .string("\(issuer) \(area.kind)"),
            "callOutShare": .string(Self.percent(rule.belowShareOfMaximum)),
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

    /// The issuing office as a sentence names it, before its area: "Văn phòng HĐND và UBND"
    /// (then "xã Phú Tân"), "Văn phòng UBND" (then "tỉnh An Giang") for a province's "VĂN PHÒNG".
    static func issuer(office: String, level: OfficeLevel) -> String {
        let acronyms: Set<String> = ["hđnd", "ubnd"]
        let words = VietnameseText.normalized(office).lowercased().split(separator: " ").map(String.init)
        var text = words.enumerated().map { index, word in
            acronyms.contains(word)
                ? word.uppercased() : index == 0 ? word.prefix(1).uppercased() + word.dropFirst() : word
        }.joined(separator: " ")
        if !words.contains("ubnd") { text += " UBND" }
        return text
    }

    /// 0.7 as "70", 0.655 as "65.5".
    static func percent(_ share: Double) -> String {
        let value = (share * 1000).rounded() / 10
        return value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// Who the office is ranked among, as section 1 says it.
    static func peers(_ level: OfficeLevel) -> String {
        switch level {
        case .province: "tỉnh, thành phố"
        case .district: "huyện, thị xã, thành phố"
        case .commune: "xã, phường, đặc khu"
        }
    }

    /// "A, B, C" or, past `most`, "A, B, C và 12 đơn vị khác".
    static func named(_ units: [UnitResult], most: Int?) -> String {
        let shown = units.prefix(most ?? units.count).map(\.displayName).joined(separator: ", ")
        let more = units.count - min(units.count, most ?? units.count)
        return more > 0 ? "\(shown) và \(more) đơn vị khác" : shown
    }

    /// One row per group: the maximum, the office's own score (a commune's), the table's
    /// average and best, the share of the maximum, and whether it falls below the call-out
    /// share.
    static func groupRows(_ appendix: Appendix, own: DistrictResult?, rule: CallOutRule) -> [TemplateValue] {
        func two(_ number: Double) -> TemplateValue { .string(ScoreText.twoDecimals(number)) }
        return IndexGroup.allCases.enumerated().map { index, group in
            let scores = appendix.units.compactMap { $0.scores[group] }
            var row: [String: TemplateValue] = [
                "stt": .string(String(index + 1)), "name": .string(group.name), "key": .string(key(group)),
                "maximum": .string(String(Int(group.maximum))),
                "average": scores.isEmpty ? "" : two(scores.reduce(0, +) / Double(scores.count)),
                "best": scores.max().map(two) ?? "",
            ]
            if let score = own?.scores?[group] {
                row["score"] = two(score)
                row["share"] = .string(String(format: "%.1f", 100 * score / group.maximum))
                row["below"] = .bool(score < group.maximum * rule.belowShareOfMaximum - 1e-9)
            } else {
                row["score"] = ""
                row["share"] = ""
                row["below"] = .bool(false)
            }
            return .object(row)
        }
    }
}
