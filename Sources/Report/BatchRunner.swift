import DOCX
import Foundation
import OPC
import Scorecard
import XLSX

/// One input's line of a batch summary.
public struct BatchRecord: Sendable, Encodable {
    public enum Status: String, Sendable, Encodable, CaseIterable {
        case converted, invalid, unreadable, unchanged, cancelled
    }

    public struct Problem: Sendable, Encodable {
        public var rule: String
        public var sheet: String?
        public var cell: String?
        public var message: String
    }

    public var input: String
    /// `2025-02`, when known.
    public var period: String?
    public var status: Status
    public var output: String?
    public var errors: Int
    public var warnings: Int
    /// Up to five first problems.
    public var problems: [Problem]
}

/// Where a batch stands, for the progress display.
public struct BatchProgress: Sendable {
    public var phase: String
    public var done: Int
    public var total: Int
    public var current: String
}

/// Converts many appendices: read and checked concurrently, recorded in the history in
/// period order, then rendered concurrently, each draft with the monthly table up to its
/// own period, so a year given out of order comes out as one given in order.
public final class BatchRunner: Sendable {
    public let converter: Converter
    public let folder: String
    public let jobs: Int
    public let force: Bool
    public let pdf: Bool
    /// Converts inputs again even when they and the template are unchanged.
    public let all: Bool
    /// Identifies the template and profile in use: a change converts everything again.
    public let fingerprint: String

    public init(
        converter: Converter, folder: String, jobs: Int, force: Bool, pdf: Bool, all: Bool, fingerprint: String
    ) {
        self.converter = converter
        self.folder = folder
        self.jobs = max(1, jobs)
        self.force = force
        self.pdf = pdf
        self.all = all
        self.fingerprint = fingerprint
    }

    /// The `.xlsx` files among `inputs` (files, or folders searched recursively), skipping
    /// Office's `~$` lock files, in a stable order.
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
                guard name.lowercased().hasSuffix(".xlsx"), !name.hasPrefix("~$"), !name.hasPrefix(".") else {
                    continue
                }
                inFolder.append((input as NSString).appendingPathComponent(relative))
            }
            found += inFolder.sorted()
        }
        var seen: Set<String> = []
        return found.filter { seen.insert(($0 as NSString).standardizingPath).inserted }
    }

    /// Draft names: the input's name with `.docx`; inputs sharing a name get their folder's
    /// name in front.
    public static func outputNames(_ inputs: [String]) -> [String] {
        let bases = inputs.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
        var counts: [String: Int] = [:]
        for base in bases { counts[base, default: 0] += 1 }
        return zip(inputs, bases).map { input, base in
            guard counts[base]! > 1 else { return base + ".docx" }
            let parent = ((input as NSString).deletingLastPathComponent as NSString).lastPathComponent
            return (parent.isEmpty ? "" : parent + "-") + base + ".docx"
        }
    }

    private struct Read: Sendable {
        var index: Int
        var appendix: Appendix?
        var stamp: BatchManifest.Stamp?
        var failure: (any Error)?
    }

    /// An error's stable code and its message, for the summary.
    public static func describe(_ error: any Error) -> (code: String, message: String) {
        guard let error = error as? any LocatedError else { return ("file.unreadable", String(describing: error)) }
        return (error.codeName, error.placedMessage)
    }

    /// Runs the batch. `progress` is called from any thread; `isCancelled` is polled before
    /// each file is started (Ctrl-C: what runs finishes, nothing new starts).
    public func run(
        inputs: [String], progress: @escaping @Sendable (BatchProgress) -> Void,
        isCancelled: @escaping @Sendable () -> Bool
    ) async throws -> [BatchRecord] {
        let names = Self.outputNames(inputs)
        let outputs = names.map { (folder as NSString).appendingPathComponent($0) }
        let manifest = BatchManifest(folder: folder)
        var previous = manifest.load()
        var records = inputs.map {
            BatchRecord(input: $0, period: nil, status: .cancelled, output: nil, errors: 0, warnings: 0, problems: [])
        }
        var pending: [Int] = []
        for (index, input) in inputs.enumerated() {
            if !all, let known = previous[input], FileManager.default.fileExists(atPath: outputs[index]),
                known.stamp.matches(input, fingerprint: fingerprint)
            {
                records[index].status = .unchanged
                records[index].period = known.period
                records[index].output = outputs[index]
            } else {
                pending.append(index)
            }
        }

        // 1. Read and check, concurrently.
        let reads = await concurrently(
            pending, phase: "Đọc và kiểm tra", inputs: inputs, progress: progress, isCancelled: isCancelled
        ) {
            index -> Read in
            let input = inputs[index]
            do {
                try self.converter.checkOutput(outputs[index], protecting: [input])
                // Read once: the same bytes are parsed and stamped for the next run.
                guard let contents = FileManager.default.contents(atPath: input) else {
                    // The reader says why (missing, a folder, no permission).
                    _ = try self.converter.read(input: input, displayName: input, period: nil)
                    return Read(index: index, failure: OPCError(.fileUnreadable, "Không đọc được tệp.", file: input))
                }
                return Read(
                    index: index,
                    appendix: try self.converter.read(bytes: [UInt8](contents), displayName: input, period: nil),
                    stamp: BatchManifest.Stamp.of(input, contents: contents, fingerprint: self.fingerprint))
            } catch {
                return Read(index: index, failure: error)
            }
        }

        let stamps = Dictionary(reads.compactMap { read in read.stamp.map { (read.index, $0) } }) { first, _ in first }

        // 2. Record sound months in the history, in period order.
        var toRender: [(index: Int, appendix: Appendix, period: Period)] = []
        for read in reads {
            guard let appendix = read.appendix else {
                records[read.index].status = .unreadable
                records[read.index].errors = 1
                let (code, message) = read.failure.map(Self.describe) ?? ("file.unreadable", "")
                records[read.index].problems = [
                    BatchRecord.Problem(rule: code, sheet: nil, cell: nil, message: message)
                ]
                continue
            }
            var record = records[read.index]
            record.period = appendix.period?.description
            record.errors = appendix.diagnostics.filter { $0.severity == .error }.count
            record.warnings = appendix.diagnostics.count - record.errors
            record.problems = appendix.diagnostics.prefix(5).map {
                BatchRecord.Problem(rule: $0.rule.rawValue, sheet: $0.sheet, cell: $0.cell, message: $0.message)
            }
            if let period = appendix.period, !appendix.hasErrors || force {
                toRender.append((read.index, appendix, period))
                record.status = .cancelled  // until written
            } else {
                record.status = .invalid
            }
            records[read.index] = record
        }
        toRender.sort { ($0.period, $0.index) < ($1.period, $1.index) }
        try converter.record(toRender.map { ($0.appendix, $0.period, inputs[$0.index]) })

        // 3. Render, concurrently.
        let byIndex = Dictionary(uniqueKeysWithValues: toRender.map { ($0.index, $0) })
        let rendered = await concurrently(
            toRender.map(\.index), phase: "Lập dự thảo", inputs: inputs, progress: progress, isCancelled: isCancelled
        ) { index -> (Int, (code: String, message: String)?, Int) in
            let item = byIndex[index]!
            do {
                let warnings = try self.converter.render(item.appendix, period: item.period, to: outputs[index])
                if self.pdf { _ = try PDFExport.export(outputs[index]) }
                return (index, nil, warnings.count)
            } catch {
                return (index, Self.describe(error), 0)
            }
        }
        for (index, failure, warnings) in rendered {
            if let failure {
                records[index].status = .unreadable
                records[index].errors += 1
                records[index].problems.insert(
                    BatchRecord.Problem(rule: failure.code, sheet: nil, cell: nil, message: failure.message), at: 0)
                records[index].problems = Array(records[index].problems.prefix(5))
            } else {
                records[index].status = .converted
                records[index].output = outputs[index]
                records[index].warnings += warnings
            }
        }
        for (index, record) in records.enumerated() {
            if record.status == .converted, let stamp = stamps[index] {
                previous[record.input] = BatchManifest.Entry(stamp: stamp, period: record.period)
            } else if record.status != .unchanged {
                previous[record.input] = nil
            }
        }
        try manifest.save(previous)
        return records
    }

    /// Runs `work` over `indices`, at most ``jobs`` at a time, reporting progress.
    private func concurrently<Result: Sendable>(
        _ indices: [Int], phase: String, inputs: [String], progress: @escaping @Sendable (BatchProgress) -> Void,
        isCancelled: @escaping @Sendable () -> Bool, work: @escaping @Sendable (Int) -> Result
    ) async -> [Result] {
        var results: [Result] = []
        var next = 0
        var done = 0
        await withTaskGroup(of: (Int, Result).self) { group in
            func startNext() {
                guard next < indices.count, !isCancelled() else { return }
                let index = indices[next]
                next += 1
                group.addTask { (index, work(index)) }
            }
            for _ in 0..<jobs { startNext() }
            while let (index, result) = await group.next() {
                results.append(result)
                done += 1
                progress(BatchProgress(phase: phase, done: done, total: indices.count, current: inputs[index]))
                startNext()
            }
        }
        return results
    }
}

