import Foundation
import Testing

@testable import Scorecard

/// The units of `INDEX-766.md`, as the GSO list and the seed report write them.
enum UnitNames {
    /// The 18 communes and towns of huyện Phú Tân (GSO list of 01/03/2025).
    static let communes = [
        "Phú Mỹ", "Chợ Vàm", "Long Hoà", "Phú Long", "Phú Lâm", "Phú Hiệp", "Phú Thạnh", "Hoà Lạc", "Phú Thành",
        "Phú An", "Phú Xuân", "Hiệp Xương", "Phú Bình", "Phú Thọ", "Phú Hưng", "Bình Thạnh Đông", "Tân Hòa",
        "Tân Trung",
    ]
    static let oneStopOffice = "Bộ phận tiếp nhận và trả kết quả huyện"
    /// The 11 district-level units of An Giang in early 2025.
    static let districts = [
        "TP Long Xuyên", "TP Châu Đốc", "TX Tân Châu", "TX Tịnh Biên", "huyện An Phú", "Phú Tân", "Châu Phú",
        "Tri Tôn", "Châu Thành", "Chợ Mới", "Thoại Sơn",
    ]
    static let all = communes + [oneStopOffice] + districts
}

@Suite struct NormalizationTests {
    @Test(arguments: [
        ("  Phú   Tân ", "Phú Tân"),
        ("Phú\u{A0}Tân", "Phú Tân"),
        ("Công khai,\nminh bạch\r\n(18 điểm)", "Công khai, minh bạch (18 điểm)"),
        ("Tổng\t\tđiểm", "Tổng điểm"),
        ("\u{FEFF}Xếp\u{200B} loại\u{2003}", "Xếp loại"),
        ("", ""),
        (" \n\t ", ""),
    ])
    func collapsesWhitespace(input: String, expected: String) {
        #expect(VietnameseText.normalized(input) == expected)
    }

    @Test(arguments: UnitNames.all)
    func composesDecomposedText(name: String) {
        let decomposed = name.decomposedStringWithCanonicalMapping
        let normalized = VietnameseText.normalized(decomposed)
        // Swift's == ignores the encoding form; the scalars must be the composed ones.
        #expect(Array(normalized.unicodeScalars) == Array(name.precomposedStringWithCanonicalMapping.unicodeScalars))
    }

    @Test func decomposedPhuTanBecomesComposed() {
        let decomposed = "Phu\u{301} Ta\u{302}n"
        #expect(decomposed.unicodeScalars.count == 9)
        #expect(
            Array(VietnameseText.normalized(decomposed).unicodeScalars) == Array("Ph\u{FA} T\u{E2}n".unicodeScalars))
    }
}

@Suite struct MatchKeyTests {
    @Test(arguments: [
        ("Hoà Lạc", "Hòa Lạc"), ("HÒA LẠC", "hoà lạc"), ("Long Hoà", "Long Hòa"), ("Tân Hòa", "Tân Hoà"),
        ("Thuý", "Thúy"), ("Thuỷ", "Thủy"), ("khoẻ", "khỏe"), ("Số hoá hồ sơ", "Số hóa hồ sơ"),
        ("Hoà  Lạc", "Hòa\u{A0}Lạc"), ("  Phú Tân", "PHÚ TÂN "), ("ÐỒNG", "đồng"), ("hòan thành", "hoàn thành"),
        ("Bộ phận tiếp nhận và Trả kết quả huyện", "Bộ phận tiếp nhận và trả kết quả huyện"),
    ])
    func equatesSpellingsOfOneName(first: String, second: String) {
        #expect(VietnameseText.matchKey(first) == VietnameseText.matchKey(second))
    }

    @Test(arguments: UnitNames.all)
    func equatesDecomposedAndCapitalisedForms(name: String) {
        let key = VietnameseText.matchKey(name)
        #expect(VietnameseText.matchKey(name.decomposedStringWithCanonicalMapping) == key)
        #expect(VietnameseText.matchKey(name.uppercased()) == key)
        #expect(VietnameseText.matchKey(VietnameseText.placingTones(name, style: .modern)) == key)
    }

    @Test(arguments: [
        ("Phú Lâm", "Phú Lam"), ("Phú Thành", "Phú Thạnh"), ("Hòa Lạc", "Hoa Lạc"), ("Tân Hòa", "Tân Hoà Đông"),
    ])
    func keepsDistinctNamesApart(first: String, second: String) {
        #expect(VietnameseText.matchKey(first) != VietnameseText.matchKey(second))
    }

