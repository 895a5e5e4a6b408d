import OPC

/// Streams one worksheet part into typed cells, in file order. Used through
/// ``Workbook/readCells(of:onDimension:_:)`` and ``Workbook/readRows(of:onDimension:_:)``.
final class WorksheetReader: XMLEventHandler {
    private enum CellType {
        case number, sharedString, formulaString, inlineString, boolean, error, isoDate
    }

    private enum Capture {
        case none, value, formula, inlineText
    }

    /// Receives each cell; borrowed for the parse (the caller keeps it alive).
    unowned(unsafe) var sink: CellSink?
    var onDimension: ((String) -> Void)?
    private(set) var mergedRanges: [String] = []
    private(set) var dimension: String?

    private let sharedStrings: SharedStrings
    private let limits: ResourceLimits
    /// Rows from this one on are read past without their cells (the merged ranges after
    /// them still count).
    private let rowLimit: Int
    private var skipping = false
    private let styles: CellStyles
    private let date1904: Bool
    private let sheetName: String
    private let file: String
    private let part: String

    private var inSheetData = false
    private var rowIndex = -1
    private var nextColumn = 0

    private var cellRow = 0
    private var cellColumn = 0
    private var cellType = CellType.number
    private var cellStyle = 0
    private var hasValue = false
    private var hasFormula = false
    private var capture = Capture.none
    private var value = ScratchBytes()
    private var formula = ScratchBytes()
    private var inInlineString = false
    private var phoneticDepth = 0
    private var runStart = 0
    private var preserveSpace = false

    init(
        sharedStrings: SharedStrings, styles: CellStyles, date1904: Bool, sheetName: String, file: String,
        part: String, limits: ResourceLimits, rowLimit: Int = .max
    ) {
        self.limits = limits
        self.rowLimit = rowLimit
        self.part = part
        self.sharedStrings = sharedStrings
        self.styles = styles
        self.date1904 = date1904
        self.sheetName = sheetName
        self.file = file
    }

    override func startElement(_ name: XMLName, attributes: XMLAttributes) throws {
        if name.is("v") {
            // An inline string's text is in <is>; a stray <v> beside it is ignored.
            if cellType != .inlineString && !skipping {
                capture = .value
                hasValue = true
            }
        } else if name.is("c") {
            try startCell(attributes)
        } else if name.is("f") {
            guard !skipping else { return }
            capture = .formula
            hasFormula = true
            formula.removeAll()
        } else if name.is("t") {
            if inInlineString && phoneticDepth == 0 && !skipping {
                capture = .inlineText
                hasValue = true
                runStart = value.count
                preserveSpace = attributes.value("space")?.bytes.first == UInt8(ascii: "p")
            }
        } else if name.is("row") {
            startRow(attributes)
        } else if name.is("is") {
            inInlineString = true
        } else if name.is("rPh") {
            phoneticDepth += 1
        } else if name.is("sheetData") {
            inSheetData = true
        } else if name.is("mergeCell") {
            guard mergedRanges.count < limits.maxMergedRanges else {
                throw XLSXError(
                    .tooManyMergedRanges,
                    "Trang tính có hơn \(limits.maxMergedRanges) vùng ô gộp, vượt xa mọi bảng tính thật; tệp có thể độc hại. Có thể nâng giới hạn bằng biến môi trường \(ResourceLimits.EnvironmentKey.maxMergedRanges).",
                    file: file, part: part, sheet: sheetName)
            }
            if let range = attributes.string("ref") { mergedRanges.append(range) }
        } else if name.is("dimension") {
            dimension = attributes.string("ref")
            if let dimension { onDimension?(dimension) }
        }
    }

    override func endElement(_ name: XMLName) throws {
        if name.is("v") || name.is("f") {
            capture = .none
        } else if name.is("t") {
            if capture == .inlineText && !preserveSpace { value.trimWhitespace(from: runStart) }
            capture = .none
        } else if name.is("c") {
            try finishCell()
        } else if name.is("row") {
        } else if name.is("is") {
            inInlineString = false
        } else if name.is("rPh") {
            phoneticDepth -= 1
        } else if name.is("sheetData") {
            inSheetData = false
        }
    }

    @inline(__always)
    override func characters(_ text: UnsafeBufferPointer<UInt8>) throws {
        switch capture {
        case .none: return
        case .value, .inlineText:
            if value.count + text.count > limits.maxStringBytes { try refuseLongText() }
            value.append(text)
        case .formula:
            if formula.count + text.count > limits.maxStringBytes { try refuseLongText() }
            formula.append(text)
        }
    }

    private func refuseLongText() throws -> Never {
        throw XLSXError(
            .stringTooLong,
            "Ô có nội dung dài hơn \(limits.maxStringBytes / 1024) KB (Excel chỉ cho 32.767 ký tự một ô); tệp bị hỏng hoặc độc hại. Có thể nâng giới hạn bằng biến môi trường \(ResourceLimits.EnvironmentKey.maxStringKiB).",
            file: file, part: part, sheet: sheetName, cell: CellReference.name(row: cellRow, column: cellColumn))
    }

    private func startRow(_ attributes: XMLAttributes) {
        if let number = attributes.value("r")?.unsignedInteger, number >= 1 {
            rowIndex = number - 1
        } else {
            rowIndex += 1
        }
        nextColumn = 0
    }