/// What the last batch converted into a folder, so a re-run converts only what changed.
struct BatchManifest {
    struct Stamp: Codable, Equatable, Sendable {
        var size: Int
        var modified: Double
        var hash: String
        var fingerprint: String

        /// The stamp of `contents`, read from `path`, with the template's fingerprint.
        static func of(_ path: String, contents: Data, fingerprint: String) -> Stamp? {
            guard let modified = modificationTime(path) else { return nil }
            return Stamp(size: contents.count, modified: modified, hash: FNV1a.hex(contents), fingerprint: fingerprint)
        }

        /// Whether `path` still has this stamp: size and time first, then (only when those
        /// agree) the content hash.
        func matches(_ path: String, fingerprint: String) -> Bool {
            guard self.fingerprint == fingerprint,
                let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                (attributes[.size] as? NSNumber)?.intValue == size, Self.modificationTime(path) == modified,
                let contents = FileManager.default.contents(atPath: path)
            else { return false }
            return FNV1a.hex(contents) == hash
        }

        private static func modificationTime(_ path: String) -> Double? {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            return (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970
        }
    }

    struct Entry: Codable, Sendable {
        var stamp: Stamp
        var period: String?
    }

    let path: String

    init(folder: String) {
        path = (folder as NSString).appendingPathComponent(".baocao-batch.json")
    }

    func load() -> [String: Entry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        return (try? JSONDecoder().decode([String: Entry].self, from: data)) ?? [:]
    }

    func save(_ entries: [String: Entry]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let writer = try ByteWriter.atomicFile(at: path)
        try writer.write([UInt8](try encoder.encode(entries)))
        try writer.commit()
    }
}

/// FNV-1a, 64 bits: enough to notice that a file changed.
public enum FNV1a {
    public static func hex(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        // Over the raw bytes: Data's iterator costs several times the hashing itself.
        data.withUnsafeBytes { bytes in
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
        }
        return String(hash, radix: 16)
    }

    public static func hex(_ text: String) -> String { hex(Data(text.utf8)) }
}
