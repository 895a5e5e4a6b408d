import Foundation

/// Detection and conversion of the two 8-bit Vietnamese encodings still found in office
/// spreadsheets: TCVN3 (ABC, fonts ".VnTime", ".VnTimeH") and VNI (VNI-Windows, fonts
/// "VNI-Times").
///
/// Excel stores such text as the Windows-1252 characters of its bytes, so it arrives looking
/// like accented Latin: "Phó T©n" (TCVN3) and "Phuù Taân" (VNI) are both "Phú Tân".
///
/// The tables follow fcitx5-unikey `unikey/data.cpp` (TCVN3 and VNI-WIN), checked against GNU
/// libiconv `lib/tcvn.h` (TCVN 5712) and xvnkb `vni.h` (VNI).
public enum LegacyVietnameseEncoding {
    /// A legacy 8-bit Vietnamese encoding.
    public enum Encoding: String, Sendable, Hashable, CaseIterable {
        /// TCVN 5712:1993 "VN3" as typed with ABC, Vietkey or UniKey: one byte per letter.
        case tcvn3
        /// VNI-Windows: a base letter followed by a byte for its marks ("aø" = "à").
        case vni

        /// The name a clerk knows the encoding by, for messages.
        public var displayName: String {
            switch self {
            case .tcvn3: return "TCVN3 (ABC)"
            case .vni: return "VNI"
            }
        }
    }

    // MARK: - Detection

    /// The legacy encoding `text` is written in, or `nil` when it reads as ordinary Unicode.
    ///
    /// Conservative on purpose: Unicode Vietnamese (also in old tone placement, also when it
    /// only uses Latin-1 letters such as "Phú Tân"), English, numbers and other Latin-1 text
    /// ("café", "Müller") give `nil`. A verdict needs words that are not Vietnamese as they
    /// stand but are valid Vietnamese syllables once converted (two of them, one of at least
    /// three letters, or one among other changed words that all convert cleanly), and at least
    /// three in four of the words that conversion changes must come out valid. Any character
    /// beyond Windows-1252 means Unicode.
    ///
    /// A single short cell ("x·" for "xã") can be too little evidence; pass a sheet's texts to
    /// ``detect(in:)`` when they share one font.
    public static func detect(_ text: String) -> Encoding? {
        guard mayBeLegacy(text) else { return nil }
        let words = candidateWords(text)
        let tallies = Encoding.allCases
            .map { (encoding: $0, tally: tally(words, as: $0)) }
            .filter { $0.tally.qualifies }
        guard let best = tallies.max(by: { $0.tally.ranksBelow($1.tally) }) else { return nil }
        // Two encodings that explain the text equally well leave nothing to decide on.
        if tallies.contains(where: { $0.encoding != best.encoding && !$0.tally.ranksBelow(best.tally) }) { return nil }
        return best.encoding
    }

    /// Whether `text` could be legacy-encoded at all: only Windows-1252 characters, some of
    /// them letters that legacy fonts use for Vietnamese (0xA1–0xFF).
    public static func mayBeLegacy(_ text: String) -> Bool {
        var sawLegacyByte = false
        for scalar in text.unicodeScalars {
            if scalar.value >= 0xA1 && scalar.value <= 0xFF {
                sawLegacyByte = true
            } else if scalar.value > 0xFF && !windows1252Extras.contains(scalar.value) {
                return false
            }
        }
        return sawLegacyByte
    }

    /// The legacy encoding of texts that share one font, such as the text cells of a sheet,
    /// judged together so that short cells add up to enough evidence.
    public static func detect<Texts: Sequence>(in texts: Texts) -> Encoding? where Texts.Element == String {
        detect(texts.joined(separator: " "))
    }

    /// `text` converted to NFC Unicode when ``detect(_:)`` finds it legacy-encoded, with the
    /// encoding found; otherwise `text` unchanged and `nil`.
    public static func decodingIfLegacy(_ text: String) -> (text: String, encoding: Encoding?) {
        guard let encoding = detect(text) else { return (text, nil) }
        return (convert(text, from: encoding), encoding)
    }

