import DOCX
import Foundation
import Scorecard
import Testing

@testable import Report

@Suite struct OfficeProfileTests {
    static let template = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Templates/phu-tan.yaml")

    @Test func theBuiltInProfileIsTheTemplateFile() throws {
        let file = try String(contentsOf: Self.template, encoding: .utf8)
        #expect(BuiltInProfile.yaml == file, "run Scripts/embed-defaults after editing Templates/phu-tan.yaml")
    }

    @Test func thePhuTanProfileLoads() throws {
        let profile = try OfficeProfile.builtIn()
        #expect(profile.district == "Phú Tân")
        #expect(profile.office.parent == "UBND HUYỆN PHÚ TÂN")
        #expect(profile.signer.title == "CHÁNH VĂN PHÒNG")
        #expect(profile.units.count == 19)
        #expect(profile.units.contains { $0.name == "Hòa Lạc" })
        #expect(profile.units.contains { $0.name == "Bộ phận tiếp nhận và Trả kết quả huyện" })
        #expect(profile.recipients.contains { $0.contains("Cổng TTĐT huyện") })
        #expect(profile.recipients.last?.hasPrefix("Lưu: VT") == true)
        let settings = profile.scorecardSettings
        #expect(settings.bands.band(for: 87.18).name == "TỐT")
        #expect(settings.callOut.belowShareOfMaximum == 0.7)
    }

    @Test func aBrokenProfileNamesEveryProblem() throws {
        let yaml = """
            office: { parent: "UBND", name: "", symbol: "BC-VP" }
            district: "Phú Tân"
            province: "An Giang"
            place: "Phú Tân"
            signer: { title: "CHÁNH VĂN PHÒNG", name: "" }
            units: [{ name: "Phú Mỹ" }, { name: "Phú Mỹ" }]
            bands: []
            callOut: { belowShareOfMaximum: 7 }
            recipients: ["Lưu: VT."]
            """
        do {
            _ = try OfficeProfile.parse(yaml, source: "hong.yaml")
            Issue.record("a broken profile was accepted")
        } catch let error as ProfileError {
            #expect(error.problems.count == 4, "\(error.problems)")
            #expect(error.description.contains("office.name"))
            #expect(error.description.contains("Phú Mỹ"))
            #expect(error.description.contains("[profile.invalid]"))
        }
        #expect(throws: ProfileError.self) { try OfficeProfile.parse("district: [", source: "x.yaml") }
        do {
            _ = try OfficeProfile.parse("district: Phú Tân\n", source: "thieu.yaml")
        } catch let error as ProfileError {
            #expect(error.problems.first?.contains("Thiếu mục") == true, "\(error.problems)")
        }
    }
}

@Suite struct BuiltInTemplateTests {
    static let template = OfficeProfileTests.template.deletingLastPathComponent()
        .appendingPathComponent("bao-cao-766.docx")

    @Test func theBuiltInTemplateIsTheTemplateFile() throws {
        let file = try Data(contentsOf: Self.template)
        #expect(
            Data(base64Encoded: BuiltInTemplate.base64) == file, "run Scripts/embed-defaults after editing the template"
        )
        let folder = Self.template.deletingLastPathComponent()
        for (encoded, name) in [
            (BuiltInTemplate.provinceBase64, "bao-cao-766-tinh.docx"),
            (BuiltInTemplate.communeBase64, "bao-cao-766-xa.docx"),
        ] {
            let file = try Data(contentsOf: folder.appendingPathComponent(name))
            #expect(Data(base64Encoded: encoded) == file, "run Scripts/embed-defaults after editing \(name)")
        }
    }

    /// Each level's template compiles and uses the level's words, not the district's.
    @Test(arguments: [OfficeLevel.province, .commune])
    func eachLevelsTemplateUsesItsOwnLine(_ level: OfficeLevel) throws {
        let template = try DOCXTemplate.builtIn(for: level)
        #expect(template.problems.isEmpty, "\(template.problems)")
        let names = Set(template.tags.map(\.name))
        for name in [
            "own.total", "own.rank", "own.of", "own.band", "own.peers", "own.fullName", "issuer", "recipients",
        ] {
            #expect(names.contains(name), "the \(level) template lacks {\(name)}")
        }
        #expect(!names.contains { $0.hasPrefix("district.") })
        #expect(names.contains(level == .commune ? "groups" : "units"))
    }

    @Test func theTemplateCompilesWithoutProblems() throws {
        let template = try DOCXTemplate.builtIn()
        #expect(template.problems.isEmpty, "\(template.problems)")
        let names = Set(template.tags.map(\.name))
        for name in [
            "district.total", "district.rank", "district.of", "district.band", "months", "units", "recipients",
        ] {
            #expect(names.contains(name), "the template lacks {\(name)}")
        }
    }
}

