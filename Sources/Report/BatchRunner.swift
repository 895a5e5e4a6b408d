import Foundation
import OPC
import Scorecard

/// Where a batch stands, for the progress display.
public struct BatchProgress: Sendable {
    public var phase: String
    public var done: Int
    public var total: Int
    public var current: String
}

/// Converts many appendices with the one conversion core: every input prepared (read and
/// checked) concurrently, then completed together, so months are recorded in period order
/// and each draft's monthly table runs up to its own period: a year given out of order comes
/// out as one given in order.
///
/// A re-run converts only what changed since the last run into the same folder (input,
/// template and profile), and again every later month of a year whose earlier month
/// changed, since their monthly tables show it.
public final class BatchRunner: Sendable {
    public let converter: Converter
    public let folder: String
    public let jobs: Int
    public let force: Bool
    public let pdf: Bool
    /// Seconds of work each input may take.
    public let timeLimit: TimeInterval
    /// Converts inputs again even when they and the template are unchanged.
    public let all: Bool
    /// Identifies the template and profile in use: a change converts everything again.
    public let fingerprint: String

    public init(
        converter: Converter, folder: String, jobs: Int, force: Bool, pdf: Bool, all: Bool, fingerprint: String,
        timeLimit: TimeInterval = ConversionPolicy.standardTimeLimit
    ) {
        self.converter = converter
        self.folder = folder
        self.jobs = max(1, jobs)
        self.force = force
        self.pdf = pdf
        self.all = all
        self.fingerprint = fingerprint
        self.timeLimit = timeLimit
    }