    @Test func allUnitNamesHaveDistinctMatchKeys() {
        #expect(Set(UnitNames.all.map(VietnameseText.matchKey)).count == UnitNames.all.count)
    }

    @Test func looseKeysOfPhuTanCollide() {
        // Two communes of one district that only a tone tells apart: a loose match must be unique.
        let groups = Dictionary(grouping: UnitNames.all, by: VietnameseText.looseKey).values.filter { $0.count > 1 }
        #expect(groups.map { $0.sorted() } == [["Phú Thành", "Phú Thạnh"]])
    }

    @Test(
        arguments: UnitNames.all + [
            "ÐỒNG THÁP", "Huyện  Thoại Sơn", "Phu\u{301} Ta\u{302}n", "KẾT QUẢ XẾP HẠNG THÁNG 02/2025",
        ])
    func looseKeyIsTheMatchKeyWithoutMarks(name: String) {
        for spelling in [name, name.uppercased(), name.decomposedStringWithCanonicalMapping] {
            #expect(VietnameseText.looseKey(spelling) == VietnameseText.looseKey(VietnameseText.matchKey(spelling)))
        }
    }

    @Test(arguments: [
        ("Hòa Lạc", "hoa lac"), ("HOÀ LẠC", "hoa lac"), ("Bình Thạnh Đông", "binh thanh dong"),
        ("TP. Long Xuyên", "tp long xuyen"), ("TP Long Xuyen", "tp long xuyen"), ("Chợ  Mới", "cho moi"),
        ("Phu\u{301} Ta\u{302}n", "phu tan"), ("ÐỒNG THÁP", "dong thap"),
    ])
    func looseKeyDropsDiacriticsAndPunctuation(input: String, expected: String) {
        #expect(VietnameseText.looseKey(input) == expected)
    }
}

/// ASCII texts (numbers, codes, unaccented names) take a shortcut on their bytes; their keys
/// must be the ones the Unicode path gives, which an accented word after them forces.
@Suite struct ASCIIShortcutTests {
    static let texts = [
        "12.5", "  TP.  Long Xuyen ", "Tong diem\t(100)", "STT", "a\r\nb", "x-y_z/1", "", " \u{0B}\u{0C} ", "ABC  def",
        "\u{1F}ctl",
    ]

    @Test(arguments: texts)
    func keysMatchTheUnicodePath(text: String) {
        let normalized = VietnameseText.normalized(text)
        #expect(VietnameseText.normalized(text + " é") == (normalized.isEmpty ? "é" : normalized + " é"))
        let matchKey = VietnameseText.matchKey(text)
        #expect(VietnameseText.matchKey(text + " É") == (matchKey.isEmpty ? "é" : matchKey + " é"))
        let looseKey = VietnameseText.looseKey(text)
        #expect(VietnameseText.looseKey(text + " Đ") == (looseKey.isEmpty ? "d" : looseKey + " d"))
    }

    @Test func keysOfPlainText() {
        #expect(VietnameseText.normalized("  TP.  Long Xuyen ") == "TP. Long Xuyen")
        #expect(VietnameseText.matchKey("  TP.  Long Xuyen ") == "tp. long xuyen")
        #expect(VietnameseText.looseKey("  TP.  Long Xuyen ") == "tp long xuyen")
        #expect(VietnameseText.looseKey("12.5") == "12 5")
    }
}

@Suite struct TonePlacementTests {
    @Test(arguments: [
        // Input, classic, modern.
        ("hoà", "hòa", "hoà"), ("hòa", "hòa", "hoà"), ("Thuý", "Thúy", "Thuý"), ("thủy", "thủy", "thuỷ"),
        ("khoẻ", "khỏe", "khoẻ"), ("HOÀ", "HÒA", "HOÀ"), ("Hoà Lạc", "Hòa Lạc", "Hoà Lạc"),
        // Placements that every style shares.
        ("hòan", "hoàn", "hoàn"), ("huỳnh", "huỳnh", "huỳnh"), ("quý", "quý", "quý"), ("quả", "quả", "quả"),
        ("giữa", "giữa", "giữa"), ("gìn", "gìn", "gìn"), ("người", "người", "người"), ("ngòai", "ngoài", "ngoài"),
        ("khuỷu", "khuỷu", "khuỷu"), ("thuở", "thuở", "thuở"), ("mía", "mía", "mía"), ("múa", "múa", "múa"),
        ("tiếp", "tiếp", "tiếp"), ("Xương", "Xương", "Xương"), ("quyết", "quyết", "quyết"),
        // Not Vietnamese: left alone.
        ("café", "café", "café"), ("Señor", "Señor", "Señor"), ("naïve", "naïve", "naïve"), ("87,18", "87,18", "87,18"),
    ])
    func placesTones(input: String, classic: String, modern: String) {
        #expect(VietnameseText.placingTones(input, style: .classic) == classic)
        #expect(VietnameseText.placingTones(input, style: .modern) == modern)
    }
}

