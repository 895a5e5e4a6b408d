import Foundation

/// The long-lived LibreOffices of this process: each conversion takes an idle instance, or
/// starts one, so there are as many as conversions have run at once, and a conversion never
/// waits behind another. One that hangs is stopped at its conversion's time limit and the
/// next conversion starts a fresh one; one that died is replaced the same way.
///
/// Where the bridge cannot run (no Python with UNO), ``convert(_:to:filter:soffice:until:)``
/// answers `false` and the caller runs one `soffice` per document.
public final class OfficePool: @unchecked Sendable {
    /// The pool of this process.
    public static let shared = OfficePool()

    private let environment: [String: String]
    // Guarded by `lock`.
    private let lock = NSLock()
    private var idle: [String: [OfficeInstance]] = [:]
    private var withoutBridge: Set<String> = []
    private var script: URL?

    /// A pool of its own (the process's is ``shared``); `environment` decides the bridge's
    /// Python (``python(for:environment:)``).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The Python that runs the bridge for `soffice`: `BAOCAO_OFFICE_PYTHON` (empty: none,
    /// one `soffice` per document), the one LibreOffice ships beside `soffice`, else
    /// Debian's `/usr/bin/python3` (with `python3-uno`).
    static func python(
        for soffice: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String? {
        if let chosen = environment["BAOCAO_OFFICE_PYTHON"] {
            return FileManager.default.isExecutableFile(atPath: chosen) ? chosen : nil
        }
        let program = URL(fileURLWithPath: soffice).resolvingSymlinksInPath().deletingLastPathComponent()
        for candidate in [program.appendingPathComponent("python").path, "/usr/bin/python3"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return nil
    }

    /// Converts `input` into `output` with the export `filter` on a long-lived LibreOffice.
    ///
    /// - Returns: `false` when no long-lived LibreOffice can run here; nothing was done.
    /// - Throws: ``LibreOffice/Failure``: `timedOut` past `deadline` (the instance is
    ///   stopped), `failed` when LibreOffice could not convert the document.
    public func convert(_ input: URL, to output: URL, filter: String, soffice: String, until deadline: Date) throws
        -> Bool
    {
        guard let instance = try take(soffice) else { return false }
        do {
            try instance.convert(input, to: output, filter: filter, until: deadline)
        } catch OfficeInstance.Problem.noBridge {
            lock.withLock { _ = withoutBridge.insert(soffice) }
            return false
        } catch OfficeInstance.Problem.timedOut {
            throw LibreOffice.Failure.timedOut
        } catch {
            // A document LibreOffice refused leaves a sound instance behind; a dead one goes.
            if instance.isAlive { give(instance, back: soffice) }
            throw LibreOffice.Failure.failed
        }
        give(instance, back: soffice)
        return true
    }

    /// Closes every idle instance, letting each LibreOffice end by itself within `seconds`.
    public func shutDown(within seconds: TimeInterval = 10) {
        let all = lock.withLock {
            defer { idle = [:] }
            return idle.values.flatMap { $0 }
        }
        DispatchQueue.concurrentPerform(iterations: all.count) { all[$0].close(within: seconds) }
        lock.withLock {
            if let script { try? FileManager.default.removeItem(at: script.deletingLastPathComponent()) }
            script = nil
        }
    }

    private func take(_ soffice: String) throws -> OfficeInstance? {
        let (reused, script): (OfficeInstance?, URL?) = try lock.withLock {
            guard !withoutBridge.contains(soffice) else { return (nil, nil) }
            while let instance = idle[soffice]?.popLast() {
                if instance.isAlive { return (instance, nil) }
            }
            return (nil, try bridgeScript())
        }
        if let reused { return reused }
        guard let script, let python = Self.python(for: soffice, environment: environment) else {
            lock.withLock { _ = withoutBridge.insert(soffice) }
            return nil
        }
        return try OfficeInstance(soffice: soffice, python: python, script: script)
    }

    private func give(_ instance: OfficeInstance, back soffice: String) {
        lock.withLock { idle[soffice, default: []].append(instance) }
    }

    /// The bridge program, written once per process into a folder only this user reads.
    private func bridgeScript() throws -> URL {
        if let script, FileManager.default.fileExists(atPath: script.path) { return script }
        let file = try TemporaryFolders.make("bridge").appendingPathComponent("office-bridge.py")
        try Data(OfficeBridgeScript.source.utf8).write(to: file)
        script = file
        return file
    }
}