/// The provinces and communes `profile new` ships.
@Suite struct DivisionsTests {
    @Test func hasEveryProvinceAndCommuneSinceTheReform() throws {
        let divisions = Divisions.builtIn
        #expect(divisions.provinces.count == 34)
        #expect(divisions.provinces.reduce(0) { $0 + $1.communes.count } == 3321)
        guard case .found(let anGiang) = divisions.province(named: "tỉnh an giang") else {
            Issue.record("An Giang not found")
            return
        }
        #expect(anGiang.code == 91 && anGiang.communes.count == 102)
        let kinds = Dictionary(grouping: anGiang.communes, by: \.type).mapValues(\.count)
        #expect(kinds == ["xã": 85, "phường": 14, "đặc khu": 3])
        #expect(anGiang.authority == "UBND TỈNH AN GIANG")
        guard case .found(let hanoi) = divisions.province(named: "TP. Hà Nội") else {
            Issue.record("Hà Nội not found")
            return
        }
        #expect(hanoi.authority == "UBND THÀNH PHỐ HÀ NỘI" && hanoi.inSentence == "thành phố Hà Nội")
        guard case .found(let phuTan) = divisions.commune(named: "Phú Tân", in: anGiang) else {
            Issue.record("Xã Phú Tân not found")
            return
        }
        #expect(phuTan.name == "Xã Phú Tân" && phuTan.code == 30406)
        for name in divisions.provinces.flatMap({ [$0.name] + $0.communes.map(\.name) }) {
            #expect(name == name.precomposedStringWithCanonicalMapping)
        }
    }

    @Test func aDistrictProfileKeepsItsHistoryKeyAndOthersAreQualified() throws {
        let district = try OfficeProfile.builtIn()
        #expect(district.officeLevel == .district && district.historyKey == "Phú Tân")
        let draft = ProfileDraft(
            province: Divisions.builtIn.provinces.first { $0.code == 91 }!,
            commune: Divisions.Commune(code: 30406, type: "xã", name: "Xã Phú Tân"), office: nil)
        let commune = try OfficeProfile.parse(draft.yaml, source: "xa.yaml")
        #expect(commune.officeLevel == .commune && commune.historyKey == "Xã Phú Tân, An Giang")
        #expect(commune.scorecardSettings.ownName == "Xã Phú Tân")
    }
}

@Suite struct LevelWordingTests {
    static func unit(_ name: String) -> UnitResult {
        UnitResult(name: name, rosterName: nil, scores: [:], total: 0, band: "", rank: 1, sheet: "", row: 0, cell: "")
    }

    @Test func namesAtMostTheConfiguredUnitsAndCountsTheRest() {
        let units = ["A", "B", "C", "D"].map(Self.unit)
        #expect(ReportContext.named(units, most: nil) == "A, B, C, D")
        #expect(ReportContext.named(units, most: 2) == "A, B và 2 đơn vị khác")
        #expect(ReportContext.named(units, most: 4) == "A, B, C, D")
        #expect(ReportContext.named([], most: 3) == "")
    }

    @Test func wordsFollowTheLevel() {
        #expect(ReportContext.peers(.province) == "tỉnh, thành phố")
        #expect(ReportContext.peers(.district) == "huyện, thị xã, thành phố")
        #expect(ReportContext.peers(.commune) == "xã, phường, đặc khu")
        #expect(ReportContext.issuer(office: "VĂN PHÒNG", level: .province) == "Văn phòng UBND")
        #expect(ReportContext.issuer(office: "VĂN PHÒNG HĐND VÀ UBND", level: .commune) == "Văn phòng HĐND và UBND")
        #expect(ReportContext.percent(0.7) == "70" && ReportContext.percent(0.655) == "65.5")
        #expect(AreaName("Đặc khu Phú Quốc", level: .commune).inSentence == "đặc khu Phú Quốc")
        #expect(AreaName("Phường Long Xuyên", level: .commune).kind == "phường")
        #expect(AreaName("An Giang", level: .province).inSentence == "tỉnh An Giang")
        #expect(AreaName("Phú Tân", level: .district).inSentence == "huyện Phú Tân")
    }
}
