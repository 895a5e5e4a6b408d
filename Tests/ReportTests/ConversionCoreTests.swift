import DOCX
import Foundation
import Scorecard
import TestKit
import Testing

@testable import Report

/// The conversion core itself: a month is recorded only with its draft, storage and file
/// system failures keep codes and causes of their own, and the history of a batch is written
/// in period order whatever order the drafts finish in.
@Suite struct ConversionCoreTests {
    static let samples = TestFiles.repoRoot.appendingPathComponent("Samples")

    static func converter(in folder: URL) throws -> Converter {
        try Converter(
            profile: OfficeProfile.builtIn(), template: DOCXTemplate.builtIn(),
            store: HistoryStore(path: folder.appendingPathComponent("history.sqlite").path))
    }

    static func request(_ month: String, output: String) -> ConversionRequest {
        ConversionRequest(
            source: .path(samples.appendingPathComponent("phu-luc-1-2025-\(month).xlsx").path),
            displayName: "phu-luc-1-2025-\(month).xlsx", output: output, surface: .commandLine)
    }

    @Test func aDraftThatCannotBeWrittenLeavesNoMonthRecorded() async throws {
        let folder = try TestFiles.temporaryFolder("baocao-core")
        defer { try? FileManager.default.removeItem(at: folder) }
        let converter = try Self.converter(in: folder)
        // The output's folder is a file: no one, not even root, can write there.
        let blocker = folder.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: blocker)
        let outcome = await converter.convert(
            Self.request("02", output: blocker.appendingPathComponent("du-thao.docx").path))
        #expect(outcome.verdict == .failed)
        #expect(outcome.diagnostics.isEmpty, "the appendix itself was sound")
        let failure = try #require(outcome.failure)
        #expect(failure.code.hasPrefix("file.") || failure.code.hasPrefix("io."), "\(failure.code)")
        #expect(failure.place.contains("du-thao.docx") || failure.place.contains("not-a-folder"), "\(failure.place)")
        #expect(outcome.summary.contains("không ghi được dự thảo"))
        #expect(try converter.store.months(district: converter.profile.historyKey, year: 2025, through: 12).isEmpty)
        #expect(outcome.draft == nil)

        // Where it can write, the same month goes through and is recorded with its draft.
        let good = folder.appendingPathComponent("du-thao.docx").path
        let written = await converter.convert(Self.request("02", output: good))
        #expect(written.verdict == .converted)
        #expect(written.draft == good)
        let months = try converter.store.months(district: converter.profile.historyKey, year: 2025, through: 12)
        #expect(months.map(\.period.month) == [2])
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!names.contains { $0.contains(".baocao-") }, "no staging file left: \(names)")
    }

    @Test func inABatchOnlyTheDraftThatFailedLosesItsMonth() async throws {
        let folder = try TestFiles.temporaryFolder("baocao-core")
        defer { try? FileManager.default.removeItem(at: folder) }
        let converter = try Self.converter(in: folder)
        let blocker = folder.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: blocker)
        let prepared = [
            converter.prepare(Self.request("02", output: folder.appendingPathComponent("02.docx").path)),
            converter.prepare(Self.request("01", output: blocker.appendingPathComponent("01.docx").path)),
        ]
        let outcomes = await converter.complete(prepared, jobs: 2)
        #expect(outcomes.map(\.verdict) == [.converted, .failed])
        let months = try converter.store.months(district: converter.profile.historyKey, year: 2025, through: 12)
        #expect(months.map(\.period.month) == [2], "January's draft failed, so January is not history")
    }

    @Test func aStoreThatCannotBeOpenedSaysSoWithItsCause() throws {
        let folder = try TestFiles.temporaryFolder("baocao-core")
        defer { try? FileManager.default.removeItem(at: folder) }
        let notADatabase = folder.appendingPathComponent("history.sqlite")
        try Data(repeating: 0x41, count: 4096).write(to: notADatabase)
        let error = try #require(throws: ReportError.self) { try HistoryStore(path: notADatabase.path) }
        #expect(error.code == .storeUnavailable)
        #expect(error.file == notADatabase.path)
        #expect(error.cause != nil)
        #expect(error.description.contains("[store.unavailable]"))
        #expect(error.message.contains("lịch sử"))
    }

    @Test func errorsThatAreNotTheProjectsOwnGetCodesOfTheirOwn() {
        let denied = NSError(
            domain: NSCocoaErrorDomain, code: CocoaError.fileWriteNoPermission.rawValue,
            userInfo: [NSFilePathErrorKey: "/srv/du-thao.docx"])
        let located = ReportError.located(denied, file: "phu-luc.xlsx")
        #expect(located.codeName == "file.not_writable")
        #expect(located.location == "/srv/du-thao.docx")
        let full = ReportError.located(NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC)), file: "a.docx")
        #expect(full.codeName == "file.no_space")
        struct Strange: Error {}
        #expect(ReportError.located(Strange(), file: "a.xlsx").codeName == "internal.unexpected")
        #expect((ReportError.located(Strange(), file: "a.xlsx") as? ReportError)?.cause != nil)
    }

    @Test func theOutcomeRoundTripsAsJSON() async throws {
        let folder = try TestFiles.temporaryFolder("baocao-core")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try await Self.converter(in: folder).convert(
            Self.request("02", output: folder.appendingPathComponent("02.docx").path))
        let data = try JSONEncoder().encode(outcome)
        #expect(try JSONDecoder().decode(ConversionOutcome.self, from: data) == outcome)
        #expect(outcome.rows?.count == 19)
        #expect(outcome.units == 19)
    }

    @Test func summaryCSVCellsAreNeverFormulas() {
        var outcome = ConversionOutcome(file: "=HYPERLINK(\"http://x\").xlsx", verdict: .invalid)
        outcome.diagnostics = [
            Diagnostic(.error, .unitUnknown, sheet: "+Phụ lục", cell: "B7", "@SUM(A1) không có trong danh sách"),
            Diagnostic(.warning, .legacyEncoding, sheet: "Phụ lục 1", cell: "B8", "-2 ô"),
        ]
        let csv = BatchSummary(outcomes: [outcome], folder: "/tmp").csv
        let lines = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 3, "a header and a line per problem")
        #expect(lines[1].hasPrefix("\"'=HYPERLINK(\"\"http://x\"\").xlsx\""), "\(lines[1])")
        #expect(lines[1].contains(",'+Phụ lục,B7,'@SUM(A1)"), "\(lines[1])")
        #expect(lines[2].hasSuffix(",'-2 ô"), "\(lines[2])")
        for line in lines { #expect(!line.hasPrefix("=") && !line.contains(",=") && !line.contains(",+")) }
    }
}
