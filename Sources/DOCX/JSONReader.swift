/// Reads JSON (RFC 8259) straight into ``TemplateValue``.
///
/// Faster than `JSONDecoder` with a `Decodable` tree by an order of magnitude on report
/// data (no type probing per value), and bounded: nesting deeper than ``maxDepth`` is
/// refused instead of exhausting the stack.
struct JSONReader {
    static let maxDepth = 512

    struct Failure: Error, CustomStringConvertible {
        var message: String
        var line: Int
        var column: Int
        var description: String { "dòng \(line), cột \(column): \(message)" }
    }

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    static func parse(_ bytes: [UInt8]) throws -> TemplateValue {
        var reader = JSONReader(bytes: bytes)
        // A UTF-8 byte order mark is tolerated, as editors on Windows write one.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }
        let value = try reader.value()
        reader.skipWhitespace()
        guard reader.index == bytes.count else { throw reader.failure("dữ liệu thừa sau giá trị JSON") }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private func failure(_ message: String) -> Failure {
        var line = 1
        var column = 1
        for byte in bytes[0..<min(index, bytes.count)] {
            if byte == 10 {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return Failure(message: message, line: line, column: column)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, bytes[index] == 32 || bytes[index] == 10 || bytes[index] == 13 || bytes[index] == 9 {
            index += 1
        }
    }

    private mutating func value() throws -> TemplateValue {
        skipWhitespace()
        guard index < bytes.count else { throw failure("thiếu giá trị") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default: return .number(try number())
        }
    }

    private mutating func literal(_ word: StaticString, _ value: TemplateValue) throws -> TemplateValue {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
            bytes[index..<(index + count)].elementsEqual(UnsafeBufferPointer(start: word.utf8Start, count: count))
        else { throw failure("giá trị không hợp lệ") }
        index += count
        return value
    }

    private mutating func enter() throws {
        depth += 1
        if depth > Self.maxDepth { throw failure("lồng nhau quá sâu (hơn \(Self.maxDepth) cấp)") }
    }

    private mutating func object() throws -> TemplateValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var members: [String: TemplateValue] = [:]
        // Room for a typical record's fields: growing from empty rehashed each row's
        // dictionary two or three times.
        members.reserveCapacity(8)
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw failure("cần tên trường trong ngoặc kép")
            }
            let key = try string()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("thiếu dấu «:»") }
            index += 1
            members[key] = try value()
            skipWhitespace()
            guard index < bytes.count else { throw failure("thiếu «}»") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { throw failure("cần «,» hoặc «}»") }
            index += 1
            return .object(members)
        }
    }

    private mutating func array() throws -> TemplateValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var items: [TemplateValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            items.append(try value())
            skipWhitespace()
            guard index < bytes.count else { throw failure("thiếu «]»") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else { throw failure("cần «,» hoặc «]»") }
            index += 1
            return .array(items)
        }
    }

    private mutating func string() throws -> String {
        index += 1  // the opening quote
        let start = index
        // Fast path: no escapes.
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
            guard bytes[index] >= 0x20 else { throw failure("ký tự điều khiển trong chuỗi") }
            index += 1
        }
        guard index < bytes.count else { throw failure("chuỗi chưa đóng ngoặc kép") }
        if bytes[index] == UInt8(ascii: "\"") {
            index += 1
            return try validUTF8(bytes[start..<(index - 1)])
        }
        var decoded = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return try validUTF8(decoded[...])
            }
            guard byte >= 0x20 else { throw failure("ký tự điều khiển trong chuỗi") }
            if byte != UInt8(ascii: "\\") {
                decoded.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { break }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): decoded.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): decoded.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): decoded.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): decoded.append(8)
            case UInt8(ascii: "f"): decoded.append(12)
            case UInt8(ascii: "n"): decoded.append(10)
            case UInt8(ascii: "r"): decoded.append(13)
            case UInt8(ascii: "t"): decoded.append(9)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    else { throw failure("thiếu nửa sau của cặp \\u") }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw failure("cặp \\u không hợp lệ") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw failure("mã \\u không hợp lệ") }
                decoded.append(contentsOf: String(Character(unicode)).utf8)
            default: throw failure("chuỗi thoát \\\(Character(Unicode.Scalar(escape))) không hợp lệ")
            }
        }
        throw failure("chuỗi chưa đóng ngoặc kép")
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("mã \\u thiếu chữ số") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 48...57: digit = UInt32(byte - 48)
            case 65...70: digit = UInt32(byte - 55)
            case 97...102: digit = UInt32(byte - 87)
            default: throw failure("mã \\u có chữ số không hợp lệ")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    /// The text of `slice`, refused unless it is well-formed UTF-8. Checked here and
    /// decoded from a buffer pointer: the standard library's generic `String(validating:)`
    /// on a slice looked up generic metadata on every call, a third of reading a large file.
    private func validUTF8(_ slice: ArraySlice<UInt8>) throws -> String {
        try slice.withUnsafeBufferPointer { buffer in
            guard Self.isWellFormedUTF8(buffer) else { throw failure("chuỗi không phải UTF-8 hợp lệ") }
            return String(decoding: buffer, as: UTF8.self)
        }
    }

    /// Whether `buffer` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates,
    /// nothing past U+10FFFF).
    static func isWellFormedUTF8(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = buffer.count
        while index < count {
            let lead = buffer[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                upper = 0x9F
            case 0xF0:
                length = 4
                lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                upper = 0x8F
            default: return false
            }
            guard index + length <= count else { return false }
            let second = buffer[index + 1]
            guard second >= lower && second <= upper else { return false }
            for offset in 2..<length where buffer[index + offset] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }

    /// RFC 8259's number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func number() throws -> Double {
        let start = index
        func digits() -> Int {
            let first = index
            while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
            return index - first
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, (48...57).contains(bytes[index]) else { throw failure("giá trị không hợp lệ") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            _ = digits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw failure("số thiếu chữ số sau dấu chấm") }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { throw failure("số mũ thiếu chữ số") }
        }
        // ASCII digits, signs and dots only: decoded without a check.
        let text = bytes[start..<index].withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
        guard let number = Double(text), number.isFinite else {
            throw failure("số quá lớn hoặc không hợp lệ")
        }
        return number
    }
}
