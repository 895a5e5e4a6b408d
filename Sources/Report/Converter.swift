import DOCX
import Foundation
import OPC
import Scorecard
import XLSX

/// The one conversion core: an appendix in, a checked draft out. `convert`, `batch` and
/// `serve` all hand it ``ConversionRequest``s and print or answer the
/// ``ConversionOutcome``s it returns; none of them sequences the steps itself.
///
/// A conversion has two halves: ``prepare(_:)`` reads and checks one appendix and applies
/// the gate (``ConversionPolicy``); ``complete(_:jobs:progress:isCancelled:)`` renders the
/// drafts of prepared conversions, records their months in the history in period order in
/// the same transaction that puts each draft in place (a draft that cannot be written leaves
/// no month behind), then exports the PDFs. ``convert(_:)`` is the two for one appendix; a
/// batch prepares all its inputs first. The converter holds no mutable state, so one serves
/// many conversions at once.
public final class Converter: Sendable {
    public let profile: OfficeProfile
    public let template: DOCXTemplate
    public let store: HistoryStore
    public let limits: ResourceLimits
    /// Where the blocking work runs (reading, rendering, the PDFs): threads of the
    /// converter's own, never those of Swift's cooperative pool.
    public let workers: WorkerThreads

    /// - Parameter threads: how many conversions' work may run at once (a batch's `--jobs`,
    ///   the page's workers).
    public init(
        profile: OfficeProfile, template: DOCXTemplate, store: HistoryStore, limits: ResourceLimits = .standard,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.profile = profile
        self.template = template
        self.store = store
        self.limits = limits
        workers = WorkerThreads(count: threads)
    }

    /// Reads, checks and writes one appendix's draft (and PDF): ``prepare(_:)`` then
    /// ``complete(_:jobs:progress:isCancelled:)``.
    public func convert(_ request: ConversionRequest) async -> ConversionOutcome {
        let prepared = await workers.run { self.prepare(request) }
        return await complete([prepared], jobs: 1).first!
    }

    /// Reads and checks the appendix of `request`, and decides whether it gets a draft.
    public func prepare(_ request: ConversionRequest) -> PreparedConversion {
        AppendixChecker(profile: profile, limits: limits).prepare(request)
    }

    /// Writes the drafts of `prepared` (those still pending), at most `jobs` at a time:
    /// renders each into a staging file beside its output, with the month-by-month table
    /// of its year as the history plus the sound months of `prepared` up to its own make
    /// it; then, in one transaction, records each sound month in period order and moves
    /// its draft into place, so a month is recorded only with its draft; then exports the
    /// PDFs asked for within what is left of each request's time limit.
    ///
    /// - Returns: one outcome per element of `prepared`, in the same order.
    public func complete(
        _ prepared: [PreparedConversion], jobs: Int, progress: @escaping @Sendable (BatchProgress) -> Void = { _ in },
        isCancelled: @escaping @Sendable () -> Bool = { false }
    ) async -> [ConversionOutcome] {
        var items = prepared
        let pending = items.indices.filter { items[$0].isPending }
            .sorted { (items[$0].appendix!.period!, $0) < (items[$1].appendix!.period!, $1) }
        guard !pending.isEmpty else { return items.map(\.outcome) }

        // The year tables: the history, then this run's sound months (a later input of the
        // same month replaces an earlier one, as recording them in this order does).
        var years: [Int: [Int: MonthRecord]] = [:]
        do {
            for year in Set(pending.map { items[$0].appendix!.period!.year }) {
                let held = try store.months(district: profile.historyKey, year: year, through: 12)
                years[year] = Dictionary(held.map { ($0.period.month, $0) }) { _, last in last }
            }
        } catch {
            for index in pending { fail(&items[index], error) }
            return items.map(\.outcome)
        }
        for index in pending {
            let appendix = items[index].appendix!
            guard !appendix.hasErrors, let period = appendix.period else { continue }
            years[period.year, default: [:]][period.month] = Self.monthRecord(period, appendix.district)
        }

        // 1. Render into staging files, concurrently.
        let tables = years
        let renders = await concurrently(
            pending, jobs: jobs, phase: "Lập dự thảo", names: items.map(\.request.displayName), progress: progress,
            isCancelled: isCancelled
        ) { [items] index in
            let started = ContinuousClock.now
            let item = items[index]
            let result = Result { try self.render(item.appendix!, to: item.request.output, table: tables) }
            return (result, secondsSince(started))
        }
        var staged: [Int: String] = [:]
        for index in pending {
            guard let (result, seconds) = renders[index] else {
                items[index].outcome.verdict = .cancelled
                continue
            }
            items[index].spent += seconds
            switch result {
            case .success(let (staging, warnings)):
                staged[index] = staging
                items[index].outcome.warnings += warnings
            case .failure(let error):
                fail(&items[index], error)
            }
        }

        // 2. Record the months and put the drafts in place, in period order, together.
        let order = pending.filter { staged[$0] != nil }
        let entries = order.map { index -> HistoryStore.Entry in
            let item = items[index]
            let appendix = item.appendix!
            let month =
                appendix.hasErrors
                ? nil
                : HistoryStore.Month(
                    district: profile.historyKey, period: appendix.period!, result: appendix.district,
                    units: appendix.units, source: item.request.displayName, recordedBy: item.request.recordedBy)
            let staging = staged[index]!
            let output = item.request.output
            return HistoryStore.Entry(month: month) { try Self.place(staging, at: output) }
        }
        let failures: [(any Error)?]
        do {
            failures = try store.record(entries)
        } catch {
            failures = Array(repeating: error, count: entries.count)
        }
        for (index, failure) in zip(order, failures) {
            if let failure {
                try? FileManager.default.removeItem(atPath: staged[index]!)
                fail(&items[index], failure)
            } else {
                items[index].outcome.draft = items[index].request.output
            }
        }

        // 3. The PDFs, within what is left of each conversion's time limit.
        let wantPDF = order.filter { items[$0].outcome.draft != nil && items[$0].request.pdf }
        let exports = await concurrently(
            wantPDF, jobs: jobs, phase: "Xuất PDF", names: items.map(\.request.displayName), progress: progress,
            isCancelled: isCancelled
        ) { [items] index in
            let item = items[index]
            let left = item.request.timeLimit - item.spent
            guard left >= ConversionPolicy.shortestPDFTime else {
                return Result<String, any Error>.failure(
                    ReportError(
                        .pdfTimeLimit,
                        "Đã dùng hết thời gian cho phép (\(ConversionPolicy.secondsText(item.request.timeLimit)) giây) nên không xuất PDF; tệp DOCX vẫn đã được ghi.",
                        file: item.request.output))
            }
            return Result { try PDFExport.export(item.request.output, timeout: left) }
        }
        for index in wantPDF {
            switch exports[index] {
            case .success(let pdf): items[index].outcome.pdf = pdf
            case .failure(let error):
                items[index].outcome.failure = .init(ReportError.located(error, file: items[index].request.output))
            case nil: break
            }
        }
        for index in pending {
            items[index].outcome.summary = ConversionPolicy.summary(
                of: items[index].outcome, for: items[index].request.surface)
        }
        return items.map(\.outcome)
    }

