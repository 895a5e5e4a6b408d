import Foundation
import Scorecard

/// The decisions every entry point shares, made once: which appendix gets a draft, where
/// the period comes from, how long a conversion may work, how long LibreOffice may take, and
/// what the user is told, in the words of the place they are (a flag on the command line,
/// a field on the page).
public enum ConversionPolicy {
    /// Where the user meets the outcome.
    public enum Surface: String, Sendable {
        /// `baocao convert` (and `validate`): flags are at hand.
        case commandLine
        /// `baocao batch`: one command for many files; no per-file flags.
        case batch
        /// The drag-in page: a file, the period field and the "force" box.
        case page
    }

    /// Seconds of work a conversion may take unless told otherwise (`--timeout`).
    public static let standardTimeLimit: TimeInterval = 60

    /// The least time worth giving LibreOffice; with less left, no PDF is attempted.
    public static let shortestPDFTime: TimeInterval = 1

    /// The gate: no period, no draft (forced or not); errors, no draft unless forced.
    public static func verdict(for appendix: Appendix, force: Bool) -> ConversionOutcome.Verdict {
        if appendix.period == nil { return .needsPeriod }
        if appendix.hasErrors && !force { return .invalid }
        return .converted
    }

    /// What the user can do about a missing period where they are.
    public static func periodRemedy(_ surface: Surface) -> String {
        switch surface {
        case .commandLine: "Hãy ghi tháng vào tiêu đề bảng hoặc dùng --period 2025-02."
        case .batch: "Hãy ghi tháng vào tiêu đề bảng hoặc đặt tên tệp có năm-tháng (ví dụ …-2025-02.xlsx)."
        case .page: "Hãy ghi tháng vào tiêu đề bảng hoặc chọn tháng ở ô «Kỳ báo cáo» rồi gửi lại."
        }
    }

    /// The reader's diagnostics with the remedies of `surface` added where a problem is
    /// fixed from outside the workbook.
    public static func diagnostics(_ diagnostics: [Diagnostic], for surface: Surface) -> [Diagnostic] {
        diagnostics.map { diagnostic in
            guard diagnostic.rule == .periodMissing else { return diagnostic }
            var placed = diagnostic
            placed.message += " " + periodRemedy(surface)
            return placed
        }
    }

    /// The sentence that says what happened and what to do next.
    public static func summary(of outcome: ConversionOutcome, for surface: Surface) -> String {
        switch outcome.verdict {
        case .converted:
            let done =
                outcome.forced
                ? "Đã lập dự thảo dù số liệu có lỗi; dự thảo ghi rõ cảnh báo và danh sách lỗi ở trang cuối."
                : "Đã lập dự thảo."
            switch surface {
            case .page: return done + " Bấm nút dưới đây để tải về."
            case .commandLine, .batch: return done
            }
        case .valid:
            return outcome.diagnostics.isEmpty ? "Không có lỗi." : "Không có lỗi, chỉ có cảnh báo."
        case .invalid:
            switch surface {
            case .commandLine:
                return
                    "Phụ lục có lỗi nên chưa lập dự thảo. Sửa các ô trên rồi chạy lại, hoặc dùng --force để vẫn lập dự thảo có ghi cảnh báo."
            case .batch:
                return
                    "Phụ lục có lỗi nên chưa lập dự thảo. Sửa các ô được nêu rồi chạy lại lệnh, hoặc thêm --force để vẫn lập dự thảo có ghi cảnh báo."
            case .page:
                return
                    "Số liệu có lỗi nên chưa lập dự thảo; sửa các ô dưới đây rồi tải lại tệp, hoặc đánh dấu «Vẫn lập dự thảo khi số liệu có lỗi»."
            }
        case .needsPeriod:
            return "Không biết báo cáo cho tháng nào nên chưa lập dự thảo. " + periodRemedy(surface)
        case .unreadable:
            return "Không đọc được phụ lục" + (outcome.failure.map { ": " + $0.text } ?? ".")
        case .failed:
            return "Số liệu đã kiểm tra xong nhưng không ghi được dự thảo"
                + (outcome.failure.map { ": " + $0.text } ?? ".")
        case .unchanged:
            return "Phụ lục và mẫu không đổi từ lần chạy trước; giữ dự thảo cũ."
        case .cancelled:
            return "Đã dừng theo yêu cầu trước khi xử lý tệp này."
        }
    }

    /// The error of a conversion stopped at its time limit.
    public static func timeLimitError(_ seconds: TimeInterval, file: String) -> ReportError {
        ReportError(.timeLimit, "Xử lý tệp quá lâu (hơn \(secondsText(seconds)) giây) nên đã dừng.", file: file)
    }

    /// `60`, or `0,25` below a second.
    public static func secondsText(_ seconds: TimeInterval) -> String {
        seconds >= 1
            ? "\(Int(seconds.rounded()))" : String(format: "%.2f", seconds).replacingOccurrences(of: ".", with: ",")
    }
}
