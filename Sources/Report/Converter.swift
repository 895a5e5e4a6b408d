import DOCX
import Foundation
import OPC
import Scorecard
import XLSX

/// An error of the report layer, with a stable code and a Vietnamese message.
public struct ReportError: LocatedError, Equatable {
    public enum Code: String, Sendable {
        case outputIsInput = "output.is_input"
        case periodMissing = "period.missing"
        case libreOfficeMissing = "pdf.libreoffice_missing"
        case pdfFailed = "pdf.failed"
    }

    public var code: Code
    public var message: String
    public var file: String?

    public init(_ code: Code, _ message: String, file: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
    }

    /// The file concerned, where known.
    public var location: String { file ?? "" }
}

/// What a conversion did.
public struct ConversionOutcome: Sendable {
    public enum Status: String, Sendable {
        /// The draft was written.
        case converted
        /// The appendix has errors and `force` was not given: nothing was written.
        case invalid
    }

    public var status: Status
    public var appendix: Appendix
    public var period: Period?
    /// The draft, when written.
    public var output: String?
    /// Months of the year before this one that the history lacks, and missing tags.
    public var warnings: [String]
}

/// The one entry point of the product: an appendix in, a checked draft out. The command
/// line, the batch and the web page all call it. It holds no mutable state, so one
/// converter serves many conversions at once.
public final class Converter: Sendable {
    public let profile: OfficeProfile
    public let template: DOCXTemplate
    public let store: HistoryStore
    public let limits: ResourceLimits

    public init(profile: OfficeProfile, template: DOCXTemplate, store: HistoryStore, limits: ResourceLimits = .standard)
    {
        self.profile = profile
        self.template = template
        self.store = store
        self.limits = limits
    }

    /// Reads, checks and, when the appendix is sound (or `force`), records the month in the
    /// history and writes the draft to `output` atomically.
    ///
    /// - Parameter protected: files the output must never replace (the input, the template).
    public func convert(
        input: String, displayName: String, output: String, period requested: Period?, force: Bool,
        protected: [String] = []
    ) throws -> ConversionOutcome {
        try checkOutput(output, protecting: [input] + protected)
        let appendix = try read(input: input, displayName: displayName, period: requested)
        guard !appendix.hasErrors || force else {
            return ConversionOutcome(
                status: .invalid, appendix: appendix, period: appendix.period, output: nil, warnings: [])
        }
        let period = try requirePeriod(appendix, displayName: displayName)
        try record(appendix, period: period, source: displayName)
        let warnings = try render(appendix, period: period, to: output)
        return ConversionOutcome(
            status: .converted, appendix: appendix, period: period, output: output, warnings: warnings)
    }

    /// Refuses an output that is one of the inputs.
    public func checkOutput(_ output: String, protecting inputs: [String]) throws {
        for path in inputs where try OutputGuard.isSameFile(output, as: path) {
            throw ReportError(
                .outputIsInput, "Tệp kết quả trùng với tệp đầu vào «\(path)»; hãy chọn tên khác.", file: output)
        }
    }

    /// Reads and checks an appendix.
    ///
    /// - Parameter seconds: when given, reading stops with `limit.time` after this long.
    public func read(input: String, displayName: String, period: Period?, within seconds: Double? = nil) throws
        -> Appendix
    {
        let limits = seconds.map { self.limits.ending(after: $0) } ?? self.limits
        return try check(Workbook(path: input, displayName: displayName, limits: limits), displayName, period)
    }

    /// Reads and checks an appendix already in memory (the batch reads each input once, to
    /// stamp it and to parse it).
    public func read(bytes: [UInt8], displayName: String, period: Period?) throws -> Appendix {
        try check(Workbook(bytes: bytes, displayName: displayName, limits: limits), displayName, period)
    }

    private func check(_ workbook: Workbook, _ displayName: String, _ period: Period?) throws -> Appendix {
        try AppendixReader(settings: profile.scorecardSettings).read(workbook, fileName: displayName, period: period)
    }

    /// The appendix's period, or the error that says it has none.
    public func requirePeriod(_ appendix: Appendix, displayName: String) throws -> Period {
        guard let period = appendix.period else {
            throw ReportError(
                .periodMissing,
                "Không biết báo cáo cho tháng nào nên không lập được dự thảo; hãy dùng --period 2025-02.",
                file: displayName)
        }
        return period
    }

    /// Records a sound month in the history; a month with errors (a forced draft) is not
    /// history and is left out.
    public func record(_ appendix: Appendix, period: Period, source: String) throws {
        try record([(appendix, period, source)])
    }

