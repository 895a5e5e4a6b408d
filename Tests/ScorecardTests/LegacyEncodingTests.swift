import Foundation
import Testing

@testable import Scorecard

typealias Legacy = LegacyVietnameseEncoding

/// Every TCVN3 code of a Vietnamese letter, from fcitx5-unikey `unikey/data.cpp` (its TCVN3 row,
/// stored there as Mac Roman text and decoded here to byte values). Capital toned letters share
/// these codes and are not listed.
private let tcvn3Table: [(String, UInt8)] = [
    ("Ă", 0xA1), ("Â", 0xA2), ("Ê", 0xA3), ("Ô", 0xA4), ("Ơ", 0xA5), ("Ư", 0xA6), ("Đ", 0xA7), ("ă", 0xA8),
    ("â", 0xA9), ("ê", 0xAA), ("ô", 0xAB), ("ơ", 0xAC), ("ư", 0xAD), ("đ", 0xAE), ("à", 0xB5), ("ả", 0xB6),
    ("ã", 0xB7), ("á", 0xB8), ("ạ", 0xB9), ("ằ", 0xBB), ("ẳ", 0xBC), ("ẵ", 0xBD), ("ắ", 0xBE), ("ặ", 0xC6),
    ("ầ", 0xC7), ("ẩ", 0xC8), ("ẫ", 0xC9), ("ấ", 0xCA), ("ậ", 0xCB), ("è", 0xCC), ("ẻ", 0xCE), ("ẽ", 0xCF),
    ("é", 0xD0), ("ẹ", 0xD1), ("ề", 0xD2), ("ể", 0xD3), ("ễ", 0xD4), ("ế", 0xD5), ("ệ", 0xD6), ("ì", 0xD7),
    ("ỉ", 0xD8), ("ĩ", 0xDC), ("í", 0xDD), ("ị", 0xDE), ("ò", 0xDF), ("ỏ", 0xE1), ("õ", 0xE2), ("ó", 0xE3),
    ("ọ", 0xE4), ("ồ", 0xE5), ("ổ", 0xE6), ("ỗ", 0xE7), ("ố", 0xE8), ("ộ", 0xE9), ("ờ", 0xEA), ("ở", 0xEB),
    ("ỡ", 0xEC), ("ớ", 0xED), ("ợ", 0xEE), ("ù", 0xEF), ("ủ", 0xF1), ("ũ", 0xF2), ("ú", 0xF3), ("ụ", 0xF4),
    ("ừ", 0xF5), ("ử", 0xF6), ("ữ", 0xF7), ("ứ", 0xF8), ("ự", 0xF9), ("ỳ", 0xFA), ("ỷ", 0xFB), ("ỹ", 0xFC),
    ("ý", 0xFD), ("ỵ", 0xFE),
]