    /// The encoding a font implies, when it is one of the legacy Vietnamese fonts: ".Vn…"
    /// fonts are TCVN3 and those ending in "H" (".VnTimeH") show every letter in capitals;
    /// "VNI-…" fonts are VNI.
    ///
    /// A cell's font is the surest sign of its encoding, so use it when the workbook gives it.
    public static func font(named name: String) -> (encoding: Encoding, uppercase: Bool)? {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        let lowered = trimmed.lowercased()
        if lowered.hasPrefix(".vn") { return (.tcvn3, trimmed.hasSuffix("H")) }
        if lowered.hasPrefix("vni-") || lowered.hasPrefix("vni ") { return (.vni, false) }
        return nil
    }

    // MARK: - Conversion

    /// `text`, written in `encoding`, as NFC Unicode.
    ///
    /// TCVN3 has one code for both cases of each toned letter ("Ộ" and "ộ" are both 0xE9);
    /// the ".VnTimeH" font draws it as a capital. The converter writes such a letter in
    /// capitals when `uppercaseFont` is set (the whole text is then upper-cased, as the font
    /// shows it), or when the other letters of its word, or of the whole text, are all
    /// capitals ("HOµ" gives "HOÀ"); otherwise in lower case ("Bé" gives "Bộ"). The upper-case
    /// codes of TCVN 5712 "VN1" that lie in 0xA0–0xFF are read as well. VNI has both cases and
    /// ignores `uppercaseFont`.
    ///
    /// Characters that mean nothing in `encoding` are kept.
    public static func convert(_ text: String, from encoding: Encoding, uppercaseFont: Bool = false) -> String {
        switch encoding {
        case .tcvn3:
            let converted = TCVN3.decode(text)
            return uppercaseFont ? converted.uppercased().precomposedStringWithCanonicalMapping : converted
        case .vni:
            return VNI.decode(text)
        }
    }

    /// `text` written in `encoding`, as the Windows-1252 characters a spreadsheet would store;
    /// `nil` when `text` holds a character the encoding cannot write (anything but ASCII,
    /// Vietnamese letters, the no-break space and Windows-1252 punctuation).
    ///
    /// Useful for test fixtures. Capital toned letters become their shared TCVN3 code, as
    /// UniKey writes them; ``convert(_:from:uppercaseFont:)`` restores the capitals of words
    /// written wholly in capitals.
    public static func encode(_ text: String, to encoding: Encoding) -> String? {
        var result = ""
        for character in text.precomposedStringWithCanonicalMapping {
            if character.isASCII || character == "\u{A0}"
                || character.unicodeScalars.allSatisfy({ windows1252Extras.contains($0.value) })
            {
                result.append(character)
                continue
            }
            switch encoding {
            case .tcvn3:
                guard let byte = TCVN3.encoding[character] else { return nil }
                result.unicodeScalars.append(Unicode.Scalar(byte))
            case .vni:
                guard let bytes = VNI.encoding[character] else { return nil }
                result.append(bytes)
            }
        }
        return result
    }

    // MARK: - Scoring

    /// The characters that Windows-1252 puts at 0x80–0x9F: punctuation that legacy-font text
    /// may contain ("–", "“") and that therefore says nothing about the encoding.
    private static let windows1252Extras: Set<UInt32> = [
        0x20AC, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017D,
        0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x017E,
        0x0178,
    ]

    private struct Tally {
        /// Words that conversion changes.
        var changed = 0
        /// Changed words that are no Vietnamese syllable after conversion.
        var invalid = 0
        /// Words that are no Vietnamese syllable as they stand but are one after conversion.
        var evidence = 0
        var longestEvidence = 0

        /// Enough words that only read as Vietnamese once converted, and few that read as nothing.
        /// One short word alone ("µm" read as "àm") is not enough, unless every other changed word
        /// converts cleanly too ("Phó Mü" for "Phú Mỹ").
        var qualifies: Bool {
            guard evidence >= 1, invalid * 4 <= changed else { return false }
            return evidence >= 2 || longestEvidence >= 3 || (changed >= 2 && invalid == 0)
        }

        func ranksBelow(_ other: Tally) -> Bool {
            (evidence, -invalid) < (other.evidence, -other.invalid)
        }
    }

