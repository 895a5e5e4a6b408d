import Foundation

/// A1-style cell references.
public enum CellReference {
    /// The 0-based row and column of `A1`-style bytes (`$` signs allowed), or `nil`.
    @inline(__always)
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (row: Int, column: Int)? {
        var column = 0
        var row = 0
        var index = 0
        let count = bytes.count
        if index < count, bytes[index] == UInt8(ascii: "$") { index += 1 }
        let letterStart = index
        while index < count {
            var byte = bytes[index]
            if byte >= 97 && byte <= 122 { byte -= 32 }  // lower case, as some writers emit
            guard byte >= 65 && byte <= 90 else { break }
            column = column * 26 + Int(byte - 64)
            index += 1
            if index - letterStart > 3 { return nil }
        }
        guard index > letterStart else { return nil }
        if index < count, bytes[index] == UInt8(ascii: "$") { index += 1 }
        let digitStart = index
        while index < count {
            let digit = Int(bytes[index]) &- 48
            guard digit >= 0 && digit <= 9 else { return nil }
            row = row * 10 + digit
            index += 1
            if index - digitStart > 7 { return nil }
        }
        guard index > digitStart, row >= 1, column <= 16_384, row <= 1_048_576 else { return nil }
        return (row - 1, column - 1)
    }

    /// The 0-based row and column of `A1`-style text.
    public static func parse(_ text: String) -> (row: Int, column: Int)? {
        var copy = text
        return copy.withUTF8 { parse($0) }
    }

    /// The column letters of a 0-based column: 0 → `A`, 26 → `AA`.
    public static func columnName(_ column: Int) -> String {
        var letters: [UInt8] = []
        var value = column + 1
        while value > 0 {
            let remainder = (value - 1) % 26
            letters.append(UInt8(65 + remainder))
            value = (value - 1) / 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }

    /// `B5` for 0-based row 4, column 1.
    public static func name(row: Int, column: Int) -> String {
        columnName(column) + String(row + 1)
    }

    /// A sheet name as Excel writes it in a reference: quoted when it holds anything but
    /// letters, digits and underscores (`'Phụ lục 1'`), with inner quotes doubled.
    public static func quotedSheetName(_ name: String) -> String {
        let plain =
            !name.isEmpty
            && name.unicodeScalars.allSatisfy {
                ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_"
            }
        if plain && !(name.first!.isNumber) { return name }
        return "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
