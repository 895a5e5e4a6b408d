import Foundation
import XLSX

/// What an appendix holds: the period, the units with their scores, the district's line in
/// the province's ranking, and every problem found on the way.
public struct Appendix: Sendable, Equatable {
    public var period: Period?
    public var units: [UnitResult]
    /// `nil` when the workbook has no province table.
    public var district: DistrictResult?
    public var diagnostics: [Diagnostic]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Reads and checks a 766 appendix workbook.
public struct AppendixReader {
    public let settings: ScorecardSettings

    public init(settings: ScorecardSettings) {
        self.settings = settings
    }

    /// Reads `workbook` (any ``SheetSource``: a workbook, an HTML export's tables, a CSV
    /// file); `fileName` and `period` (from `--period`) help find the period.
    public func read(_ workbook: any SheetSource, fileName: String, period requested: Period? = nil) throws
        -> Appendix
    {
        var diagnostics: [Diagnostic] = []
        var tables: [(table: RecognizedTable, grid: SheetGrid)] = []
        var titlePeriod: (period: Period, sheet: String, cell: String)?
        for sheet in workbook.worksheets {
            let grid = try SheetGrid(workbook: workbook, sheet: sheet)
            for (encoding, found) in grid.legacy.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                diagnostics.append(
                    Diagnostic(
                        .warning, .legacyEncoding, sheet: sheet.name, cell: found.cell,
                        "\(found.count) ô viết bằng bảng mã \(encoding.displayName) (phông chữ cũ); đã tự chuyển sang Unicode, nên kiểm tra lại tên đơn vị."
                    ))
            }
            if let found = grid.unsafe {
                diagnostics.append(
                    Diagnostic(
                        .warning, .unsafeCharacters, sheet: sheet.name, cell: found.cell,
                        "\(found.count) ô có ký tự điều khiển hoặc ký tự đảo chiều chữ (không nhìn thấy được); đã bỏ các ký tự đó khỏi dự thảo, nên kiểm tra lại các ô này."
                    ))
            }
            let found = try TableRecognizer.tables(
                in: grid, file: workbook.displayName, deadline: workbook.limits.deadline)
            if titlePeriod == nil {
                let limit = found.first?.headerRow ?? min(grid.lastRow, 15)
                titlePeriod = Self.titlePeriod(in: grid, above: limit)
            }
            tables += found.map { ($0, grid) }
        }

        // The period: the file name, else the sheet's title, else the one the user gave
        // (`--period`, the page's field). Sources that disagree with it are named.
        let namePeriod = Period.fromFileName(fileName)
        var sources: [(period: Period, label: String, sheet: String?, cell: String?)] = []
        if let namePeriod { sources.append((namePeriod, "tên tệp", nil, nil)) }
        if let titlePeriod { sources.append((titlePeriod.period, "tiêu đề bảng", titlePeriod.sheet, titlePeriod.cell)) }
        if let requested { sources.append((requested, "kỳ báo cáo đã chọn", nil, nil)) }
        let period = sources.first?.period
        if let chosen = sources.first {
            for other in sources.dropFirst() where other.period != chosen.period {
                let place = other.sheet == nil ? (titlePeriod?.sheet, titlePeriod?.cell) : (other.sheet, other.cell)
                diagnostics.append(
                    Diagnostic(
                        .warning, .periodMismatch, sheet: place.0, cell: place.1,
                        "\(chosen.label.prefix(1).uppercased() + chosen.label.dropFirst()) là tháng \(chosen.period.monthText)/\(chosen.period.year) nhưng \(other.label) là tháng \(other.period.monthText)/\(other.period.year); báo cáo dùng tháng \(chosen.period.monthText)/\(chosen.period.year) (theo \(chosen.label)). Nếu sai, hãy sửa \(chosen.label)."
                    ))
            }
        } else {
            diagnostics.append(
                Diagnostic(
                    .error, .periodMissing,
                    "Không xác định được kỳ báo cáo: tên tệp không có năm-tháng (ví dụ …-2025-02.xlsx) và tiêu đề bảng không ghi «Tháng … năm …»."
                ))
        }

        if settings.level == .commune {
            let (units, own) = readCommune(tables, into: &diagnostics)
            return Appendix(period: period, units: units, district: own, diagnostics: diagnostics)
        }

