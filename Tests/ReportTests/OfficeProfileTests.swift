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