/// Every non-ASCII Vietnamese letter in VNI-Windows, from the VNI-WIN row of fcitx5-unikey
/// `unikey/data.cpp` (a base byte and a mark byte).
private let vniTable: [(String, String)] = [
    ("Á", "A\u{D9}"), ("á", "a\u{F9}"), ("À", "A\u{D8}"), ("à", "a\u{F8}"), ("Ả", "A\u{DB}"), ("ả", "a\u{FB}"),
    ("Ã", "A\u{D5}"), ("ã", "a\u{F5}"), ("Ạ", "A\u{CF}"), ("ạ", "a\u{EF}"), ("Â", "A\u{C2}"), ("â", "a\u{E2}"),
    ("Ấ", "A\u{C1}"), ("ấ", "a\u{E1}"), ("Ầ", "A\u{C0}"), ("ầ", "a\u{E0}"), ("Ẩ", "A\u{C5}"), ("ẩ", "a\u{E5}"),
    ("Ẫ", "A\u{C3}"), ("ẫ", "a\u{E3}"), ("Ậ", "A\u{C4}"), ("ậ", "a\u{E4}"), ("Ă", "A\u{CA}"), ("ă", "a\u{EA}"),
    ("Ắ", "A\u{C9}"), ("ắ", "a\u{E9}"), ("Ằ", "A\u{C8}"), ("ằ", "a\u{E8}"), ("Ẳ", "A\u{DA}"), ("ẳ", "a\u{FA}"),
    ("Ẵ", "A\u{DC}"), ("ẵ", "a\u{FC}"), ("Ặ", "A\u{CB}"), ("ặ", "a\u{EB}"), ("É", "E\u{D9}"), ("é", "e\u{F9}"),
    ("È", "E\u{D8}"), ("è", "e\u{F8}"), ("Ẻ", "E\u{DB}"), ("ẻ", "e\u{FB}"), ("Ẽ", "E\u{D5}"), ("ẽ", "e\u{F5}"),
    ("Ẹ", "E\u{CF}"), ("ẹ", "e\u{EF}"), ("Ê", "E\u{C2}"), ("ê", "e\u{E2}"), ("Ế", "E\u{C1}"), ("ế", "e\u{E1}"),
    ("Ề", "E\u{C0}"), ("ề", "e\u{E0}"), ("Ể", "E\u{C5}"), ("ể", "e\u{E5}"), ("Ễ", "E\u{C3}"), ("ễ", "e\u{E3}"),
    ("Ệ", "E\u{C4}"), ("ệ", "e\u{E4}"), ("Í", "\u{CD}"), ("í", "\u{ED}"), ("Ì", "\u{CC}"), ("ì", "\u{EC}"),
    ("Ỉ", "\u{C6}"), ("ỉ", "\u{E6}"), ("Ĩ", "\u{D3}"), ("ĩ", "\u{F3}"), ("Ị", "\u{D2}"), ("ị", "\u{F2}"),
    ("Ó", "O\u{D9}"), ("ó", "o\u{F9}"), ("Ò", "O\u{D8}"), ("ò", "o\u{F8}"), ("Ỏ", "O\u{DB}"), ("ỏ", "o\u{FB}"),
    ("Õ", "O\u{D5}"), ("õ", "o\u{F5}"), ("Ọ", "O\u{CF}"), ("ọ", "o\u{EF}"), ("Ô", "O\u{C2}"), ("ô", "o\u{E2}"),
    ("Ố", "O\u{C1}"), ("ố", "o\u{E1}"), ("Ồ", "O\u{C0}"), ("ồ", "o\u{E0}"), ("Ổ", "O\u{C5}"), ("ổ", "o\u{E5}"),
    ("Ỗ", "O\u{C3}"), ("ỗ", "o\u{E3}"), ("Ộ", "O\u{C4}"), ("ộ", "o\u{E4}"), ("Ơ", "\u{D4}"), ("ơ", "\u{F4}"),
    ("Ớ", "\u{D4}\u{D9}"), ("ớ", "\u{F4}\u{F9}"), ("Ờ", "\u{D4}\u{D8}"), ("ờ", "\u{F4}\u{F8}"),
    ("Ở", "\u{D4}\u{DB}"), ("ở", "\u{F4}\u{FB}"), ("Ỡ", "\u{D4}\u{D5}"), ("ỡ", "\u{F4}\u{F5}"),
    ("Ợ", "\u{D4}\u{CF}"), ("ợ", "\u{F4}\u{EF}"), ("Ú", "U\u{D9}"), ("ú", "u\u{F9}"), ("Ù", "U\u{D8}"),
    ("ù", "u\u{F8}"), ("Ủ", "U\u{DB}"), ("ủ", "u\u{FB}"), ("Ũ", "U\u{D5}"), ("ũ", "u\u{F5}"), ("Ụ", "U\u{CF}"),
    ("ụ", "u\u{EF}"), ("Ư", "\u{D6}"), ("ư", "\u{F6}"), ("Ứ", "\u{D6}\u{D9}"), ("ứ", "\u{F6}\u{F9}"),
    ("Ừ", "\u{D6}\u{D8}"), ("ừ", "\u{F6}\u{F8}"), ("Ử", "\u{D6}\u{DB}"), ("ử", "\u{F6}\u{FB}"),
    ("Ữ", "\u{D6}\u{D5}"), ("ữ", "\u{F6}\u{F5}"), ("Ự", "\u{D6}\u{CF}"), ("ự", "\u{F6}\u{EF}"), ("Ý", "Y\u{D9}"),
    ("ý", "y\u{F9}"), ("Ỳ", "Y\u{D8}"), ("ỳ", "y\u{F8}"), ("Ỷ", "Y\u{DB}"), ("ỷ", "y\u{FB}"), ("Ỹ", "Y\u{D5}"),
    ("ỹ", "y\u{F5}"), ("Ỵ", "\u{CE}"), ("ỵ", "\u{EE}"), ("Đ", "\u{D1}"), ("đ", "\u{F1}"),
]

