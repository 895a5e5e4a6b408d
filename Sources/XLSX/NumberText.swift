/// Parses the decimal numbers that cells store (`14.86`, `8.7180000000000007E+1`).
enum NumberText {
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// The value of `bytes`, or `nil` when they are not a finite decimal number.
    ///
    /// Numbers with at most 15 significant digits and a small exponent are computed exactly
    /// on the spot (Clinger's fast path); longer ones go through the standard library's
    /// correctly rounded conversion.
    @inline(__always)
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var start = 0
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        guard start < end else { return nil }
        var index = start
        var negative = false
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var sawDigit = false
        while index < end, let digit = digitValue(bytes[index]) {
            sawDigit = true
            if digits > 0 || digit > 0 {
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(digit) } else { exponent += 1 }
                digits += 1
            }
            index += 1
        }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < end, let digit = digitValue(bytes[index]) {
                sawDigit = true
                if digits > 0 || digit > 0 {
                    if digits < 19 {
                        mantissa = mantissa &* 10 &+ UInt64(digit)
                        exponent -= 1
                    }
                    digits += 1
                } else {
                    exponent -= 1
                }
                index += 1
            }
        }
        guard sawDigit else { return nil }
        if index < end, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < end, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var written = 0
            var sawExponentDigit = false
            while index < end, let digit = digitValue(bytes[index]) {
                sawExponentDigit = true
                if written < 10_000 { written = written * 10 + Int(digit) }
                index += 1
            }
            guard sawExponentDigit else { return nil }
            exponent += exponentNegative ? -written : written
        }
        guard index == end else { return nil }
        if digits <= 15, mantissa < (1 << 53), abs(exponent) <= 22 {
            var value = Double(mantissa)
            value = exponent < 0 ? value / powersOfTen[-exponent] : value * powersOfTen[exponent]
            return negative ? -value : value
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    @inline(__always)
    private static func digitValue(_ byte: UInt8) -> UInt8? {
        let digit = byte &- 48
        return digit <= 9 ? digit : nil
    }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 32 || byte == 9 || byte == 10 || byte == 13
    }
}
