import Foundation
import OPC
import Scorecard
import XLSX

/// A request read and checked, waiting for ``Converter/complete(_:jobs:progress:isCancelled:)``.
public struct PreparedConversion: Sendable {
    public let request: ConversionRequest
    /// The checked appendix; `nil` when it could not be read.
    public let appendix: Appendix?
    /// The outcome so far: final unless its verdict is `converted`.
    public var outcome: ConversionOutcome
    /// Seconds of the time limit spent so far.
    var spent: TimeInterval

    /// Whether the draft is still to be written.
    public var isPending: Bool { outcome.verdict == .converted && outcome.draft == nil && appendix != nil }

    /// The same conversion, told something the user should know (a renamed draft).
    public func warning(_ text: String) -> PreparedConversion {
        var copy = self
        copy.outcome.warnings.append(text)
        return copy
    }
}

/// The first half of every conversion, and all of `validate`: reads the appendix within
/// the request's time limit and the resource limits, checks it against the office's
/// profile, and applies ``ConversionPolicy``'s gate. Needs no template and no history.
public struct AppendixChecker: Sendable {
    public let profile: OfficeProfile
    public let limits: ResourceLimits

    public init(profile: OfficeProfile, limits: ResourceLimits = .standard) {
        self.profile = profile
        self.limits = limits
    }

    /// Reads and checks the appendix of `request`, and decides whether it gets a draft.
    public func prepare(_ request: ConversionRequest) -> PreparedConversion {
        let started = ContinuousClock.now
        var outcome = ConversionOutcome(file: request.displayName, verdict: .unreadable)
        func finish(_ appendix: Appendix?) -> PreparedConversion {
            outcome.summary = ConversionPolicy.summary(of: outcome, for: request.surface)
            // The bytes were read; a batch holding all its inputs need not keep them.
            var kept = request
            if case .bytes = kept.source { kept.source = .bytes([]) }
            return PreparedConversion(
                request: kept, appendix: appendix, outcome: outcome,
                spent: secondsSince(started))
        }
        let appendix: Appendix
        do {
            try guardOutput(request)
            appendix = try read(request)
        } catch let error as OPCError where error.code == .timeLimit {
            // The one time-limit message, whichever step ran out of time.
            outcome.failure = .init(ConversionPolicy.timeLimitError(request.timeLimit, file: request.displayName))
            return finish(nil)
        } catch {
            outcome.failure = .init(ReportError.located(error, file: request.displayName))
            return finish(nil)
        }
        outcome.describe(appendix)
        outcome.diagnostics = ConversionPolicy.diagnostics(appendix.diagnostics, for: request.surface)
        outcome.verdict = ConversionPolicy.verdict(for: appendix, force: request.force)
        outcome.forced = outcome.verdict == .converted && appendix.hasErrors
        return finish(appendix)
    }

    /// Reads and checks an appendix without converting it (`validate`): the verdict is
    /// `valid`, `invalid`, `needs_period` or `unreadable`.
    public func check(_ request: ConversionRequest) -> ConversionOutcome {
        var outcome = prepare(request).outcome
        if outcome.verdict == .converted {
            outcome.verdict = outcome.errorCount > 0 ? .invalid : .valid
            outcome.forced = false
            outcome.summary = ConversionPolicy.summary(of: outcome, for: request.surface)
        }
        return outcome
    }

    /// Refuses a draft that would replace the appendix itself or a protected file.
    private func guardOutput(_ request: ConversionRequest) throws {
        var inputs = request.protected
        if case .path(let path) = request.source { inputs.insert(path, at: 0) }
        for path in inputs where try OutputGuard.isSameFile(request.output, as: path) {
            throw ReportError(
                .outputIsInput, "Tệp kết quả trùng với tệp đầu vào «\(path)»; hãy chọn tên khác.", file: request.output)
        }
    }

    private func read(_ request: ConversionRequest) throws -> Appendix {
        let limits = self.limits.ending(after: request.timeLimit)
        let workbook = try AppendixFile.open(request.source, displayName: request.displayName, limits: limits)
        return try AppendixReader(settings: profile.scorecardSettings)
            .read(workbook, fileName: request.displayName, period: request.period)
    }
}
