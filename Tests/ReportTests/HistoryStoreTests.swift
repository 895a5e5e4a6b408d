import Foundation
import Scorecard
import Testing

@testable import Report

@Suite struct HistoryStoreTests {
    func temporaryStore() throws -> (HistoryStore, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("history-\(UUID().uuidString)")
        let store = try HistoryStore(path: folder.appendingPathComponent("nested/history.sqlite").path)
        return (store, folder)
    }

    func unit(_ name: String, _ total: Double, rank: Int) -> UnitResult {
        UnitResult(
            name: name, rosterName: nil, scores: [.soHoa: 12.5, .congKhai: 17], total: total, band: "TỐT", rank: rank,
            sheet: "Phụ lục 1", row: 7, cell: "B7")
    }

    @Test func keepsMonthsInOrderAndReplacesAPeriodWhole() throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let february = Period(year: 2025, month: 2)!
        let january = Period(year: 2025, month: 1)!
        // Given out of order: February first.
        try store.record(
            district: "Phú Tân", period: february,
            result: DistrictResult(name: "Phú Tân", total: 87.18, band: "TỐT", rank: 2, of: 11),
            units: [unit("Phú Mỹ", 96, rank: 1), unit("Chợ Vàm", 92.35, rank: 2)], source: "02.xlsx")
        try store.record(
            district: "Phú Tân", period: january,
            result: DistrictResult(name: "Phú Tân", total: 80.11, band: "TỐT", rank: 2, of: 11),
            units: [unit("Phú Mỹ", 90, rank: 1)], source: "01.xlsx")
        let months = try store.months(district: "Phú Tân", year: 2025, through: 2)
        #expect(months.map(\.period) == [january, february])
        #expect(months.map(\.total) == [80.11, 87.18])
        #expect(try store.months(district: "Phú Tân", year: 2025, through: 1).count == 1)
        #expect(try store.months(district: "Chợ Mới", year: 2025, through: 12).isEmpty)

        // Converting February again replaces its line and all its units.
        try store.record(
            district: "Phú Tân", period: february,
            result: DistrictResult(name: "Phú Tân", total: 88, band: "TỐT", rank: 1, of: 11),
            units: [unit("Phú Mỹ", 97, rank: 1)], source: "02-sua.xlsx")
        #expect(try store.months(district: "Phú Tân", year: 2025, through: 2).last?.total == 88)
        let units = try store.units(district: "Phú Tân", period: february)
        #expect(units.map(\.name) == ["Phú Mỹ"])
        #expect(units.first?.scores[.soHoa] == 12.5)
        #expect(units.first?.scores[.tienDo] == nil)
    }

    @Test func aReopenedStoreStillHoldsItsMonths() throws {
        let (store, folder) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        try store.record(
            district: "Phú Tân", period: Period(year: 2025, month: 3)!, result: nil, units: [], source: "03.xlsx")
        let reopened = try HistoryStore(path: store.path)
        let months = try reopened.months(district: "Phú Tân", year: 2025, through: 12)
        #expect(months.count == 1)
        #expect(months.first?.total == nil)
    }

    @Test func theDefaultPathFollowsXDG() {
        #expect(
            HistoryStore.defaultPath(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/a"])
                == "/data/baocao/history.sqlite")
        #expect(
            HistoryStore.defaultPath(environment: ["HOME": "/home/a"]) == "/home/a/.local/share/baocao/history.sqlite")
        #expect(
            HistoryStore.defaultPath(environment: ["XDG_DATA_HOME": "relative", "HOME": "/home/a"])
                == "/home/a/.local/share/baocao/history.sqlite")
    }
}