@Suite struct LegacyTableTests {
    @Test(arguments: tcvn3Table)
    func tcvn3MatchesUniKey(letter: String, byte: UInt8) {
        let legacy = String(Character(Unicode.Scalar(byte)))
        #expect(Legacy.encode(letter, to: .tcvn3) == legacy)
        #expect(Legacy.convert(legacy, from: .tcvn3) == letter)
        // The capital of a toned letter has no code of its own (0xA1-0xA7 are the only capitals).
        if byte >= 0xB5 { #expect(Legacy.encode(letter.uppercased(), to: .tcvn3) == legacy) }
    }

    @Test(arguments: vniTable)
    func vniMatchesUniKey(letter: String, legacy: String) {
        #expect(Legacy.encode(letter, to: .vni) == legacy)
        #expect(Legacy.convert(legacy, from: .vni) == letter)
    }

    @Test func tablesCoverEveryVietnameseLetter() {
        #expect(tcvn3Table.count == 74)
        #expect(vniTable.count == 134)
        #expect(Set(vniTable.map(\.0)).count == 134)
    }

    @Test(arguments: [
        // libiconv TCVN (VN1): capitals at codes VN3 leaves unused, and combining tone marks.
        ("\u{C4}", "Ấ"), ("\u{FF}", "Ố"), ("\u{DB}", "Ồ"), ("a\u{B3}", "á"), ("\u{AB}\u{B4}", "ộ"),
    ])
    func tcvn3ReadsTheVN1Extras(legacy: String, expected: String) {
        #expect(Legacy.convert(legacy, from: .tcvn3) == expected)
    }

    @Test func tcvn3LeavesWindowsPunctuationAlone() {
        #expect(
            Legacy.convert("Phó T©n \u{2013} \u{201C}2025\u{201D}", from: .tcvn3)
                == "Phú Tân \u{2013} \u{201C}2025\u{201D}")
    }
}

@Suite struct LegacyConversionTests {
    @Test(arguments: [
        ("Phó T©n", Legacy.Encoding.tcvn3, "Phú Tân"),
        ("Hoµ L¹c", .tcvn3, "Hoà Lạc"),
        ("Bé phËn tiÕp nhËn vµ tr¶ kÕt qu¶ huyÖn", .tcvn3, "Bộ phận tiếp nhận và trả kết quả huyện"),
        ("Tæng ®iÓm", .tcvn3, "Tổng điểm"),
        ("XÕp lo¹i", .tcvn3, "Xếp loại"),
        ("Phuù Taân", .vni, "Phú Tân"),
        ("Hoøa Laïc", .vni, "Hòa Lạc"),
        ("Ñoâng", .vni, "Đông"),
        ("Xöông", .vni, "Xương"),
        ("Tröôøng", .vni, "Trường"),
    ])
    func convertsKnownExamples(legacy: String, encoding: Legacy.Encoding, expected: String) {
        let converted = Legacy.convert(legacy, from: encoding)
        #expect(converted == expected)
        #expect(Array(converted.unicodeScalars) == Array(expected.precomposedStringWithCanonicalMapping.unicodeScalars))
    }

