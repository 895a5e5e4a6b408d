import OPC

/// Writes what a workbook holds as JSON or CSV, streamed: `baocao sheet dump`.
///
/// JSON lists every worksheet in workbook order (hidden ones with their state; chart,
/// macro and dialog sheets left out) with its non-empty cells and merged ranges. CSV
/// (RFC 4180: comma-separated, CR LF line ends, UTF-8) holds one sheet as a grid from
/// `A1`. Numbers are written in their shortest round-trip form, dates and times in
/// ISO 8601. Output is buffered and handed to the writer in large pieces.
public final class SheetDumper: CellSink {
    public enum Format: String, Sendable, CaseIterable {
        case json, csv
    }

    /// Widest declared dimension that CSV rows are padded to; wider ones (a lying
    /// `A1:XFD1048576`, say) are ignored and rows end at their last cell.
    static let maxPaddedWidth = 1024
    private static let flushThreshold = 1 << 18

    private let workbook: Workbook
    private let writer: ByteWriter
    private var buffer = ScratchBytes(capacity: flushThreshold + 4096)
    /// Bytes handed to the writer so far, and how many it may take.
    private var written: UInt64 = 0
    private let allowance: (bytes: UInt64, byRatio: Bool)

    public init(workbook: Workbook, writer: ByteWriter) {
        self.workbook = workbook
        self.writer = writer
        allowance = workbook.limits.outputAllowance(forInputOf: workbook.storedSize)
    }

    /// The sheet a dump of `name` covers: that sheet, or the first worksheet.
    public static func selectSheet(_ name: String?, in workbook: Workbook) throws -> SheetInfo? {
        if let name {
            guard let sheet = workbook.sheet(named: name), sheet.kind == .worksheet else {
                let names = workbook.worksheets.map { "'\($0.name)'" }.joined(separator: ", ")
                throw XLSXError(
                    .sheetNotFound,
                    "Không có trang tính tên '\(name)'. Các trang tính có: \(names.isEmpty ? "(không có)" : names).",
                    file: workbook.displayName)
            }
            return sheet
        }
        return workbook.worksheets.first
    }

    /// Writes the JSON dump of `sheets` (all worksheets when `nil`); `fileLabel` is the
    /// file as the user named it.
    public func writeJSON(fileLabel: String, sheets: [SheetInfo]? = nil) throws {
        append("{\"file\":")
        appendJSONString(fileLabel)
        append(",\"date1904\":")
        append(workbook.date1904 ? "true" : "false")
        append(",\"sheets\":[")
        for (position, sheet) in (sheets ?? workbook.worksheets).enumerated() {
            if position > 0 { append(",") }
            append("{\"name\":")
            appendJSONString(sheet.name)
            append(",\"state\":\"\(sheet.state.rawValue)\",\"cells\":[")
            var first = true
            let extras = try workbook.readCells(of: sheet) { cell in
                // A formula without a stored result has no value to show.
                if case .uncalculated = cell.value { return }
                if !first { buffer.append(byte: UInt8(ascii: ",")) }
                first = false
                appendJSONCell(cell)
                try flushIfNeeded()
            }
            append("],\"merged\":[")
            for (index, range) in extras.mergedRanges.enumerated() {
                if index > 0 { append(",") }
                appendJSONString(range)
            }
            append("]}")
        }
        append("]}\n")
        try flush()
    }

    /// Writes `sheet` as CSV.
    public func writeCSV(sheet: SheetInfo?) throws {
        guard let sheet else { return try flush() }
        csv = CSVState()
        try workbook.readCells(
            of: sheet,
            onDimension: { [self] reference in
                let corners = reference.split(separator: ":")
                if let last = corners.last, let (_, column) = CellReference.parse(String(last)),
                    column < Self.maxPaddedWidth
                {
                    csv.width = column + 1
                }
            }, into: self)
        if csv.row >= 0 { finishCSVRow() }
        try flush()
    }

    /// Where the CSV grid stands.
    private struct CSVState {
        /// Fields per record: the declared dimension's width, when sensible.
        var width = 0
        /// The row being written; -1 before the first cell.
        var row = -1
        /// The next column to write in it.
        var column = 0
    }

