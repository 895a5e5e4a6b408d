import Foundation

/// The data a template is filled with: a JSON-like value tree. The template engine knows
/// nothing else (no Swift types of the report).
public enum TemplateValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([TemplateValue])
    case object([String: TemplateValue])

    /// Reads a JSON document.
    ///
    /// - Throws: ``DOCXError`` (``DOCXError/Code/dataInvalid``) naming the line and column.
    public init(json data: Data) throws {
        do {
            self = try JSONReader.parse([UInt8](data))
        } catch let failure as JSONReader.Failure {
            throw DOCXError(.dataInvalid, "Dữ liệu JSON không hợp lệ (\(failure)).")
        }
    }

    /// Whether a section over this value shows (docxtemplater's truthiness): false, null,
    /// missing, empty strings and empty lists hide it.
    var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let flag): flag
        case .number(let number): number != 0
        case .string(let text): !text.isEmpty
        case .array(let items): !items.isEmpty
        case .object: true
        }
    }

    /// The text a placeholder shows: numbers without a needless `.0`.
    var text: String {
        switch self {
        case .null: ""
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number): Self.text(of: number)
        case .string(let text): text
        case .array(let items): items.map(\.text).joined(separator: ", ")
        case .object: ""
        }
    }

    /// A number as JavaScript writes it (docxtemplater's templates expect that): whole
    /// numbers below 10^21 in full, others in the shortest round-trip form, `1e-7` style.
    static func text(of number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e21 {
            return abs(number) < 9e18 ? String(Int64(number)) : String(format: "%.0f", number)
        }
        let text = String(number)
        guard let e = text.firstIndex(of: "e") else { return text }
        var exponent = text[text.index(after: e)...]
        var sign = "+"
        if let first = exponent.first, first == "-" || first == "+" {
            sign = String(first)
            exponent = exponent.dropFirst()
        }
        while exponent.count > 1, exponent.first == "0" { exponent = exponent.dropFirst() }
        return text[..<e] + "e" + sign + exponent
    }

    /// The member `key` of an object.
    subscript(key: String) -> TemplateValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral, ExpressibleByBooleanLiteral, ExpressibleByFloatLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(nilLiteral: ()) { self = .null }
}
