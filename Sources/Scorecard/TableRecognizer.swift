import Foundation

/// What a column of a ranking table holds.
enum ColumnRole: Hashable, Sendable {
    case number  // STT
    case unit
    case group(IndexGroup)
    case total
    case band
    case rank

    /// Whether the column has a maximum the header may state: a group's, or the total's 100.
    var hasMaximum: Bool { maximum != nil }

    /// The index's maximum for the column: a group's, or 100 for the total.
    var maximum: Double? {
        switch self {
        case .group(let group): group.maximum
        case .total: IndexGroup.allCases.reduce(0) { $0 + $1.maximum }
        default: nil
        }
    }

    /// Whether a header names units by their kinds, as tables after the 2025 reform do: "Xã,
    /// phường, đặc khu", "Phường, xã", "Tỉnh, thành phố", "Tên tỉnh", "Tỉnh". With diacritics,
    /// and two kinds or a kind alone, so that a unit's name ("Đặc khu Phú Quốc", "Xã Phương
    /// Thịnh") never passes for a header.
    static func namesKindsOfUnits(_ header: String) -> Bool {
        let words = VietnameseText.matchKey(header).split { !$0.isLetter }.map(String.init)
        let text = " " + words.joined(separator: " ") + " "
        let kinds = [" xã ", " phường ", " đặc khu ", " thị trấn ", " tỉnh ", " thành phố "].filter(text.contains)
        return kinds.count >= 2
            || ["tỉnh", "phường", "tên tỉnh", "tên xã phường"].contains(words.joined(separator: " "))
    }

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
            || has("ban nganh") || namesKindsOfUnits(header)
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
    /// The maxima the header block states for group and total columns (beside the names or
    /// in a row of their own), to be checked against the index's.
    var statedMaxima: [ColumnRole: HeaderMaximum.Stated] = [:]

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
    /// Beginnings of notes under a table ("Nguồn: …", "Chú thích: …"); only at the start,
    /// since place names may hold the same letters.
    static let footerPrefixes = ["nguon ", "chu thich", "luu y "]
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
            for (role, column) in header.columns where role.hasMaximum {
                for headerRow in row...header.lastRow {
                    if let text = grid.label(headerRow, column), let value = HeaderMaximum.inName(text) {
                        table.statedMaxima[role] = .init(value: value, row: headerRow, column: column)
                    }
                }
            }
            row = header.lastRow + 1
            table.rows = unitRows(from: &row, table: &table, grid: grid)
            if !table.rows.isEmpty { tables.append(table) }
        }
        return tables
    }

    /// The header starting at `row` (one row, or two when the row under it completes it).
    private static func header(at row: Int, in grid: SheetGrid) -> (lastRow: Int, columns: [ColumnRole: Int])? {
        guard let here = headerBlock(at: row, in: grid) else { return nil }
        // A title over the header (merged across the table, naming "dịch vụ công") may
        // pass for one of its rows: the header that starts a row lower wins if it finds
        // more columns. (Only blocks that start a row or two lower: what costs a row
        // stays bounded.)
        for start in (row + 1)...(row + 2) {
            if let lower = headerBlock(at: start, in: grid), lower.columns.count > here.columns.count { return nil }
        }
        return here
    }

    /// The best header block of one to three rows starting at `row`, if any.
    private static func headerBlock(at row: Int, in grid: SheetGrid) -> (lastRow: Int, columns: [ColumnRole: Int])? {
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
        guard !single.isEmpty else { return nil }
        // One to three header rows: lower rows carry the group names under a row that says
        // "Nhóm chỉ số" (or "Kết quả đánh giá" over that). More rows win only with more roles.
        var best: (lastRow: Int, columns: [ColumnRole: Int])? = acceptable(single) ? (row, single) : nil
        for extra in 1...2 {
            let block = roles(rows: Array(row...(row + extra)))
            if acceptable(block), block.count > (best?.columns.count ?? 0) { best = (row + extra, block) }
        }
        return best
    }

    /// The unit rows from `row` on, stopping at the table's end; `row` is left after it.
    private static func unitRows(from row: inout Int, table: inout RecognizedTable, grid: SheetGrid) -> [Int] {
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
            if footerMarkers.contains(where: { firstKey.containsPlain($0) || unitKey.containsPlain($0) })
                || footerPrefixes.contains(where: { firstKey.hasPrefix($0) || unitKey.hasPrefix($0) })
            {
                break
            }
            if used.isEmpty {
                if rows.isEmpty { continue }
                break
            }
            // Under the names, before the first unit: each column's maximum, and the columns'
            // numbers ((1), (2), … or A, B, C=1+2). Both are header, never units.
            if rows.isEmpty, let maxima = statedMaxima(in: row, table: table, grid: grid) {
                table.statedMaxima.merge(maxima) { _, row in row }
                continue
            }
            if rows.isEmpty, isColumnNumbering(row, grid: grid, columns: table.columns.values.sorted()) { continue }
            if summaryNames.contains(unitKey) { continue }
            // A new header means a new table.
            if ColumnRole.recognize(unitText ?? "") == .unit { break }
            rows.append(row)
        }
        return rows
    }

    /// Whether `row` numbers the columns: `(1)`, `(2)`, … or `1`, `2`, … rising from 1 or
    /// 2 in every cell, or labels such as `A`, `B`, `(3)`, `C=1+2`, `(9)=(3)+…+(8)` in every
    /// cell.
    private static func isColumnNumbering(_ row: Int, grid: SheetGrid, columns: [Int]) -> Bool {
        let texts = grid.columns(in: row).compactMap { grid.text(row, $0, merged: false) }
        guard texts.count >= 3, grid.text(row, columns.first!, merged: false) != nil else { return false }
        let numbers = texts.compactMap { Int($0.trimmingCharacters(in: CharacterSetLite.parentheses)) }
        if numbers.count == texts.count {
            return numbers == numbers.sorted() && Set(numbers).count == numbers.count && numbers.first! <= 2
        }
        return texts.allSatisfy { $0.wholeMatch(of: #/\(?\s*[0-9A-Za-z]{1,3}\s*\)?(\s*=.*)?/#) != nil }
    }

    /// The maxima that `row` states, when it is a row of maxima: under the header, the
    /// units' column empty or labelled ("Điểm tối đa"), the band and rank empty, and each
    /// group and total cell a maximum ("18", "18 điểm", "(18đ)"). A row of plain numbers
    /// counts only when they are the index's own maxima for most groups or the total is
    /// 100, so that a unit whose name is missing is never taken for one.
    private static func statedMaxima(
        in row: Int, table: RecognizedTable, grid: SheetGrid
    ) -> [ColumnRole: HeaderMaximum.Stated]? {
        let labelled: Bool
        if let unitText = grid.text(row, table.columns[.unit]!, merged: false) {
            guard HeaderMaximum.isLabel(unitText) else { return nil }
            labelled = true
        } else {
            labelled = false
        }
        for role in [ColumnRole.band, .rank, .number] {
            guard let column = table.columns[role], let text = grid.text(row, column, merged: false) else { continue }
            if role == .number, HeaderMaximum.isLabel(text) { continue }
            return nil
        }
        var found: [ColumnRole: HeaderMaximum.Stated] = [:]
        var saysPoints = false
        var matchesIndex = 0
        for (role, column) in table.columns where role.hasMaximum {
            guard let text = grid.text(row, column, merged: false) else { continue }
            guard let stated = HeaderMaximum.inCell(text) else { return nil }
            found[role] = .init(value: stated.value, row: row, column: column)
            saysPoints = saysPoints || stated.saysPoints
            if let maximum = role.maximum, abs(maximum - stated.value) < 1e-9 { matchesIndex += 1 }
        }
        guard found.count >= 3 || (found.count >= 1 && (labelled || saysPoints)) else { return nil }
        let groups = found.keys.filter { $0 != .total }.count
        let looksLikeMaxima = labelled || saysPoints || matchesIndex * 2 > max(groups, 1)
        return looksLikeMaxima ? found : nil
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
