import OPC
import XLSX

/// An error of the forms layer: a file that is not a workbook (an HTML export, CSV or
/// tab-separated text) could not be read as tables.
///
/// The place names the file and, where known, the table (`Bảng 2`, a CSV file's one table
/// takes the file's name) and the cell in A1 form, or the line of a text file.
public struct FormsError: LocatedError, Equatable {
    /// Stable identifiers; their raw values never change once published.
    public enum Code: String, Sendable {
        /// An HTML page with no `<table>`.
        case noTable = "html.no_table"
        /// An HTML page whose DOCTYPE declares an internal subset or entities.
        case htmlDTDForbidden = "html.dtd_forbidden"
        /// A `colspan`/`rowspan` larger than any real table (HTML clamps them too).
        case spanTooLarge = "limit.span"
        /// A table wider or longer than any real one.
        case tableTooLarge = "limit.table_size"
        /// A cell whose text is longer than ``ResourceLimits/maxStringBytes``.
        case stringTooLong = "limit.string_length"
        /// A text file whose bytes are no text in any encoding offices use.
        case textEncoding = "text.encoding"
        /// A line (a CSV record) longer than any real one.
        case lineTooLong = "limit.line_length"
        /// Text with no column separator found.
        case noDelimiter = "csv.no_delimiter"
    }

    public var code: Code
    /// What went wrong, in Vietnamese.
    public var message: String
    public var file: String?
    /// The table (`Bảng 2`), where the problem is in one.
    public var sheet: String?
    /// The cell (`B5`), where known.
    public var cell: String?
    /// The 1-based line of a text file, where known.
    public var line: Int?

    public init(
        _ code: Code, _ message: String, file: String? = nil, sheet: String? = nil, cell: String? = nil,
        line: Int? = nil
    ) {
        self.code = code
        self.message = message
        self.file = file
        self.sheet = sheet
        self.cell = cell
        self.line = line
    }

    /// The place as a clerk reads it: `phu-luc.html, 'Bảng 2'!C7` or `phu-luc.csv, dòng 12`.
    public var location: String {
        var pieces: [String] = []
        if let file { pieces.append(file) }
        if let sheet { pieces.append(CellReference.quotedSheetName(sheet) + (cell.map { "!\($0)" } ?? "")) }
        if let line { pieces.append("dòng \(line)") }
        return pieces.joined(separator: ", ")
    }
}
