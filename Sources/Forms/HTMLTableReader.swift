import Foundation
import OPC
import XLSX

/// Builds the tables of a page from the parser's events: a stack of open tables (nested
/// ones on top), each placing its cells as a browser's table model does.
final class HTMLTableReader: XMLEventHandler {
    /// The widest colspan and the longest rowspan browsers honour (they clamp larger ones).
    static let maxColumnSpan = 1000
    static let maxRowSpan = 65534
    /// A worksheet's size: no appendix is larger.
    static let maxRows = 1_048_576
    static let maxColumns = 16_384

    let file: String
    let limits: ResourceLimits
    /// How many `<table>` start tags were seen.
    private(set) var tableCount = 0
    /// The tables that had a non-empty cell, with the 1-based order of their start tags.
    private(set) var finished: [(ordinal: Int, table: HTMLTable)] = []
    private var open: [TableBuilder] = []
    /// Inside `<script>`, `<style>` or `<template>`.
    private var hiddenDepth = 0

    init(file: String, limits: ResourceLimits) {
        self.file = file
        self.limits = limits
    }

    override func startElement(_ name: XMLName, attributes: XMLAttributes) throws {
        if name.is("script") || name.is("style") || name.is("template") {
            hiddenDepth += 1
            return
        }
        guard hiddenDepth == 0 else { return }
        if name.is("table") {
            open.last?.breakLine()
            tableCount += 1
            open.append(TableBuilder(ordinal: tableCount, file: file, limits: limits))
            return
        }
        guard let table = open.last else { return }
        if name.is("td") || name.is("th") {
            try table.startCell(
                columnSpan: attributes.value("colspan").flatMap(Self.spanValue),
                rowSpan: attributes.value("rowspan").flatMap(Self.spanValue))
        } else if name.is("tr") {
            try table.startRow()
        } else if name.is("br") {
            table.lineBreak()
        } else if name.is("thead") || name.is("tbody") || name.is("tfoot") {
            table.endRowGroup()
        } else if Self.isBlock(name) {
            table.breakLine()
        }
    }

    override func endElement(_ name: XMLName) throws {
        if name.is("script") || name.is("style") || name.is("template") {
            hiddenDepth = max(0, hiddenDepth - 1)
            return
        }
        guard hiddenDepth == 0, let table = open.last else { return }
        if name.is("table") {
            open.removeLast()
            if let done = try table.finish() { finished.append((table.ordinal, done)) }
            open.last?.breakLine()
        } else if name.is("td") || name.is("th") {
            table.endCell()
        } else if name.is("tr") {
            table.endRow()
        } else if name.is("thead") || name.is("tbody") || name.is("tfoot") {
            table.endRowGroup()
        } else if Self.isBlock(name) {
            table.breakLine()
        }
    }

    override func characters(_ text: UnsafeBufferPointer<UInt8>) throws {
        guard hiddenDepth == 0, let table = open.last else { return }
        try table.appendText(text)
    }

    private static func isBlock(_ name: XMLName) -> Bool {
        name.is("p") || name.is("div") || name.is("li") || name.is("ul") || name.is("ol") || name.is("h1")
            || name.is("h2") || name.is("h3") || name.is("h4") || name.is("h5") || name.is("h6")
            || name.is("blockquote") || name.is("pre") || name.is("hr") || name.is("center")
            || name.is("caption") || name.is("dl") || name.is("dt") || name.is("dd")
    }

    /// A span attribute as browsers read it (leading white space and `+` skipped, digits
    /// up to the first non-digit); `nil` when it holds no number. Saturates far above any
    /// limit instead of overflowing.
    static func spanValue(_ value: XMLAttributeValue) -> Int? {
        var index = 0
        let bytes = value.bytes
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0C, 0x0D].contains(bytes[index]) { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") { index += 1 }
        var number = 0
        var digits = 0
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            number = min(number * 10 + Int(bytes[index] - 0x30), 1 << 40)
            digits += 1
            index += 1
        }
        return digits > 0 ? number : nil
    }
}

/// One open table: its cells so far, where the next cell goes and the text of the open cell.
final class TableBuilder {
    struct Merge {
        var firstRow: Int
        var firstColumn: Int
        /// `Int.max` for `rowspan="0"` (to the end of the row group) until the group ends.
        var lastRow: Int
        var lastColumn: Int
    }

    struct OpenCell {
        var row: Int
        var column: Int
    }

