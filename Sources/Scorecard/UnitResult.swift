/// One unit's row of an appendix, as read and checked.
public struct UnitResult: Sendable, Equatable, Codable {
    /// The name as the workbook writes it (NFC, legacy text converted).
    public var name: String
    /// The name the office writes, when the roster knows the unit.
    public var rosterName: String?
    /// The six group scores; a group whose cell could not be read is absent.
    public var scores: [IndexGroup: Double]
    /// The total: the stated one when present and numeric, else the sum of the groups.
    public var total: Double
    /// The band of ``total``.
    public var band: String
    /// The rank by total within its table (ties shared).
    public var rank: Int
    /// Where the row is: the sheet, the row number (1-based) and the cell of the name.
    public var sheet: String
    public var row: Int
    public var cell: String

    public init(
        name: String, rosterName: String?, scores: [IndexGroup: Double], total: Double, band: String, rank: Int,
        sheet: String, row: Int, cell: String
    ) {
        self.name = name
        self.rosterName = rosterName
        self.scores = scores
        self.total = total
        self.band = band
        self.rank = rank
        self.sheet = sheet
        self.row = row
        self.cell = cell
    }

    /// The name to print: the office's spelling when known.
    public var displayName: String { rosterName ?? name }

    /// The score of `group`, 0 when missing.
    public func score(_ group: IndexGroup) -> Double { scores[group] ?? 0 }
}

/// The office's own line in the ranking it is ranked in: a district among the province's
/// districts, a province among the provinces, a commune among its province's communes.
public struct DistrictResult: Sendable, Equatable, Codable {
    public var name: String
    public var total: Double
    public var band: String
    public var rank: Int
    /// How many the table ranks.
    public var of: Int
    /// The group scores of the line, when the ranking has them (a commune's does).
    public var scores: [IndexGroup: Double]?

    public init(name: String, total: Double, band: String, rank: Int, of: Int, scores: [IndexGroup: Double]? = nil) {
        self.name = name
        self.total = total
        self.band = band
        self.rank = rank
        self.of = of
        self.scores = scores
    }
}
