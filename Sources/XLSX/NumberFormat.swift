/// What a number format makes of a number.
public enum NumberFormatKind: Sendable, Equatable {
    /// A plain number (General, 0.00, percentages, currencies, text `@`).
    case number
    /// A date, with or without a time (`dd/mm/yyyy`, `m/d/yy h:mm`).
    case date
    /// A time of day only (`h:mm`, `hh:mm:ss AM/PM`).
    case time
    /// Elapsed time (`[h]:mm:ss`).
    case duration
}

/// Classifies number formats the way Excel decides what a cell shows.
public enum NumberFormat {
    /// The kind of a built-in format id (ECMA-376 Part 1, 18.8.30), including the East Asian
    /// date ids that Excel maps to locale date formats.
    public static func builtInKind(_ id: Int) -> NumberFormatKind? {
        switch id {
        case 14...17, 22, 27...36, 50...58, 71...81: .date
        case 18...21, 45, 47: .time
        case 46: .duration
        case 0...13, 23...26, 37...44, 48, 49, 59...70: .number
        default: nil
        }
    }

    /// The kind of a format code such as `dd/mm/yyyy;@` or `[h]:mm`.
    ///
    /// Quoted text, escaped characters, fill and padding characters and bracketed colours,
    /// conditions and locales are skipped; a code that still contains a date or time
    /// letter is a date, and one with an elapsed-time bracket is a duration. Only the first
    /// section counts, as for positive numbers.
    public static func kind(ofCode code: String) -> NumberFormatKind {
        var bytes = Array(code.utf8)
        var index = 0
        var sawDatePart = false  // y, d, or m that is not minutes
        var sawTimePart = false  // h, s
        var sawElapsed = false
        bytes.append(0)
        while index < bytes.count - 1 {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: ";"):
                index = bytes.count  // first section only
                continue
            case UInt8(ascii: "\""):
                index += 1
                while index < bytes.count - 1, bytes[index] != UInt8(ascii: "\"") { index += 1 }
            case UInt8(ascii: "\\"), UInt8(ascii: "_"), UInt8(ascii: "*"):
                index += 1  // the next character is literal, padding or fill
            case UInt8(ascii: "["):
                var end = index + 1
                while end < bytes.count - 1, bytes[end] != UInt8(ascii: "]") { end += 1 }
                let inside = String(decoding: bytes[(index + 1)..<end], as: UTF8.self).lowercased()
                if !inside.isEmpty, inside.allSatisfy({ $0 == "h" || $0 == "m" || $0 == "s" }),
                    Set(inside).count == 1
                {
                    sawElapsed = true
                }
                index = end
            default:
                switch byte | 0x20 {
                case UInt8(ascii: "d"), UInt8(ascii: "y"), UInt8(ascii: "m"):
                    sawDatePart = true
                case UInt8(ascii: "h"), UInt8(ascii: "s"):
                    sawTimePart = true
                default: break
                }
            }
            index += 1
        }
        if sawElapsed { return .duration }
        if isGeneral(code) { return .number }
        // "m" beside h or s means minutes: a code with hours or seconds and no y or d is a
        // time of day.
        if sawTimePart {
            return code.lowercased().contains(where: { $0 == "y" || $0 == "d" }) ? .date : .time
        }
        return sawDatePart ? .date : .number
    }

    private static func isGeneral(_ code: String) -> Bool {
        let lowered = code.lowercased()
        return lowered == "general" || lowered == "standard" || lowered == "@"
    }
}