    /// Runs of ASCII letters and of the characters at 0xA1–0xFF, which are letters in both
    /// encodings (TCVN3 "©" is "â", VNI "ø" is a tone mark).
    private static func candidateWords(_ text: String) -> [String] {
        var words: [String] = []
        var word = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A) || (value >= 0xA1 && value <= 0xFF)
            {
                word.append(scalar)
            } else if !word.isEmpty {
                words.append(String(word))
                word = String.UnicodeScalarView()
            }
        }
        if !word.isEmpty { words.append(String(word)) }
        return words
    }

    private static func tally(_ words: [String], as encoding: Encoding) -> Tally {
        var tally = Tally()
        for word in words {
            let converted = convert(word, from: encoding)
            guard !converted.unicodeScalars.elementsEqual(word.unicodeScalars) else { continue }
            tally.changed += 1
            // TCVN3 cannot tell the case of toned letters, so judge the spelling in lower case.
            guard VietnameseText.isVietnameseSyllable(converted.lowercased()) else {
                tally.invalid += 1
                continue
            }
            if !VietnameseText.isVietnameseSyllable(word) {
                tally.evidence += 1
                tally.longestEvidence = max(tally.longestEvidence, converted.count)
            }
        }
        return tally
    }
}

// MARK: - TCVN3

/// TCVN3 as fcitx5-unikey `unikey/data.cpp` defines it, plus the capitals of TCVN 5712 "VN1"
/// (GNU libiconv `lib/tcvn.h`) that lie in 0xA0–0xFF.
private enum TCVN3 {
    enum LetterCase {
        case upper
        case lower
        /// A toned letter whose one code serves both cases.
        case shared
    }

    /// Letters whose two cases have their own codes.
    static let caseDistinct: [(UInt8, Character)] = [
        (0xA1, "Ă"), (0xA2, "Â"), (0xA3, "Ê"), (0xA4, "Ô"), (0xA5, "Ơ"), (0xA6, "Ư"), (0xA7, "Đ"),
        (0xA8, "ă"), (0xA9, "â"), (0xAA, "ê"), (0xAB, "ô"), (0xAC, "ơ"), (0xAD, "ư"), (0xAE, "đ"),
    ]

    /// Toned letters, one code for both cases (given here in lower case).
    static let caseShared: [(UInt8, Character)] = [
        (0xB5, "à"), (0xB6, "ả"), (0xB7, "ã"), (0xB8, "á"), (0xB9, "ạ"), (0xBB, "ằ"), (0xBC, "ẳ"), (0xBD, "ẵ"),
        (0xBE, "ắ"), (0xC6, "ặ"), (0xC7, "ầ"), (0xC8, "ẩ"), (0xC9, "ẫ"), (0xCA, "ấ"), (0xCB, "ậ"), (0xCC, "è"),
        (0xCE, "ẻ"), (0xCF, "ẽ"), (0xD0, "é"), (0xD1, "ẹ"), (0xD2, "ề"), (0xD3, "ể"), (0xD4, "ễ"), (0xD5, "ế"),
        (0xD6, "ệ"), (0xD7, "ì"), (0xD8, "ỉ"), (0xDC, "ĩ"), (0xDD, "í"), (0xDE, "ị"), (0xDF, "ò"), (0xE1, "ỏ"),
        (0xE2, "õ"), (0xE3, "ó"), (0xE4, "ọ"), (0xE5, "ồ"), (0xE6, "ổ"), (0xE7, "ỗ"), (0xE8, "ố"), (0xE9, "ộ"),
        (0xEA, "ờ"), (0xEB, "ở"), (0xEC, "ỡ"), (0xED, "ớ"), (0xEE, "ợ"), (0xEF, "ù"), (0xF1, "ủ"), (0xF2, "ũ"),
        (0xF3, "ú"), (0xF4, "ụ"), (0xF5, "ừ"), (0xF6, "ử"), (0xF7, "ữ"), (0xF8, "ứ"), (0xF9, "ự"), (0xFA, "ỳ"),
        (0xFB, "ỷ"), (0xFC, "ỹ"), (0xFD, "ý"), (0xFE, "ỵ"),
    ]

    /// VN1 capitals at codes that VN3 leaves unused; VN1's other capitals sit at 0x01–0x17 and
    /// 0x80–0x9F, where VN3 text has control characters and Windows punctuation, so they are
    /// not read.
    static let vn1Capitals: [(UInt8, Character)] = [
        (0xAF, "Ằ"), (0xBA, "Ẳ"), (0xBF, "Ẵ"), (0xC0, "Ắ"), (0xC1, "Ầ"), (0xC2, "Ẩ"), (0xC3, "Ẫ"), (0xC4, "Ấ"),
        (0xC5, "Ề"), (0xCD, "Ể"), (0xD9, "Ễ"), (0xDA, "Ế"), (0xDB, "Ồ"), (0xE0, "Ổ"), (0xF0, "Ỗ"), (0xFF, "Ố"),
    ]

