import Foundation
import OPC
import XLSX

/// A CSV file, or the tab-separated "Unicode text" Excel saves, as one sheet.
///
/// **Encoding.** UTF-8 with or without a byte order mark, and UTF-16 LE or BE with one
/// (Excel's "Unicode text" is UTF-16LE, tab-separated). Bytes that are no UTF-8 and have no
/// byte order mark are the Windows code page Excel wrote them in: Windows-1258 when they
/// read as Vietnamese in it, else Windows-1252, so text typed in the TCVN3 and VNI fonts
/// arrives as the Windows-1252 characters the scorecard's legacy decoder expects (see
/// ``TextEncoding``). Bytes with a NUL and no UTF-16 byte order mark are binary and refused.
///
/// **Delimiter.** A first line `sep=;` (which Excel writes and reads) names it and is
/// skipped. Otherwise each of `,` `;` and tab is tried on the first 50 records, quotes
/// respected, and the one that gives most records the same field count above one wins (a
/// tie goes to the larger count, then to tab, `;`, `,`), so title lines of one cell, commas
/// inside unquoted text and decimal commas do not mislead it.
///
/// **Records.** RFC 4180: quoted fields with `""` for a quote, line breaks inside quotes
/// (kept in the cell as LF), records ending at CR LF, LF or CR; a quote left open at the end
/// of the file takes the rest as its field, as Python's `csv` does.
///
/// **Cells.** Each non-empty field is a ``CellValue/string(_:)``, trimmed of surrounding
/// white space and otherwise as written: numbers stay text (`17,62`, `17.62`), which the
/// scorecard reads itself. The row is the record's 0-based index (a `sep=` line is no
/// record; a blank line is an empty record), so a cell is placed at
/// `'phu-luc-1-2025-02'!C7`; ``line(ofRow:)`` gives the line a row starts on, for records
/// with line breaks inside quotes.
///
/// **Limits.** The file is read into memory once, up to ``ResourceLimits/maxPartSize``, and
/// parsed in one pass when the source is made (to check it) and once more for each read of
/// its cells; other encodings are converted to UTF-8 a chunk at a time, so memory follows
/// the file's size. A record longer than ``maxRecordBytes``, a field longer than
/// ``ResourceLimits/maxStringBytes``, more than ``maxRecords`` records or ``maxFields`` fields
/// in one record are refused, and the deadline is checked every few thousand records.
///
/// The parser is the project's own rather than SwiftCSV's or CSV.swift's (both in the
/// package list): neither bounds a record or a field while reading it (a 500 MB line would
/// become one 500 MB string first), nor tells on which line a record starts.
public final class DelimitedText: SheetSource {
    /// Most records a file may hold: Excel's row limit.
    public static let maxRecords = 1_048_576
    /// Most fields a record may hold: Excel's column limit.
    public static let maxFields = 16_384

    public let displayName: String
    public let limits: ResourceLimits
    /// The one sheet, named after the file without its extension (`phu-luc-1-2025-02`).
    public let worksheets: [SheetInfo]
    /// The encoding the text was read in.
    public let encoding: TextEncoding
    /// The column separator: `,`, `;`, tab, or what a `sep=` line named.
    public let delimiter: Character
    /// How many records (rows) the file holds, blank lines included.
    public let recordCount: Int
    /// How many columns the widest row fills up to its last non-empty cell (0 when no cell
    /// has text): a file of one column is no table.
    public let columnCount: Int

    /// The longest record, in UTF-8 bytes: four times the longer of
    /// ``ResourceLimits/maxStringBytes`` and 1 MiB.
    public var maxRecordBytes: Int { Self.maxRecordBytes(for: limits) }

    /// The name of the one sheet.
    public var sheetName: String { worksheets[0].name }

    private let bytes: [UInt8]
    /// Where the text starts: after the byte order mark.
    private let textStart: Int
    /// The UTF-8 bytes of a `sep=` line, skipped before parsing.
    private let skippedPrefix: Int
    private let firstLine: Int
    private let delimiterByte: UInt8
    /// Rows whose first line is not the one after the previous row's: (row, line) pairs
    /// in row order, the first for row 0.
    private let lineStarts: [(row: Int, line: Int)]
    private let dimension: String?

