import Foundation
import Hummingbird
import Report
import Scorecard

/// The office's months as the page lists them (`GET /api/history`) and each month's draft,
/// kept in the history, to download again (`GET /history/YYYY-MM.docx`).
struct HistoryController: Sendable {
    let converter: Converter

    struct Listing: Encodable {
        struct Month: Encodable {
            var period: String
            /// `02/2025`, as the page shows it.
            var label: String
            var total: Double?
            var band: String?
            var rank: Int?
            var of: Int?
            var source: String
            var recordedAt: String
            var recordedBy: String?
            var draft: String?
        }

        var months: [Month]
    }

    func list(_ request: Request, context: PageRequestContext) async throws -> Response {
        let months = try converter.store.recordedMonths(district: converter.profile.historyKey)
        return Response.json(
            Listing(
                months: months.map {
                    .init(
                        period: $0.period.description, label: Self.label($0.period), total: $0.total, band: $0.band,
                        rank: $0.rank, of: $0.of, source: $0.source, recordedAt: $0.recordedAt,
                        recordedBy: $0.recordedBy, draft: $0.hasDraft ? "/history/\($0.period).docx" : nil)
                }), status: .ok)
    }

    func draft(_ request: Request, context: PageRequestContext) async throws -> Response {
        let name = try context.parameters.require("file")
        guard name.hasSuffix(".docx"), let period = Period(String(name.dropLast(5))),
            let bytes = try converter.store.draft(district: converter.profile.historyKey, period: period)
        else {
            return Response.failure(
                "history.draft_not_found", "Lịch sử không giữ dự thảo của tháng này.", status: .notFound)
        }
        var response = Response.data(Data(bytes), type: DraftType.docx)
        response.headers[.contentDisposition] = "attachment; filename=\"du-thao-\(period).docx\""
        return response
    }

    /// `MM/YYYY`.
    static func label(_ period: Period) -> String {
        (period.month < 10 ? "0" : "") + "\(period.month)/\(period.year)"
    }
}

/// The media types of drafts.
enum DraftType {
    static let docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    static let pdf = "application/pdf"
}
