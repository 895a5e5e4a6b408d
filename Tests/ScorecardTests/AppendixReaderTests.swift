import Foundation
import Testing
import XLSX

@testable import Scorecard

/// The appendix reader over the bundled samples.
@Suite struct AppendixReaderTests {
    static let samples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Samples")

    @Test func readsTheDemoAppendix() throws {
        let path = Self.samples.appendingPathComponent("demo/phu-luc-mau.xlsx").path
        let appendix = try AppendixReader(settings: ScorecardSettings(ownName: "Phú Tân"))
            .read(Workbook(path: path), fileName: "phu-luc-mau.xlsx")
        #expect(appendix.diagnostics.isEmpty, "\(appendix.diagnostics)")
        #expect(appendix.period == Period(year: 2025, month: 2))
        #expect(
            appendix.units.map(\.name) == [
                "Thị trấn Phú Mỹ", "Thị trấn Chợ Vàm", "Xã Phú Hưng", "Xã Tân Trung", "Xã Hòa Lạc",
            ])
        #expect(appendix.units.map(\.rank) == [1, 2, 5, 4, 3])
        #expect(appendix.units[0].score(.soHoa) == 18.4)
        #expect(appendix.units[0].total == 93)
        #expect(appendix.units[0].band == "XUẤT SẮC")
        #expect(appendix.district == nil)
    }

    /// Recognition checks the deadline itself: a file read in time but slow to recognise
    /// stops with `limit.time` and its sheet, not only while it is being inflated.
    @Test func recognitionStopsAtTheDeadline() throws {
        let path = Self.samples.appendingPathComponent("phu-luc-1-2025-02.xlsx").path
        let workbook = try Workbook(path: path)
        let sheet = try #require(workbook.worksheets.first)
        let grid = try SheetGrid(workbook: workbook, sheet: sheet)
        #expect(try TableRecognizer.tables(in: grid, file: "a.xlsx", deadline: .now + .seconds(60)).count == 1)
        let error = try #require(throws: ScorecardError.self) {
            try TableRecognizer.tables(in: grid, file: "a.xlsx", deadline: .now - .seconds(1))
        }
        #expect(error.code == .timeLimit)
        #expect(error.placedMessage.hasPrefix("a.xlsx, '\(sheet.name)': "), "\(error.placedMessage)")
    }

    @Test func findsThePeriodInTitlesAndFileNames() {
        #expect(Period.fromTitle("KẾT QUẢ … THÁNG 02 NĂM 2025") == Period(year: 2025, month: 2))
        #expect(Period.fromTitle("Tháng 2/2025") == Period(year: 2025, month: 2))
        #expect(Period.fromFileName("phu-luc-1-2025-02.xlsx") == Period(year: 2025, month: 2))
        #expect(Period.fromFileName("bao-cao-thang-02-2025.xlsx") == Period(year: 2025, month: 2))
        #expect(Period.fromFileName("phu-luc-1-2025.xlsx") == nil)
        #expect(Period.fromFileName("phu-luc-1.xlsx") == nil)
    }

    @Test func ranksShareTies() {
        #expect(Ranking.ranks(of: [90, 85, 85, 70]) == [1, 2, 2, 4])
        #expect(Ranking.formatted(rank: 2, of: 11) == "02/11")
        #expect(BandScale.standard.band(for: 87.18).name == "TỐT")
        #expect(BandScale.standard.band(for: 90).name == "XUẤT SẮC")
        #expect(BandScale.standard.band(for: 49.99).name == "YẾU")
    }
}

@Suite struct CallOutTests {
    @Test func monthTwoCallsOutExactlyTheReferenceUnits() throws {
        let path = AppendixReaderTests.samples.appendingPathComponent("phu-luc-1-2025-02.xlsx").path
        let roster = [
            RosterUnit(name: "Hòa Lạc", aliases: ["Xã Hoà Lạc"]),
            RosterUnit(
                name: "Bộ phận tiếp nhận và Trả kết quả huyện", aliases: ["Bộ phận tiếp nhận và trả kết quả huyện"]),
        ]
        let settings = ScorecardSettings(ownName: "Phú Tân", roster: roster)
        let appendix = try AppendixReader(settings: settings)
            .read(Workbook(path: path), fileName: "phu-luc-1-2025-02.xlsx")
        let callOuts = settings.callOut.callOuts(appendix.units)
        #expect(Array(callOuts.keys) == [.soHoa])
        #expect(
            callOuts[.soHoa]?.map(\.displayName) == [
                "Xã Phú Hưng", "Xã Tân Trung", "Hòa Lạc", "Bộ phận tiếp nhận và Trả kết quả huyện",
            ])
        #expect(appendix.district?.total == 87.18)
        #expect(appendix.district.map { Ranking.formatted(rank: $0.rank, of: $0.of) } == "02/11")
    }
}