    private var csv = CSVState()

    func receive(row: Int, column: Int, value: borrowing CellValue, formula: String?) throws {
        if value.isUncalculated { return }
        if row != csv.row {
            if csv.row >= 0 { finishCSVRow() }
            // Empty rows before this one, from A1 or from the previous row.
            for _ in (csv.row + 1)..<max(row, csv.row + 1) {
                appendCSVPadding(from: 0, to: csv.width)
                appendLineBreak()
                try flushIfNeeded()
            }
            csv.row = row
            csv.column = 0
            try flushIfNeeded()
        }
        guard column >= csv.column else { return }  // out of order: keep the first
        appendCSVPadding(from: csv.column, to: column)
        if column > 0 { buffer.append(byte: UInt8(ascii: ",")) }
        appendCSVField(value)
        csv.column = column + 1
        try flushIfNeeded()
    }

    private func finishCSVRow() {
        appendCSVPadding(from: csv.column, to: csv.width)
        appendLineBreak()
    }

    // MARK: - Output

    @inline(__always)
    private func append(_ text: StaticString) {
        buffer.append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always)
    private func append(_ text: String) {
        var text = text
        text.withUTF8 { buffer.append($0) }
    }

    private func flushIfNeeded() throws {
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Hands the buffer to the writer, unless that would pass the output allowance: a small
    /// file that repeats one huge string must not fill the disk.
    private func flush() throws {
        let size = UInt64(buffer.count)
        guard written + size <= allowance.bytes else {
            let mib = allowance.bytes >> 20
            throw allowance.byRatio
                ? XLSXError(
                    .outputRatio,
                    "Kết quả đã tới \(mib) MiB, giới hạn cho một tệp cỡ này (gấp \(workbook.limits.maxOutputRatio) lần kích thước tệp, ít nhất \(ResourceLimits.minimumOutputAllowance >> 20) MiB); một tệp nhỏ như vậy không thể chứa chừng ấy dữ liệu thật (có thể là tệp độc hại lặp lại một chuỗi rất dài). Đã dừng. Có thể nâng giới hạn bằng biến môi trường \(ResourceLimits.EnvironmentKey.maxOutputRatio).",
                    file: workbook.displayName)
                : XLSXError(
                    .outputTooLarge,
                    "Kết quả đã tới \(mib) MiB, giới hạn cho một lần in; đã dừng. Có thể nâng giới hạn bằng biến môi trường \(ResourceLimits.EnvironmentKey.maxOutputMiB).",
                    file: workbook.displayName)
        }
        try writer.write(UnsafeRawBufferPointer(buffer.bytes))
        written += size
        buffer.removeAll()
    }

    // MARK: - JSON

    private func appendJSONCell(_ cell: Cell) {
        append("{\"ref\":\"")
        append(CellReference.name(row: cell.row, column: cell.column))
        append("\",\"type\":\"")
        append(cell.value.typeName)
        append("\",\"value\":")
        switch cell.value {
        case .string(let text), .error(let text): appendJSONString(text)
        case .number(let number): appendNumber(number)
        case .duration(let seconds): appendNumber(seconds)
        case .uncalculated: append("null")
        case .boolean(let flag): append(flag ? "true" : "false")
        case .date(let date): appendJSONString(date.iso8601)
        case .time(let time): appendJSONString(time.iso8601)
        }
        if let formula = cell.formula {
            append(",\"formula\":")
            appendJSONString(formula)
        }
        buffer.append(byte: UInt8(ascii: "}"))
    }

    private func appendJSONString(_ text: String) {
        var text = text
        buffer.append(byte: UInt8(ascii: "\""))
        text.withUTF8 { bytes in
            var plainStart = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 32 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                buffer.append(UnsafeBufferPointer(rebasing: bytes[plainStart..<index]))
                plainStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): append("\\\"")
                case UInt8(ascii: "\\"): append("\\\\")
                case 10: append("\\n")
                case 13: append("\\r")
                case 9: append("\\t")
                default:
                    append("\\u00")
                    buffer.append(byte: Self.hexDigits[Int(byte >> 4)])
                    buffer.append(byte: Self.hexDigits[Int(byte & 15)])
                }
            }
            buffer.append(UnsafeBufferPointer(rebasing: bytes[plainStart...]))
        }
        buffer.append(byte: UInt8(ascii: "\""))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    // MARK: - CSV

    /// RFC 4180 ends records with CR LF (Excel and Python's csv module do too).
    @inline(__always)
    private func appendLineBreak() {
        buffer.append(byte: 13)
        buffer.append(byte: 10)
    }

    @inline(__always)
    private func appendCSVPadding(from column: Int, to end: Int) {
        guard end > column else { return }
        // One separator before each field after the first.
        let separators = column == 0 ? end - 1 : end - column
        for _ in 0..<separators { buffer.append(byte: UInt8(ascii: ",")) }
    }

    private func appendCSVField(_ value: borrowing CellValue) {
        switch value {
        case .string(let text), .error(let text): appendCSVString(text)
        case .number(let number): appendNumber(number)
        case .duration(let seconds): appendNumber(seconds)
        case .uncalculated: break
        case .boolean(let flag): append(flag ? "TRUE" : "FALSE")
        case .date(let date): append(date.iso8601)
        case .time(let time): append(time.iso8601)
        }
    }

    private func appendCSVString(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var needsQuotes = false
            for byte in bytes
            where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 10 || byte == 13 {
                needsQuotes = true
                break
            }
            guard needsQuotes else { return buffer.append(bytes) }
            buffer.append(byte: UInt8(ascii: "\""))
            for byte in bytes {
                if byte == UInt8(ascii: "\"") { buffer.append(byte: byte) }
                buffer.append(byte: byte)
            }
            buffer.append(byte: UInt8(ascii: "\""))
        }
    }

    /// The shortest text that reads back as `number`: `3`, `14.86`, `0.00001`.
    public static func shortestText(_ number: Double) -> String {
        var bytes = ScratchBytes(capacity: 32)
        NumberText.appendShortest(number, to: &bytes)
        return String(decoding: bytes.bytes, as: UTF8.self)
    }

    @inline(__always)
    private func appendNumber(_ number: Double) {
        NumberText.appendShortest(number, to: &buffer)
    }
}