    private func fail(_ item: inout PreparedConversion, _ error: any Error) {
        item.outcome.verdict = .failed
        item.outcome.failure = .init(ReportError.located(error, file: item.request.output))
    }

    private static func monthRecord(_ period: Period, _ district: DistrictResult?) -> MonthRecord {
        MonthRecord(
            period: period, total: district?.total, band: district?.band, rank: district?.rank, of: district?.of)
    }

    /// Renders `appendix`'s draft into a staging file beside `output` and returns its path
    /// with the warnings (months missing, empty tags).
    private func render(_ appendix: Appendix, to output: String, table years: [Int: [Int: MonthRecord]]) throws
        -> (String, [String])
    {
        let period = appendix.period!
        var held = years[period.year] ?? [:]
        // A forced draft shows its own month, which is not history.
        if appendix.hasErrors { held[period.month] = Self.monthRecord(period, appendix.district) }
        let months = held.filter { $0.key <= period.month }.sorted { $0.key < $1.key }.map(\.value)
        var warnings: [String] = []
        // Provinces and communes as they are now exist from 07/2025: no earlier month to miss.
        let first = profile.officeLevel != .district && period.year == 2025 ? 7 : 1
        for month in first..<max(first, period.month) where held[month] == nil {
            warnings.append(
                "Lịch sử chưa có số liệu tháng \(month < 10 ? "0\(month)" : "\(month)")/\(period.year) của \(profile.ownName); bảng theo tháng không có dòng này. Hãy chuyển phụ lục tháng đó trước."
            )
        }
        let values = ReportContext.build(
            profile: profile, appendix: appendix, period: period, months: months, forced: appendix.hasErrors)
        let url = URL(fileURLWithPath: output)
        let staging = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).baocao-\(UUID().uuidString.prefix(8))").path
        do {
            let report = try template.render(values, to: staging)
            warnings += report.missing.map { "Mẫu có thẻ không có giá trị, để trống: \($0)" }
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
        return (staging, warnings)
    }

    /// Moves a rendered draft over `output` (one rename: readers see the old draft or the
    /// new one, never half of one).
    private static func place(_ staging: String, at output: String) throws {
        guard rename(staging, output) == 0 else {
            let code = errno
            throw ReportError.located(
                NSError(domain: NSPOSIXErrorDomain, code: Int(code), userInfo: [NSFilePathErrorKey: output]),
                file: output)
        }
    }

    /// Runs `work` over `indices`, at most `jobs` at a time, reporting progress; an index
    /// not started because `isCancelled` turned true has no result.
    func concurrently<Value: Sendable>(
        _ indices: [Int], jobs: Int, phase: String, names: [String],
        progress: @escaping @Sendable (BatchProgress) -> Void, isCancelled: @escaping @Sendable () -> Bool,
        work: @escaping @Sendable (Int) -> Value
    ) async -> [Int: Value] {
        var results: [Int: Value] = [:]
        var next = 0
        await withTaskGroup(of: (Int, Value).self) { group in
            func startNext() {
                guard next < indices.count, !isCancelled() else { return }
                let index = indices[next]
                next += 1
                group.addTask { [workers] in (index, await workers.run { work(index) }) }
            }
            for _ in 0..<max(1, jobs) { startNext() }
            while let (index, value) = await group.next() {
                results[index] = value
                progress(BatchProgress(phase: phase, done: results.count, total: indices.count, current: names[index]))
                startNext()
            }
        }
        return results
    }
}

/// Seconds from `start` until now, as the time limits count them.
func secondsSince(_ start: ContinuousClock.Instant) -> TimeInterval {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}