    /// Reads the CSV or tab-separated text file at `path`.
    ///
    /// - Parameter displayName: the name the user knows the file by (default: the file's
    ///   name); the sheet is named after it.
    /// - Throws: ``FormsError`` (`text.encoding`, `csv.no_delimiter`, `limit.line_length`,
    ///   `limit.string_length`, `limit.table_size`) and ``OPCError`` (the file cannot be read,
    ///   is empty or larger than ``ResourceLimits/maxPartSize``, or takes too long).
    public convenience init(path: String, displayName: String? = nil, limits: ResourceLimits = .standard) throws {
        let shown = displayName ?? URL(fileURLWithPath: path).lastPathComponent
        try self.init(bytes: Self.readFile(path, shown: shown, limits: limits), displayName: shown, limits: limits)
    }

    /// Reads CSV or tab-separated text held in memory (an upload, say).
    ///
    /// - Throws: as ``init(path:displayName:limits:)``.
    public init(bytes: [UInt8], displayName: String, limits: ResourceLimits = .standard) throws {
        self.displayName = displayName
        self.limits = limits
        self.bytes = bytes
        if bytes.isEmpty { throw OPCError(.fileEmpty, "Tệp rỗng (0 byte).", file: displayName) }
        if UInt64(bytes.count) > limits.maxPartSize { throw Self.tooLarge(displayName, limits: limits) }
        let name = Self.sheetName(for: displayName)
        worksheets = [SheetInfo.table(named: name, position: 0, part: nil)]

        let verdict = bytes.withUnsafeBufferPointer { TextEncodingSniffer.sniff($0) }
        let textStart: Int
        switch verdict {
        case .text(let found, let bomLength):
            encoding = found
            textStart = bomLength
        case .binary(let offset):
            throw FormsError(
                .textEncoding,
                "Tệp có byte NUL (0x00) nên không phải văn bản CSV hay văn bản phân tách bằng tab; có thể là tệp nhị phân bị đổi tên, hoặc văn bản UTF-16 thiếu dấu BOM. Hãy mở bằng Excel và lưu lại dạng “CSV UTF-8” hoặc .xlsx.",
                file: displayName, line: Self.line(ofOffset: offset, in: bytes, from: 0, utf16: false))
        case .invalidUTF8(let offset):
            throw FormsError(
                .textEncoding,
                "Tệp ghi dấu UTF-8 (BOM) ở đầu nhưng có byte không phải UTF-8; tệp có thể đã hỏng. Hãy mở bằng Excel và lưu lại dạng “CSV UTF-8” hoặc .xlsx.",
                file: displayName, line: Self.line(ofOffset: offset, in: bytes, from: 3, utf16: false))
        }
        self.textStart = textStart

        // The head of the text, for the `sep=` line and the delimiter.
        var head: [UInt8] = []
        try Self.transcode(bytes, from: textStart, encoding, file: displayName) { chunk in
            head.append(contentsOf: chunk.prefix(Self.sampleSize - head.count))
            return head.count < Self.sampleSize
        }
        let wholeTextInHead = head.count < Self.sampleSize
        let chosen: UInt8
        if let separator = Self.separatorLine(head) {
            chosen = separator.delimiter
            skippedPrefix = separator.length
            firstLine = 2
        } else {
            skippedPrefix = 0
            firstLine = 1
            chosen = try Self.chooseDelimiter(
                head, complete: wholeTextInHead, limits: limits, file: displayName)
        }
        delimiterByte = chosen
        delimiter = Character(Unicode.Scalar(chosen))

        // One pass to check the limits and find the lines and the extent of the cells.
        var index = IndexingSink(
            file: displayName, sheet: name, limits: limits, firstLine: firstLine,
            compose: encoding == .windows1258)
        try Self.parse(
            bytes, from: textStart, skipping: skippedPrefix, encoding, delimiter: chosen, firstLine: firstLine,
            limits: limits, file: displayName, sheet: name, into: &index)
        recordCount = index.records
        lineStarts = index.lineStarts
        dimension = index.maxRow.map { "A1:" + CellReference.name(row: $0, column: index.maxColumn) }
        columnCount = index.maxRow == nil ? 0 : index.maxColumn + 1
    }