    /// VN1's combining tone marks: grave, hook above, tilde, acute, dot below.
    static let combiningTones: [(UInt8, Unicode.Scalar)] = [
        (0xB0, "\u{300}"), (0xB1, "\u{309}"), (0xB2, "\u{303}"), (0xB3, "\u{301}"), (0xB4, "\u{323}"),
    ]

    static let decoding: [UInt32: (text: String, letterCase: LetterCase?)] = {
        var table: [UInt32: (text: String, letterCase: LetterCase?)] = [:]
        for (byte, letter) in caseDistinct {
            table[UInt32(byte)] = (String(letter), letter.isUppercase ? .upper : .lower)
        }
        for (byte, letter) in caseShared { table[UInt32(byte)] = (String(letter), .shared) }
        for (byte, letter) in vn1Capitals { table[UInt32(byte)] = (String(letter), .upper) }
        for (byte, mark) in combiningTones { table[UInt32(byte)] = (String(mark), nil) }
        return table
    }()

    static let encoding: [Character: UInt8] = {
        var table: [Character: UInt8] = [:]
        for (byte, letter) in caseDistinct { table[letter] = byte }
        for (byte, letter) in caseShared {
            table[letter] = byte
            table[Character(letter.uppercased())] = byte
        }
        return table
    }()

    private struct Piece {
        var text: String
        var letterCase: LetterCase?
        var isWordPart: Bool
    }

    static func decode(_ text: String) -> String {
        var pieces: [Piece] = []
        pieces.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if let entry = decoding[scalar.value] {
                pieces.append(Piece(text: entry.text, letterCase: entry.letterCase, isWordPart: true))
            } else if scalar.isASCII, scalar.properties.isAlphabetic {
                let letterCase: LetterCase = scalar.properties.isUppercase ? .upper : .lower
                pieces.append(Piece(text: String(scalar), letterCase: letterCase, isWordPart: true))
            } else {
                pieces.append(Piece(text: String(scalar), letterCase: nil, isWordPart: false))
            }
        }
        if allCapitals(pieces[...]) {
            capitaliseShared(&pieces, in: pieces.indices)
        } else {
            var start = 0
            while start < pieces.count {
                var end = start
                while end < pieces.count, pieces[end].isWordPart { end += 1 }
                if end > start, allCapitals(pieces[start..<end]) { capitaliseShared(&pieces, in: start..<end) }
                start = end + 1
            }
        }
        return pieces.map(\.text).joined().precomposedStringWithCanonicalMapping
    }

    /// Whether the letters with a known case number at least two and are all capitals, the
    /// sign of text typed in capitals.
    private static func allCapitals(_ pieces: ArraySlice<Piece>) -> Bool {
        var capitals = 0
        for piece in pieces {
            if piece.letterCase == .lower { return false }
            if piece.letterCase == .upper { capitals += 1 }
        }
        return capitals >= 2
    }

    private static func capitaliseShared(_ pieces: inout [Piece], in range: Range<Int>) {
        for index in range where pieces[index].letterCase == .shared {
            pieces[index].text = pieces[index].text.uppercased()
        }
    }
}

// MARK: - VNI

/// VNI-Windows as fcitx5-unikey `unikey/data.cpp` defines it (and xvnkb `vni.h` agrees): a
/// base letter followed by one mark byte, except for the letters that have their own byte
/// (đ, ơ, ư, toned i, ỵ). Every byte has a capital form 0x20 below its lower-case one.
private enum VNI {
    /// The tones in the order of the tables below: none, acute, grave, hook above, tilde,
    /// dot below.
    static let tones: [Unicode.Scalar?] = [nil, "\u{301}", "\u{300}", "\u{309}", "\u{303}", "\u{323}"]
    /// The tone bytes that follow a, e, o, u, y, ơ and ư.
    static let toneBytes: [UInt8?] = [nil, 0xF9, 0xF8, 0xFB, 0xF5, 0xEF]
    /// The bytes for a circumflex with each tone, after a, e and o (â, ê, ô).
    static let circumflexBytes: [UInt8] = [0xE2, 0xE1, 0xE0, 0xE5, 0xE3, 0xE4]
    /// The bytes for a breve with each tone, after a (ă).
    static let breveBytes: [UInt8] = [0xEA, 0xE9, 0xE8, 0xFA, 0xFC, 0xEB]
    /// The letter i with each tone: one byte each.
    static let toneIBytes: [UInt8?] = [nil, 0xED, 0xEC, 0xE6, 0xF3, 0xF2]
    static let dBarByte: UInt8 = 0xF1
    static let hornOByte: UInt8 = 0xF4
    static let hornUByte: UInt8 = 0xF6
    static let dotYByte: UInt8 = 0xEE

