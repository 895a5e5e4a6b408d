/// An error of the package layer: the ZIP container, its parts, or the XML inside them.
///
/// Every error carries a stable ``Code`` (English, for scripts and tests), a message in
/// Vietnamese for office staff, and the place it happened: the file and, where known, the
/// package part and the line in that part.
public struct OPCError: LocatedError, Equatable {
    /// Stable identifiers; their raw values never change once published.
    public enum Code: String, Sendable {
        case fileNotFound = "file.not_found"
        case fileUnreadable = "file.unreadable"
        case fileEmpty = "file.empty"
        case notAZip = "package.not_zip"
        case truncated = "package.truncated"
        case encryptedWorkbook = "package.encrypted"
        case legacyXLS = "package.legacy_xls"
        case oleCompound = "package.ole_compound"
        case entryEncrypted = "package.entry_encrypted"
        case partMissing = "package.part_missing"
        case partCorrupt = "package.part_corrupt"
        case relationshipOutsidePackage = "package.relationship_outside"
        case tooManyEntries = "limit.entries"
        case partTooLarge = "limit.part_size"
        case packageTooLarge = "limit.package_size"
        case xmlTooDeep = "limit.xml_depth"
        case timeLimit = "limit.time"
        case xmlMalformed = "xml.malformed"
        case xmlEncoding = "xml.encoding"
        case xmlDTDForbidden = "xml.dtd_forbidden"
        case writeFailed = "io.write_failed"
        case notWordDocument = "package.not_docx"
        case schemaUnavailable = "schema.unavailable"
    }

    public var code: Code
    /// What went wrong, in Vietnamese.
    public var message: String
    /// The file as the user named it.
    public var file: String?
    /// The package part (`xl/worksheets/sheet1.xml`), where the problem is inside one.
    public var part: String?
    /// The 1-based line in the part, for XML errors.
    public var line: Int?
    /// A technical detail from the underlying library (English), for logs.
    public var detail: String?

    public init(
        _ code: Code, _ message: String, file: String? = nil, part: String? = nil,
        line: Int? = nil, detail: String? = nil
    ) {
        self.code = code
        self.message = message
        self.file = file
        self.part = part
        self.line = line
        self.detail = detail
    }

    /// The place as a clerk reads it: `file.xlsx, phần xl/worksheets/sheet1.xml, dòng 3`.
    public var location: String {
        var pieces: [String] = []
        if let file { pieces.append(file) }
        if let part { pieces.append("phần \(part)") }
        if let line { pieces.append("dòng \(line)") }
        return pieces.joined(separator: ", ")
    }

    /// The placed message and code, then the library's detail.
    public var description: String { "\(placedMessage) [\(codeName)]" + (detail.map { " (\($0))" } ?? "") }

    /// The same error, placed in `file` and `part` where it was not placed yet.
    public func located(file: String? = nil, part: String? = nil) -> OPCError {
        var copy = self
        if copy.file == nil { copy.file = file }
        if copy.part == nil { copy.part = part }
        return copy
    }
}
