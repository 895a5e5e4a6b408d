import XLSX

/// A problem found in an appendix: a stable rule id, its severity, its place, and a
/// Vietnamese message for the clerk who fixes the workbook.
public struct Diagnostic: Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable {
        case error, warning
    }

    /// Stable rule ids; their raw values never change once published.
    public enum Rule: String, Sendable, Codable, CaseIterable {
        case scoreOutOfRange = "score.out_of_range"
        case valueNotNumeric = "value.not_numeric"
        case valueMissing = "value.missing"
        case totalMismatch = "total.mismatch"
        case bandMismatch = "band.mismatch"
        case rankMismatch = "rank.mismatch"
        case unitDuplicate = "unit.duplicate"
        case unitUnknown = "unit.unknown"
        case unitMissing = "unit.missing"
        case headerMissingColumn = "header.missing_column"
        case headerMaximumMismatch = "header.maximum_mismatch"
        case tableNotFound = "table.not_found"
        case ownRowMissing = "ranking.own_missing"
        case periodMissing = "period.missing"
        case periodMismatch = "period.mismatch"
        case legacyEncoding = "text.legacy_encoding"
        case unsafeCharacters = "text.unsafe_characters"
        case formulaUncalculated = "value.formula_uncalculated"
    }

    public var severity: Severity
    public var rule: Rule
    /// The sheet, or `nil` for problems without a place (a missing period).
    public var sheet: String?
    /// The cell (`I12`), or `nil`.
    public var cell: String?
    public var message: String

    public init(_ severity: Severity, _ rule: Rule, sheet: String? = nil, cell: String? = nil, _ message: String) {
        self.severity = severity
        self.rule = rule
        self.sheet = sheet
        self.cell = cell
        self.message = message
    }

    /// `'Phụ lục 1'!I12`, as Excel quotes sheet names, or the sheet alone.
    public var place: String? {
        guard let sheet else { return nil }
        return CellReference.quotedSheetName(sheet) + (cell.map { "!\($0)" } ?? "")
    }

    public var description: String {
        let label = severity == .error ? "Lỗi" : "Cảnh báo"
        return "\(label) \(place.map { "\($0): " } ?? "")\(message) [\(rule.rawValue)]"
    }
}
