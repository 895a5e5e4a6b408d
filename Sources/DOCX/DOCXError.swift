import OPC

/// A problem in a template, or in the data it is rendered with.
///
/// Every problem has a stable id modelled on docxtemplater's (`unclosed_tag`,
/// `unopened_loop`, …), the part it is in, the template text around it, and an explanation
/// in Vietnamese for the office staff who edit the template.
public struct TemplateProblem: Sendable, Equatable, Encodable, CustomStringConvertible {
    public enum Severity: String, Sendable, Encodable {
        case error, warning
    }

    public var id: String
    public var severity: Severity
    /// The part (`word/document.xml`).
    public var part: String
    /// The template text around the problem, as the editor sees it.
    public var context: String
    /// What is wrong, in Vietnamese.
    public var message: String

    public init(id: String, severity: Severity = .error, part: String, context: String, message: String) {
        self.id = id
        self.severity = severity
        self.part = part
        self.context = context
        self.message = message
    }

    public var description: String {
        "\(part): \(message) Đoạn văn: «\(context)» [\(id)]"
    }
}

/// An error of the DOCX layer: the template cannot be used or the output not written.
public struct DOCXError: LocatedError, Equatable {
    public enum Code: String, Sendable {
        /// The template has errors; ``problems`` lists them all.
        case templateInvalid = "template.invalid"
        /// The file is a package but not a Word document.
        case notADocument = "template.not_docx"
        /// The data cannot be used (not JSON, or a value XML cannot carry).
        case dataInvalid = "data.invalid"
        /// A raw XML tag's value is not a fragment the report may hold; ``problems`` names
        /// the tag and its paragraph.
        case rawInvalid = "template.raw_invalid"
        /// `--strict` and some tags had no value.
        case missingValues = "data.missing_values"
    }

    public var code: Code
    public var message: String
    public var file: String?
    public var problems: [TemplateProblem]

    public init(_ code: Code, _ message: String, file: String? = nil, problems: [TemplateProblem] = []) {
        self.code = code
        self.message = message
        self.file = file
        self.problems = problems
    }

    /// The template or data file, where known.
    public var location: String { file ?? "" }

    /// The placed message and code, then every template problem on a line of its own.
    public var description: String {
        "\(placedMessage) [\(codeName)]" + problems.map { "\n  - \($0)" }.joined()
    }
}