    /// Records several months at once, in the order given, in one transaction.
    public func record(_ months: [(appendix: Appendix, period: Period, source: String)]) throws {
        try store.record(
            months.filter { !$0.appendix.hasErrors }.map {
                HistoryStore.Month(
                    district: profile.district, period: $0.period, result: $0.appendix.district,
                    units: $0.appendix.units, source: $0.source)
            })
    }

    /// Writes the draft of `appendix` to `output`, with the months of the year the history
    /// holds up to `period`; returns the warnings (months missing, empty tags).
    public func render(_ appendix: Appendix, period: Period, to output: String) throws -> [String] {
        var warnings: [String] = []
        var months = try store.months(district: profile.district, year: period.year, through: period.month)
        if appendix.hasErrors, let district = appendix.district {
            months.removeAll { $0.period == period }
            months.append(
                MonthRecord(
                    period: period, total: district.total, band: district.band, rank: district.rank, of: district.of))
        }
        let held = Set(months.map(\.period.month))
        for month in 1..<period.month where !held.contains(month) {
            warnings.append(
                "Lịch sử chưa có số liệu tháng \(month < 10 ? "0\(month)" : "\(month)")/\(period.year) của \(profile.district); bảng theo tháng không có dòng này. Hãy chuyển phụ lục tháng đó trước."
            )
        }
        let values = ReportContext.build(
            profile: profile, appendix: appendix, period: period, months: months, forced: appendix.hasErrors)
        let report = try template.render(values, to: output)
        warnings += report.missing.map { "Mẫu có thẻ không có giá trị, để trống: \($0)" }
        return warnings
    }
}

/// Exports a document to PDF with LibreOffice, each call with a profile of its own so calls
/// can run side by side.
public enum PDFExport {
    /// The `soffice` binary, or `nil` when LibreOffice is not installed. `BAOCAO_SOFFICE`
    /// names another LibreOffice (empty: use none).
    public static func findLibreOffice(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let chosen = environment["BAOCAO_SOFFICE"] {
            return FileManager.default.isExecutableFile(atPath: chosen) ? chosen : nil
        }
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") + ["/usr/lib/libreoffice/program"] {
            for name in ["soffice", "libreoffice"] {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// Writes `document`'s PDF beside it (same name, `.pdf`) and returns its path.
    ///
    /// - Parameters:
    ///   - timeout: seconds LibreOffice may take; past them it is stopped and nothing is written.
    ///   - soffice: the LibreOffice to run (default: ``findLibreOffice(environment:)``).
    public static func export(_ document: String, timeout: TimeInterval = 180, soffice: String? = findLibreOffice())
        throws -> String
    {
        guard let soffice else {
            throw ReportError(
                .libreOfficeMissing,
                "Chưa cài LibreOffice nên không xuất được PDF (tệp DOCX vẫn đã được ghi). Cài bằng lệnh: sudo apt-get install libreoffice-writer-nogui fonts-liberation2",
                file: document)
        }
        let url = URL(fileURLWithPath: document)
        let folder = url.deletingLastPathComponent()
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("baocao-lo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        // LibreOffice writes into a folder of its own first, so a failed export leaves no
        // half-written PDF beside the draft.
        let staging = FileManager.default.temporaryDirectory.appendingPathComponent("baocao-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: staging) }
        let arguments = [
            soffice, "-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore", "--convert-to",
            "pdf", "--outdir", staging.path, url.path,
        ]
        let process = Process()
        // soffice is a script that starts further processes: coreutils' timeout runs them in a
        // process group of their own and kills the whole group (itself included), where
        // killing the script alone would leave LibreOffice running. KILL, because processes
        // started from a worker thread inherit its blocked TERM.
        let timeoutTool = "/usr/bin/timeout"
        let grouped = FileManager.default.isExecutableFile(atPath: timeoutTool)
        if grouped {
            process.executableURL = URL(fileURLWithPath: timeoutTool)
            process.arguments = ["--signal=KILL", String(format: "%.2f", max(timeout, 0.01))] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: soffice)
            process.arguments = Array(arguments.dropFirst())
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout + (grouped ? 2 : 0))
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let timedOut =
            process.isRunning
            || (grouped && (process.terminationReason == .uncaughtSignal || process.terminationStatus == 124))
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        if timedOut {
            throw ReportError(
                .pdfFailed, "LibreOffice không xuất xong PDF trong \(max(1, Int(timeout.rounded()))) giây nên đã dừng.",
                file: document)
        }
        let produced = staging.appendingPathComponent(url.deletingPathExtension().lastPathComponent + ".pdf")
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: produced.path) else {
            throw ReportError(.pdfFailed, "LibreOffice không xuất được PDF.", file: document)
        }
        let target = folder.appendingPathComponent(produced.lastPathComponent)
        _ = try? FileManager.default.removeItem(at: target)
        try FileManager.default.moveItem(at: produced, to: target)
        return target.path
    }
}
