/// A calendar date with an optional time of day, as a date-formatted cell shows it.
public struct CellDateTime: Sendable, Hashable {
    public var year: Int
    public var month: Int
    public var day: Int
    /// The time of day, or `nil` for a whole day.
    public var time: CellTime?

    public init(year: Int, month: Int, day: Int, time: CellTime? = nil) {
        self.year = year
        self.month = month
        self.day = day
        self.time = time
    }

    /// ISO 8601: `2025-02-28` or `2025-02-28T10:30:00`.
    public var iso8601: String {
        var text = Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
        if let time { text += "T" + time.iso8601 }
        return text
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// A time of day.
public struct CellTime: Sendable, Hashable {
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var millisecond: Int

    public init(hour: Int, minute: Int, second: Int, millisecond: Int = 0) {
        self.hour = hour
        self.minute = minute
        self.second = second
        self.millisecond = millisecond
    }

    /// `10:30:00`, or `10:30:00.250` when there are milliseconds.
    public var iso8601: String {
        var text =
            CellDateTime.pad(hour, 2) + ":" + CellDateTime.pad(minute, 2) + ":"
            + CellDateTime.pad(second, 2)
        if millisecond > 0 { text += "." + CellDateTime.pad(millisecond, 3) }
        return text
    }
}

/// The value of a non-empty cell, typed the way the user sees it.
public enum CellValue: Sendable, Hashable {
    case string(String)
    case number(Double)
    case boolean(Bool)
    /// An error value such as `#DIV/0!`.
    case error(String)
    /// A date-formatted number, or an ISO date cell (`t="d"`).
    case date(CellDateTime)
    /// A time-formatted number below one day.
    case time(CellTime)
    /// An elapsed time (`[h]:mm` formats), in seconds.
    case duration(Double)
    /// A formula whose result the file does not store (openpyxl and other writers that do
    /// not calculate save formulas so); see ``Cell/formula``.
    case uncalculated

    /// Whether this is a formula without a stored result.
    public var isUncalculated: Bool {
        if case .uncalculated = self { return true }
        return false
    }

    /// The type name used by `baocao sheet dump`.
    public var typeName: String {
        switch self {
        case .string: "string"
        case .number: "number"
        case .boolean: "boolean"
        case .error: "error"
        case .date: "date"
        case .time: "time"
        case .duration: "duration"
        case .uncalculated: "formula"
        }
    }
}

/// One non-empty cell.
public struct Cell: Sendable, Hashable {
    /// 0-based row.
    public var row: Int
    /// 0-based column.
    public var column: Int
    public var value: CellValue
    /// The formula without its `=`, when the cell holds one (its value is then the
    /// cached result).
    public var formula: String?

    public init(row: Int, column: Int, value: CellValue, formula: String? = nil) {
        self.row = row
        self.column = column
        self.value = value
        self.formula = formula
    }

    /// `B5`.
    public var reference: String { CellReference.name(row: row, column: column) }
}

/// One row of a worksheet with its non-empty cells, in column order as the file gives them.
public struct Row: Sendable {
    /// 0-based row.
    public var index: Int
    public var cells: [Cell]
}
