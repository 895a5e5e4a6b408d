import Foundation

/// One LibreOffice kept running between conversions, driven by the bridge program
/// (``OfficeBridgeScript``) over its standard input and output; used by one conversion at a
/// time (``OfficePool`` sees to it). Stopping it, or releasing it, kills the bridge's whole
/// process group, LibreOffice included, and removes its profile.
final class OfficeInstance: @unchecked Sendable {
    /// Why an instance could not be used.
    enum Problem: Error, Equatable {
        /// The bridge cannot run here (no Python with UNO): convert one `soffice` at a time.
        case noBridge
        /// The deadline passed: the instance was stopped.
        case timedOut
        /// LibreOffice did not start, ended, or did not produce the file.
        case failed(String)
    }

    private let process = Process()
    private let requests: FileHandle
    private let answers: LineReader
    private let profile: URL
    private var ready = false
    private var stopped = false

    /// Starts the bridge (and through it LibreOffice); ``convert(_:to:filter:until:)`` waits
    /// for it to be ready.
    init(soffice: String, python: String, script: URL) throws {
        profile = try TemporaryFolders.make("office")
        let input = Pipe()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path, soffice, profile.path, "baocao-\(UUID().uuidString)"]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            try? FileManager.default.removeItem(at: profile)
            throw error
        }
        requests = input.fileHandleForWriting
        answers = LineReader(output.fileHandleForReading)
    }

    deinit {
        stop()
    }

    /// Whether the instance can take another conversion.
    var isAlive: Bool { !stopped && process.isRunning }

    /// Converts `input` into `output` with LibreOffice's export `filter`
    /// (`writer_pdf_Export`), waiting for LibreOffice to start on the first call; past
    /// `deadline` the instance is stopped and ``Problem/timedOut`` thrown.
    func convert(_ input: URL, to output: URL, filter: String, until deadline: Date) throws {
        if !ready {
            let line = try answer(until: deadline)
            guard line["ready"] as? Bool == true else {
                stop()
                throw line["bridge"] as? Bool == false
                    ? Problem.noBridge : Problem.failed(line["error"] as? String ?? "LibreOffice did not start")
            }
            ready = true
        }
        let request = try JSONSerialization.data(
            withJSONObject: ["input": input.path, "output": output.path, "filter": filter])
        do {
            try requests.write(contentsOf: request + Data("\n".utf8))
        } catch {
            stop()
            throw Problem.failed("the bridge is gone")
        }
        let line = try answer(until: deadline)
        guard line["ok"] as? Bool == true else {
            if !process.isRunning { stop() }
            throw Problem.failed(line["error"] as? String ?? "no answer")
        }
    }

    /// Ends the instance: the bridge's process group is killed and its profile removed.
    func stop() {
        guard !stopped else { return }
        stopped = true
        try? requests.close()
        // The whole group, even when the bridge has ended: a LibreOffice it could not wait
        // for (a slow shutdown) would run on without it.
        let pid = process.processIdentifier
        if pid > 0 { kill(-pid, SIGKILL) }
        if process.isRunning {
            kill(pid, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: profile)
    }

    /// Lets the instance end by itself: its input is closed, so the bridge closes
    /// LibreOffice; waits up to `seconds`, then stops it.
    func close(within seconds: TimeInterval) {
        guard !stopped else { return }
        try? requests.close()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        stop()
    }

    private func answer(until deadline: Date) throws -> [String: Any] {
        guard let line = answers.next(until: deadline) else {
            let ended = answers.isFinished
            stop()
            throw ended ? Problem.failed("the bridge ended") : Problem.timedOut
        }
        guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else {
            stop()
            throw Problem.failed("the bridge answered «\(String(decoding: line, as: UTF8.self))»")
        }
        return object
    }
}

/// The lines a program writes, read by a thread of their own so that the reader can wait
/// for the next one with a deadline.
private final class LineReader: @unchecked Sendable {
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var lines: [Data] = []
    private var partial = Data()
    private var finished = false

    init(_ handle: FileHandle) {
        let thread = Thread { [self] in
            while true {
                let chunk = handle.availableData
                condition.lock()
                if chunk.isEmpty {
                    finished = true
                } else {
                    partial += chunk
                    while let end = partial.firstIndex(of: UInt8(ascii: "\n")) {
                        lines.append(partial[partial.startIndex..<end])
                        partial = partial[(end + 1)...]
                    }
                }
                condition.broadcast()
                condition.unlock()
                if chunk.isEmpty { return }
            }
        }
        thread.name = "baocao-office-reader"
        thread.start()
    }

    /// Whether the program closed its output.
    var isFinished: Bool {
        condition.lock()
        defer { condition.unlock() }
        return finished && lines.isEmpty
    }

    /// The next line, or `nil` when the output ended or `deadline` passed first.
    func next(until deadline: Date) -> Data? {
        condition.lock()
        defer { condition.unlock() }
        while lines.isEmpty && !finished {
            if !condition.wait(until: deadline) { break }
        }
        return lines.isEmpty ? nil : Data(lines.removeFirst())
    }
}