    @Test(arguments: Legacy.Encoding.allCases)
    func roundTripsEveryUnitName(encoding: Legacy.Encoding) throws {
        for name in UnitNames.all {
            let legacy = try #require(Legacy.encode(name, to: encoding))
            #expect(legacy != name)
            #expect(Legacy.convert(legacy, from: encoding) == name)
        }
    }

    @Test(arguments: Legacy.Encoding.allCases)
    func roundTripsCapitals(encoding: Legacy.Encoding) throws {
        for text in ["BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ HUYỆN", "HÒA LẠC", "TỔNG ĐIỂM", "XẾP HẠNG"] {
            let legacy = try #require(Legacy.encode(text, to: encoding))
            #expect(Legacy.convert(legacy, from: encoding) == text)
        }
    }

    @Test func tcvn3SharedCodesFollowTheirWord() {
        #expect(Legacy.encode("HOÀ", to: .tcvn3) == "HOµ")
        #expect(Legacy.convert("HOµ", from: .tcvn3) == "HOÀ")
        #expect(Legacy.convert("Hoµ", from: .tcvn3) == "Hoà")
        #expect(Legacy.convert("Bé phËn", from: .tcvn3) == "Bộ phận")
        #expect(Legacy.convert("UBND x· Phó L©m", from: .tcvn3) == "UBND xã Phú Lâm")
    }

    @Test func tcvn3UppercaseFontShowsCapitals() {
        // In .VnTimeH every code, lower-case ASCII included, is drawn as a capital.
        #expect(Legacy.convert("bé phËn mét cöa", from: .tcvn3, uppercaseFont: true) == "BỘ PHẬN MỘT CỬA")
        #expect(Legacy.convert("Phuù Taân", from: .vni, uppercaseFont: true) == "Phú Tân")
    }

    @Test(arguments: ["Phú Tân", "Hoà Lạc", "87,18", "Tổng điểm"])
    func encodedTextConvertsBackThroughDecodingIfLegacy(text: String) throws {
        for encoding in Legacy.Encoding.allCases {
            let legacy = try #require(Legacy.encode(text, to: encoding))
            let decoded = Legacy.decodingIfLegacy(legacy)
            if let found = decoded.encoding {
                #expect(found == encoding)
                #expect(decoded.text == text)
            } else {
                #expect(decoded.text == legacy)
            }
        }
        #expect(Legacy.decodingIfLegacy("Phó T©n") == ("Phú Tân", .tcvn3))
        #expect(Legacy.decodingIfLegacy("Phú Tân") == ("Phú Tân", nil))
    }

    @Test(arguments: ["©", "Phú Tân ©", "日本", "😀", "ñ"])
    func encodeRefusesWhatTheEncodingCannotWrite(text: String) {
        #expect(Legacy.encode(text, to: .tcvn3) == nil)
        #expect(Legacy.encode(text, to: .vni) == nil)
    }

    @Test func encodeKeepsAsciiSpacingAndPunctuation() {
        #expect(Legacy.encode("STT 1.\u{A0}\u{2013} 87,18", to: .tcvn3) == "STT 1.\u{A0}\u{2013} 87,18")
        #expect(Legacy.encode("Phú Tân", to: .tcvn3) == "Phó T©n")
        #expect(Legacy.encode("Phú Tân", to: .vni) == "Phuù Taân")
        #expect(Legacy.encode("Phu\u{301} Ta\u{302}n", to: .vni) == "Phuù Taân")
    }

    @Test(arguments: [
        (".VnTime", Legacy.Encoding.tcvn3, false), (".VnTimeH", .tcvn3, true), (".VnArial NarrowH", .tcvn3, true),
        ("VNI-Times", .vni, false), ("VNI-Helve", .vni, false),
    ])
    func fontsNameTheirEncoding(font: String, encoding: Legacy.Encoding, uppercase: Bool) throws {
        let found = try #require(Legacy.font(named: font))
        #expect(found.encoding == encoding)
        #expect(found.uppercase == uppercase)
    }