    /// The 1-based line of the file that row `row` (a 0-based record index) starts on: the
    /// row plus one, unless a `sep=` line or line breaks inside quoted fields come before it.
    public func line(ofRow row: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle].row <= row { low = middle } else { high = middle - 1 }
        }
        let start = lineStarts.isEmpty ? (row: 0, line: firstLine) : lineStarts[low]
        return start.line + (row - start.row)
    }

    /// Streams the non-empty cells of `sheet` (the one of ``worksheets``), row by row, each
    /// row left to right; `onDimension` receives the range the cells cover (`A1:K30`). A
    /// text file has no merged ranges.
    ///
    /// - Throws: ``FormsError`` for a sheet that is not this file's, ``OPCError``
    ///   (`limit.time`) past the deadline, and what `body` throws.
    @discardableResult
    public func readCells(
        of sheet: SheetInfo, onDimension: ((String) -> Void)?, rowLimit: Int, _ body: (Cell) throws -> Void
    ) throws -> SheetExtras {
        guard sheet.position == 0, sheet.name == sheetName else {
            throw FormsError(
                .noTable, "Tệp văn bản chỉ có một bảng, “\(sheetName)”, không có bảng “\(sheet.name)”.",
                file: displayName, sheet: sheet.name)
        }
        if let dimension { onDimension?(dimension) }
        if rowLimit > 0 {
            try withoutActuallyEscaping(body) { body in
                var cells = CellSink(rowLimit: rowLimit, compose: encoding == .windows1258, body: body)
                try Self.parse(
                    bytes, from: textStart, skipping: skippedPrefix, encoding, delimiter: delimiterByte,
                    firstLine: firstLine, limits: limits, file: displayName, sheet: sheetName, into: &cells)
            }
        }
        return SheetExtras(mergedRanges: [], dimension: dimension)
    }

    // MARK: - Reading

    /// How much of the text's start the delimiter is chosen from.
    static let sampleSize = 256 << 10
    /// How many records the delimiter is chosen from.
    static let sampleRecords = 50

    static func maxRecordBytes(for limits: ResourceLimits) -> Int { max(limits.maxStringBytes, 1 << 20) * 4 }

    /// The sheet's name: the file's name without its extension.
    static func sheetName(for displayName: String) -> String {
        let base = URL(fileURLWithPath: displayName).deletingPathExtension().lastPathComponent
        return base.isEmpty ? displayName : base
    }

    private static func readFile(_ path: String, shown: String, limits: ResourceLimits) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                throw OPCError(.fileUnreadable, "Không mở được tệp.", file: shown)
            }
            throw OPCError(.fileNotFound, "Không tìm thấy tệp.", file: shown)
        }
        defer { try? handle.close() }
        let size: UInt64
        do {
            size = try handle.seekToEnd()
            try handle.seek(toOffset: 0)
        } catch {
            throw OPCError(.fileUnreadable, "Không đọc được tệp.", file: shown, detail: "\(error)")
        }
        if size > limits.maxPartSize { throw tooLarge(shown, limits: limits) }
        let descriptor = handle.fileDescriptor
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: Int(size)) { buffer, count in
            count = 0
            while count < buffer.count {
                let got = read(descriptor, buffer.baseAddress! + count, min(buffer.count - count, 1 << 24))
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if got == 0 { return }
                count += got
            }
        }
        if failure != 0 {
            throw OPCError(.fileUnreadable, "Không đọc được tệp.", file: shown, detail: "read: errno \(failure)")
        }
        return bytes
    }

    private static func tooLarge(_ file: String, limits: ResourceLimits) -> OPCError {
        OPCError(
            .partTooLarge,
            "Tệp văn bản quá lớn (hơn \(limits.maxPartSize >> 20) MiB), vượt xa mọi bảng thật; tệp có thể độc hại. Có thể nâng giới hạn bằng biến môi trường \(ResourceLimits.EnvironmentKey.maxPartMiB).",
            file: file, detail: "more than \(limits.maxPartSize) bytes")
    }

    /// Hands `body` the text from `start` as UTF-8 chunks, mapping bytes that are no text to
    /// ``FormsError``.
    private static func transcode(
        _ bytes: [UInt8], from start: Int, _ encoding: TextEncoding, file: String,
        _ body: (UnsafeBufferPointer<UInt8>) throws -> Bool
    ) throws {
        try bytes.withUnsafeBufferPointer { all in
            do {
                try TextEncodingTranscoder.forEachChunk(
                    of: UnsafeBufferPointer(rebasing: all[start...]), in: encoding, body)
            } catch TextEncodingTranscoder.Failure.nul(let offset) {
                let isUTF16 = encoding == .utf16LittleEndian || encoding == .utf16BigEndian
                throw FormsError(
                    .textEncoding,
                    "Tệp có ký tự NUL (0x00) nên không phải văn bản CSV hay văn bản phân tách bằng tab; có thể là tệp nhị phân bị đổi tên. Hãy mở bằng Excel và lưu lại dạng “CSV UTF-8” hoặc .xlsx.",
                    file: file, line: line(ofOffset: start + offset, in: bytes, from: start, utf16: isUTF16))
            } catch TextEncodingTranscoder.Failure.malformedUTF16(let offset) {
                throw FormsError(
                    .textEncoding,
                    "Tệp văn bản Unicode (UTF-16) bị hỏng: có mã ký tự không hợp lệ hoặc tệp bị cắt cụt. Hãy lưu lại từ Excel hoặc lưu thành .xlsx.",
                    file: file, line: line(ofOffset: start + offset, in: bytes, from: start, utf16: true))
            }
        }
    }

    /// Parses the whole text into `sink`, until it asks to stop, mapping the parser's
    /// failures to ``FormsError`` and checking the deadline for each chunk.
    private static func parse<Sink: DelimitedTextSink>(
        _ bytes: [UInt8], from start: Int, skipping prefix: Int, _ encoding: TextEncoding, delimiter: UInt8,
        firstLine: Int, limits: ResourceLimits, file: String, sheet: String, into sink: inout Sink
    ) throws {
        var parser = DelimitedTextParser(
            delimiter: delimiter, firstLine: firstLine, maxRecordBytes: maxRecordBytes(for: limits),
            maxFieldBytes: limits.maxStringBytes)
        var toSkip = prefix
        var stopped = false
        do {
            try transcode(bytes, from: start, encoding, file: file) { chunk in
                if limits.isPastDeadline { throw timeLimit(file) }
                var text = chunk
                if toSkip > 0 {
                    let skipped = min(toSkip, text.count)
                    toSkip -= skipped
                    text = UnsafeBufferPointer(rebasing: text[skipped...])
                }
                stopped = try !parser.feed(text, into: &sink)
                return !stopped
            }
            if !stopped { try parser.finish(into: &sink) }
        } catch DelimitedTextParser.Failure.recordTooLong(_, let line) {
            throw FormsError(
                .lineTooLong,
                "Dòng \(line) dài hơn \(maxRecordBytes(for: limits) >> 20) MiB, vượt xa mọi bảng thật; tệp có thể hỏng hoặc độc hại (hoặc một dấu ngoặc kép mở mà không đóng).",
                file: file, line: line)
        } catch DelimitedTextParser.Failure.fieldTooLong(let record, let column, let line) {
            throw FormsError(
                .stringTooLong,
                "Ô có nội dung dài hơn \(limits.maxStringBytes >> 10) KiB, vượt xa mọi ô thật (Excel chỉ cho 32.767 ký tự); tệp có thể hỏng hoặc độc hại. Có thể nâng giới hạn bằng biến môi trường \(ResourceLimits.EnvironmentKey.maxStringKiB).",
                file: file, sheet: sheet, cell: CellReference.name(row: record, column: column), line: line)
        }
    }

    static func timeLimit(_ file: String) -> OPCError {
        OPCError(.timeLimit, "Đọc tệp quá lâu nên đã dừng (vượt giới hạn thời gian xử lý).", file: file)
    }

    /// The 1-based line of the byte at `offset`: line breaks (CR LF, LF, CR) between
    /// `start` and it, counted in bytes or in UTF-16 code units.
    static func line(ofOffset offset: Int, in bytes: [UInt8], from start: Int, utf16: Bool) -> Int {
        var line = 1
        var previousCR = false
        var index = start
        let step = utf16 ? 2 : 1
        let littleEndian = utf16 && bytes.starts(with: [0xFF, 0xFE])
        while index + step - 1 < min(offset, bytes.count) {
            let unit: UInt16 =
                !utf16
                ? UInt16(bytes[index])
                : littleEndian
                    ? UInt16(bytes[index + 1]) << 8 | UInt16(bytes[index])
                    : UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
            if unit == 0x0D || (unit == 0x0A && !previousCR) { line += 1 }
            previousCR = unit == 0x0D
            index += step
        }
        return line
    }

    // MARK: - The delimiter

    /// A first line `sep=X` (any case, trailing spaces allowed): the delimiter it names and
    /// the bytes of the line with its line break.
    static func separatorLine(_ head: [UInt8]) -> (delimiter: UInt8, length: Int)? {
        guard head.count >= 5, head[0] | 0x20 == UInt8(ascii: "s"), head[1] | 0x20 == UInt8(ascii: "e"),
            head[2] | 0x20 == UInt8(ascii: "p"), head[3] == UInt8(ascii: "=")
        else { return nil }
        let delimiter = head[4]
        guard delimiter < 0x80, delimiter != UInt8(ascii: "\""), delimiter != 0x0A, delimiter != 0x0D else {
            return nil
        }
        var index = 5
        while index < head.count, head[index] == UInt8(ascii: " ") { index += 1 }
        if index == head.count { return (delimiter, index) }
        if head[index] == 0x0A { return (delimiter, index + 1) }
        guard head[index] == 0x0D else { return nil }
        if index + 1 < head.count, head[index + 1] == 0x0A { return (delimiter, index + 2) }
        return (delimiter, index + 1)
    }

    /// The candidate that gives most of the first records the same field count above one.
    static func chooseDelimiter(_ head: [UInt8], complete: Bool, limits: ResourceLimits, file: String) throws
        -> UInt8
    {
        var best: (delimiter: UInt8, records: Int, fields: Int)?
        var nonBlankRecords = 0
        for candidate in [UInt8(ascii: "\t"), UInt8(ascii: ";"), UInt8(ascii: ",")] {
            var counter = FieldCounter()
            var parser = DelimitedTextParser(
                delimiter: candidate, maxRecordBytes: Int.max, maxFieldBytes: Int.max)
            try head.withUnsafeBufferPointer { _ = try parser.feed($0, into: &counter) }
            if complete { try parser.finish(into: &counter) }
            nonBlankRecords = max(nonBlankRecords, counter.counts.count)
            guard let (fields, records) = counter.mostCommonCount() else { continue }
            if let current = best, (records, fields) <= (current.records, current.fields) { continue }
            best = (candidate, records, fields)
        }
        if let best { return best.delimiter }
        if nonBlankRecords <= 1 { return UInt8(ascii: ",") }
        throw FormsError(
            .noDelimiter,
            "Không tìm thấy dấu phân cách cột (dấu phẩy, dấu chấm phẩy hay tab) trong tệp: mỗi dòng chỉ có một cột, mà phụ lục có nhiều cột. Hãy lưu lại từ Excel dạng CSV hoặc .xlsx.",
            file: file)
    }
}