@Suite struct UnitPrefixTests {
    @Test(arguments: [
        ("Xã Phú Lâm", "Phú Lâm"), ("xã Hoà Lạc", "Hoà Lạc"), ("XÃ PHÚ AN", "PHÚ AN"), ("Xã. Phú An", "Phú An"),
        ("Thị trấn Phú Mỹ", "Phú Mỹ"), ("THỊ TRẤN CHỢ VÀM", "CHỢ VÀM"), ("TT. Chợ Vàm", "Chợ Vàm"),
        ("TT Phú Mỹ", "Phú Mỹ"), ("tt.Phú Mỹ", "Phú Mỹ"), ("Phường Mỹ Bình", "Mỹ Bình"), ("P. Mỹ Bình", "Mỹ Bình"),
        ("P.Mỹ Bình", "Mỹ Bình"), ("Thị xã Tân Châu", "Tân Châu"), ("TX Tịnh Biên", "Tịnh Biên"),
        ("TX. Tân Châu", "Tân Châu"), ("Thành phố Long Xuyên", "Long Xuyên"), ("TP Long Xuyên", "Long Xuyên"),
        ("TP.Châu Đốc", "Châu Đốc"), ("Huyện An Phú", "An Phú"), ("H. Phú Tân", "Phú Tân"),
        ("UBND xã Phú Thọ", "Phú Thọ"), ("UBND huyện Phú Tân", "Phú Tân"), ("UBND thị trấn Phú Mỹ", "Phú Mỹ"),
        ("UBND Phú Tân", "Phú Tân"), ("Thi tran Phu My", "Phu My"), ("Xa Phu Lam", "Phu Lam"),
        ("THI XA TAN CHAU", "TAN CHAU"), ("  Xã\u{A0}Phú  Lâm ", "Phú Lâm"),
        ("Xa\u{303} Phu\u{301} Lâm", "Phú Lâm"),
    ])
    func stripsPrefixes(input: String, expected: String) {
        #expect(VietnameseText.strippingUnitPrefix(input) == expected)
    }

    @Test(arguments: [
        "Phú Tân", "Hòa Lạc", "Xà Phiên", "Thành Lợi", "Thị Tứ", "Huyền Hội", "Xã", "Thị trấn", "TPHCM", "Hòa Phú",
        "Phú Hưng", "Tân Trung", "Hiệp Xương", "Bộ phận tiếp nhận và trả kết quả huyện", "Pháp", "Hà Tiên", "P5",
    ])
    func keepsNamesWithoutPrefix(name: String) {
        #expect(VietnameseText.strippingUnitPrefix(name) == VietnameseText.normalized(name))
    }

    @Test func aDistrictAndItsFormalNameMatch() {
        for (formal, short) in [("Thành phố Long Xuyên", "TP Long Xuyên"), ("Thị xã Tân Châu", "TX. Tân Châu")] {
            let formalKey = VietnameseText.matchKey(VietnameseText.strippingUnitPrefix(formal))
            #expect(formalKey == VietnameseText.matchKey(VietnameseText.strippingUnitPrefix(short)))
        }
    }
}

@Suite struct SyllableTests {
    @Test(arguments: [
        "Phú", "Tân", "hòa", "hoà", "nghiêng", "Nguyễn", "quốc", "giữa", "khuỷu", "tiếp", "PHẬN", "đường", "ý",
        "Xuyên", "huyện", "quả", "Thạnh", "kết", "trả",
    ])
    func acceptsVietnameseSyllables(word: String) {
        #expect(VietnameseText.isVietnameseSyllable(word))
    }

    @Test(arguments: [
        "café", "Müller", "tiÕp", "T©n", "Phuù", "Taân", "tiêp", "hòaa", "Street", "phở̀", "pHú", "Hoøa", "µm",
    ])
    func rejectsOtherWords(word: String) {
        #expect(!VietnameseText.isVietnameseSyllable(word))
    }
}
