import Foundation

/// What a column of a ranking table holds.
enum ColumnRole: Hashable, Sendable {
    case number  // STT
    case unit
    case group(IndexGroup)
    case total
    case band
    case rank

    /// Reads a header text ("Công khai, minh bạch (18 điểm)", "CKMB", "Tổng điểm",
    /// "Xếp hạng") as a role.
    static func recognize(_ header: String) -> ColumnRole? {
        roles.value(for: header, computing: computeRole)
    }

    /// Roles of header texts already seen: every row of every sheet is tried as a header.
    private static let roles = TextMemo<ColumnRole?>()

    private static func computeRole(_ header: String) -> ColumnRole? {
        let key = VietnameseText.looseKey(header)
        let compact = String(key.filter { $0 != " " })
        func has(_ words: String) -> Bool { key.containsPlain(words) }
        if ["stt", "tt", "so tt", "so thu tu"].contains(key) { return .number }
        // Groups first: their headers often say "(18 điểm)".
        if has("cong khai") || compact == "ckmb" { return .group(.congKhai) }
        if has("tien do") || compact == "tdgq" { return .group(.tienDo) }
        if has("thanh toan") || compact == "tttt" { return .group(.thanhToan) }
        if has("dich vu cong") || has("dvc truc tuyen") || compact == "dvctt" { return .group(.dvcTrucTuyen) }
        if has("hai long") || compact == "mdhl" { return .group(.haiLong) }
        if has("so hoa") || compact == "shhs" { return .group(.soHoa) }
        if has("xep loai") || key == "loai" { return .band }
        if has("xep hang") || key == "hang" || key == "thu hang" { return .rank }
        if has("tong diem") || has("tong cong") || key == "tong" || key == "diem" || has("tong so diem")
            || key == "tong diem dat" || has("diem dat")
        {
            return .total
        }
        if has("don vi") || has("dia phuong") || has("co quan") || has("xa thi tran") || key == "xa"
            || has("huyen thi xa") || has("ten huyen") || has("ten xa")
        {
            return .unit
        }
        return nil
    }
}

/// A table found on a sheet: where its header is, which column holds what, and the rows
/// of units under it.
struct RecognizedTable {
    let sheet: String
    /// 0-based row of the (last) header row.
    let headerRow: Int
    let columns: [ColumnRole: Int]
    /// 0-based rows that hold units.
    var rows: [Int]

    var groupColumns: [IndexGroup: Int] {
        var result: [IndexGroup: Int] = [:]
        for (role, column) in columns { if case .group(let group) = role { result[group] = column } }
        return result
    }
}

/// Finds ranking tables on a sheet.
enum TableRecognizer {
    /// Markers of the lines under a table (signatures, notes).
    static let footerMarkers = ["nguoi lap", "lap bieu", "thu truong", "ghi chu", "xac nhan", "noi nhan", "ky ten"]
    /// Unit-column texts of summary lines that are not units.
    static let summaryNames: Set<String> = ["tong", "tong cong", "cong", "toan huyen", "trung binh", "binh quan"]

    /// The tables of `grid`, top to bottom.
    ///
    /// - Throws: ``ScorecardError`` when `deadline` passes first.
    static func tables(
        in grid: SheetGrid, file: String, deadline: ContinuousClock.Instant? = nil
    ) throws -> [RecognizedTable] {
        var tables: [RecognizedTable] = []
        var row = 0
        var checked = 0
        while row <= grid.lastRow {
            if let deadline, row >= checked {
                guard ContinuousClock.now < deadline else {
                    throw ScorecardError.pastDeadline(file: file, sheet: grid.name)
                }
                checked = row + 64
            }
            guard let header = header(at: row, in: grid) else {
                row += 1
                continue
            }
            var table = RecognizedTable(
                sheet: grid.name, headerRow: header.lastRow, columns: header.columns, rows: [])
            row = header.lastRow + 1
            table.rows = unitRows(from: &row, table: table, grid: grid)
            if !table.rows.isEmpty { tables.append(table) }
        }
        return tables
    }

