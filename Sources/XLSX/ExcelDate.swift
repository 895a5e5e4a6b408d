import Foundation

/// Excel's serial dates: days since 1899-12-30 (with Lotus's phantom 1900-02-29) or, in
/// the 1904 date system, since 1904-01-01.
public enum ExcelDate {
    /// The value of a date-formatted `serial`, or `nil` where Excel shows no date either
    /// (negative, or past year 9999).
    public static func value(serial: Double, date1904: Bool, kind: NumberFormatKind) -> CellValue? {
        guard serial.isFinite else { return nil }
        if kind == .duration {
            return .duration((serial * 86_400_000).rounded() / 1000)
        }
        guard serial >= 0, serial < 2_958_466 else { return nil }
        let totalMilliseconds = Int64((serial * 86_400_000).rounded())
        var days = Int(totalMilliseconds / 86_400_000)
        let milliseconds = Int(totalMilliseconds % 86_400_000)
        let time = CellTime(
            hour: milliseconds / 3_600_000, minute: milliseconds / 60_000 % 60,
            second: milliseconds / 1000 % 60, millisecond: milliseconds % 1000)
        // Below one day there is no date in the 1900 system (serial 0 is "1900-01-00"); in
        // the 1904 system serial 0 is 1 January 1904, shown as a date unless the format
        // shows only a time.
        if serial < 1 && (!date1904 || kind == .time) {
            return .time(time)
        }
        if date1904 {
            days += daysFromCivil(1904, 1, 1)
        } else {
            // Serials below 60 precede the phantom 29 February 1900.
            days += daysFromCivil(1899, 12, 30) + (serial < 60 ? 1 : 0)
        }
        let (year, month, day) = civilFromDays(days)
        return .date(
            CellDateTime(year: year, month: month, day: day, time: milliseconds == 0 ? nil : time))
    }

    /// Parses an ISO 8601 cell (`t="d"`): a date, a date and time, or a time.
    public static func parseISO(_ text: String) -> CellValue? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var datePart = Substring(trimmed)
        var timePart: Substring?
        if let separator = trimmed.firstIndex(where: { $0 == "T" || $0 == " " }) {
            datePart = trimmed[..<separator]
            timePart = trimmed[trimmed.index(after: separator)...]
        } else if trimmed.contains(":") {
            timePart = datePart
            datePart = ""
        }
        var time: CellTime?
        if var timeText = timePart {
            if let zone = timeText.firstIndex(where: { $0 == "Z" || $0 == "+" }) {
                timeText = timeText[..<zone]
            }
            let fields = timeText.split(separator: ":")
            guard fields.count >= 2, let hour = Int(fields[0]), let minute = Int(fields[1]) else {
                return nil
            }
            let seconds = fields.count > 2 ? Double(fields[2]) ?? 0 : 0
            // `nan`, `1e300` or 61 seconds are no time of day.
            guard (0..<24).contains(hour), (0..<60).contains(minute), seconds.isFinite, seconds >= 0,
                seconds < 60
            else { return nil }
            let milliseconds = min(Int((seconds * 1000).rounded()), 59_999)
            time = CellTime(
                hour: hour, minute: minute, second: milliseconds / 1000,
                millisecond: milliseconds % 1000)
        }
        if datePart.isEmpty {
            return time.map { .time($0) }
        }
        let fields = datePart.split(separator: "-")
        guard fields.count == 3, let year = Int(fields[0]), let month = Int(fields[1]),
            let day = Int(fields[2]), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        if let current = time, current.hour == 0, current.minute == 0, current.second == 0,
            current.millisecond == 0
        {
            time = nil
        }
        return .date(CellDateTime(year: year, month: month, day: day, time: time))
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
