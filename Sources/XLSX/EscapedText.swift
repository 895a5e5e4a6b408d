/// OOXML's `_xHHHH_` escapes, which carry characters XML cannot (`_x000D_` for a carriage
/// return, `_x005F_` for a literal underscore before `x`).
enum EscapedText {
    /// Decodes `bytes` (UTF-8) into a string, resolving `_xHHHH_` escapes.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard mayContainEscape(bytes) else { return String(decoding: bytes, as: UTF8.self) }
        var units: [UInt16] = []
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        let count = bytes.count
        while index < count {
            if bytes[index] == UInt8(ascii: "_"), index + 6 < count, bytes[index + 1] == UInt8(ascii: "x"),
                bytes[index + 6] == UInt8(ascii: "_"),
                let unit = hexValue(bytes, from: index + 2)
            {
                units.append(unit)
                index += 7
                continue
            }
            flush(&units, into: &output)
            output.append(bytes[index])
            index += 1
        }
        flush(&units, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    @inline(__always)
    private static func mayContainEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 7 else { return false }
        for index in 0..<(bytes.count - 1)
        where bytes[index] == UInt8(ascii: "_") && bytes[index + 1] == UInt8(ascii: "x") {
            return true
        }
        return false
    }

    private static func hexValue(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt16? {
        var value: UInt16 = 0
        for offset in 0..<4 {
            let byte = bytes[start + offset]
            let digit: UInt8
            switch byte {
            case 48...57: digit = byte - 48
            case 65...70: digit = byte - 55
            case 97...102: digit = byte - 87
            default: return nil
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    /// Appends pending UTF-16 units (surrogate pairs come as two escapes) as UTF-8.
    private static func flush(_ units: inout [UInt16], into output: inout [UInt8]) {
        guard !units.isEmpty else { return }
        for scalar in String(decoding: units, as: UTF16.self).utf8 { output.append(scalar) }
        units.removeAll(keepingCapacity: true)
    }
}
