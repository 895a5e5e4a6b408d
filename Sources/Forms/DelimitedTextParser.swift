/// What a ``DelimitedTextParser`` hands on, field by field and record by record.
protocol DelimitedTextSink {
    /// One field of record `record` (0-based), at `column` (0-based): its bytes with the
    /// quotes removed, `""` made `"` and a line break inside quotes made LF. The record
    /// starts on the 1-based physical `line`.
    mutating func field(_ bytes: UnsafeBufferPointer<UInt8>, record: Int, column: Int, line: Int) throws

    /// The end of record `record`, which held `fields` fields and started on `line`.
    ///
    /// - Returns: whether to go on reading.
    mutating func endRecord(_ record: Int, fields: Int, line: Int) throws -> Bool
}

/// The reader of RFC 4180 text: a state machine over UTF-8 bytes, fed in chunks, in one pass.
///
/// Quoting follows RFC 4180 as Python's `csv` module and Excel read it: a field that starts
/// with `"` is quoted, `""` inside it is one `"`, and delimiters and line breaks inside it
/// are text; after the closing quote, anything up to the next delimiter is appended as
/// written (`"ab"c` is `abc`); a `"` inside an unquoted field is text. Records end at CR LF,
/// LF or CR. A quote left open at the end takes the rest of the text as its field.
struct DelimitedTextParser {
    /// A record or field past its limit.
    enum Failure: Error, Equatable {
        /// Record `record`, starting on `line`, is longer than the record limit.
        case recordTooLong(record: Int, line: Int)
        /// The field at `record`, `column`, in the record starting on `line`, is longer than
        /// the field limit.
        case fieldTooLong(record: Int, column: Int, line: Int)
    }

    private enum State {
        case fieldStart
        case unquoted
        case quoted
        /// A `"` inside a quoted field: the end of it, or the first of `""`.
        case quoteInQuoted
        /// A CR inside a quoted field, which an LF may complete.
        case crInQuoted
        /// A CR that ended a record, which an LF may complete.
        case crAfterRecord
    }

    let delimiter: UInt8
    /// The longest record, in bytes without its line break.
    let maxRecordBytes: Int
    /// The longest field, in bytes as handed on.
    let maxFieldBytes: Int

    /// The 0-based index of the record being read.
    private(set) var record = 0
    /// The 1-based physical line being read.
    private(set) var line: Int
    private var recordLine: Int
    private var column = 0
    private var field: [UInt8] = []
    private var recordBytes = 0
    private var inRecord = false
    private var state = State.fieldStart

    init(delimiter: UInt8, firstLine: Int = 1, maxRecordBytes: Int, maxFieldBytes: Int) {
        self.delimiter = delimiter
        self.line = firstLine
        self.recordLine = firstLine
        self.maxRecordBytes = maxRecordBytes
        self.maxFieldBytes = maxFieldBytes
    }

    /// Reads `bytes`, handing complete fields and records to `sink`.
    ///
    /// - Returns: `false` when `sink` asked to stop.
    /// - Throws: ``Failure`` and what `sink` throws.
    mutating func feed<Sink: DelimitedTextSink>(_ bytes: UnsafeBufferPointer<UInt8>, into sink: inout Sink) throws
        -> Bool
    {
        let quote = UInt8(ascii: "\"")
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        for byte in bytes {
            switch state {
            case .crAfterRecord:
                state = .fieldStart
                if byte == lf { continue }
                fallthrough
            case .fieldStart:
                if byte == quote {
                    state = .quoted
                } else if byte == delimiter {
                    try endField(&sink)
                } else if byte == cr || byte == lf {
                    guard try endRecord(&sink, brokenBy: byte) else { return false }
                    continue
                } else {
                    field.append(byte)
                    state = .unquoted
                }
            case .unquoted:
                if byte == delimiter {
                    try endField(&sink)
                    state = .fieldStart
                } else if byte == cr || byte == lf {
                    guard try endRecord(&sink, brokenBy: byte) else { return false }
                    continue
                } else {
                    field.append(byte)
                }
            case .crInQuoted:
                state = .quoted
                if byte == lf { continue }
                fallthrough
            case .quoted:
                if byte == quote {
                    state = .quoteInQuoted
                } else if byte == cr {
                    field.append(lf)
                    line += 1
                    state = .crInQuoted
                } else {
                    if byte == lf { line += 1 }
                    field.append(byte)
                }
            case .quoteInQuoted:
                if byte == quote {
                    field.append(quote)
                    state = .quoted
                } else if byte == delimiter {
                    try endField(&sink)
                    state = .fieldStart
                } else if byte == cr || byte == lf {
                    guard try endRecord(&sink, brokenBy: byte) else { return false }
                    continue
                } else {
                    field.append(byte)
                    state = .unquoted
                }
            }
            inRecord = true
            recordBytes += 1
            if recordBytes > maxRecordBytes { throw Failure.recordTooLong(record: record, line: recordLine) }
        }
        return true
    }

    /// Ends the text: a record without a final line break (or with a quote left open) is
    /// handed on.
    mutating func finish<Sink: DelimitedTextSink>(into sink: inout Sink) throws {
        guard inRecord else { return }
        try endField(&sink)
        _ = try sink.endRecord(record, fields: column, line: recordLine)
        record += 1
        inRecord = false
    }

    private mutating func endField<Sink: DelimitedTextSink>(_ sink: inout Sink) throws {
        if field.count > maxFieldBytes {
            throw Failure.fieldTooLong(record: record, column: column, line: recordLine)
        }
        try field.withUnsafeBufferPointer { try sink.field($0, record: record, column: column, line: recordLine) }
        field.removeAll(keepingCapacity: field.count <= 4096)
        column += 1
    }

    private mutating func endRecord<Sink: DelimitedTextSink>(_ sink: inout Sink, brokenBy byte: UInt8) throws
        -> Bool
    {
        try endField(&sink)
        let goOn = try sink.endRecord(record, fields: column, line: recordLine)
        record += 1
        column = 0
        recordBytes = 0
        inRecord = false
        line += 1
        recordLine = line
        state = byte == UInt8(ascii: "\r") ? .crAfterRecord : .fieldStart
        return goOn
    }
}