    private func startCell(_ attributes: XMLAttributes) throws {
        // One pass over the attributes: this runs for every cell of the sheet.
        var reference: XMLAttributeValue?
        var type: XMLAttributeValue?
        var style: XMLAttributeValue?
        for index in 0..<attributes.count {
            let name = attributes.localName(at: index)
            if name.is("r") {
                reference = attributes.value(at: index)
            } else if name.is("t") {
                type = attributes.value(at: index)
            } else if name.is("s") {
                style = attributes.value(at: index)
            }
        }
        if let reference {
            // A reference that is written must be one (A1 to XFD1048576): read as the next
            // cell it would put a value where the workbook does not.
            guard let (row, column) = CellReference.parse(reference.bytes) else {
                let text = String(decoding: reference.bytes.prefix(40), as: UTF8.self)
                throw XLSXError(
                    .badCellReference,
                    "Ô có địa chỉ «\(text)» không hợp lệ (ngoài A1–XFD1048576); tệp bị hỏng hoặc không do Excel ghi.",
                    file: file, part: part, sheet: sheetName)
            }
            cellRow = row
            cellColumn = column
            if rowIndex < 0 { rowIndex = row }
        } else {
            cellRow = max(rowIndex, 0)
            cellColumn = nextColumn
        }
        nextColumn = cellColumn + 1
        skipping = cellRow >= rowLimit
        cellType = .number
        if let type {
            let bytes = type.bytes
            if bytes.count == 1 {
                switch bytes[0] {
                case UInt8(ascii: "s"): cellType = .sharedString
                case UInt8(ascii: "b"): cellType = .boolean
                case UInt8(ascii: "e"): cellType = .error
                case UInt8(ascii: "d"): cellType = .isoDate
                default: break
                }
            } else if bytes.count == 3 && bytes[0] == UInt8(ascii: "s") {
                cellType = .formulaString
            } else if bytes.count == 9 {
                cellType = .inlineString
            }
        }
        cellStyle = style?.unsignedInteger ?? 0
        hasValue = false
        hasFormula = false
        inInlineString = false
        value.removeAll()
    }

    private func finishCell() throws {
        capture = .none
        if skipping { return }
        if !hasValue || value.count == 0 && cellType == .number {
            // A formula with no stored result still says something (what the cell computes).
            if hasFormula && !formula.isEmpty {
                try sink?.receive(
                    row: cellRow, column: cellColumn, value: .uncalculated,
                    formula: String(decoding: formula.bytes, as: UTF8.self))
            }
            return
        }
        guard let cellValue = try typedValue() else { return }
        let formulaText: String? =
            hasFormula && !formula.isEmpty ? String(decoding: formula.bytes, as: UTF8.self) : nil
        try sink?.receive(row: cellRow, column: cellColumn, value: cellValue, formula: formulaText)
    }

    private func typedValue() throws -> CellValue? {
        let bytes = value.bytes
        switch cellType {
        case .number:
            guard let number = NumberText.parse(bytes) else {
                // Not a number after all: keep the text rather than lose it.
                return bytes.isEmpty ? nil : .string(EscapedText.decode(bytes))
            }
            let kind = styles.kind(ofStyle: cellStyle)
            if kind != .number, let date = ExcelDate.value(serial: number, date1904: date1904, kind: kind) {
                return date
            }
            return .number(number)
        case .sharedString:
            guard let index = NumberText.parse(bytes).flatMap({ Int(exactly: $0) }) else {
                return nil
            }
            guard let text = sharedStrings[index] else {
                throw XLSXError(
                    .sharedStringOutOfRange,
                    "Ô trỏ tới chuỗi dùng chung số \(index) nhưng bảng chuỗi chỉ có \(sharedStrings.count) chuỗi; tệp bị hỏng.",
                    file: file, sheet: sheetName, cell: CellReference.name(row: cellRow, column: cellColumn))
            }
            return .string(text)
        case .formulaString, .inlineString:
            return bytes.isEmpty ? nil : .string(EscapedText.decode(bytes))
        case .boolean:
            guard let number = NumberText.parse(bytes) else {
                return .boolean(bytes.count == 4)  // "true"
            }
            return .boolean(number != 0)
        case .error:
            return .error(String(decoding: bytes, as: UTF8.self))
        case .isoDate:
            let text = String(decoding: bytes, as: UTF8.self)
            return ExcelDate.parseISO(text) ?? (text.isEmpty ? nil : .string(text))
        }
    }
}

/// Receives the cells of a streamed worksheet. A class protocol rather than a closure:
/// the cell is handed over borrowed, never copied, millions of times per large sheet.
protocol CellSink: AnyObject {
    func receive(row: Int, column: Int, value: borrowing CellValue, formula: String?) throws
}

/// Adapts a closure to ``CellSink``.
final class ClosureCellSink: CellSink {
    let body: (Cell) throws -> Void

    init(_ body: @escaping (Cell) throws -> Void) {
        self.body = body
    }

    func receive(row: Int, column: Int, value: borrowing CellValue, formula: String?) throws {
        try body(Cell(row: row, column: column, value: copy value, formula: formula))
    }
}
