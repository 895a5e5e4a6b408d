import Foundation

/// Normalisation and comparison keys for the Vietnamese names and header texts that people
/// type into spreadsheets.
///
/// The same unit can arrive as "Hoà Lạc", "Hòa Lạc", "HÒA LẠC", "Hoà  Lạc" (two spaces, a
/// no-break space), decomposed (NFD) or "Xã Hòa Lạc". ``normalized(_:)`` fixes the encoding
/// form and the spacing, ``matchKey(_:)`` also ignores case and where the tone mark sits, and
/// ``looseKey(_:)`` drops every diacritic for a last-resort match.
public enum VietnameseText {
    /// `text` without what would break or disguise it in a draft: control characters other
    /// than tab and line breaks (XML forbids them; `_x0001_` escapes decode to them),
    /// non-characters U+FFFE and U+FFFF, and the bidirectional marks, embeddings, overrides
    /// and isolates (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) that can make a name read
    /// as another. `nil` when there is nothing to remove.
    public static func removingUnsafeCharacters(_ text: String) -> String? {
        func unsafe(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: false
            case 0..<0x20, 0x7F..<0xA0, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFFFE, 0xFFFF: true
            default: false
            }
        }
        guard text.unicodeScalars.contains(where: unsafe) else { return nil }
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: text.unicodeScalars.filter { !unsafe($0) })
        return String(kept)
    }

    /// Where a tone mark goes in the open syllables "oa", "oe" and "uy".
    ///
    /// Sources disagree on which placement is "old" and which is "new", so the cases are named
    /// by example. Every other syllable has a single accepted placement.
    public enum TonePlacement: Sendable, Hashable {
        /// The mark on the first vowel: "hòa", "hòe", "thủy" (the seed report's "Hòa Lạc").
        case classic
        /// The mark on the second vowel: "hoà", "hoè", "thuỷ" (the GSO list's "Hoà Lạc", UniKey's
        /// "kiểu mới").
        case modern
    }

    /// `text` in NFC, trimmed, with every run of whitespace (spaces, no-break spaces, tabs,
    /// the line breaks of wrapped header cells) turned into one space.
    ///
    /// Zero-width spaces and byte-order marks are dropped: they come from pasted web text and
    /// would make equal names differ invisibly.
    public static func normalized(_ text: String) -> String {
        normalizedTexts.value(for: text, computing: computeNormalized)
    }

    private static func computeNormalized(_ text: String) -> String {
        if let ascii = asciiKey(text, keeping: isASCIINonSpace, lowercase: false) { return ascii }
        let composed = text.precomposedStringWithCanonicalMapping
        var result = ""
        result.unicodeScalars.reserveCapacity(composed.unicodeScalars.count)
        var pendingSpace = false
        for scalar in composed.unicodeScalars {
            if invisibleScalars.contains(scalar.value) { continue }
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.unicodeScalars.append(" ")
                pendingSpace = false
            }
            result.unicodeScalars.append(scalar)
        }
        // Dropping an invisible character can leave a base and a combining mark side by side.
        return result.precomposedStringWithCanonicalMapping
    }

    /// A key under which spellings of one name compare equal: normalised, lower-cased, with
    /// every tone mark moved to one canonical vowel (``TonePlacement/classic``).
    ///
    /// Diacritics other than placement are kept, so "Phú Lâm" and "Phú Lam" stay apart.
    /// "Ð" (U+00D0, often typed for "Đ") counts as "đ".
    public static func matchKey(_ text: String) -> String {
        matchKeys.value(for: text, computing: computeMatchKey)
    }

    private static func computeMatchKey(_ text: String) -> String {
        var lowered = normalized(text).lowercased()
        // Plain ASCII has no tone to place.
        if lowered.utf8.allSatisfy({ $0 < 0x80 }) { return lowered }
        if lowered.contains(where: { $0 == "ð" || $0 == "ɖ" }) {
            lowered = String(lowered.map { $0 == "ð" || $0 == "ɖ" ? "đ" : $0 })
        }
        return placingTones(lowered, style: .classic).precomposedStringWithCanonicalMapping
    }

    /// A fallback key that also ignores every diacritic ("đ" as "d") and treats punctuation as
    /// spacing: "TP. Long Xuyên", "tp long xuyen" and "TP Long Xuyen" share one key.
    ///
    /// Distinct names collide here: huyện Phú Tân has both "Phú Thành" and "Phú Thạnh". Prefer
    /// ``matchKey(_:)``, and accept a loose match only when it is the only candidate.
    public static func looseKey(_ text: String) -> String {
        looseKeys.value(for: text, computing: computeLooseKey)
    }

    private static func computeLooseKey(_ text: String) -> String {
        if let ascii = asciiKey(text, keeping: isASCIILetterOrDigit, lowercase: true) { return ascii }
        var result = ""
        var pendingSpace = false
        // Every mark goes, so where ``matchKey(_:)`` would place the tone does not matter:
        // lower-casing the normalised text is enough.
        for scalar in normalized(text).lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            let isWord = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            if !isWord {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                pendingSpace = false
            }
            result.unicodeScalars.append(scalar == "đ" || scalar == "ð" || scalar == "ɖ" ? "d" : scalar)
        }
        return result
    }

    /// ASCII other than the white space `normalized(_:)` collapses (space, tab, line feeds).
    private static func isASCIINonSpace(_ byte: UInt8) -> Bool {
        byte != 0x20 && !(0x09...0x0D).contains(byte)
    }

    private static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// The key of a text that is all ASCII (numbers, codes, unaccented names), computed on
    /// its bytes: runs of bytes not `kept` become one space between kept ones, as the Unicode
    /// paths do; `nil` for any other text.
    private static func asciiKey(_ text: String, keeping kept: (UInt8) -> Bool, lowercase: Bool) -> String? {
        let key = text.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count)
            var pendingSpace = false
            for byte in bytes {
                guard byte < 0x80 else { return nil }
                guard kept(byte) else {
                    pendingSpace = !result.isEmpty
                    continue
                }
                if pendingSpace {
                    result.append(0x20)
                    pendingSpace = false
                }
                result.append(lowercase && (0x41...0x5A).contains(byte) ? byte | 0x20 : byte)
            }
            return String(decoding: result, as: UTF8.self)
        }
        return key ?? nil  // not stored contiguously (bridged): the Unicode path
    }

    /// `text` normalised and without its leading administrative prefixes: "Xã", "Thị trấn",
    /// "TT", "Phường", "P.", "Thị xã", "TX", "Thành phố", "TP", "Huyện", "H.", "UBND xã",
    /// "UBND".
    ///
    /// A prefix matches in any case, either with its own diacritics or typed without any
    /// ("Thi tran"), and must be followed by a space or a dot ("P." and "H." by a dot). A
    /// prefix with other diacritics does not match, so "Xà Phiên" keeps its name. Prefixes are
    /// removed repeatedly ("UBND thị trấn Phú Mỹ" gives "Phú Mỹ"), but never the whole text.
    public static func strippingUnitPrefix(_ text: String) -> String {
        var characters = Array(normalized(text))
        var stripped = true
        while stripped {
            stripped = false
            for prefix in unitPrefixes {
                guard let rest = remainder(of: characters, after: prefix) else { continue }
                characters = Array(characters[rest...])
                stripped = true
                break
            }
        }
        return String(characters)
    }

    /// `text` with the tone mark of each word moved to the vowel that `style` and the usual
    /// spelling rules choose ("Hoà" gives "Hòa" under ``TonePlacement/classic``).
    ///
    /// Words that are not Vietnamese syllables (a letter outside the Vietnamese alphabet, a
    /// tone on a consonant, two tone marks) are left as they are.
    public static func placingTones(_ text: String, style: TonePlacement) -> String {
        var result = ""
        var word: [Character] = []
        func flush() {
            guard !word.isEmpty else { return }
            result.append(contentsOf: placingTone(inWord: word, style: style))
            word.removeAll(keepingCapacity: true)
        }
        for character in text.precomposedStringWithCanonicalMapping {
            if character.isLetter {
                word.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }

    // MARK: - Syllables

    /// Whether `word` spells one Vietnamese syllable: an allowed onset and rhyme, at most one
    /// tone mark, a tone that a stop ending (-c, -ch, -p, -t) accepts, and lower, upper or
    /// capitalised case.
    ///
    /// Legacy-encoding detection uses it to tell text that only makes sense once converted from
    /// text that already reads as Vietnamese.
    static func isVietnameseSyllable(_ word: String) -> Bool {
        guard let parts = splitTone(Array(word.precomposedStringWithCanonicalMapping)), !parts.letters.isEmpty
        else { return false }
        let letters = parts.letters
        let lowered = letters.map(lowercase)
        let isLower = zip(letters, lowered).allSatisfy { $0 == $1 }
        let isUpper = letters.allSatisfy { $0.isUppercase }
        let isCapitalised =
            letters[0].isUppercase && zip(letters.dropFirst(), lowered.dropFirst()).allSatisfy { $0 == $1 }
        guard isLower || isUpper || isCapitalised, lowered.allSatisfy({ alphabet.contains($0) }) else { return false }
        let spelled = String(lowered)
        for onset in onsets where spelled.hasPrefix(onset) {
            let rhyme = String(spelled.dropFirst(onset.count))
            guard rhymes.contains(rhyme) else { continue }
            let endsInStop =
                rhyme.hasSuffix("c") || rhyme.hasSuffix("ch") || rhyme.hasSuffix("p") || rhyme.hasSuffix("t")
            if endsInStop, let tone = parts.tone, tone != acute, tone != dotBelow { continue }
            if endsInStop, parts.tone == nil { continue }
            return true
        }
        return false
    }

    private static let acute: Unicode.Scalar = "\u{301}"
    private static let dotBelow: Unicode.Scalar = "\u{323}"
    /// Grave, acute, tilde, hook above, dot below: the five Vietnamese tones.
    private static let toneScalars: Set<Unicode.Scalar> = ["\u{300}", "\u{301}", "\u{303}", "\u{309}", "\u{323}"]
    private static let invisibleScalars: Set<UInt32> = [0x200B, 0x2060, 0xFEFF]
    private static let alphabet = Set("aăâbcdđeêghiklmnoôơpqrstuưvxy")
    private static let vowels = Set("aăâeêioôơuưy")
    private static let modifiedVowels = Set("ăâêôơư")
    private static let onsets = [
        "ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g", "h", "k", "l",
        "m", "n", "p", "r", "s", "t", "v", "x", "",
    ]
    /// The rhymes (vần) of standard spelling, without tone. A few only occur after "qu" ("ynh")
    /// or with no onset ("yêu"); the check does not pair onsets with rhymes.
    private static let rhymes = Set(
        """
        a ai ao au ay ac ach am an ang anh ap at ăc ăm ăn ăng ăp ăt âu ây âc âm ân âng âp ât \
        e eo ec em en eng ep et ê êu êch êm ên êng ênh êp êt \
        i ia iu ich im in inh ip it iêu iêc iêm iên iêng iêp iêt yêu yêm yên yêng yêt \
        o oi oc om on ong op ot ooc oong ô ôi ôc ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt \
        u ua ui uc um un ung up ut uôi uôc uôm uôn uông uôt \
        ư ưa ưi ưu ưc ưm ưn ưng ưt ươi ươu ươc ươm ươn ương ươp ươt \
        y ych ynh yn yt \
        oa oai oay oac oach oam oan oang oanh oap oat oăc oăm oăn oăng oăt oe oeo oen oet \
        uân uâng uât uây uê uêch uênh uy uya uyu uych uyn uynh uyp uyt uyên uyêt uơ
        """.split(separator: " ").map(String.init)
    )

    /// The letters of `word` without their tone mark, and that mark; `nil` when the word has
    /// two tone marks or a mark on a letter that is not a vowel.
    private static func splitTone(_ word: [Character]) -> (letters: [Character], tone: Unicode.Scalar?)? {
        var letters: [Character] = []
        letters.reserveCapacity(word.count)
        var tone: Unicode.Scalar?
        for character in word {
            // Plain and toned Vietnamese letters from the table; anything else the long way.
            if let plain = toneTable[character] {
                if let mark = plain.tone {
                    guard tone == nil else { return nil }
                    tone = mark
                }
                letters.append(plain.letter)
                continue
            }
            if character.isASCII {
                letters.append(character)
                continue
            }
            let scalars = String(character).decomposedStringWithCanonicalMapping.unicodeScalars
            var rest = String.UnicodeScalarView()
            for scalar in scalars {
                if toneScalars.contains(scalar) {
                    guard tone == nil else { return nil }
                    tone = scalar
                } else {
                    rest.append(scalar)
                }
            }
            let remaining = String(rest).precomposedStringWithCanonicalMapping
            guard remaining.count == 1, let letter = remaining.first else { return nil }
            if rest.count != scalars.count, !vowels.contains(lowercase(letter)) { return nil }
            letters.append(letter)
        }
        return (letters, tone)
    }

    /// Every letter of the Vietnamese alphabet in both cases, bare or with one tone mark: its
    /// toneless letter and its mark. `splitTone` reads words through it without decomposing
    /// each character, which a name of ten letters would otherwise cost ten times.
    private static let toneTable: [Character: (letter: Character, tone: Unicode.Scalar?)] = {
        var table: [Character: (letter: Character, tone: Unicode.Scalar?)] = [:]
        let letters: [Character] =
            alphabet.flatMap { [$0, Character($0.uppercased())] } + ["f", "j", "w", "z", "F", "J", "W", "Z"]
        for letter in letters {
            table[letter] = (letter, nil)
            guard vowels.contains(lowercase(letter)) else { continue }
            for tone in toneScalars {
                var scalars = String(letter).decomposedStringWithCanonicalMapping.unicodeScalars
                scalars.append(tone)
                let toned = String(scalars).precomposedStringWithCanonicalMapping
                if toned.count == 1, let character = toned.first { table[character] = (letter, tone) }
            }
        }
        return table
    }()

    /// The lower-case form of `character`, or `character` itself when lower-casing would not give
    /// one character.
    static func lowercase(_ character: Character) -> Character {
        if let ascii = character.asciiValue {
            return (0x41...0x5A).contains(ascii) ? Character(Unicode.Scalar(ascii | 0x20)) : character
        }
        let lowered = character.lowercased()
        return lowered.count == 1 ? Character(lowered) : character
    }

    private static func placingTone(inWord word: [Character], style: TonePlacement) -> String {
        guard let parts = splitTone(word), let tone = parts.tone else { return String(word) }
        let lowered = parts.letters.map(lowercase)
        guard lowered.allSatisfy({ alphabet.contains($0) }), let target = toneIndex(lowered, style: style)
        else { return String(word) }
        var result = ""
        for (index, letter) in parts.letters.enumerated() {
            if index == target {
                var marked = String(letter).unicodeScalars
                marked.append(tone)
                result.append(String(marked).precomposedStringWithCanonicalMapping)
            } else {
                result.append(letter)
            }
        }
        return result
    }

    /// The index of the vowel that carries the tone in the lower-case, toneless `letters`.
    private static func toneIndex(_ letters: [Character], style: TonePlacement) -> Int? {
        // In "qu" and "gi" before a vowel the u and i belong to the onset: "quý", "giữa".
        var start = 0
        if letters.count >= 3, letters[0] == "q" || letters[0] == "g", letters[1] == (letters[0] == "q" ? "u" : "i"),
            vowels.contains(letters[2])
        {
            start = 2
        }
        guard let first = letters[start...].firstIndex(where: { vowels.contains($0) }) else { return nil }
        var end = first
        while end + 1 < letters.count, vowels.contains(letters[end + 1]) { end += 1 }
        // A vowel with its own diacritic takes the tone; in "ươ" it is the second one.
        if let modified = (first...end).last(where: { modifiedVowels.contains(letters[$0]) }) { return modified }
        switch end - first {
        case 0:
            return first
        case 1:
            if end + 1 < letters.count { return end }  // "hoàn", "huỳnh": a final consonant follows
            let pair = String(letters[first...end])
            if pair == "oa" || pair == "oe" || pair == "uy" { return style == .classic ? first : end }
            return first
        default:
            return first + 1  // "ngoài", "khuỷu", "ngoẹo"
        }
    }

    // MARK: - Prefixes

    private struct UnitPrefix {
        /// Lower case, with diacritics, words separated by one space.
        let text: [Character]
        let bare: [Character]
        let needsDot: Bool

        init(_ text: String, needsDot: Bool = false) {
            self.text = Array(text)
            self.bare = self.text.map(VietnameseText.bareLetter)
            self.needsDot = needsDot
        }
    }

    /// Longest first, so "Thị xã" wins over a shorter match and "UBND xã" over "UBND".
    private static let unitPrefixes: [UnitPrefix] = [
        UnitPrefix("ubnd xã"), UnitPrefix("thành phố"), UnitPrefix("thị trấn"), UnitPrefix("thị xã"),
        UnitPrefix("đặc khu"), UnitPrefix("phường"), UnitPrefix("huyện"), UnitPrefix("tỉnh"), UnitPrefix("ubnd"),
        UnitPrefix("xã"), UnitPrefix("tt"),
        UnitPrefix("tx"), UnitPrefix("tp"), UnitPrefix("p", needsDot: true), UnitPrefix("h", needsDot: true),
    ]

    private static func bareLetter(_ character: Character) -> Character {
        let lowered = character.lowercased()
        if lowered == "đ" { return "d" }
        let base = lowered.decomposedStringWithCanonicalMapping.unicodeScalars.first ?? " "
        return Character(base)
    }

    /// Where the name starts after `prefix`, or `nil` when `characters` do not start with it
    /// or nothing would remain.
    private static func remainder(of characters: [Character], after prefix: UnitPrefix) -> Int? {
        let count = prefix.text.count
        guard characters.count > count else { return nil }
        let head = characters[..<count]
        let exact = zip(head, prefix.text).allSatisfy { lowercase($0) == $1 }
        let bare =
            !exact && head.allSatisfy { $0.isASCII } && zip(head, prefix.bare).allSatisfy { bareLetter($0) == $1 }
        guard exact || bare else { return nil }
        let next = characters[count]
        guard next == "." || (!prefix.needsDot && next == " ") else { return nil }
        var index = count
        while index < characters.count, characters[index] == "." || characters[index] == " " { index += 1 }
        return index < characters.count ? index : nil
    }
}

/// Remembers what was computed for texts already seen: a sheet repeats its names and
/// headers, a batch repeats them across months, and the Unicode work behind a key costs far
/// more than a lookup. Bounded, and safe to share between the threads of a batch.
final class TextMemo<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [UTF8Key: Value] = [:]
    private let capacity: Int

    init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    func value(for text: String, computing compute: (String) -> Value) -> Value {
        let key = UTF8Key(text)
        if let known = lock.withLock({ values[key] }) { return known }
        let value = compute(text)
        lock.withLock {
            if values.count >= capacity { values.removeAll(keepingCapacity: true) }
            // Not `values[key] = value`: for an optional `Value`, assigning nil would remove the key.
            values.updateValue(value, forKey: key)
        }
        return value
    }
}

