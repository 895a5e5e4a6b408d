import XLSX

/// A worksheet held in memory for table recognition: appendices are small, and the
/// reader reads at most ``maxRows`` rows of any sheet.
struct SheetGrid {
    /// Recognition looks at no more rows than this (an appendix has a few dozen).
    static let maxRows = 5000

    let name: String
    private(set) var cells: [Int: [Int: CellValue]] = [:]
    private(set) var lastRow = -1
    private var mergedAnchor: [Int: [Int: (row: Int, column: Int)]] = [:]
    /// Legacy-encoded text found, by encoding: the first cell and how many cells.
    private(set) var legacy: [LegacyVietnameseEncoding.Encoding: (cell: String, count: Int)] = [:]
    /// The first cell whose text had unsafe characters removed, and how many had.
    private(set) var unsafe: (cell: String, count: Int)?

    init(workbook: Workbook, sheet: SheetInfo) throws {
        name = sheet.name
        var grid: [Int: [Int: CellValue]] = [:]
        var lastRow = -1
        struct Stop: Error {}
        var legacy: [LegacyVietnameseEncoding.Encoding: (cell: String, count: Int)] = [:]
        var unsafe: (cell: String, count: Int)?
        let extras: SheetExtras
        do {
            extras = try workbook.readCells(of: sheet) { cell in
                guard cell.row < Self.maxRows else { throw Stop() }
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
            }
        } catch is Stop {
            extras = SheetExtras(mergedRanges: [], dimension: nil)
        }
        cells = grid
        self.lastRow = lastRow
        self.legacy = legacy
        self.unsafe = unsafe
        for range in extras.mergedRanges {
            let corners = range.split(separator: ":")
            guard corners.count == 2, let one = CellReference.parse(String(corners[0])),
                let other = CellReference.parse(String(corners[1]))
            else { continue }
            // A range written backwards (`A2:A1`) covers the same cells.
            let first = (row: min(one.row, other.row), column: min(one.column, other.column))
            let last = (row: max(one.row, other.row), column: max(one.column, other.column))
            guard last.row - first.row < 100, last.column - first.column < 100 else { continue }
            for row in first.row...last.row {
                for column in first.column...last.column where (row, column) != (first.row, first.column) {
                    mergedAnchor[row, default: [:]][column] = (first.row, first.column)
                }
            }
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
        if let anchor = mergedAnchor[row]?[column] { return cells[anchor.row]?[anchor.column] }
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
        Set((cells[row] ?? [:]).keys).union((mergedAnchor[row] ?? [:]).keys).sorted()
    }
}
