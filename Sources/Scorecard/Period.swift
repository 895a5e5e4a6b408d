import Foundation

/// The month a report covers.
public struct Period: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int

    public init?(year: Int, month: Int) {
        guard (1...12).contains(month), (2000...2100).contains(year) else { return nil }
        self.year = year
        self.month = month
    }

    /// Reads `2025-02`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]),
            let month = Int(parts[1])
        else { return nil }
        self.init(year: year, month: month)
    }

    /// `2025-02`.
    public var description: String { "\(year)-" + (month < 10 ? "0\(month)" : "\(month)") }

    /// `02`.
    public var monthText: String { month < 10 ? "0\(month)" : "\(month)" }

    public static func < (lhs: Period, rhs: Period) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }

    /// The period a title row states: "Tháng 02 năm 2025", "THÁNG 2/2025", "tháng 02-2025".
    public static func fromTitle(_ text: String) -> Period? {
        let lowered = text.precomposedStringWithCanonicalMapping.lowercased()
        guard let range = lowered.range(of: "tháng") else { return nil }
        let digits = lowered[range.upperBound...]
        let numbers = digits.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        guard numbers.count == 2 else { return nil }
        return Period(year: numbers[1], month: numbers[0])
    }

    /// The period a file name states, only as a four-digit year with a two-digit month:
    /// `phu-luc-1-2025-02.xlsx`, `bao-cao-thang-02-2025.xlsx`. `phu-luc-1-2025` is no period.
    public static func fromFileName(_ name: String) -> Period? {
        let base = (name as NSString).lastPathComponent.lowercased()
        let runs = base.split(whereSeparator: { !$0.isNumber }).map(String.init)
        for (index, run) in runs.enumerated() {
            if run.count == 4, let year = Int(run), index + 1 < runs.count, runs[index + 1].count == 2,
                let period = Period(year: year, month: Int(runs[index + 1]) ?? 0)
            {
                return period
            }
            if run.count == 2, let month = Int(run), index + 1 < runs.count, runs[index + 1].count == 4,
                let period = Period(year: Int(runs[index + 1]) ?? 0, month: month)
            {
                return period
            }
        }
        return nil
    }
}
