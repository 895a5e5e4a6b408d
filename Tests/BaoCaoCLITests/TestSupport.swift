import Foundation

/// Paths and process helpers shared by the end-to-end tests.
enum TestSupport {
    /// The repository root (the folder holding Package.swift).
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared` beside the checkout.
    static let shared: URL = repoRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// The shared real-world corpus.
    static let corpus: URL = shared.appendingPathComponent("corpus/xlsx")

    /// The built `baocao` binary: `$BAOCAO_BIN`, else beside the test bundle, else
    /// `.build/debug/baocao`.
    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["BAOCAO_BIN"] {
            return URL(fileURLWithPath: path)
        }
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0])
            .deletingLastPathComponent().appendingPathComponent("baocao")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return repoRoot.appendingPathComponent(".build/debug/baocao")
    }()

    struct Outcome {
        var status: Int32
        var stdout: Data
        var stderr: String
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// Runs `executable` with `arguments` and waits, reading both pipes fully.
    static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
        currentDirectory: URL? = nil
    ) throws -> Outcome {
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
        try process.run()
        // Read both pipes concurrently so a full stderr pipe never blocks the child.
        let errorData = LockedBox(Data())
        let reader = Thread { errorData.value = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return Outcome(
            status: process.terminationStatus, stdout: outData,
            stderr: String(decoding: errorData.value, as: UTF8.self))
    }

    /// Runs the built `baocao` with `arguments`.
    static func baocao(_ arguments: [String], environment: [String: String]? = nil) throws -> Outcome {
        try run(binary, arguments, environment: environment)
    }

    /// Runs `python3 -c script args…` (the fixture writers use openpyxl, xlsxwriter).
    static func python(_ script: String, _ arguments: [String] = []) throws -> Outcome {
        try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script] + arguments)
    }

    /// A fresh temporary folder, removed by the caller with `cleanup`.
    static func temporaryFolder(_ label: String = "baocao-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
