import DOCX
import Foundation
import OPC
import Report
import Scorecard
import XLSX

/// What the fuzzers run on each input, and what the tests replay the inputs they found with:
/// every function takes untrusted bytes and must return (errors are fine) without a trap,
/// a hang or unbounded memory.
public enum FuzzTargets {
    /// Limits small enough that one input stays quick.
    static let limits: ResourceLimits = {
        var limits = ResourceLimits.standard
        limits.maxPartSize = 16 << 20
        limits.maxPackageSize = 32 << 20
        limits.maxSharedStrings = 100_000
        return limits
    }()

    static let profile = try! OfficeProfile.builtIn()

    /// The names `Scripts/fuzz` and the replay test know.
    public static let all: [String: @Sendable ([UInt8]) -> Void] = [
        "appendix": appendix, "template": template, "json": json, "profile": profile(_:),
    ]

    /// A workbook read, its tables recognised and checked, as `validate` does.
    @Sendable public static func appendix(_ bytes: [UInt8]) {
        let outcome = AppendixChecker(profile: profile, limits: limits).check(
            ConversionRequest(
                source: .bytes(bytes), displayName: "phu-luc-1-2025-02.xlsx", output: "", timeLimit: 10,
                surface: .commandLine))
        _ = outcome.json()
    }

    /// A template compiled and rendered with the report's sample data into memory.
    @Sendable public static func template(_ bytes: [UInt8]) {
        guard
            let compiled = try? DOCXTemplate(bytes: bytes, displayName: "mau.docx", limits: limits),
            compiled.problems.isEmpty
        else { return }
        _ = try? compiled.renderParts(sampleData)
    }

    static let sampleData: TemplateValue = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Templates/sample-data.json").standardized
        return (try? TemplateValue(json: Data(contentsOf: url))) ?? ["name": "Phú Tân", "items": [["a": 1]]]
    }()

    /// The JSON value reader of `template render`.
    @Sendable public static func json(_ bytes: [UInt8]) {
        _ = try? TemplateValue(json: Data(bytes))
    }

    /// The office-profile loader (YAML).
    @Sendable public static func profile(_ bytes: [UInt8]) {
        _ = try? OfficeProfile.parse(String(decoding: bytes, as: UTF8.self), source: "ho-so.yaml")
    }
}