        // Which table is the ranking the office is ranked in: the one listing its own district
        // (or province), which is not a unit of its own.
        let ownKey = Self.unitKey(settings.ownName)
        let rosterKeys = Set(settings.roster.flatMap { [$0.name] + $0.aliases }.map(Self.unitKey))
        var unitTables: [(table: RecognizedTable, grid: SheetGrid)] = []
        var provinceTable: (table: RecognizedTable, grid: SheetGrid)?
        for candidate in tables {
            let keys = candidate.table.rows.compactMap { row in
                candidate.grid.text(row, candidate.table.columns[.unit]!, merged: false).map(Self.unitKey)
            }
            if keys.contains(ownKey) && !rosterKeys.contains(ownKey) {
                if provinceTable == nil { provinceTable = candidate }
            } else {
                unitTables.append(candidate)
            }
        }
        // A district ranks one table of units; a province may rank its communes and its
        // departments in tables of their own, each unit ranked within its table.
        if settings.level != .province { unitTables = Array(unitTables.prefix(1)) }
        guard let unitTable = unitTables.first else {
            diagnostics.append(
                Diagnostic(
                    .error, .tableNotFound,
                    "Không tìm thấy bảng điểm các đơn vị: cần một dòng tiêu đề có cột đơn vị và các cột nhóm chỉ số (Công khai, minh bạch; Tiến độ giải quyết; …) hoặc Tổng điểm."
                ))
            return Appendix(period: period, units: [], district: nil, diagnostics: diagnostics)
        }
        var units = unitTables.flatMap {
            checkTable($0.table, grid: $0.grid, requireGroups: true, into: &diagnostics)
        }
        checkRoster(&units, sheet: unitTable.table.sheet, into: &diagnostics)
        var district: DistrictResult?
        if let provinceTable {
            let ranked = checkTable(
                provinceTable.table, grid: provinceTable.grid, requireGroups: false, into: &diagnostics)
            if let own = ranked.first(where: { Self.unitKey($0.name) == ownKey }) {
                district = DistrictResult(
                    name: settings.ownName, total: own.total, band: own.band, rank: own.rank, of: ranked.count)
            }
        } else if settings.level == .province {
            diagnostics.append(
                Diagnostic(
                    .warning, .ownRowMissing,
                    "Phụ lục không có bảng xếp hạng các tỉnh, thành phố có dòng «\(settings.ownName)»; mục 1 của báo cáo sẽ thiếu tổng điểm, xếp loại và thứ hạng của tỉnh. Hãy dùng bảng điểm có cả bảng xếp hạng các tỉnh."
                ))
        }
        return Appendix(period: period, units: units, district: district, diagnostics: diagnostics)
    }

    /// A commune's appendix: the province's ranking of its communes. Every row is read (the
    /// province's average and best need them) and the office's own row gives its total, band
    /// and rank; without that row the appendix is an error, never a blank section.
    private func readCommune(
        _ tables: [(table: RecognizedTable, grid: SheetGrid)], into diagnostics: inout [Diagnostic]
    ) -> ([UnitResult], DistrictResult?) {
        let ownKey = Self.unitKey(settings.ownName)
        let ownFull = Self.fullNameKey(settings.ownName)
        func rows(_ candidate: (table: RecognizedTable, grid: SheetGrid)) -> [String] {
            candidate.table.rows.compactMap { candidate.grid.text($0, candidate.table.columns[.unit]!, merged: false) }
        }
        // The table that lists the commune; else the largest with the groups, for the message.
        let listing = tables.first { rows($0).contains { Self.unitKey($0) == ownKey } }
        guard let chosen = listing ?? tables.max(by: { $0.table.rows.count < $1.table.rows.count }) else {
            diagnostics.append(
                Diagnostic(
                    .error, .tableNotFound,
                    "Không tìm thấy bảng xếp hạng các xã, phường, đặc khu: cần một dòng tiêu đề có cột đơn vị và các cột nhóm chỉ số (Công khai, minh bạch; Tiến độ giải quyết; …)."
                ))
            return ([], nil)
        }
        let units = checkTable(chosen.table, grid: chosen.grid, requireGroups: true, into: &diagnostics)
        // Two units of one bare name ("Xã Long Phú", "Phường Long Phú"): the full name decides.
        let matching = units.filter { Self.unitKey($0.name) == ownKey }
        let own = matching.count > 1 ? matching.first { Self.fullNameKey($0.name) == ownFull } : matching.first
        guard let own else {
            let names = units.map(\.name)
            let nearest = VietnameseText.nearest(to: settings.ownName, among: names, limit: 3)
            let hint = nearest.isEmpty ? "" : " Tên gần giống trong bảng: \(nearest.joined(separator: ", "))."
            diagnostics.append(
                Diagnostic(
                    .error, .ownRowMissing, sheet: chosen.table.sheet,
                    matching.count > 1
                        ? "Bảng có \(matching.count) đơn vị cùng tên «\(settings.ownName)»; hãy ghi tên đầy đủ (ví dụ «Xã \(settings.ownName)» hoặc «Phường \(settings.ownName)») ở mục «commune» của hồ sơ."
                        : "Bảng xếp hạng không có dòng của «\(settings.ownName)» (mục «commune» của hồ sơ cơ quan), nên không lập được mục 1 của báo cáo.\(hint) Hãy kiểm tra tên trong hồ sơ hoặc dùng bảng điểm các xã, phường, đặc khu của tỉnh."
                ))
            return (units, nil)
        }
        let result = DistrictResult(
            name: settings.ownName, total: own.total, band: own.band, rank: own.rank, of: units.count,
            scores: own.scores)
        return (units, result)
    }

