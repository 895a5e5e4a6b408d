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
    let queue: DatabaseQueue
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
    ///
    /// - Throws: ``ReportError`` `store.unavailable`, with SQLite's or the file system's
    ///   error as its cause.
    public init(path: String) throws {
        self.path = path
        do {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try Self.migrator.migrate(queue)
        } catch {
            throw ReportError(
                .storeUnavailable,
                "Không mở được tệp lịch sử các tháng (SQLite); hãy kiểm tra đường dẫn và quyền ghi, hoặc chọn tệp khác (--store).",
                file: path, cause: CauseText(String(describing: error)))
        }
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
        // Who converted each month; the page's accounts; each month's draft, to download again.
        migrator.registerMigration("v2") { db in
            try db.execute(
                sql: """
                    ALTER TABLE period ADD COLUMN recordedBy TEXT;
                    CREATE TABLE account (
                        name TEXT PRIMARY KEY NOT NULL,
                        passwordHash TEXT NOT NULL,
                        createdAt TEXT NOT NULL
                    );
                    CREATE TABLE periodDraft (
                        district TEXT NOT NULL,
                        year INTEGER NOT NULL,
                        month INTEGER NOT NULL,
                        docx BLOB NOT NULL,
                        PRIMARY KEY (district, year, month),
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
        /// Who converted it, when known (the page's account).
        public var recordedBy: String?

        public init(
            district: String, period: Period, result: DistrictResult?, units: [UnitResult], source: String,
            recordedBy: String? = nil
        ) {
            self.district = district
            self.period = period
            self.result = result
            self.units = units
            self.source = source
            self.recordedBy = recordedBy
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
        let failures = try record(months.map { Entry(month: $0, place: {}) })
        if let failure = failures.compactMap({ $0 }).first { throw failure }
    }

    /// A month to record with the step that must succeed for it to stay recorded (putting
    /// its draft in place).
    public struct Entry: Sendable {
        /// `nil` for a draft that is not history (a forced one): only `place` runs.
        public var month: Month?
        public var place: @Sendable () throws -> Void

        public init(month: Month?, place: @escaping @Sendable () throws -> Void) {
            self.month = month
            self.place = place
        }
    }

    /// Records each entry's month and runs its `place` in one transaction, each entry in a
    /// savepoint of its own: an entry whose `place` fails leaves its month as it was, the
    /// others are kept. Returns each entry's failure (`nil` when it went through).
    ///
    /// - Throws: ``ReportError`` `store.failed` when the transaction itself fails; then no
    ///   month is recorded.
    public func record(_ entries: [Entry]) throws -> [(any Error)?] {
        guard !entries.isEmpty else { return [] }
        let recordedAt = ISO8601DateFormatter().string(from: Date())
        do {
            return try queue.write { db -> [(any Error)?] in
                var failures: [(any Error)?] = []
                for entry in entries {
                    do {
                        try db.inSavepoint {
                            if let month = entry.month { try Self.insert(month, recordedAt: recordedAt, db) }
                            try entry.place()
                            return .commit
                        }
                        failures.append(nil)
                    } catch {
                        failures.append(error)
                    }
                }
                return failures
            }
        } catch {
            throw ReportError(
                .storeFailed, "Không ghi được tệp lịch sử các tháng (SQLite).", file: path,
                cause: CauseText(String(describing: error)))
        }
    }

    private static func insert(_ month: Month, recordedAt: String, _ db: Database) throws {
        let key = PeriodRow.key(month.district, month.period)
        _ = try PeriodRow.deleteOne(db, key: key)
        try PeriodRow(
            district: month.district, year: month.period.year, month: month.period.month, total: month.result?.total,
            band: month.result?.band, rank: month.result?.rank, rankedCount: month.result?.of, source: month.source,
            recordedAt: recordedAt, recordedBy: month.recordedBy
        ).insert(db)
        for (position, unit) in month.units.enumerated() {
            try UnitResultRow(district: month.district, period: month.period, position: position, unit: unit).insert(db)
        }
    }

    /// The months of `year` up to and including `last` that the store holds for `district`.
    public func months(district: String, year: Int, through last: Int) throws -> [MonthRecord] {
        try reading {
            try queue.read { db in
                try PeriodRow
                    .filter(Column("district") == district && Column("year") == year && Column("month") <= last)
                    .order(Column("month"))
                    .fetchAll(db)
                    .compactMap(\.record)
            }
        }
    }

    /// The units recorded for `period` of `district`, in table order.
    public func units(district: String, period: Period) throws -> [UnitResult] {
        try reading {
            try queue.read { db in
                try UnitResultRow
                    .filter(
                        Column("district") == district && Column("year") == period.year
                            && Column("month") == period.month
                    )
                    .order(Column("position"))
                    .fetchAll(db)
                    .map(\.unit)
            }
        }
    }

    func reading<Value>(_ body: () throws -> Value) throws -> Value {
        do {
            return try body()
        } catch {
            throw ReportError(
                .storeFailed, "Không đọc được tệp lịch sử các tháng (SQLite).", file: path,
                cause: CauseText(String(describing: error)))
        }
    }
}

/// A row of the `period` table: one district's month.
struct PeriodRow: Decodable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "period"

    var district: String
    var year: Int
    var month: Int
    var total: Double?
    var band: String?
    var rank: Int?
    var rankedCount: Int?
    var source: String
    var recordedAt: String
    var recordedBy: String?

    /// Written by hand: GRDB's Codable path costs several times this for a batch's rows.
    func encode(to container: inout PersistenceContainer) {
        container["district"] = district
        container["year"] = year
        container["month"] = month
        container["total"] = total
        container["band"] = band
        container["rank"] = rank
        container["rankedCount"] = rankedCount
        container["source"] = source
        container["recordedAt"] = recordedAt
        container["recordedBy"] = recordedBy
    }

    static func key(_ district: String, _ period: Period) -> [String: any DatabaseValueConvertible] {
        ["district": district, "year": period.year, "month": period.month]
    }

    var record: MonthRecord? {
        Period(year: year, month: month).map {
            MonthRecord(period: $0, total: total, band: band, rank: rank, of: rankedCount)
        }
    }
}

/// A row of the `unitResult` table: one unit's line of a month.
struct UnitResultRow: Decodable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "unitResult"

    var district: String
    var year: Int
    var month: Int
    var position: Int
    var name: String
    var rosterName: String?
    var congKhai: Double?
    var tienDo: Double?
    var dvcTrucTuyen: Double?
    var thanhToan: Double?
    var haiLong: Double?
    var soHoa: Double?
    var total: Double
    var band: String
    var rank: Int

    init(district: String, period: Period, position: Int, unit: UnitResult) {
        self.district = district
        year = period.year
        month = period.month
        self.position = position
        name = unit.name
        rosterName = unit.rosterName
        congKhai = unit.scores[.congKhai]
        tienDo = unit.scores[.tienDo]
        dvcTrucTuyen = unit.scores[.dvcTrucTuyen]
        thanhToan = unit.scores[.thanhToan]
        haiLong = unit.scores[.haiLong]
        soHoa = unit.scores[.soHoa]
        total = unit.total
        band = unit.band
        rank = unit.rank
    }

    /// Written by hand: GRDB's Codable path costs several times this for a batch's rows.
    func encode(to container: inout PersistenceContainer) {
        container["district"] = district
        container["year"] = year
        container["month"] = month
        container["position"] = position
        container["name"] = name
        container["rosterName"] = rosterName
        container["congKhai"] = congKhai
        container["tienDo"] = tienDo
        container["dvcTrucTuyen"] = dvcTrucTuyen
        container["thanhToan"] = thanhToan
        container["haiLong"] = haiLong
        container["soHoa"] = soHoa
        container["total"] = total
        container["band"] = band
        container["rank"] = rank
    }

    var unit: UnitResult {
        let pairs: [(IndexGroup, Double?)] = [
            (.congKhai, congKhai), (.tienDo, tienDo), (.dvcTrucTuyen, dvcTrucTuyen), (.thanhToan, thanhToan),
            (.haiLong, haiLong), (.soHoa, soHoa),
        ]
        var scores: [IndexGroup: Double] = [:]
        for (group, score) in pairs { if let score { scores[group] = score } }
        return UnitResult(
            name: name, rosterName: rosterName, scores: scores, total: total, band: band, rank: rank, sheet: "",
            row: 0, cell: "")
    }
}