    let ordinal: Int
    let file: String
    let limits: ResourceLimits
    private var cells: [Cell] = []
    private var merges: [Merge] = []
    /// The first merge of the current row group: spans stop at the group's last row.
    private var groupMergeStart = 0
    private var row = -1
    private var rowOpen = false
    private var cursor = 0
    /// For each column, the row (exclusive) until which a row span from above covers it.
    private var coveredUntil: [Int32] = []
    private var cell: OpenCell?
    private var text = CellText()

    init(ordinal: Int, file: String, limits: ResourceLimits) {
        self.ordinal = ordinal
        self.file = file
        self.limits = limits
    }

    /// The table's name in messages: its place among all the page's tables.
    private var sheetName: String { "Bảng \(ordinal)" }

    func startRow() throws {
        endRow()
        row += 1
        guard row < HTMLTableReader.maxRows else {
            throw FormsError(
                .tableTooLarge,
                "Bảng có hơn 1.048.576 dòng, vượt giới hạn của bảng tính; tệp có thể độc hại.",
                file: file, sheet: sheetName)
        }
        rowOpen = true
        cursor = 0
    }

    func endRow() {
        endCell()
        rowOpen = false
    }

    /// Ends the current row group (`<thead>`, `<tbody>`, `<tfoot>`, or the rows outside
    /// one): row spans stop at its last row.
    func endRowGroup() {
        endRow()
        for index in groupMergeStart..<merges.count where merges[index].lastRow > row {
            merges[index].lastRow = row
        }
        groupMergeStart = merges.count
        coveredUntil.removeAll()
    }

    func startCell(columnSpan: Int?, rowSpan: Int?) throws {
        if cell != nil { endCell() }
        if !rowOpen { try startRow() }
        while cursor < coveredUntil.count && Int(coveredUntil[cursor]) > row { cursor += 1 }
        let column = cursor
        let reference = CellReference.name(row: row, column: min(column, HTMLTableReader.maxColumns - 1))
        let columns = max(columnSpan ?? 1, 1)
        guard columns <= HTMLTableReader.maxColumnSpan else {
            throw FormsError(
                .spanTooLarge,
                "Ô có colspan=\(columns), rộng hơn mọi bảng thật (trình duyệt chỉ nhận tối đa \(HTMLTableReader.maxColumnSpan) cột); tệp có thể độc hại.",
                file: file, sheet: sheetName, cell: reference)
        }
        // rowspan="0" reaches the end of the row group.
        let rows = rowSpan ?? 1
        guard rows <= HTMLTableReader.maxRowSpan else {
            throw FormsError(
                .spanTooLarge,
                "Ô có rowspan=\(rows), dài hơn mọi bảng thật (trình duyệt chỉ nhận tối đa \(HTMLTableReader.maxRowSpan) dòng); tệp có thể độc hại.",
                file: file, sheet: sheetName, cell: reference)
        }
        guard column + columns <= HTMLTableReader.maxColumns else {
            throw FormsError(
                .tableTooLarge,
                "Bảng rộng hơn 16.384 cột, vượt giới hạn của bảng tính; tệp có thể độc hại.",
                file: file, sheet: sheetName, cell: reference)
        }
        if rows != 1 {
            if coveredUntil.count < column + columns {
                coveredUntil.append(contentsOf: repeatElement(0, count: column + columns - coveredUntil.count))
            }
            let until = rows == 0 ? Int32.max : Int32(row + rows)
            for index in column..<(column + columns) { coveredUntil[index] = until }
        }
        if columns > 1 || rows != 1 {
            guard merges.count < limits.maxMergedRanges else {
                throw FormsError(
                    .tableTooLarge,
                    "Bảng có hơn \(limits.maxMergedRanges) ô gộp (colspan, rowspan), vượt xa mọi bảng thật; tệp có thể độc hại. Có thể nâng giới hạn bằng biến môi trường \(ResourceLimits.EnvironmentKey.maxMergedRanges).",
                    file: file, sheet: sheetName, cell: reference)
            }
            merges.append(
                Merge(
                    firstRow: row, firstColumn: column, lastRow: rows == 0 ? Int.max : row + rows - 1,
                    lastColumn: column + columns - 1))
        }
        cursor = column + columns
        cell = OpenCell(row: row, column: column)
        text.reset()
    }

