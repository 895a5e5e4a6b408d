import Foundation
import OPC
import XLSX

/// The tables of an HTML page (what one-stop-shop software exports and often names
/// `.xls`, what LibreOffice and pandas write) as sheets, one per `<table>`.
///
/// Each `<table>` with at least one non-empty cell is a sheet, nested tables included (each
/// its own; its text is not part of the outer cell), named `Bảng 1`, `Bảng 2`, … in the
/// order their start tags appear. Rows are the `<tr>`s, in `<thead>`, `<tbody>` and
/// `<tfoot>` alike, in page order; cells are `<td>` and `<th>`, placed as a browser places
/// them: a cell skips the columns that row spans from above still cover, and a span stops
/// at the end of its row group. Spanning cells are reported as merged ranges (`A1:C1`).
///
/// A cell's value is its text as a browser renders it: runs of white space (and `&nbsp;`)
/// become one space, the ends are trimmed, `<br>` is a line break and `<p>`, `<div>` and
/// other blocks inside the cell start new lines; `<script>` and `<style>` are not text.
/// Every non-empty cell is a ``CellValue/string(_:)`` in NFC; numbers stay text
/// (`17,62`), as the page shows them.
///
/// The page is parsed once, when the source is made, with ``HTMLStreamParser`` (its
/// encoding, depth, size and time rules apply); what is kept is the non-empty cells and
/// the merged ranges, so memory follows the page's size.
///
/// Only values are kept, so a source may be handed to another task.
public final class HTMLTables: SheetSource, Sendable {
    /// The file as the user named it.
    public let displayName: String
    /// The limits the parse obeyed and every read obeys (its deadline above all).
    public let limits: ResourceLimits
    /// One sheet per table with text, `Bảng 1` first; `part` is `bảng 1`, `bảng 2`, ….
    public let worksheets: [SheetInfo]
    /// The encoding the page was read in (`UTF-8`, `windows-1258`), or `nil` when it
    /// declared none and was read as UTF-8.
    public let encoding: String?
    private let tables: [HTMLTable]

    /// Reads the tables of the page at `path`.
    ///
    /// - Throws: ``FormsError`` (no table, a forbidden DOCTYPE, a span, table or cell text
    ///   past its limit) and ``OPCError`` (the file cannot be read, is too large, nests too
    ///   deep, or takes too long).
    public convenience init(path: String, displayName: String? = nil, limits: ResourceLimits = .standard) throws {
        let shown = displayName ?? URL(fileURLWithPath: path).lastPathComponent
        guard let handle = FileHandle(forReadingAtPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                throw OPCError(.fileUnreadable, "Không mở được tệp.", file: shown)
            }
            throw OPCError(.fileNotFound, "Không tìm thấy tệp.", file: shown)
        }
        defer { try? handle.close() }
        try self.init(displayName: shown, limits: limits) { parser in
            var total = 0
            while true {
                let chunk: Data?
                do {
                    chunk = try handle.read(upToCount: 1 << 20)
                } catch {
                    throw OPCError(.fileUnreadable, "Không đọc được tệp.", file: shown, detail: "\(error)")
                }
                guard let chunk, !chunk.isEmpty else { break }
                total += chunk.count
                try chunk.withUnsafeBytes { try parser.feed($0) }
            }
            if total == 0 { throw OPCError(.fileEmpty, "Tệp rỗng (0 byte).", file: shown) }
        }
    }

    /// Reads the tables of a page held in memory (an upload, say).
    ///
    /// - Throws: as ``init(path:displayName:limits:)``.
    public convenience init(bytes: [UInt8], displayName: String, limits: ResourceLimits = .standard) throws {
        try self.init(displayName: displayName, limits: limits) { parser in
            if bytes.isEmpty { throw OPCError(.fileEmpty, "Tệp rỗng (0 byte).", file: displayName) }
            try bytes.withUnsafeBytes { try parser.feed($0) }
        }
    }

    private init(
        displayName: String, limits: ResourceLimits, feeding feed: (HTMLStreamParser) throws -> Void
    ) throws {
        self.displayName = displayName
        self.limits = limits
        let reader = HTMLTableReader(file: displayName, limits: limits)
        let parser = HTMLStreamParser(handler: reader, file: displayName, limits: limits)
        do {
            try feed(parser)
            try parser.finish()
        } catch let error as OPCError where error.code == .xmlDTDForbidden {
            throw FormsError(
                .htmlDTDForbidden,
                "Trang HTML khai báo DTD có phần nội bộ hoặc thực thể (<!DOCTYPE … [ … ]>, <!ENTITY …>), điều mà trang xuất từ phần mềm thật không bao giờ ghi; tệp có thể độc hại (thực thể ngoài, bom thực thể) nên bị từ chối.",
                file: displayName)
        }
        encoding = parser.encoding
        guard reader.tableCount > 0 else {
            throw FormsError(
                .noTable,
                "Trang HTML không có bảng nào (thẻ <table>); hãy xuất lại phụ lục dạng bảng hoặc lưu thành .xlsx.",
                file: displayName)
        }
        let kept = reader.finished.sorted { $0.ordinal < $1.ordinal }
        guard !kept.isEmpty else {
            throw FormsError(
                .noTable,
                "Các bảng trong trang HTML đều trống (không ô nào có nội dung); hãy xuất lại phụ lục kèm số liệu hoặc lưu thành .xlsx.",
                file: displayName)
        }
        tables = kept.map(\.table)
        worksheets = tables.indices.map { index in
            SheetInfo.table(named: "Bảng \(index + 1)", position: index, part: "bảng \(index + 1)")
        }
    }

    /// Streams the non-empty cells of `sheet` (one of ``worksheets``), row by row, and
    /// returns its merged ranges; `onDimension` receives the range the cells and merged
    /// ranges cover (`A1:K30`).
    ///
    /// - Throws: ``FormsError`` for a sheet that is not one of this page's tables,
    ///   ``OPCError`` (`limit.time`) past the deadline, and what `body` throws.
    @discardableResult
    public func readCells(
        of sheet: SheetInfo, onDimension: ((String) -> Void)?, rowLimit: Int, _ body: (Cell) throws -> Void
    ) throws -> SheetExtras {
        guard tables.indices.contains(sheet.position), worksheets[sheet.position].name == sheet.name else {
            throw FormsError(
                .noTable, "Trang HTML không có bảng “\(sheet.name)”.", file: displayName, sheet: sheet.name)
        }
        let table = tables[sheet.position]
        if let dimension = table.dimension { onDimension?(dimension) }
        for (index, cell) in table.cells.enumerated() {
            if index & 0xFFF == 0xFFF, limits.isPastDeadline {
                throw OPCError(
                    .timeLimit, "Đọc tệp quá lâu nên đã dừng (vượt giới hạn thời gian xử lý).",
                    file: displayName, part: sheet.part)
            }
            if cell.row >= rowLimit { break }
            try body(cell)
        }
        return SheetExtras(mergedRanges: table.mergedRanges, dimension: table.dimension)
    }
}

/// One table as kept: its non-empty cells in row order (each row left to right), its
/// merged ranges and the range both cover.
struct HTMLTable: Sendable {
    var cells: [Cell]
    var mergedRanges: [String]
    var dimension: String?
}
