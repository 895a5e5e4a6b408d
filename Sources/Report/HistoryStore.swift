import Foundation
import GRDB
import Scorecard

/// One converted month as the history keeps it: the district's line of the province's
/// ranking (the row of the report's monthly table).
public struct MonthRecord: Sendable, Equatable {
    public var period: Period
    /// `nil` when that month's appendix had no province table.
    public var total: Double?
    public var band: String?
    public var rank: Int?
    /// How many districts were ranked.
    public var of: Int?
}

/// The history of converted months (SQLite through GRDB), so that a month's draft can show
/// the months before it.
///
/// Keyed by district and period; converting a period again replaces it in one
/// transaction, so an interruption never leaves half a month.
public final class HistoryStore: Sendable {
    private let queue: DatabaseQueue
    /// Where the database lives.
    public let path: String

    /// `$XDG_DATA_HOME/baocao/history.sqlite`, else `~/.local/share/baocao/history.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base: String
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            base = data
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            base = (home as NSString).appendingPathComponent(".local/share")
        }
        return ((base as NSString).appendingPathComponent("baocao") as NSString)
            .appendingPathComponent("history.sqlite")
    }

    /// Opens (creating when needed) the store at `path`.
    public init(path: String) throws {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try Self.migrator.migrate(queue)
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE period (
                        district TEXT NOT NULL,
                        year INTEGER NOT NULL,
                        month INTEGER NOT NULL,
                        total REAL,
                        band TEXT,
                        rank INTEGER,
                        rankedCount INTEGER,
                        source TEXT NOT NULL,
                        recordedAt TEXT NOT NULL,
                        PRIMARY KEY (district, year, month)
                    );
                    CREATE TABLE unitResult (
                        district TEXT NOT NULL,
                        year INTEGER NOT NULL,
                        month INTEGER NOT NULL,
                        position INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        rosterName TEXT,
                        congKhai REAL, tienDo REAL, dvcTrucTuyen REAL, thanhToan REAL, haiLong REAL, soHoa REAL,
                        total REAL NOT NULL,
                        band TEXT NOT NULL,
                        rank INTEGER NOT NULL,
                        PRIMARY KEY (district, year, month, position),
                        FOREIGN KEY (district, year, month) REFERENCES period (district, year, month)
                            ON DELETE CASCADE
                    );
                    """)
        }
        return migrator
    }

    /// One month of one district, as ``record(_:)`` stores it.
    public struct Month: Sendable {
        public var district: String
        public var period: Period
        public var result: DistrictResult?
        public var units: [UnitResult]
        public var source: String

        public init(district: String, period: Period, result: DistrictResult?, units: [UnitResult], source: String) {
            self.district = district
            self.period = period
            self.result = result
            self.units = units
            self.source = source
        }
    }

    /// Records (or replaces) `period` of `district`: its ranking line and its units.
    public func record(
        district: String, period: Period, result: DistrictResult?, units: [UnitResult], source: String
    ) throws {
        try record([Month(district: district, period: period, result: result, units: units, source: source)])
    }

    /// Records (or replaces) several months in one transaction: a batch of a hundred months
    /// commits (and waits for the disk) once, not a hundred times.
    public func record(_ months: [Month]) throws {
        guard !months.isEmpty else { return }
        let recordedAt = ISO8601DateFormatter().string(from: Date())
        try queue.write { db in
            for month in months {
                let key: StatementArguments = [month.district, month.period.year, month.period.month]
                try db.cachedStatement(sql: "DELETE FROM period WHERE district = ? AND year = ? AND month = ?")
                    .execute(arguments: key)
                let result = month.result
                try db.cachedStatement(
                    sql: """
                        INSERT INTO period (district, year, month, total, band, rank, rankedCount, source, recordedAt)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """
                ).execute(
                    arguments: key + [result?.total, result?.band, result?.rank, result?.of, month.source, recordedAt])
                let insertUnit = try db.cachedStatement(
                    sql: """
                        INSERT INTO unitResult (district, year, month, position, name, rosterName,
                            congKhai, tienDo, dvcTrucTuyen, thanhToan, haiLong, soHoa, total, band, rank)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                for (position, unit) in month.units.enumerated() {
                    var arguments = key + [position, unit.name, unit.rosterName]
                    for group in IndexGroup.allCases { arguments += [unit.scores[group]] }
                    arguments += [unit.total, unit.band, unit.rank]
                    try insertUnit.execute(arguments: arguments)
                }
            }
        }
    }

    /// The months of `year` up to and including `last` that the store holds for `district`.
    public func months(district: String, year: Int, through last: Int) throws -> [MonthRecord] {
        try queue.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT month, total, band, rank, rankedCount FROM period
                    WHERE district = ? AND year = ? AND month <= ? ORDER BY month
                    """, arguments: [district, year, last]
            ).compactMap { row in
                guard let period = Period(year: year, month: row["month"]) else { return nil }
                return MonthRecord(
                    period: period, total: row["total"], band: row["band"], rank: row["rank"], of: row["rankedCount"])
            }
        }
    }

    /// The units recorded for `period` of `district`, in table order.
    public func units(district: String, period: Period) throws -> [UnitResult] {
        try queue.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM unitResult WHERE district = ? AND year = ? AND month = ? ORDER BY position",
                arguments: [district, period.year, period.month]
            ).map { row in
                var scores: [IndexGroup: Double] = [:]
                for group in IndexGroup.allCases {
                    if let score: Double = row[group.rawValue] { scores[group] = score }
                }
                return UnitResult(
                    name: row["name"], rosterName: row["rosterName"], scores: scores, total: row["total"],
                    band: row["band"], rank: row["rank"], sheet: "", row: 0, cell: "")
            }
        }
    }
}