    /// A name reduced for matching with its prefix kept ("xã long phú" ≠ "phường long phú").
    static func fullNameKey(_ name: String) -> String {
        VietnameseText.matchKey(VietnameseText.normalized(name))
    }

    /// A name reduced for matching: no prefix, no case, one tone placement. Diacritics stay:
    /// "Phú Thành" and "Phú Thạnh" are two communes of Phú Tân.
    static func unitKey(_ name: String) -> String {
        unitKeys.value(for: name) {
            VietnameseText.matchKey(VietnameseText.strippingUnitPrefix(VietnameseText.normalized($0)))
        }
    }

    /// The same without diacritics, for a fallback match that must be unambiguous.
    static func looseUnitKey(_ name: String) -> String {
        looseUnitKeys.value(for: name) {
            VietnameseText.looseKey(VietnameseText.strippingUnitPrefix(VietnameseText.normalized($0)))
        }
    }

    private static let unitKeys = TextMemo<String>()
    private static let looseUnitKeys = TextMemo<String>()

    private static func titlePeriod(in grid: SheetGrid, above limit: Int) -> (Period, String, String)? {
        for row in 0...max(0, limit) {
            for column in grid.columns(in: row) {
                if let text = grid.text(row, column, merged: false), let period = Period.fromTitle(text) {
                    return (period, grid.name, CellReference.name(row: row, column: column))
                }
            }
        }
        return nil
    }

    // MARK: - Checks

    /// A number from a cell: a number, or text with a decimal comma or dot. `NaN` and
    /// infinities (as text or as numbers) are not numbers: every comparison with them fails.
    static func number(_ value: CellValue?) -> Double?? {
        guard let value else { return .some(nil) }
        switch value {
        case .number(let number): return number.isFinite ? number : nil
        case .string(let text):
            let cleaned = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
            if cleaned.isEmpty { return .some(nil) }
            guard let number = Double(cleaned), number.isFinite else { return nil }
            return number
        default: return nil
        }
    }

    /// A maximum as written: `18`, `17,5`.
    static func plain(_ value: Double) -> String {
        if let whole = Int(exactly: value) { return String(whole) }
        return String(format: "%.2f", value).replacingOccurrences(of: "0$", with: "", options: .regularExpression)
            .replacingOccurrences(of: ".", with: ",")
    }

