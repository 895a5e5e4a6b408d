import Foundation
import GRDB
import Scorecard

/// A recorded month as the page lists it: the ranking line, who converted it and when, and
/// whether its draft is kept to download again.
public struct RecordedMonth: Sendable, Equatable, Codable {
    public var period: Period
    public var total: Double?
    public var band: String?
    public var rank: Int?
    /// How many were ranked.
    public var of: Int?
    /// The appendix's name.
    public var source: String
    /// When it was recorded, ISO 8601.
    public var recordedAt: String
    /// The account that converted it; `nil` for the command line or a page without accounts.
    public var recordedBy: String?
    /// Whether ``HistoryStore/draft(district:period:)`` has its draft.
    public var hasDraft: Bool
}

/// The months of an office as the page shows them, and the drafts kept with them.
extension HistoryStore {
    /// Every month recorded for `district`, the latest first.
    public func recordedMonths(district: String) throws -> [RecordedMonth] {
        try reading {
            try queue.read { db in
                let kept = Set(
                    try Row.fetchAll(
                        db, sql: "SELECT year, month FROM periodDraft WHERE district = ?", arguments: [district]
                    ).map { [$0["year"] as Int, $0["month"] as Int] })
                return try PeriodRow.filter(Column("district") == district)
                    .order(Column("year").desc, Column("month").desc)
                    .fetchAll(db)
                    .compactMap { row in
                        Period(year: row.year, month: row.month).map {
                            RecordedMonth(
                                period: $0, total: row.total, band: row.band, rank: row.rank, of: row.rankedCount,
                                source: row.source, recordedAt: row.recordedAt, recordedBy: row.recordedBy,
                                hasDraft: kept.contains([row.year, row.month]))
                        }
                    }
            }
        }
    }

    /// `period` of `district` when it is recorded.
    public func recordedMonth(district: String, period: Period) throws -> RecordedMonth? {
        try recordedMonths(district: district).first { $0.period == period }
    }

    /// Keeps `docx` as the draft of the recorded month `period` of `district` (replacing the
    /// one kept); it goes when the month is replaced. Does nothing for a month not recorded.
    public func keepDraft(district: String, period: Period, docx: [UInt8]) throws {
        try writing { db in
            guard try PeriodRow.fetchOne(db, key: PeriodRow.key(district, period)) != nil else { return }
            try db.execute(
                sql: "INSERT OR REPLACE INTO periodDraft (district, year, month, docx) VALUES (?, ?, ?, ?)",
                arguments: [district, period.year, period.month, Data(docx)])
        }
    }

    /// The kept draft of `period` of `district`, or `nil`.
    public func draft(district: String, period: Period) throws -> [UInt8]? {
        try reading {
            try queue.read { db in
                try Data.fetchOne(
                    db, sql: "SELECT docx FROM periodDraft WHERE district = ? AND year = ? AND month = ?",
                    arguments: [district, period.year, period.month]
                ).map { [UInt8]($0) }
            }
        }
    }
}