extension NumberText {
    private static let scales: [Double] = (0...15).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// Appends the shortest round-trip decimal text of `number`.
    ///
    /// Finds the fewest decimals `k` such that `round(number × 10^k) / 10^k` reads back as
    /// `number`. The check is exact (an integer below 2^53 divided by an exact power of ten
    /// is correctly rounded), so the text always round-trips; numbers that need more than
    /// 15 decimals or 2^53 fall back to the standard library's shortest form.
    static func appendShortest(_ number: Double, to bytes: inout ScratchBytes) {
        if number.isFinite, abs(number) < 1e15 {
            for decimals in 0...15 {
                let scale = scales[decimals]
                let scaled = (number * scale).rounded(.toNearestOrEven)
                if abs(scaled) >= 9_007_199_254_740_992 { break }
                if scaled / scale == number {
                    appendDecimal(Int64(scaled), decimals: decimals, to: &bytes)
                    return
                }
            }
        }
        var text = number.description
        text.withUTF8 { bytes.append($0) }
    }

    private static func appendDecimal(_ value: Int64, decimals: Int, to bytes: inout ScratchBytes) {
        var magnitude = value.magnitude
        if value < 0 { bytes.append(byte: UInt8(ascii: "-")) }
        // Digits, least significant first, in a fixed buffer: at most 16 digits plus padding.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { raw in
            var count = 0
            repeat {
                raw[count] = UInt8(truncatingIfNeeded: magnitude % 10) + 48
                magnitude /= 10
                count += 1
            } while magnitude > 0 || count <= decimals
            var trailing = 0
            while trailing < decimals, raw[trailing] == 48 { trailing += 1 }
            var index = count - 1
            while index >= trailing {
                if index == decimals - 1 { bytes.append(byte: UInt8(ascii: ".")) }
                bytes.append(byte: raw[index])
                index -= 1
            }
        }
    }
}