    func endCell() {
        guard let open = cell else { return }
        cell = nil
        if let value = text.finish() {
            cells.append(Cell(row: open.row, column: open.column, value: .string(value)))
        }
    }

    func appendText(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard let open = cell else { return }
        if !text.append(bytes, limit: limits.maxStringBytes) {
            throw FormsError(
                .stringTooLong,
                "Nội dung một ô dài hơn \(limits.maxStringBytes >> 10) KiB, vượt xa mọi bảng thật; tệp có thể độc hại. Có thể nâng giới hạn bằng biến môi trường \(ResourceLimits.EnvironmentKey.maxStringKiB).",
                file: file, sheet: sheetName, cell: CellReference.name(row: open.row, column: open.column))
        }
    }

    /// A `<br>` in the open cell.
    func lineBreak() {
        if cell != nil { text.lineBreak() }
    }

    /// A block (`<p>`, `<div>`, a nested table) starts or ends in the open cell.
    func breakLine() {
        if cell != nil { text.blockBoundary() }
    }

    /// Closes what is open; the table, or `nil` when no cell has text.
    func finish() throws -> HTMLTable? {
        endRowGroup()
        guard !cells.isEmpty else { return nil }
        var ranges: [String] = []
        var firstRow = Int.max
        var firstColumn = Int.max
        var lastRow = 0
        var lastColumn = 0
        for cell in cells {
            firstRow = min(firstRow, cell.row)
            lastRow = max(lastRow, cell.row)
            firstColumn = min(firstColumn, cell.column)
            lastColumn = max(lastColumn, cell.column)
        }
        for merge in merges where merge.lastRow > merge.firstRow || merge.lastColumn > merge.firstColumn {
            ranges.append(
                CellReference.name(row: merge.firstRow, column: merge.firstColumn) + ":"
                    + CellReference.name(row: merge.lastRow, column: merge.lastColumn))
            firstRow = min(firstRow, merge.firstRow)
            lastRow = max(lastRow, merge.lastRow)
            firstColumn = min(firstColumn, merge.firstColumn)
            lastColumn = max(lastColumn, merge.lastColumn)
        }
        let dimension =
            CellReference.name(row: firstRow, column: firstColumn) + ":"
            + CellReference.name(row: lastRow, column: lastColumn)
        return HTMLTable(cells: cells, mergedRanges: ranges, dimension: dimension)
    }
}

/// The text of one cell as a browser renders it: white space collapsed, ends trimmed,
/// `<br>` and block boundaries as line breaks.
struct CellText {
    private var bytes: [UInt8] = []
    private var pendingSpace = false
    private var pendingBreaks = 0
    private var pendingBlock = false
    /// The first byte of a UTF-8 sequence that may be a no-break space.
    private var pendingLead = false

    mutating func reset() {
        bytes.removeAll(keepingCapacity: bytes.count < 4096)
        pendingSpace = false
        pendingBreaks = 0
        pendingBlock = false
        pendingLead = false
    }

    mutating func lineBreak() {
        pendingBreaks += 1
    }

    mutating func blockBoundary() {
        pendingBlock = true
    }

    /// Appends decoded text; `false` once the text is longer than `limit` bytes.
    mutating func append(_ text: UnsafeBufferPointer<UInt8>, limit: Int) -> Bool {
        for byte in text {
            if pendingLead {
                pendingLead = false
                if byte == 0xA0 {
                    pendingSpace = true
                    continue
                }
                put(0xC2)
            }
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0C, 0x0D:
                pendingSpace = true
            case 0xC2:
                pendingLead = true
            default:
                put(byte)
            }
        }
        return bytes.count <= limit
    }

    private mutating func put(_ byte: UInt8) {
        if !bytes.isEmpty {
            let breaks = max(pendingBreaks, pendingBlock ? 1 : 0)
            if breaks > 0 {
                bytes.append(contentsOf: repeatElement(0x0A, count: breaks))
            } else if pendingSpace {
                bytes.append(0x20)
            }
        }
        pendingSpace = false
        pendingBreaks = 0
        pendingBlock = false
        bytes.append(byte)
    }

    /// The text in NFC, or `nil` when the cell shows nothing.
    mutating func finish() -> String? {
        if pendingLead {
            pendingLead = false
            put(0xC2)
        }
        guard !bytes.isEmpty else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        return bytes.allSatisfy({ $0 < 0x80 }) ? text : text.precomposedStringWithCanonicalMapping
    }
}
