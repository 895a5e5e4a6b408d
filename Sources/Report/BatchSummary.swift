import Foundation
import OPC
import Scorecard

/// A batch's outcomes as `summary.json`, `summary.csv` and the table the terminal shows.
///
/// `summary.json` holds every input's ``ConversionOutcome`` as the page's JSON does
/// (without the unit rows); `summary.csv` has one line per problem (a line without problem
/// columns for an input without any), so every problem with its sheet and cell is there.
public struct BatchSummary {
    public let outcomes: [ConversionOutcome]
    public let folder: String

    public init(outcomes: [ConversionOutcome], folder: String) {
        self.outcomes = outcomes
        self.folder = folder
    }

    /// How many inputs have each verdict.
    public var counts: [ConversionOutcome.Verdict: Int] {
        Dictionary(grouping: outcomes, by: \.verdict).mapValues(\.count)
    }

    /// Writes `summary.json` and `summary.csv` into the folder, each atomically.
    public func write() throws {
        struct Document: Encodable {
            let counts: [String: Int]
            let files: [ConversionOutcome]
        }
        var counted: [String: Int] = [:]
        for verdict in ConversionOutcome.Verdict.allCases { counted[verdict.rawValue] = counts[verdict] ?? 0 }
        let document = Document(counts: counted, files: outcomes.map(\.withoutRows))
        try atomically("summary.json", [UInt8](try ConversionOutcome.encoder().encode(document)) + [10])
        try atomically("summary.csv", [UInt8](csv.utf8))
    }

    /// `summary.csv`: input, period, verdict, draft, the counts, then one problem a line.
    public var csv: String {
        var lines = [
            "input,period,verdict,draft,errors,warnings,severity,rule,sheet,cell,message"
        ]
        for outcome in outcomes {
            let head = [
                outcome.file, outcome.period?.description ?? "", outcome.verdict.rawValue, outcome.draft ?? "",
                String(outcome.errorCount), String(outcome.warningCount),
            ]
            var problems = outcome.diagnostics.map {
                [$0.severity.rawValue, $0.rule.rawValue, $0.sheet ?? "", $0.cell ?? "", $0.message]
            }
            if let failure = outcome.failure { problems.insert(["error", failure.code, "", "", failure.text], at: 0) }
            for problem in problems.isEmpty ? [["", "", "", "", ""]] : problems {
                lines.append((head + problem).map(Self.csvField).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    private func atomically(_ name: String, _ bytes: [UInt8]) throws {
        let writer = try ByteWriter.atomicFile(at: (folder as NSString).appendingPathComponent(name))
        try writer.write(bytes)
        try writer.commit()
    }

    /// One CSV field (RFC 4180). A field a spreadsheet would run as a formula (it begins
    /// with `=`, `+`, `-`, `@`, a tab or CR: a file name or a cell's text can) gets a leading
    /// apostrophe, so it shows as the text it is (CSV injection).
    static func csvField(_ text: String) -> String {
        var text = text
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            text = "'" + text
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static let labels: [ConversionOutcome.Verdict: String] = [
        .converted: "đã lập", .valid: "không lỗi", .invalid: "có lỗi", .needsPeriod: "thiếu kỳ",
        .unreadable: "không đọc được", .failed: "không ghi được", .unchanged: "không đổi", .cancelled: "đã hủy",
    ]

    /// The table the terminal shows: a line per input, its first problem and its warnings
    /// under it, the counts.
    public var table: String {
        var lines = ["Kỳ      Trạng thái        Lỗi  Tệp"]
        for outcome in outcomes {
            let status = Self.labels[outcome.verdict]!.padding(toLength: 16, withPad: " ", startingAt: 0)
            let period = (outcome.period?.description ?? "-").padding(toLength: 7, withPad: " ", startingAt: 0)
            let errors = String(outcome.errorCount + (outcome.failure == nil ? 0 : 1))
            var line =
                "\(period) \(status) \(String(repeating: " ", count: max(0, 4 - errors.count)))\(errors)  \(outcome.file)"
            if let failure = outcome.failure {
                line += "\n        → \(failure.text)"
            } else if outcome.verdict != .converted, outcome.verdict != .unchanged,
                let first = outcome.diagnostics.first(where: { $0.severity == .error })
            {
                line += "\n        → \(first.place.map { "\($0): " } ?? "")\(first.message) [\(first.rule.rawValue)]"
            }
            if outcome.diagnostics.filter({ $0.severity == .error }).count > 1, outcome.verdict != .converted {
                line += "\n          (và \(outcome.errorCount - 1) lỗi khác: xem summary.csv)"
            }
            for warning in outcome.warnings {
                line += "\n        · \(warning)"
            }
            lines.append(line)
        }
        let counts = ConversionOutcome.Verdict.allCases.compactMap { verdict -> String? in
            guard let count = self.counts[verdict] else { return nil }
            return "\(count) \(Self.labels[verdict]!)"
        }
        lines.append(
            "Tổng cộng \(outcomes.count) tệp: \(counts.joined(separator: ", ")). Tổng kết: \(folder)/summary.json")
        return lines.joined(separator: "\n")
    }
}
