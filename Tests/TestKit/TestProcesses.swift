import Foundation

/// Helpers every test target shares: paths, temporary folders and running programs.
public enum TestFiles {
    /// The repository root (the folder holding Package.swift).
    public static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/Fixtures`: everything the tests read that they do not write themselves. No
    /// test reads outside the repository.
    public static let fixtures: URL = repoRoot.appendingPathComponent("Tests/Fixtures")

    /// The Python that runs the fixture writers: `$BAOCAO_PYTHON`, else the virtual
    /// environment `Scripts/bootstrap` makes (Debian's Python with its python3-* packages),
    /// else `python3` on `PATH`.
    public static let python: URL = {
        if let path = ProcessInfo.processInfo.environment["BAOCAO_PYTHON"] { return URL(fileURLWithPath: path) }
        let venv = repoRoot.appendingPathComponent(".venv/bin/python3")
        if FileManager.default.isExecutableFile(atPath: venv.path) { return venv }
        return TestProcess.findExecutable("python3") ?? URL(fileURLWithPath: "/usr/bin/python3")
    }()

    /// A fresh temporary folder; the caller removes it.
    public static func temporaryFolder(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// What a program run by ``TestProcess/run(_:_:environment:currentDirectory:)`` gave.
public struct ProcessOutcome: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: String
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
}

public enum TestProcess {
    /// Runs `executable` with `arguments` (no standard input) and waits, reading both pipes
    /// fully; `environment` is added to this process's own.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
        currentDirectory: URL? = nil
    ) throws -> ProcessOutcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes concurrently so a full stderr pipe never blocks the child.
        let errorData = LockedBox(Data())
        let reader = Thread { errorData.value = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return ProcessOutcome(
            status: process.terminationStatus, stdout: outData,
            stderr: String(decoding: errorData.value, as: UTF8.self))
    }

    /// The first executable `name` on `PATH`.
    public static func findExecutable(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}

/// A value shared between threads under a lock.
public final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    public init(_ value: Value) { stored = value }
    public var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
