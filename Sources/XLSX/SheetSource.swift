import OPC

/// What reading an appendix needs from a file of tables, whatever its form: its sheets in
/// order, each one's cells streamed row by row with its merged ranges, the name the user
/// knows the file by, and the limits of the read.
///
/// ``Workbook`` is one (XLSX, and `.xls`/`.ods` once LibreOffice has converted them); the
/// tables of an HTML export and the one table of a CSV file are others. Cells are handed
/// over in row order, each row left to right; the same cell twice keeps the first.
public protocol SheetSource: AnyObject {
    /// The file as the user named it.
    var displayName: String { get }
    /// The limits every read obeys (sizes, counts, the deadline).
    var limits: ResourceLimits { get }
    /// The sheets that hold cells, in order.
    var worksheets: [SheetInfo] { get }

    /// Streams the non-empty cells of `sheet` to `body` and returns its merged ranges.
    ///
    /// - Parameter rowLimit: the cells of 0-based rows from this one on are not handed to
    ///   `body`; the rest is still read for its merged ranges.
    @discardableResult
    func readCells(
        of sheet: SheetInfo, onDimension: ((String) -> Void)?, rowLimit: Int, _ body: (Cell) throws -> Void
    ) throws -> SheetExtras
}

extension Workbook: SheetSource {}

extension SheetInfo {
    /// A visible worksheet named `name` at `position`, for sources that are not workbooks
    /// (an HTML table, a CSV file): `part` names where it comes from (`bảng 2`).
    public static func table(named name: String, position: Int, part: String? = nil) -> SheetInfo {
        SheetInfo(name: name, state: .visible, kind: .worksheet, part: part, position: position)
    }
}