// MARK: - Sinks

/// Counts the fields of the first records that are not blank.
private struct FieldCounter: DelimitedTextSink {
    var counts: [Int] = []
    private var blank = true

    mutating func field(_ bytes: UnsafeBufferPointer<UInt8>, record: Int, column: Int, line: Int) throws {
        if !bytes.isEmpty { blank = false }
    }

    mutating func endRecord(_ record: Int, fields: Int, line: Int) throws -> Bool {
        if !(blank && fields == 1) { counts.append(fields) }
        blank = true
        return counts.count < DelimitedText.sampleRecords
    }

    /// The field count above one that most records have, and how many have it; the larger
    /// count on a tie.
    func mostCommonCount() -> (fields: Int, records: Int)? {
        var tally: [Int: Int] = [:]
        for count in counts where count > 1 { tally[count, default: 0] += 1 }
        return tally.max { ($0.value, $0.key) < ($1.value, $1.key) }.map { ($0.key, $0.value) }
    }
}

/// The text of a field as a cell holds it: trimmed, `nil` when empty, composed (NFC) when
/// the encoding writes tone marks apart.
private func cellText(_ bytes: UnsafeBufferPointer<UInt8>, compose: Bool) -> String? {
    guard let first = bytes.first, let last = bytes.last else { return nil }
    var text = String(decoding: bytes, as: UTF8.self)
    func mayBeSpace(_ byte: UInt8) -> Bool { byte <= 0x20 || byte >= 0x80 }
    if mayBeSpace(first) || mayBeSpace(last) { text = text.trimmingCharacters(in: .whitespacesAndNewlines) }
    if text.isEmpty { return nil }
    return compose ? text.precomposedStringWithCanonicalMapping : text
}

