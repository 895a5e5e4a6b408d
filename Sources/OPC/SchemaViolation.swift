/// One way a part of a package breaks the ECMA-376 schemas or the packaging rules, found
/// by ``DocumentSchemaValidator``.
public struct SchemaViolation: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Stable identifiers; their raw values never change once published.
    public enum Code: String, Sendable, Codable {
        /// The part does not match its schema (an element or attribute the schema forbids,
        /// a missing required child, a value of the wrong type).
        case schemaInvalid = "schema.invalid"
        /// The part is not well-formed XML.
        case xmlMalformed = "xml.malformed"
        /// The part declares a DTD, which no Office part does.
        case xmlDTDForbidden = "xml.dtd_forbidden"
        /// A part every package needs is missing.
        case partMissing = "package.part_missing"
        /// A relationship points at a part the package does not hold.
        case relationshipTargetMissing = "package.relationship_target_missing"
        /// A relationship points outside the package.
        case relationshipOutsidePackage = "package.relationship_outside"
    }

    public var code: Code
    /// The part concerned (`word/document.xml`).
    public var part: String
    /// The 1-based line in the part, where known.
    public var line: Int?
    /// What is wrong, in Vietnamese.
    public var message: String
    /// libxml2's own words (English), naming the element or attribute.
    public var detail: String?

    public init(_ code: Code, part: String, line: Int? = nil, message: String, detail: String? = nil) {
        self.code = code
        self.part = part
        self.line = line
        self.message = message
        self.detail = detail
    }

    /// The place as a clerk reads it: `phần word/document.xml, dòng 12`.
    public var location: String {
        "phần \(part)" + (line.map { ", dòng \($0)" } ?? "")
    }

    /// The place, the message, the code in brackets and the library's detail.
    public var description: String {
        "\(location): \(message) [\(code.rawValue)]" + (detail.map { " (\($0))" } ?? "")
    }
}
