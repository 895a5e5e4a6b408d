import Foundation
import Hummingbird
import Report
import Scorecard

/// The page's conversions and the history: a month already recorded is replaced only when
/// the clerk confirms it, and each recorded month keeps its draft to download again.
extension ConversionService {
    enum Work: Sendable {
        case done(ConversionOutcome)
        /// The appendix is a sound month the history holds, and replacing it was not confirmed.
        case alreadyRecorded(RecordedMonth)
    }

    /// Prepares `conversion`; stops when it would replace a recorded month without
    /// `replace`; else completes it and keeps the draft of the month it recorded.
    static func convertKeepingHistory(_ conversion: ConversionRequest, converter: Converter, replace: Bool) async
        -> Work
    {
        // Reading, the history and the draft's copy block: on the converter's threads, never
        // on those that answer requests.
        let key = converter.profile.historyKey
        let prepared = await converter.workers.run { converter.prepare(conversion) }
        let records = prepared.isPending && prepared.appendix?.hasErrors == false
        if records, !replace, let period = prepared.appendix?.period,
            let recorded = await converter.workers.run({
                try? converter.store.recordedMonth(district: key, period: period)
            })
        {
            return .alreadyRecorded(recorded)
        }
        let outcome = await converter.complete([prepared], jobs: 1).first!
        if records, let period = prepared.appendix?.period, let draft = outcome.draft {
            await converter.workers.run { () -> Void in
                guard let bytes = FileManager.default.contents(atPath: draft) else { return }
                try? converter.store.keepDraft(district: key, period: period, docx: [UInt8](bytes))
            }
        }
        return .done(outcome)
    }

    /// 409: the month is in the history; the page offers to replace it.
    static func alreadyRecorded(_ month: RecordedMonth) -> Response {
        struct Answer: Encodable {
            struct Recorded: Encodable {
                var period: String
                var label: String
                var recordedAt: String
                var recordedBy: String?
            }

            var verdict = "already_recorded"
            var summary: String
            var recorded: Recorded
            var failure: ConversionOutcome.Failure
        }
        let label = HistoryController.label(month.period)
        let who = month.recordedBy.map { " bởi \($0)" } ?? ""
        let when = Self.localTime(month.recordedAt)
        let message =
            "Tháng \(label) đã có trong lịch sử (ghi lúc \(when)\(who)). Bấm «Thay thế tháng \(label)» nếu muốn thay số liệu đã ghi bằng tệp này."
        return Response.json(
            Answer(
                summary: message,
                recorded: .init(
                    period: month.period.description, label: label, recordedAt: month.recordedAt,
                    recordedBy: month.recordedBy),
                failure: .init(code: "month.recorded", message: message, place: "")),
            status: .conflict)
    }

    /// `2025-03-04T01:30:00Z` as the office's clock reads it: `08:30 ngày 04/03/2025`.
    static func localTime(_ iso: String) -> String {
        guard let date = ISO8601DateFormatter().date(from: iso) else { return iso }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "vi_VN")
        formatter.timeZone = .current
        formatter.dateFormat = "HH:mm 'ngày' dd/MM/yyyy"
        return formatter.string(from: date)
    }
}