    @Test(arguments: ["Times New Roman", "Arial", "Calibri", "VnTimes Roman", ""])
    func otherFontsNameNoEncoding(font: String) {
        #expect(Legacy.font(named: font) == nil)
    }
}

@Suite struct LegacyDetectionTests {
    @Test(arguments: [
        ("Phó T©n", Legacy.Encoding.tcvn3), ("Hoµ L¹c", .tcvn3), ("Bé phËn tiÕp nhËn vµ tr¶ kÕt qu¶ huyÖn", .tcvn3),
        ("Phó Mü", .tcvn3), ("Tæng ®iÓm", .tcvn3), ("XÕp h¹ng", .tcvn3), ("C«ng khai, minh b¹ch (18 ®iÓm)", .tcvn3),
        ("Bé PHËN TIÕP NHËN Vµ TR¶ KÕT QU¶ HUYÖN", .tcvn3), ("Phuù Taân", .vni), ("Hoøa Laïc", .vni),
        ("Boä phaän tieáp nhaän vaø traû keát quaû huyeän", .vni), ("Toång ñieåm", .vni), ("PHUÙ TAÂN", .vni),
        ("Xeáp loaïi", .vni),
    ])
    func detectsLegacyText(text: String, encoding: Legacy.Encoding) {
        #expect(Legacy.detect(text) == encoding)
    }

    @Test(arguments: Legacy.Encoding.allCases)
    func detectsEncodedUnitNamesWithoutMistakingTheEncoding(encoding: Legacy.Encoding) throws {
        var undetected: [String] = []
        for name in UnitNames.all {
            let legacy = try #require(Legacy.encode(name, to: encoding))
            let found = Legacy.detect(legacy)
            #expect(found == encoding || found == nil, "\(name) as \(legacy)")
            if found == nil { undetected.append(name) }
        }
        // In TCVN3 "Phú Long" is "Phó Long", which is also valid Unicode Vietnamese; a sheet of
        // names gives the verdict.
        #expect(undetected == (encoding == .tcvn3 ? ["Phú Long", "Phú An"] : []))
        let sheet = try UnitNames.all.map { try #require(Legacy.encode($0, to: encoding)) }
        #expect(Legacy.detect(in: sheet) == encoding)
    }

    @Test(arguments: UnitNames.all + UnitNames.all.map { $0.uppercased() })
    func unicodeNamesAreNotLegacy(name: String) {
        #expect(Legacy.detect(name) == nil)
        #expect(Legacy.detect(name.decomposedStringWithCanonicalMapping) == nil)
        #expect(Legacy.detect(VietnameseText.placingTones(name, style: .modern)) == nil)
    }

    @Test(arguments: [
        // Unicode Vietnamese that only uses Latin-1 letters, in either tone placement.
        "Phú Tân", "Hoà", "Hòa", "Thuý", "Hoá", "Hoà Phú", "Tri Tôn", "Bình", "Phó Long", "Tân Hòa", "PHÚ TÂN",
        "Tổng điểm", "Số hoá hồ sơ",
        // English and numbers.
        "Total", "District ranking 2025", "87,18", "80.11", "02/11", "STT", "CKMB", "TĐGQ",
        // Other Latin-1 text.
        "café", "Müller", "Zoë", "naïve", "São Paulo", "Größe", "Señor Núñez", "Ångström", "10 µm", "© 2025",
        "25°C", "Crème brûlée", "Björk Guðmundsdóttir", "Renée Zellweger", "façade", "Raúl", "aïe", "Noël",
        "François Müller, 3ème étage", "½ × 2 ± 1",
        // Mojibake of UTF-8 read as Latin-1 is a different fault, not a legacy encoding.
        "PhÃº TÃ¢n",
    ])
    func otherTextIsNotLegacy(text: String) {
        #expect(Legacy.detect(text) == nil)
    }
}
