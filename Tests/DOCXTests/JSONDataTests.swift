import DOCX
import Foundation
import Testing

/// The data side: `TemplateValue(json:)` reads RFC 8259 JSON, refuses anything else with
/// `data.invalid` and a line and column, and renders numbers as report readers expect.
@Suite("DOCX data (JSON)")
struct JSONDataTests {
    static func parse(_ text: String) throws -> TemplateValue {
        try TemplateValue(json: Data(text.utf8))
    }

    @Test("Valid JSON of every shape reads into the value tree")
    func valid() throws {
        #expect(
            try Self.parse(#"{"a": [1, -0.5, 1E+2, -12.5e-1, true, false, null, "x"]}"#)
                == ["a": [1, -0.5, 100, -1.25, true, false, nil, "x"]])
        #expect(try Self.parse(#" "\"\\\/\b\f\n\r\t\u00e9\u1EA1" "#) == .string("\"\\/\u{8}\u{C}\n\r\té\u{1EA1}"))
        // A surrogate pair is one scalar; raw UTF-8 passes through.
        #expect(try Self.parse(#""\ud83d\ude00 Đắk Lắk""#) == .string("😀 Đắk Lắk"))
        #expect(try Self.parse("{\"tên\":\r\n\t\"Hà\"}") == ["tên": "Hà"])
        // The last of duplicate keys wins; a UTF-8 byte order mark is skipped.
        #expect(try Self.parse(#"{"k": 1, "k": 2}"#) == ["k": 2])
        #expect(try TemplateValue(json: Data([0xEF, 0xBB, 0xBF] + Array("[]".utf8))) == [])
        #expect(try Self.parse("-0") == .number(0))
        #expect(try Self.parse("[[[[]]]]") == [[[[]]]])
    }

    @Test(
        "Invalid JSON is refused with data.invalid and its line and column",
        arguments: [
            "", "   ", "[1, 2", "[1,]", #"{"a": 1,}"#, "{a: 1}", "{'a': 1}", "[] []", "tru", "NaN", "Infinity",
            "1e400", "-", #""\ud800""#, #""\udc00""#, #""\x41""#, "\"tab\there\"", #""open"#, "[1 2]", "0x10",
        ])
    func invalid(_ text: String) throws {
        let error = try #require(throws: DOCXError.self) { try Self.parse(text) }
        #expect(error.code == .dataInvalid)
        #expect(error.message.contains("dòng") && error.message.contains("cột"), "\(error.message)")
    }

    @Test("Line and column point at the error")
    func position() throws {
        let error = try #require(throws: DOCXError.self) { try Self.parse("{\n  \"a\": 1,\n  \"b\" 2\n}") }
        #expect(error.message.contains("dòng 3, cột 7"), "\(error.message)")
    }

    @Test("Strings that are not UTF-8 are refused")
    func invalidUTF8() throws {
        let bytes: [UInt8] = Array(#"{"a": ""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)
        let error = try #require(throws: DOCXError.self) { try TemplateValue(json: Data(bytes)) }
        #expect(error.code == .dataInvalid)
    }

    @Test("Nesting is bounded: 512 levels read, 513 refused")
    func nesting() throws {
        let deep = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(throws: Never.self) { try Self.parse(deep) }
        let deeper = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        let error = try #require(throws: DOCXError.self) { try Self.parse(deeper) }
        #expect(error.message.contains("512"))
    }

    @Test("Number forms RFC 8259 does not allow are refused", arguments: ["+1", "01", ".5", "1.", "1.e5", "-.5"])
    func nonStandardNumbers(_ text: String) throws {
        #expect(throws: DOCXError.self) { try Self.parse(text) }

    }
}
