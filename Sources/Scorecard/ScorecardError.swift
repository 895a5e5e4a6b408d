import OPC
import XLSX

/// An error of the scorecard layer: the workbook was read, but finding its tables would
/// cost more than any real appendix may (a deadline passed, merges over a huge area).
public struct ScorecardError: LocatedError, Equatable {
    /// Stable identifiers; their raw values never change once published.
    public enum Code: String, Sendable {
        case timeLimit = "limit.time"
        case mergedAreaTooLarge = "limit.merge_area"
    }

    public var code: Code
    /// What went wrong, in Vietnamese.
    public var message: String
    public var file: String?
    public var sheet: String?

    public init(_ code: Code, _ message: String, file: String? = nil, sheet: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.sheet = sheet
    }

    /// The place as a clerk reads it: `bang.xlsx, 'Phụ lục 1'`.
    public var location: String {
        [file, sheet.map(CellReference.quotedSheetName)].compactMap { $0 }.joined(separator: ", ")
    }

    /// The error for a check stopped at its deadline while on `sheet`.
    static func pastDeadline(file: String, sheet: String) -> ScorecardError {
        ScorecardError(
            .timeLimit,
            "Kiểm tra bảng tính vượt quá thời gian cho phép; đã dừng. Tệp quá lớn hoặc được tạo để làm chậm chương trình.",
            file: file, sheet: sheet)
    }
}
