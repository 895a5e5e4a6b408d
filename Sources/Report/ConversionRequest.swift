import Foundation
import Scorecard

/// One appendix to convert and how: what every entry point (`convert`, `batch`, `serve`)
/// hands to ``Converter``.
public struct ConversionRequest: Sendable {
    /// Where the appendix's bytes are.
    public enum Source: Sendable {
        case path(String)
        /// An upload already in memory.
        case bytes([UInt8])
    }

    public var source: Source
    /// The appendix's name as the user knows it (messages, the file-name period, history).
    public var displayName: String
    /// Where the draft goes; written only when the conversion succeeds.
    public var output: String
    /// The period the user gave (`--period`, the page's field), used when neither the file
    /// name nor the sheet's title names one.
    public var period: Period?
    /// Write a (marked) draft even when the appendix has errors.
    public var force: Bool
    /// Export a PDF beside the draft.
    public var pdf: Bool
    /// Seconds of work the conversion may take (reading, rendering, the PDF); queue time
    /// does not count.
    public var timeLimit: TimeInterval
    /// Where the user is, for messages that say what they can do there.
    public var surface: ConversionPolicy.Surface
    /// Files the draft must never replace (the template, other inputs).
    public var protected: [String]
    /// Who converted it (the page's account), recorded with the month; `nil` when unknown.
    public var recordedBy: String?

    public init(
        source: Source, displayName: String, output: String, period: Period? = nil, force: Bool = false,
        pdf: Bool = false, timeLimit: TimeInterval = ConversionPolicy.standardTimeLimit,
        surface: ConversionPolicy.Surface, protected: [String] = [], recordedBy: String? = nil
    ) {
        self.source = source
        self.displayName = displayName
        self.output = output
        self.period = period
        self.force = force
        self.pdf = pdf
        self.timeLimit = timeLimit
        self.surface = surface
        self.protected = protected
        self.recordedBy = recordedBy
    }
}