    /// The appendices among `inputs`: files as named, and in folders (searched recursively)
    /// every file with one of ``AppendixFile/folderExtensions``, skipping Office's `~$` lock
    /// files and hidden files, in a stable order.
    public static func discover(_ inputs: [String]) throws -> [String] {
        var found: [String] = []
        for input in inputs {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isFolder) else {
                found.append(input)  // reported as unreadable
                continue
            }
            if !isFolder.boolValue {
                found.append(input)
                continue
            }
            let enumerator = FileManager.default.enumerator(atPath: input)
            var inFolder: [String] = []
            while let relative = enumerator?.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                let suffix = (name as NSString).pathExtension.lowercased()
                guard AppendixFile.folderExtensions.contains(suffix), !name.hasPrefix("~$"), !name.hasPrefix(".") else {
                    continue
                }
                inFolder.append((input as NSString).appendingPathComponent(relative))
            }
            found += inFolder.sorted()
        }
        var seen: Set<String> = []
        return found.filter { seen.insert(($0 as NSString).standardizingPath).inserted }
    }

    /// Draft names, one per input and never two alike (compared without case, as on the
    /// office's shared folders): the input's name with `.docx`; inputs sharing a name get
    /// their folder's name in front, and a name still taken gets `-2`, `-3`, ...
    public static func outputNames(_ inputs: [String]) -> [String] {
        let bases = inputs.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
        var counts: [String: Int] = [:]
        for base in bases { counts[base.lowercased(), default: 0] += 1 }
        let wanted = zip(inputs, bases).map { input, base -> String in
            guard counts[base.lowercased()]! > 1 else { return base }
            let parent = ((input as NSString).deletingLastPathComponent as NSString).lastPathComponent
            return (parent.isEmpty || parent == "." ? "" : parent + "-") + base
        }
        var taken: Set<String> = []
        return wanted.map { name in
            var candidate = name
            var number = 1
            while !taken.insert(candidate.lowercased()).inserted {
                number += 1
                candidate = "\(name)-\(number)"
            }
            return candidate + ".docx"
        }
    }

    /// Runs the batch. `progress` is called from any thread; `isCancelled` is polled before
    /// each file is started (Ctrl-C: what runs finishes, nothing new starts).
    ///
    /// - Returns: one outcome per input, in the order of `inputs`.
    public func run(
        inputs: [String], progress: @escaping @Sendable (BatchProgress) -> Void,
        isCancelled: @escaping @Sendable () -> Bool
    ) async -> [ConversionOutcome] {
        let names = Self.outputNames(inputs)
        let outputs = names.map { (folder as NSString).appendingPathComponent($0) }
        let manifest = BatchManifest(folder: folder)
        var previous = manifest.load()
        var outcomes = inputs.map { input in
            var outcome = ConversionOutcome(file: input, verdict: .cancelled)
            outcome.summary = ConversionPolicy.summary(of: outcome, for: .batch)
            return outcome
        }
        var unchanged: [Int: Period?] = [:]
        var pending: [Int] = []
        for (index, input) in inputs.enumerated() {
            if !all, let known = previous[input], FileManager.default.fileExists(atPath: outputs[index]),
                known.stamp.matches(input, fingerprint: fingerprint)
            {
                unchanged[index] = known.period.flatMap(Period.init)
            } else {
                pending.append(index)
            }
        }
        let requests = inputs.indices.map { index in
            ConversionRequest(
                source: .path(inputs[index]), displayName: inputs[index], output: outputs[index], force: force,
                pdf: pdf, timeLimit: timeLimit, surface: .batch, protected: [inputs[index]])
        }
        let renamed = Dictionary(
            uniqueKeysWithValues: inputs.indices.compactMap { index -> (Int, String)? in
                let plain = ((inputs[index] as NSString).lastPathComponent as NSString).deletingPathExtension + ".docx"
                guard names[index] != plain else { return nil }
                return (
                    index,
                    "Tên dự thảo «\(plain)» trùng với dự thảo của tệp khác trong lượt chạy nên dự thảo này được đặt tên «\(names[index])»."
                )
            })

        // 1. Read and check what changed, concurrently; each input is read once, for its
        // check and for the stamp the next run compares.
        let prepareOne: @Sendable (Int) -> (PreparedConversion, BatchManifest.Stamp?) = {
            [converter, fingerprint] index in
            let input = inputs[index]
            let contents = FileManager.default.contents(atPath: input)
            var prepared = converter.prepare(
                contents.map { bytes in
                    var read = requests[index]
                    read.source = .bytes([UInt8](bytes))
                    return read
                } ?? requests[index])
            if let note = renamed[index] { prepared = prepared.warning(note) }
            return (
                prepared, contents.flatMap { BatchManifest.Stamp.of(input, contents: $0, fingerprint: fingerprint) }
            )
        }
        var prepared = await converter.concurrently(
            pending, jobs: jobs, phase: "Đọc và kiểm tra", names: inputs, progress: progress, isCancelled: isCancelled,
            work: prepareOne)

        // 2. An unchanged later month of a year whose earlier month changed is converted
        // again: its monthly table shows the changed month.
        var earliestChange: [Int: Int] = [:]
        for (prepared, _) in prepared.values {
            guard let period = prepared.outcome.period, prepared.outcome.verdict == .converted else { continue }
            earliestChange[period.year] = min(earliestChange[period.year] ?? 13, period.month)
        }
        let stale = unchanged.compactMap { index, period -> Int? in
            guard let period, let changed = earliestChange[period.year], period.month > changed else { return nil }
            return index
        }.sorted()
        if !stale.isEmpty {
            let again = await converter.concurrently(
                stale, jobs: jobs, phase: "Đọc lại tháng sau", names: inputs, progress: progress,
                isCancelled: isCancelled, work: prepareOne)
            for (index, value) in again {
                unchanged[index] = nil
                prepared[index] = (
                    value.0.warning("Lập lại dự thảo vì phụ lục của một tháng trước đó trong năm đã thay đổi."), value.1
                )
            }
        }

        // 3. Complete them together: render, record in period order, place, PDF.
        let order = prepared.keys.sorted()
        let completed = await converter.complete(
            order.map { prepared[$0]!.0 }, jobs: jobs, progress: progress, isCancelled: isCancelled)
        for (index, outcome) in zip(order, completed) { outcomes[index] = outcome }
        for (index, period) in unchanged {
            var outcome = ConversionOutcome(file: inputs[index], verdict: .unchanged)
            outcome.period = period
            outcome.draft = outputs[index]
            outcome.summary = ConversionPolicy.summary(of: outcome, for: .batch)
            outcomes[index] = outcome
        }

        // 4. Remember what was converted, for the next run.
        for (index, outcome) in outcomes.enumerated() {
            if outcome.verdict == .converted, let stamp = prepared[index]?.1 {
                previous[inputs[index]] = BatchManifest.Entry(stamp: stamp, period: outcome.period?.description)
            } else if outcome.verdict != .unchanged {
                previous[inputs[index]] = nil
            }
        }
        do {
            try manifest.save(previous)
        } catch {
            // Only the next run's shortcut is lost: it converts everything again.
            for index in outcomes.indices where outcomes[index].verdict == .converted {
                outcomes[index].warnings.append(
                    "Không ghi được tệp ghi nhớ của lượt chạy (\(manifest.path)); lần sau sẽ lập lại mọi dự thảo.")
            }
        }
        return outcomes
    }
}
