import Foundation
import Scorecard
import TestKit
import Testing

@testable import Report

/// The page's accounts and the months as the page lists them, in a real history database:
/// bcrypt hashes, the rules on names and passwords, who recorded a month, its kept draft,
/// and a database of before (schema v1) upgraded in place.
@Suite struct HistoryAccountsTests {
    func temporaryStore() throws -> (HistoryStore, URL) {
        let folder = try TestFiles.temporaryFolder("history-accounts")
        return (try HistoryStore(path: folder.appendingPathComponent("history.sqlite").path), folder)
    }

    static let february = Period(year: 2025, month: 2)!

    func record(_ store: HistoryStore, total: Double, by who: String?) throws {
        try store.record([
            HistoryStore.Month(
                district: "Phú Tân", period: Self.february,
                result: DistrictResult(name: "Phú Tân", total: total, band: "TỐT", rank: 2, of: 11), units: [],
                source: "02.xlsx", recordedBy: who)
        ])
    }

    @Test func accountsKeepAHashAndCheckPasswords() throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try store.hasAccounts() == false)
        try store.addAccount(name: "lan", password: "mat-khau-cua-lan", cost: 4)
        // A name typed decomposed (NFD) is the same name.
        let decomposed = "Thu\u{0301}y"
        try store.addAccount(name: decomposed, password: "mat-khau-cua-thuy", cost: 4)
        #expect(Set(try store.accounts().map(\.name)) == ["lan", "Thúy"])
        #expect(try store.hasAccounts())
        #expect(try store.verify(name: "lan", password: "mat-khau-cua-lan"))
        #expect(try !store.verify(name: "lan", password: "mat-khau-cua-la"))
        #expect(try !store.verify(name: "Lan", password: "mat-khau-cua-lan"), "names are exact")
        #expect(try store.verify(name: "Thúy", password: "mat-khau-cua-thuy"))
        #expect(try !store.verify(name: "khong-co", password: "mat-khau-cua-lan"))

        let twice = #expect(throws: ReportError.self) {
            try store.addAccount(name: "lan", password: "mat-khau-khac", cost: 4)
        }
        #expect(twice?.code == .accountExists)
        for (name, password) in [("lan lan", "mat-khau-dai"), ("", "mat-khau-dai"), ("minh", "1234567")] {
            let refused = #expect(throws: ReportError.self) { try store.addAccount(name: name, password: password) }
            #expect(refused?.code == .accountInvalid, "\(name) / \(password)")
        }
        try store.removeAccount(name: "lan")
        let gone = #expect(throws: ReportError.self) { try store.removeAccount(name: "lan") }
        #expect(gone?.code == .accountMissing)
        #expect(try !store.verify(name: "lan", password: "mat-khau-cua-lan"))
    }

    @Test func aMonthKeepsWhoRecordedItAndItsDraftUntilReplaced() throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A draft for a month not recorded is not kept.
        try store.keepDraft(district: "Phú Tân", period: Self.february, docx: [1, 2, 3])
        #expect(try store.draft(district: "Phú Tân", period: Self.february) == nil)

        try record(store, total: 87.18, by: "lan")
        try store.keepDraft(district: "Phú Tân", period: Self.february, docx: [0x50, 0x4B, 1])
        let month = try #require(try store.recordedMonth(district: "Phú Tân", period: Self.february))
        #expect(month.recordedBy == "lan")
        #expect(month.total == 87.18 && month.rank == 2 && month.of == 11 && month.band == "TỐT")
        #expect(month.hasDraft)
        #expect(try store.draft(district: "Phú Tân", period: Self.february) == [0x50, 0x4B, 1])
        #expect(try store.recordedMonths(district: "Chợ Mới").isEmpty)

        // Replaced, the month is the new one's, and the old draft goes with the old month.
        try record(store, total: 88, by: "minh")
        let replaced = try #require(try store.recordedMonth(district: "Phú Tân", period: Self.february))
        #expect(replaced.recordedBy == "minh" && replaced.total == 88)
        #expect(!replaced.hasDraft)
        #expect(try store.draft(district: "Phú Tân", period: Self.february) == nil)
    }

    @Test func aDatabaseOfBeforeIsUpgradedKeepingItsMonths() throws {
        let folder = try TestFiles.temporaryFolder("history-accounts")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.sqlite").path
        // The v1 schema as earlier releases wrote it, with one month.
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.executescript('''
            CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
            INSERT INTO grdb_migrations VALUES ('v1');
            CREATE TABLE period (district TEXT NOT NULL, year INTEGER NOT NULL, month INTEGER NOT NULL,
                total REAL, band TEXT, rank INTEGER, rankedCount INTEGER, source TEXT NOT NULL,
                recordedAt TEXT NOT NULL, PRIMARY KEY (district, year, month));
            CREATE TABLE unitResult (district TEXT NOT NULL, year INTEGER NOT NULL, month INTEGER NOT NULL,
                position INTEGER NOT NULL, name TEXT NOT NULL, rosterName TEXT, congKhai REAL, tienDo REAL,
                dvcTrucTuyen REAL, thanhToan REAL, haiLong REAL, soHoa REAL, total REAL NOT NULL,
                band TEXT NOT NULL, rank INTEGER NOT NULL, PRIMARY KEY (district, year, month, position),
                FOREIGN KEY (district, year, month) REFERENCES period (district, year, month) ON DELETE CASCADE);
            INSERT INTO period VALUES ('Phú Tân', 2025, 1, 80.11, 'TỐT', 2, 11, '01.xlsx', '2025-02-03T08:00:00Z');
            ''')
            db.commit()
            """
        let made = try TestProcess.run(TestFiles.python, ["-c", script, path])
        #expect(made.status == 0, "\(made.stderr)")
        let store = try HistoryStore(path: path)
        let months = try store.recordedMonths(district: "Phú Tân")
        #expect(months.map(\.period) == [Period(year: 2025, month: 1)!])
        #expect(months.first?.recordedBy == nil)
        #expect(try store.hasAccounts() == false)
        try store.addAccount(name: "lan", password: "mat-khau-cua-lan", cost: 4)
        #expect(try store.hasAccounts())
    }
}
