import OPC
import XLSX

/// A worksheet held in memory for table recognition: appendices are small, and the grid
/// keeps at most ``maxRows`` rows of any sheet (the rest is read past for its merged
/// ranges, which the grid keeps as spans: ``MergedCells``).
struct SheetGrid {
    /// Recognition looks at no more rows than this (an appendix has a few dozen).
    static let maxRows = 5000

    let name: String
    private(set) var cells: [Int: [Int: CellValue]] = [:]
    private(set) var lastRow = -1
    private var merged = MergedCells()
    /// Legacy-encoded text found, by encoding: the first cell and how many cells.
    private(set) var legacy: [LegacyVietnameseEncoding.Encoding: (cell: String, count: Int)] = [:]
    /// The first cell whose text had unsafe characters removed, and how many had.
    private(set) var unsafe: (cell: String, count: Int)?

    /// Reads `sheet`, checking the workbook's deadline as it goes.
    ///
    /// - Throws: ``ScorecardError`` past the deadline or the merged-area limit, and the
    ///   workbook's own errors.
    init(workbook: any SheetSource, sheet: SheetInfo) throws {
        name = sheet.name
        var grid: [Int: [Int: CellValue]] = [:]
        var lastRow = -1
        var columns = 0
        var legacy: [LegacyVietnameseEncoding.Encoding: (cell: String, count: Int)] = [:]
        var unsafe: (cell: String, count: Int)?
        let limits = workbook.limits
        var seen = 0
        // Rows past the limit are read past, not read: the merged ranges come after them.
        let extras = try workbook.readCells(of: sheet, onDimension: nil, rowLimit: Self.maxRows) { cell in
            seen += 1
            if seen & 0xFFF == 0, limits.isPastDeadline {
                throw ScorecardError.pastDeadline(file: workbook.displayName, sheet: sheet.name)
            }
            var value = cell.value
            if case .string(let raw) = value {
                let (text, encoding, cleaned) = Self.decodedTexts.value(for: raw) {
                    let (text, encoding) = LegacyVietnameseEncoding.decodingIfLegacy(VietnameseText.normalized($0))
                    let safe = VietnameseText.removingUnsafeCharacters(text)
                    return (safe ?? text, encoding, safe != nil)
                }
                if cleaned { unsafe = (unsafe?.cell ?? cell.reference, (unsafe?.count ?? 0) + 1) }
                if let encoding {
                    let first = legacy[encoding]?.cell ?? cell.reference
                    legacy[encoding] = (first, (legacy[encoding]?.count ?? 0) + 1)
                }
                value = .string(text)
            }
            grid[cell.row, default: [:]][cell.column] = value
            lastRow = max(lastRow, cell.row)
            columns = max(columns, cell.column + 1)
        }
        cells = grid
        self.lastRow = lastRow
        self.legacy = legacy
        self.unsafe = unsafe
        do {
            merged = try MergedCells(
                ranges: extras.mergedRanges, rows: lastRow + 1, columns: columns,
                maxCells: workbook.limits.maxMergedCells)
        } catch {
            throw ScorecardError(
                .mergedAreaTooLarge,
                "Các vùng ô gộp của trang phủ hơn \(workbook.limits.maxMergedCells) ô (chồng lên nhau hoặc rộng bất thường); tệp có thể độc hại. Có thể nâng giới hạn bằng biến môi trường \(ResourceLimits.EnvironmentKey.maxMergedCells).",
                file: workbook.displayName, sheet: sheet.name)
        }
    }

    /// Cell texts already normalised, converted when legacy-encoded, and stripped of unsafe
    /// characters (`cleaned` when some were).
    private static let decodedTexts = TextMemo<
        (text: String, encoding: LegacyVietnameseEncoding.Encoding?, cleaned: Bool)
    >()

    /// The value at a cell, or the value of the merged range covering it.
    func value(_ row: Int, _ column: Int) -> CellValue? {
        if let value = cells[row]?[column] { return value }
        if let anchor = merged.anchor(row, column) { return cells[anchor.row]?[anchor.column] }
        return nil
    }

    /// The cell's own value, ignoring merges.
    func ownValue(_ row: Int, _ column: Int) -> CellValue? { cells[row]?[column] }

    /// The text of a cell (numbers as written), or `nil` when empty.
    func text(_ row: Int, _ column: Int, merged: Bool = true) -> String? {
        guard let value = merged ? value(row, column) : ownValue(row, column) else { return nil }
        switch value {
        case .string(let text): return text.isEmpty ? nil : text
        case .number(let number):
            // Whole numbers as written; one too large for Int keeps Double's text.
            if number == number.rounded(), let whole = Int(exactly: number) { return String(whole) }
            return String(number)
        default: return nil
        }
    }

    /// The text of a cell that holds text (a header, a name), or `nil`: numbers are no labels.
    func label(_ row: Int, _ column: Int) -> String? {
        guard case .string(let text) = value(row, column), !text.isEmpty else { return nil }
        return text
    }

    /// The columns in use in `row`.
    func columns(in row: Int) -> [Int] { (cells[row] ?? [:]).keys.sorted() }

    /// The columns of `row` that have a value, their own or a merged range's, in order.
    func columnsWithValues(in row: Int) -> [Int] {
        var columns = Set((cells[row] ?? [:]).keys)
        for span in merged.spans(in: row)
        where cells[Int(span.anchorRow)]?[Int(span.anchorColumn)] != nil {
            columns.formUnion(Int(span.first)...Int(span.last))
        }
        return columns.sorted()
    }
}