/// The pass that checks the limits and records where rows start and how far the cells
/// reach.
private struct IndexingSink: DelimitedTextSink {
    let file: String
    let sheet: String
    let limits: ResourceLimits
    let compose: Bool
    var records = 0
    var lineStarts: [(row: Int, line: Int)]
    var maxRow: Int?
    var maxColumn = 0

    init(file: String, sheet: String, limits: ResourceLimits, firstLine: Int, compose: Bool) {
        self.file = file
        self.sheet = sheet
        self.limits = limits
        self.compose = compose
        lineStarts = [(0, firstLine)]
    }

    mutating func field(_ bytes: UnsafeBufferPointer<UInt8>, record: Int, column: Int, line: Int) throws {
        if column >= DelimitedText.maxFields {
            throw FormsError(
                .tableTooLarge,
                "Dòng \(line) có hơn 16.384 cột, vượt giới hạn của Excel; tệp không phải một bảng thật.",
                file: file, line: line)
        }
        guard !bytes.isEmpty, cellText(bytes, compose: compose) != nil else { return }
        maxRow = record
        maxColumn = max(maxColumn, column)
    }

    mutating func endRecord(_ record: Int, fields: Int, line: Int) throws -> Bool {
        if record >= DelimitedText.maxRecords {
            throw FormsError(
                .tableTooLarge,
                "Tệp có hơn 1.048.576 dòng, vượt giới hạn của Excel; tệp không phải một bảng thật.",
                file: file, line: line)
        }
        let last = lineStarts[lineStarts.count - 1]
        if last.line + (record - last.row) != line { lineStarts.append((record, line)) }
        records = record + 1
        if record & 0xFFF == 0xFFF, limits.isPastDeadline { throw DelimitedText.timeLimit(file) }
        return true
    }
}

/// The pass that hands the cells of the rows before `rowLimit` to `body`.
private struct CellSink: DelimitedTextSink {
    let rowLimit: Int
    let compose: Bool
    let body: (Cell) throws -> Void

    mutating func field(_ bytes: UnsafeBufferPointer<UInt8>, record: Int, column: Int, line: Int) throws {
        guard let text = cellText(bytes, compose: compose) else { return }
        try body(Cell(row: record, column: column, value: .string(text)))
    }

    mutating func endRecord(_ record: Int, fields: Int, line: Int) throws -> Bool {
        record + 1 < rowLimit
    }
}
