import ArgumentParser
import Foundation
import Report

/// How `convert` and `validate` print their outcome.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// The exit code of an outcome: 0 written or sound, 1 read but failed the check (errors,
/// no period), 2 unreadable, not written, or a PDF asked for and not made.
func exitStatus(of outcome: ConversionOutcome) -> Int32 {
    switch outcome.verdict {
    case .converted: outcome.failure == nil ? ExitStatus.success : ExitStatus.unreadableOrUsage
    case .valid, .unchanged: ExitStatus.success
    case .invalid, .needsPeriod: ExitStatus.validationFailed
    case .unreadable, .failed: ExitStatus.unreadableOrUsage
    case .cancelled: 130
    }
}

/// Prints `outcome` (text: the report on standard output, warnings and a failure on
/// standard error; json: the outcome on standard output) and ends with its exit code.
func report(_ outcome: ConversionOutcome, as format: OutputFormat) throws {
    switch format {
    case .json:
        print(outcome.json())
    case .text:
        if outcome.verdict != .unreadable { print(outcome.text) }
        for warning in outcome.warnings { FileHandleOutput.standardError("Cảnh báo: \(warning)") }
        if let failure = outcome.failure { FileHandleOutput.standardError("Lỗi: \(failure.text)") }
    }
    let status = exitStatus(of: outcome)
    if status != ExitStatus.success { throw ExitCode(status) }
}