    /// The header starting at `row` (one row, or two when the row under it completes it).
    private static func header(at row: Int, in grid: SheetGrid) -> (lastRow: Int, columns: [ColumnRole: Int])? {
        func roles(rows: [Int]) -> [ColumnRole: Int] {
            var found: [ColumnRole: Int] = [:]
            // Only the columns the header rows have values in: a row costs what it holds,
            // not the sheet's widest row.
            for column in Set(rows.flatMap(grid.columnsWithValues(in:))).sorted() {
                // The lower header row is more specific ("Công khai…" under "Nhóm chỉ số").
                for headerRow in rows.reversed() {
                    if let text = grid.label(headerRow, column), let role = ColumnRole.recognize(text),
                        found[role] == nil
                    {
                        found[role] = column
                        break
                    }
                }
            }
            return found
        }
        func acceptable(_ roles: [ColumnRole: Int]) -> Bool {
            let groups = roles.keys.filter { if case .group = $0 { return true } else { return false } }.count
            return roles[.unit] != nil && (groups >= 3 || (roles[.total] != nil && roles[.rank] != nil))
        }
        let single = roles(rows: [row])
        guard single[.unit] != nil || !single.isEmpty else { return nil }
        let double = roles(rows: [row, row + 1])
        if acceptable(double), double.count > single.count { return (row + 1, double) }
        if acceptable(single) { return (row, single) }
        return nil
    }

    /// The unit rows from `row` on, stopping at the table's end; `row` is left after it.
    private static func unitRows(from row: inout Int, table: RecognizedTable, grid: SheetGrid) -> [Int] {
        var rows: [Int] = []
        let unitColumn = table.columns[.unit]!
        let tableColumns = Set(table.columns.values)
        while row <= grid.lastRow {
            defer { row += 1 }
            let used = grid.columns(in: row).filter { tableColumns.contains($0) }
            let unitText = grid.text(row, unitColumn, merged: false)
            let firstText = grid.columns(in: row).first.flatMap { grid.text(row, $0, merged: false) } ?? ""
            let firstKey = VietnameseText.looseKey(firstText)
            let unitKey = unitText.map(VietnameseText.looseKey) ?? ""
            if footerMarkers.contains(where: { firstKey.containsPlain($0) || unitKey.containsPlain($0) }) {
                break
            }
            if used.isEmpty {
                if rows.isEmpty { continue }
                break
            }
            // Column numbering under the header: (1), (2), … or 1, 2, 3 … in every column.
            if rows.isEmpty, isColumnNumbering(row, grid: grid, columns: table.columns.values.sorted()) { continue }
            if summaryNames.contains(unitKey) { continue }
            // A new header means a new table.
            if ColumnRole.recognize(unitText ?? "") == .unit { break }
            rows.append(row)
        }
        return rows
    }

    private static func isColumnNumbering(_ row: Int, grid: SheetGrid, columns: [Int]) -> Bool {
        let numbers = columns.compactMap { column -> Int? in
            guard let text = grid.text(row, column, merged: false) else { return nil }
            return Int(text.trimmingCharacters(in: CharacterSetLite.parentheses))
        }
        return numbers.count >= 3 && numbers == Array(numbers.sorted()) && Set(numbers).count == numbers.count
            && grid.text(row, columns.first!, merged: false) != nil && numbers.first! <= 2
            && grid.columns(in: row).allSatisfy { column in
                guard let text = grid.text(row, column, merged: false) else { return true }
                return Int(text.trimmingCharacters(in: CharacterSetLite.parentheses)) != nil
            }
    }
}

/// The one character set the recognizer trims.
enum CharacterSetLite {
    static let parentheses: Set<Character> = ["(", ")", " ", "[", "]"]
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}
