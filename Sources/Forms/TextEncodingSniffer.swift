import Foundation

/// The encodings a text file of tables (CSV, tab-separated "Unicode text") is read in.
public enum TextEncoding: String, Sendable, Hashable {
    /// UTF-8, with or without a byte order mark.
    case utf8 = "UTF-8"
    /// UTF-16 little-endian with a byte order mark: Excel's "Unicode text".
    case utf16LittleEndian = "UTF-16LE"
    /// UTF-16 big-endian with a byte order mark.
    case utf16BigEndian = "UTF-16BE"
    /// Windows-1252, what Excel writes for "CSV" on Western Windows; text typed in the
    /// legacy TCVN3 and VNI fonts arrives as the Windows-1252 characters of its bytes, which
    /// is what the scorecard's legacy decoder expects.
    case windows1252 = "windows-1252"
    /// Windows-1258, what Excel writes for "CSV" on Vietnamese Windows: letters with their
    /// tone marks as separate combining characters, composed (NFC) when read.
    case windows1258 = "windows-1258"
}

/// Finds the encoding of a text file from its bytes.
///
/// A byte order mark decides (UTF-8, UTF-16 LE or BE). Without one, bytes that hold a NUL
/// are binary, not text; bytes that are valid UTF-8 are UTF-8. Anything else is an 8-bit
/// Windows code page: Windows-1258 when the bytes read as Vietnamese in it (its five tone
/// marks follow vowels, and some follow the vowels â, ê, ô, ă, ơ, ư that only Windows-1258
/// writes as one byte), else Windows-1252.
///
/// Windows-1252 is the default because it is lossless: every byte maps to one character
/// (the five bytes it leaves undefined to the C1 controls of the same value), so text typed
/// in the TCVN3 or VNI fonts comes out as the characters Excel itself shows and the
/// scorecard's legacy decoder recognises. TCVN3 and VNI bytes do not pass the Windows-1258
/// test: in TCVN3 those five bytes are toned vowels that mostly follow consonants (`về`,
/// `thị`), in VNI they are the letters `ì`, `ị`, `Ì`, `Ị`.
enum TextEncodingSniffer {
    /// What the bytes are.
    enum Verdict: Equatable {
        /// Text in `encoding`, starting after a byte order mark of `bomLength` bytes.
        case text(TextEncoding, bomLength: Int)
        /// A NUL byte at `offset` without a UTF-16 byte order mark: a binary file.
        case binary(offset: Int)
        /// A UTF-8 byte order mark followed by bytes that are no UTF-8, from `offset`.
        case invalidUTF8(offset: Int)
    }

    /// How many bytes the Windows-1258 test looks at: plenty for any real table.
    static let windows1258SampleSize = 4 << 20

    static func sniff(_ bytes: UnsafeBufferPointer<UInt8>) -> Verdict {
        if bytes.starts(with: [0xFF, 0xFE]) { return .text(.utf16LittleEndian, bomLength: 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return .text(.utf16BigEndian, bomLength: 2) }
        if let nul = firstNUL(bytes) { return .binary(offset: nul) }
        let bomLength = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if let invalid = firstInvalidUTF8(UnsafeBufferPointer(rebasing: bytes[bomLength...])) {
            if bomLength > 0 { return .invalidUTF8(offset: bomLength + invalid) }
            return .text(looksLikeWindows1258(bytes) ? .windows1258 : .windows1252, bomLength: 0)
        }
        return .text(.utf8, bomLength: bomLength)
    }

    /// The offset of the first NUL byte (`memchr`, fast over hundreds of megabytes).
    static func firstNUL(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
        guard let found = memchr(base, 0, bytes.count) else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    /// The offset of the first byte that is not part of valid UTF-8, or `nil` when all are
    /// (the standard library's validator, fast whatever the build configuration).
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        do {
            _ = try UTF8Span(validating: bytes.span)
            return nil
        } catch {
            return error.byteOffsets.lowerBound
        }
    }

    /// Whether the bytes read as Vietnamese in Windows-1258: at least two tone marks, nine
    /// in ten of them after a vowel, and at least one after a vowel that only Windows-1258
    /// writes as one byte (â ê ô ă ơ ư and their capitals).
    static func looksLikeWindows1258(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var tones = 0
        var afterVowel = 0
        var afterModifiedVowel = 0
        var previous: UInt8 = 0
        for byte in bytes.prefix(windows1258SampleSize) {
            if classes[Int(byte)] & tone != 0 {
                tones += 1
                if classes[Int(previous)] & vowel != 0 { afterVowel += 1 }
                if classes[Int(previous)] & modifiedVowel != 0 { afterModifiedVowel += 1 }
            }
            previous = byte
        }
        return tones >= 2 && afterVowel * 10 >= tones * 9 && afterModifiedVowel >= 1
    }

    private static let tone: UInt8 = 1
    private static let vowel: UInt8 = 2
    private static let modifiedVowel: UInt8 = 4

    /// Each byte's classes (a table, so the test stays fast in debug builds too).
    private static let classes: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for byte in toneMarks { table[Int(byte)] |= tone }
        for byte in vowels { table[Int(byte)] |= vowel }
        for byte in modifiedVowels { table[Int(byte)] |= modifiedVowel }
        return table
    }()

    /// Windows-1258's combining grave, hook above, tilde, acute and dot below.
    private static let toneMarks: Set<UInt8> = [0xCC, 0xD2, 0xDE, 0xEC, 0xF2]

    /// â ê ô ă ơ ư and their capitals in Windows-1258.
    private static let modifiedVowels: Set<UInt8> = [
        0xC2, 0xCA, 0xD4, 0xC3, 0xD5, 0xDD, 0xE2, 0xEA, 0xF4, 0xE3, 0xF5, 0xFD,
    ]

    /// The bytes that are vowels in Windows-1258: ASCII `aeiouy` in both cases and the
    /// accented vowels of 0xC0–0xFD.
    private static let vowels: Set<UInt8> = {
        var set = Set("aeiouyAEIOUY".utf8)
        set.formUnion([
            0xC0, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC8, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF, 0xD3, 0xD4, 0xD5, 0xD6,
            0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xE0, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE8, 0xE9, 0xEA, 0xEB, 0xED, 0xEE,
            0xEF, 0xF3, 0xF4, 0xF5, 0xF6, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD,
        ])
        return set
    }()
}