    /// Unicode letter to VNI text, for every Vietnamese letter in both cases.
    static let encoding: [Character: String] = {
        var table: [Character: String] = [:]
        func add(_ lowerLetter: String, _ lowerBytes: [UInt8]) {
            func text(_ bytes: [UInt8]) -> String { String(bytes.map { Character(Unicode.Scalar($0)) }) }
            table[Character(lowerLetter.precomposedStringWithCanonicalMapping)] = text(lowerBytes)
            // Every byte, ASCII base or not, has its capital 0x20 below.
            table[Character(lowerLetter.uppercased().precomposedStringWithCanonicalMapping)] = text(
                lowerBytes.map { $0 - 0x20 })
        }
        let a = UInt8(ascii: "a")
        let e = UInt8(ascii: "e")
        let o = UInt8(ascii: "o")
        let u = UInt8(ascii: "u")
        let y = UInt8(ascii: "y")
        for (index, tone) in tones.enumerated() {
            let mark = tone.map { String($0) } ?? ""
            if let toneByte = toneBytes[index] {
                for (letter, byte) in [("a", a), ("e", e), ("o", o), ("u", u), ("y", y)]
                where letter != "y" || index != 5 {
                    add(letter + mark, [byte, toneByte])
                }
            }
            for (letter, byte) in [("a", a), ("e", e), ("o", o)] {
                add(letter + "\u{302}" + mark, [byte, circumflexBytes[index]])
            }
            add("a\u{306}" + mark, [a, breveBytes[index]])
            add("o\u{31B}" + mark, [hornOByte] + (toneBytes[index].map { [$0] } ?? []))
            add("u\u{31B}" + mark, [hornUByte] + (toneBytes[index].map { [$0] } ?? []))
            if let byte = toneIBytes[index] { add("i" + mark, [byte]) }
        }
        add("y\u{323}", [dotYByte])
        add("đ", [dBarByte])
        return table
    }()

    /// Pairs of base and mark, keyed by both scalars; a mark in the other case than its base
    /// is accepted too, and so is "y" with the dot-below tone byte.
    static let pairs: [UInt64: String] = {
        var table: [UInt64: String] = [:]
        for (letter, text) in encoding {
            let scalars = Array(text.unicodeScalars)
            guard scalars.count == 2 else { continue }
            let base = scalars[0].value
            let mark = scalars[1].value
            let otherCaseMark = mark >= 0xE0 ? mark - 0x20 : mark + 0x20
            table[pairKey(base, mark)] = String(letter)
            table[pairKey(base, otherCaseMark)] = String(letter)
        }
        let dotY = "y\u{323}".precomposedStringWithCanonicalMapping
        for (base, text) in [(UInt32(0x79), dotY), (UInt32(0x59), dotY.uppercased())] {
            table[pairKey(base, 0xEF)] = text
            table[pairKey(base, 0xCF)] = text
        }
        return table
    }()

    /// Letters written with one byte: đ, ơ, ư, toned i, ỵ.
    static let singles: [UInt32: String] = {
        var table: [UInt32: String] = [:]
        for (letter, text) in encoding where !letter.isASCII {
            let scalars = Array(text.unicodeScalars)
            if scalars.count == 1 { table[scalars[0].value] = String(letter) }
        }
        return table
    }()

    static func pairKey(_ base: UInt32, _ mark: UInt32) -> UInt64 { UInt64(base) << 32 | UInt64(mark) }

    static func decode(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var result = ""
        var index = 0
        while index < scalars.count {
            let value = scalars[index].value
            if index + 1 < scalars.count, let letter = pairs[pairKey(value, scalars[index + 1].value)] {
                result.append(letter)
                index += 2
            } else {
                if let letter = singles[value] {
                    result.append(letter)
                } else {
                    result.unicodeScalars.append(scalars[index])
                }
                index += 1
            }
        }
        return result.precomposedStringWithCanonicalMapping
    }
}