    private func checkTable(
        _ table: RecognizedTable, grid: SheetGrid, requireGroups: Bool, into diagnostics: inout [Diagnostic]
    ) -> [UnitResult] {
        let sheet = table.sheet
        let groupColumns = table.groupColumns
        if requireGroups {
            for group in IndexGroup.allCases where groupColumns[group] == nil {
                diagnostics.append(
                    Diagnostic(
                        .error, .headerMissingColumn, sheet: sheet,
                        "Bảng thiếu cột «\(group.name) (\(Int(group.maximum)) điểm)» (tiêu đề ở dòng \(table.headerRow + 1))."
                    ))
            }
        }
        for (role, stated) in table.statedMaxima.sorted(by: { $0.value.column < $1.value.column }) {
            guard let maximum = role.maximum, abs(stated.value - maximum) > 1e-6 else { continue }
            let column = if case .group(let group) = role { "nhóm «\(group.name)»" } else { "tổng điểm" }
            diagnostics.append(
                Diagnostic(
                    .warning, .headerMaximumMismatch, sheet: sheet,
                    cell: CellReference.name(row: stated.row, column: stated.column),
                    "Tiêu đề bảng ghi điểm tối đa của \(column) là \(Self.plain(stated.value)) nhưng Bộ chỉ số (Quyết định 766/QĐ-TTg) quy định \(Self.plain(maximum)); điểm được kiểm tra theo \(Self.plain(maximum)). Hãy sửa tiêu đề nếu bảng dùng đúng Bộ chỉ số."
                ))
        }
        struct Row {
            var result: UnitResult
            var statedRank: Int?
            var rankCell: String?
            var bandText: String?
            var bandCell: String?
        }
        var rows: [Row] = []
        var uncalculated: [String] = []
        for row in table.rows {
            func cell(_ column: Int) -> String { CellReference.name(row: row, column: column) }
            let unitColumn = table.columns[.unit]!
            guard let name = grid.text(row, unitColumn, merged: false) else {
                diagnostics.append(
                    Diagnostic(
                        .error, .valueMissing, sheet: sheet, cell: cell(unitColumn), "Dòng này thiếu tên đơn vị."))
                continue
            }
            var scores: [IndexGroup: Double] = [:]
            for group in IndexGroup.allCases {
                guard let column = groupColumns[group] else { continue }
                if grid.ownValue(row, column)?.isUncalculated == true {
                    diagnostics.append(
                        Diagnostic(
                            .error, .formulaUncalculated, sheet: sheet, cell: cell(column),
                            "Điểm «\(group.name)» của \(name) là công thức chưa được tính giá trị (tệp được lưu bằng chương trình không tính công thức); hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại."
                        ))
                    continue
                }
                switch Self.number(grid.ownValue(row, column)) {
                case .none:
                    diagnostics.append(
                        Diagnostic(
                            .error, .valueNotNumeric, sheet: sheet, cell: cell(column),
                            "Điểm «\(group.name)» của \(name) không phải là số: «\(grid.text(row, column, merged: false) ?? "")»."
                        ))
                case .some(.none):
                    diagnostics.append(
                        Diagnostic(
                            .error, .valueMissing, sheet: sheet, cell: cell(column),
                            "Thiếu điểm «\(group.name)» của \(name)."))
                case .some(.some(let score)):
                    scores[group] = score
                    if score < 0 || score > group.maximum + 1e-9 {
                        diagnostics.append(
                            Diagnostic(
                                .error, .scoreOutOfRange, sheet: sheet, cell: cell(column),
                                "Điểm «\(group.name)» của \(name) là \(Self.format(score)), ngoài khoảng 0–\(Int(group.maximum))."
                            ))
                    }
                }
            }
            let sum = IndexGroup.allCases.reduce(0) { $0 + (scores[$1] ?? 0) }
            var total = sum
            if let column = table.columns[.total], grid.ownValue(row, column)?.isUncalculated == true {
                // A total written as a formula but never calculated: the groups' sum is what
                // the formula would give.
                uncalculated.append(cell(column))
            } else if let column = table.columns[.total] {
                switch Self.number(grid.ownValue(row, column)) {
                case .none:
                    diagnostics.append(
                        Diagnostic(
                            .error, .valueNotNumeric, sheet: sheet, cell: cell(column),
                            "Tổng điểm của \(name) không phải là số."))
                case .some(.none):
                    if requireGroups || groupColumns.isEmpty {
                        diagnostics.append(
                            Diagnostic(
                                .error, .valueMissing, sheet: sheet, cell: cell(column), "Thiếu tổng điểm của \(name).")
                        )
                    }
                case .some(.some(let stated)):
                    if groupColumns.count == IndexGroup.allCases.count, scores.count == groupColumns.count,
                        abs(stated - sum) > 0.01 + 1e-9
                    {
                        diagnostics.append(
                            Diagnostic(
                                .error, .totalMismatch, sheet: sheet, cell: cell(column),
                                "Tổng điểm của \(name) ghi \(Self.format(stated)) nhưng cộng sáu nhóm được \(Self.format(sum))."
                            ))
                    }
                    total = stated
                }
            }
            let band = settings.bands.band(for: total).name
            let result = UnitResult(
                name: name, rosterName: nil, scores: scores, total: total, band: band, rank: 0, sheet: sheet,
                row: row + 1, cell: cell(unitColumn))
            var entry = Row(result: result)
            if let column = table.columns[.band] {
                if grid.ownValue(row, column)?.isUncalculated == true {
                    uncalculated.append(cell(column))
                } else {
                    entry.bandText = grid.text(row, column, merged: false)
                    entry.bandCell = cell(column)
                }
            }
            if let column = table.columns[.rank] {
                if grid.ownValue(row, column)?.isUncalculated == true {
                    uncalculated.append(cell(column))
                } else {
                    entry.rankCell = cell(column)
                    if let text = grid.text(row, column, merged: false) {
                        entry.statedRank = Int(text.prefix(while: \.isNumber))
                    }
                }
            }
            rows.append(entry)
        }
        if let first = uncalculated.first {
            diagnostics.append(
                Diagnostic(
                    .warning, .formulaUncalculated, sheet: sheet, cell: first,
                    "\(uncalculated.count) ô tổng điểm, xếp loại hoặc xếp hạng là công thức chưa được tính giá trị (tệp được lưu bằng chương trình không tính công thức); đã tự tính lại từ điểm các nhóm."
                ))
        }
        let ranks = Ranking.ranks(of: rows.map(\.result.total))
        var seen: [String: String] = [:]
        for index in rows.indices {
            rows[index].result.rank = ranks[index]
            let entry = rows[index]
            let name = entry.result.name
            if let bandText = entry.bandText,
                VietnameseText.looseKey(bandText) != VietnameseText.looseKey(entry.result.band)
            {
                diagnostics.append(
                    Diagnostic(
                        .error, .bandMismatch, sheet: sheet, cell: entry.bandCell,
                        "\(name) được xếp loại «\(bandText)» nhưng tổng điểm \(Self.format(entry.result.total)) thuộc loại «\(entry.result.band)»."
                    ))
            }
            if let rankCell = entry.rankCell {
                if entry.statedRank != ranks[index] {
                    diagnostics.append(
                        Diagnostic(
                            .error, .rankMismatch, sheet: sheet, cell: rankCell,
                            "\(name) ghi hạng \(entry.statedRank.map(String.init) ?? "(trống)") nhưng theo tổng điểm phải là hạng \(ranks[index])."
                        ))
                }
            }
            let key = Self.unitKey(name)
            if let first = seen[key] {
                diagnostics.append(
                    Diagnostic(
                        .error, .unitDuplicate, sheet: sheet,
                        cell: entry.result.cell,
                        "Đơn vị «\(name)» xuất hiện hai lần (lần đầu ở \(first))."))
            } else {
                seen[key] = entry.result.cell
            }
        }
        return rows.map(\.result)
    }

