import Foundation
import TestKit

/// Paths and process helpers shared by the end-to-end tests.
enum TestSupport {
    static let repoRoot = TestFiles.repoRoot
    /// The real-world corpus (a copy of the project's shared one, with its licences).
    static let corpus: URL = TestFiles.fixtures.appendingPathComponent("corpus/xlsx")

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

    /// Runs the built `baocao` with `arguments`.
    static func baocao(_ arguments: [String], environment: [String: String]? = nil) throws -> ProcessOutcome {
        try TestProcess.run(binary, arguments, environment: environment)
    }

    /// Runs `python3 -c script args…` (the fixture writers use openpyxl, xlsxwriter).
    static func python(_ script: String, _ arguments: [String] = []) throws -> ProcessOutcome {
        try TestProcess.run(TestFiles.python, ["-c", script] + arguments)
    }

    /// A fresh temporary folder; the caller removes it.
    static func temporaryFolder(_ label: String = "baocao-test") throws -> URL {
        try TestFiles.temporaryFolder(label)
    }
}
