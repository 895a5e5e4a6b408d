import Foundation
import Testing
import XLSX

@testable import Scorecard

/// The appendices of offices after the 2025 reform: a province ranked among the provinces, a
/// commune among its province's communes.
@Suite struct OfficeLevelTests {
    static func sample(_ name: String) throws -> Workbook {
        try Workbook(path: AppendixReaderTests.samples.appendingPathComponent(name).path)
    }

    @Test func aProvinceFindsItsLineAmongTheProvincesAndReadsItsCommunes() throws {
        let settings = ScorecardSettings(level: .province, ownName: "An Giang")
        let appendix = try AppendixReader(settings: settings)
            .read(Self.sample("tinh-an-giang-2025-09.xlsx"), fileName: "tinh-an-giang-2025-09.xlsx")
        #expect(!appendix.hasErrors, "\(appendix.diagnostics)")
        #expect(appendix.units.count == 102)
        #expect(appendix.units.contains { $0.name == "Đặc khu Phú Quốc" }, "a special zone is a unit, not a header")
        let own = try #require(appendix.district)
        #expect((own.total, own.rank, own.of, own.band) == (85.2, 9, 34, "TỐT"))
    }

    @Test func aCommuneFindsItsOwnRowWithItsGroupScores() throws {
        for name in ["Xã Phú Tân", "Phú Tân", "xã phú tân"] {
            let appendix = try AppendixReader(settings: ScorecardSettings(level: .commune, ownName: name))
                .read(Self.sample("xa-phu-tan-2025-09.xlsx"), fileName: "xa-phu-tan-2025-09.xlsx")
            #expect(!appendix.hasErrors, "\(appendix.diagnostics)")
            #expect(appendix.units.count == 102)
            let own = try #require(appendix.district)
            #expect((own.total, own.rank, own.of) == (81.4, 35, 102))
            #expect(own.scores?[.thanhToan] == 6.2 && own.scores?[.soHoa] == 12.8)
        }
    }

    @Test func aCommuneMissingFromTheTableIsAnErrorWithTheNearestNames() throws {
        let appendix = try AppendixReader(settings: ScorecardSettings(level: .commune, ownName: "Xã Phú Tâm"))
            .read(Self.sample("xa-phu-tan-2025-09.xlsx"), fileName: "xa-phu-tan-2025-09.xlsx")
        let missing = try #require(appendix.diagnostics.first { $0.rule == .ownRowMissing })
        #expect(missing.severity == .error)
        #expect(missing.message.contains("Xã Phú Tân"), "\(missing.message)")
        #expect(appendix.district == nil)
    }

    @Test func aProvinceWithoutTheRankingOfProvincesIsWarned() throws {
        let appendix = try AppendixReader(settings: ScorecardSettings(level: .province, ownName: "An Giang"))
            .read(Self.sample("xa-phu-tan-2025-09.xlsx"), fileName: "xa-phu-tan-2025-09.xlsx")
        #expect(appendix.diagnostics.contains { $0.rule == .ownRowMissing && $0.severity == .warning })
        #expect(appendix.units.count == 102)
    }

    @Test(arguments: [
        ("Xã, phường, đặc khu", true), ("Phường, xã", true), ("Tỉnh, thành phố", true), ("Tên tỉnh", true),
        ("Tỉnh", true), ("Đặc khu Phú Quốc", false), ("Xã Phương Thịnh", false), ("Thành phố Hà Nội", false),
        ("Phường Thành Công", false), ("Xã Tân Thạnh", false),
    ])
    func recognisesHeadersThatNameKindsOfUnits(_ text: String, _ isHeader: Bool) {
        #expect(ColumnRole.namesKindsOfUnits(text) == isHeader, "\(text)")
    }

    @Test func suggestsTheNearestNames() {
        let names = ["Xã Phú Tân", "Xã Phú An", "Xã Phú Lâm", "Phường Long Xuyên"]
        #expect(VietnameseText.nearest(to: "Phu Tn", among: names, limit: 2).first == "Xã Phú Tân")
        #expect(VietnameseText.nearest(to: "Long Xuyen", among: names, limit: 3) == ["Phường Long Xuyên"])
        #expect(VietnameseText.nearest(to: "Hoàn Kiếm", among: names, limit: 3).isEmpty)
    }
}