    private func checkRoster(_ units: inout [UnitResult], sheet: String, into diagnostics: inout [Diagnostic]) {
        guard !settings.roster.isEmpty else { return }
        var byKey: [String: RosterUnit] = [:]
        var byLooseKey: [String: [RosterUnit]] = [:]
        for unit in settings.roster {
            for name in [unit.name] + unit.aliases {
                byKey[Self.unitKey(name)] = unit
                let loose = Self.looseUnitKey(name)
                if !(byLooseKey[loose] ?? []).contains(unit) { byLooseKey[loose, default: []].append(unit) }
            }
        }
        var present: Set<String> = []
        for index in units.indices {
            let name = units[index].name
            // Exact (tone placement aside) first; without diacritics only when one unit fits.
            func find(_ name: String) -> RosterUnit? {
                let loose = byLooseKey[Self.looseUnitKey(name)] ?? []
                return byKey[Self.unitKey(name)] ?? (loose.count == 1 ? loose[0] : nil)
            }
            if let unit = find(name) {
                units[index].rosterName = unit.name
                present.insert(unit.name)
            } else if let (unit, encoding) = legacyMatch(name, find: find) {
                // Too short to tell from Unicode alone ("Phó An" is valid Unicode too), but
                // read as a legacy font it is a unit of the roster.
                units[index].name = LegacyVietnameseEncoding.convert(name, from: encoding)
                units[index].rosterName = unit.name
                present.insert(unit.name)
                diagnostics.append(
                    Diagnostic(
                        .warning, .legacyEncoding, sheet: sheet, cell: units[index].cell,
                        "Tên đơn vị «\(name)» viết bằng bảng mã \(encoding.displayName) (phông chữ cũ); đã đọc là «\(unit.name)»."
                    ))
            } else {
                diagnostics.append(
                    Diagnostic(
                        .error, .unitUnknown, sheet: sheet, cell: units[index].cell,
                        "Đơn vị «\(name)» không có trong danh sách đơn vị của cơ quan."))
            }
        }
        for unit in settings.roster where !present.contains(unit.name) {
            diagnostics.append(
                Diagnostic(
                    .error, .unitMissing, sheet: sheet,
                    "Bảng thiếu đơn vị «\(unit.name)» có trong danh sách của cơ quan."))
        }
    }

    private func legacyMatch(_ name: String, find: (String) -> RosterUnit?) -> (
        RosterUnit, LegacyVietnameseEncoding.Encoding
    )? {
        guard LegacyVietnameseEncoding.mayBeLegacy(name) else { return nil }
        for encoding in LegacyVietnameseEncoding.Encoding.allCases {
            if let unit = find(LegacyVietnameseEncoding.convert(name, from: encoding)) { return (unit, encoding) }
        }
        return nil
    }

    static func format(_ number: Double) -> String {
        ScoreText.twoDecimals(number)
    }
}
