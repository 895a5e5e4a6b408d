import Foundation
import OPC
import Scorecard

/// What became of one conversion request: the checked appendix, the verdict, the draft and
/// PDF written, and why not when not. `validate` prints it, `convert` prints it, a batch's
/// `summary.json` lists one per input and the page receives it as JSON.
public struct ConversionOutcome: Codable, Sendable, Equatable {
    public enum Verdict: String, Codable, Sendable, CaseIterable {
        /// The draft was written (``ConversionOutcome/forced`` when the appendix had errors).
        case converted
        /// Checked only (`validate`), and without errors.
        case valid
        /// The appendix has errors and the draft was not forced: nothing was written.
        case invalid
        /// No period could be found: nothing was written, the user must give one.
        case needsPeriod = "needs_period"
        /// The appendix could not be read (not a workbook, damaged, over a limit, too slow).
        case unreadable
        /// The appendix was sound but the draft could not be written (the disk, the history).
        case failed
        /// A batch found the input and its draft unchanged since its last run.
        case unchanged
        /// A batch was stopped (Ctrl-C) before this input started.
        case cancelled
    }

    /// Why a conversion gave no draft or no PDF: the error's stable code, its message and
    /// place.
    public struct Failure: Codable, Sendable, Equatable {
        public var code: String
        public var message: String
        /// The file, part, sheet and cell, as a clerk reads it; empty when unknown.
        public var place: String

        public init(code: String, message: String, place: String) {
            self.code = code
            self.message = message
            self.place = place
        }

        public init(_ error: any LocatedError) {
            self.init(code: error.codeName, message: error.message, place: error.location)
        }

        /// `place: message [code]`.
        public var text: String { (place.isEmpty ? "" : "\(place): ") + "\(message) [\(code)]" }
    }

    /// One unit's line of the page's table and chart.
    public struct UnitRow: Codable, Sendable, Equatable {
        public var name: String
        /// By group key (`congKhai`, ...).
        public var scores: [String: Double]
        public var total: Double
        public var band: String
        public var rank: Int
    }

    /// The appendix as the user named it.
    public var file: String
    public var verdict: Verdict
    /// The draft was written although the appendix has errors.
    public var forced: Bool
    /// One sentence on the verdict and what to do next, in the user's surface's words.
    public var summary: String
    public var period: Period?
    public var district: DistrictResult?
    /// How many units the table has.
    public var units: Int
    /// The units' lines; only the page's encoding carries them.
    public var rows: [UnitRow]?
    /// Every problem the check found, each with its rule, sheet and cell.
    public var diagnostics: [Diagnostic]
    /// The draft, when written.
    public var draft: String?
    /// The PDF, when exported.
    public var pdf: String?
    /// Things the user should know (months missing from the history, renamed drafts).
    public var warnings: [String]
    /// Why there is no draft (an unreadable file, a failed write) or no PDF.
    public var failure: Failure?

    public init(file: String, verdict: Verdict, summary: String = "") {
        self.file = file
        self.verdict = verdict
        forced = false
        self.summary = summary
        units = 0
        diagnostics = []
        warnings = []
    }

    /// The problems that are errors.
    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    /// The problems that are warnings.
    public var warningCount: Int { diagnostics.count - errorCount }

    /// The checked appendix's figures and problems, filled in.
    mutating func describe(_ appendix: Appendix) {
        period = appendix.period
        district = appendix.district
        units = appendix.units.count
        diagnostics = appendix.diagnostics
        rows = appendix.units.map { unit in
            var scores: [String: Double] = [:]
            for group in IndexGroup.allCases { if let score = unit.scores[group] { scores[group.rawValue] = score } }
            return UnitRow(name: unit.displayName, scores: scores, total: unit.total, band: unit.band, rank: unit.rank)
        }
    }
}
