import OPC

/// An error of the workbook layer: the package is readable but is not a usable workbook,
/// or a cell's content contradicts the package (a shared string that does not exist).
public struct XLSXError: LocatedError, Equatable {
    /// Stable identifiers; their raw values never change once published.
    public enum Code: String, Sendable {
        case notAWorkbook = "workbook.not_xlsx"
        case documentNotWorkbook = "workbook.is_docx"
        case workbookPartMissing = "workbook.part_missing"
        case sheetNotFound = "workbook.sheet_not_found"
        case sharedStringOutOfRange = "cell.shared_string_out_of_range"
        case badCellReference = "cell.bad_reference"
        case tooManySharedStrings = "limit.shared_strings"
        case tooManyMergedRanges = "limit.merges"
        case stringTooLong = "limit.string_length"
        case outputTooLarge = "limit.output_size"
        case outputRatio = "limit.output_ratio"
    }

    public var code: Code
    /// What went wrong, in Vietnamese.
    public var message: String
    public var file: String?
    public var part: String?
    public var sheet: String?
    /// The cell (`B5`), where the problem is in one.
    public var cell: String?

    public init(
        _ code: Code, _ message: String, file: String? = nil, part: String? = nil,
        sheet: String? = nil, cell: String? = nil
    ) {
        self.code = code
        self.message = message
        self.file = file
        self.part = part
        self.sheet = sheet
        self.cell = cell
    }

    /// The place as a clerk reads it, with the cell quoted as Excel quotes it:
    /// `bang.xlsx, 'Phụ lục 1'!I12`.
    public var location: String {
        var pieces: [String] = []
        if let file { pieces.append(file) }
        if let sheet {
            pieces.append(CellReference.quotedSheetName(sheet) + (cell.map { "!\($0)" } ?? ""))
        } else if let part {
            pieces.append("phần \(part)")
        }
        return pieces.joined(separator: ", ")
    }
}