/// A text compared and hashed by its UTF-8 bytes. `String` hashes and compares by canonical
/// equivalence, normalising every non-ASCII text on each lookup; a memo only needs the same
/// bytes to give the same answer (another spelling of one text is computed once more).
struct UTF8Key: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (left: UTF8Key, right: UTF8Key) -> Bool {
        var left = left.text
        var right = right.text
        return left.withUTF8 { leftBytes in
            right.withUTF8 { rightBytes in leftBytes.elementsEqual(rightBytes) }
        }
    }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

extension VietnameseText {
    fileprivate static let looseKeys = TextMemo<String>()
    fileprivate static let normalizedTexts = TextMemo<String>()
    fileprivate static let matchKeys = TextMemo<String>()
}

extension String {
    /// Whether `word` occurs in this text, byte for byte. Keys are already normalised, so
    /// Foundation's Unicode-aware search (`contains(_:)`) would only cost more.
    func containsPlain(_ word: String) -> Bool {
        var text = self
        var word = word
        return text.withUTF8 { haystack in
            word.withUTF8 { needle in
                guard !needle.isEmpty else { return true }
                guard needle.count <= haystack.count else { return false }
                let first = needle[0]
                var start = 0
                while start + needle.count <= haystack.count {
                    if haystack[start] == first, haystack[start..<start + needle.count].elementsEqual(needle) {
                        return true
                    }
                    start += 1
                }
                return false
            }
        }
    }
}
