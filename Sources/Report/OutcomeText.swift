import Foundation
import Scorecard

/// What `validate` and `convert` print: the outcome as a clerk reads it, or as JSON.
extension ConversionOutcome {
    /// The Vietnamese lines: the period and units, the district's figures, every problem
    /// with its place, then the verdict's sentence and what was written. Warnings and a
    /// failure are not among them (the command line prints those to standard error).
    public var text: String {
        var lines: [String] = []
        if verdict == .unreadable {
            return summary
        }
        let period = period.map { "tháng \($0.monthText) năm \($0.year)" } ?? "(chưa rõ kỳ)"
        lines.append("Phụ lục \(file): \(period), \(units) đơn vị.")
        if let district {
            lines.append(
                "\(district.name): \(ScoreText.twoDecimals(district.total)) điểm, xếp hạng \(Ranking.formatted(rank: district.rank, of: district.of)), xếp loại \(district.band)."
            )
        }
        lines.append(
            diagnostics.isEmpty ? "Không có lỗi." : "\(errorCount) lỗi, \(warningCount) cảnh báo:")
        lines += diagnostics.map { "  \($0.description)" }
        if verdict != .valid { lines.append(summary) }
        if let draft { lines.append("Đã ghi dự thảo: \(draft)") }
        if let pdf { lines.append("Đã ghi PDF: \(pdf)") }
        return lines.joined(separator: "\n")
    }

    /// The outcome as pretty-printed JSON (`--format json`; the page's JSON is the same
    /// encoding).
    public func json(includingRows: Bool = false) -> String {
        var copy = self
        if !includingRows { copy.rows = nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(copy)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
