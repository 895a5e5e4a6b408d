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
        let value = includingRows ? self : withoutRows
        return String(decoding: (try? Self.encoder().encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// The outcome without the unit rows (what the command line and a batch summary carry).
    public var withoutRows: ConversionOutcome {
        var copy = self
        copy.rows = nil
        return copy
    }

    /// The encoder of every outcome's JSON: keys sorted, slashes as they are.
    public static func encoder(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
