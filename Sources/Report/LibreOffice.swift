import Foundation

/// LibreOffice run headless: DOCX to PDF, and `.xls`/`.ods` appendices to XLSX.
public enum LibreOffice {
    /// The `soffice` binary, or `nil` when LibreOffice is not installed. `BAOCAO_SOFFICE`
    /// names another LibreOffice (empty: use none).
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
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

    /// How a conversion ended when it produced nothing.
    public enum Failure: Error, Equatable {
        /// LibreOffice was still working when the time ran out, and was stopped.
        case timedOut
        /// LibreOffice ended without writing the file.
        case failed
    }

    /// Converts `input` with LibreOffice's export `filter` into a folder of its own and hands
    /// the produced file to `body`; the folder is removed afterwards, so a failed or stopped
    /// conversion leaves nothing behind. The conversion runs on a long-lived LibreOffice
    /// (``OfficePool/shared``) where one can run, else on a `soffice` of its own.
    ///
    /// - Parameters:
    ///   - filter: LibreOffice's export filter (`writer_pdf_Export`, `Calc MS Excel 2007 XML`).
    ///   - extension: the produced file's extension (`pdf`, `xlsx`).
    ///   - timeout: seconds LibreOffice may take; past them it is stopped with its processes.
    /// - Throws: ``Failure``, or the error of starting the process or of `body`.
    public static func convert<Result>(
        _ input: URL, filter: String, extension: String, timeout: TimeInterval, soffice: String,
        _ body: (URL) throws -> Result
    ) throws -> Result {
        let deadline = Date().addingTimeInterval(timeout)
        let staging = try TemporaryFolders.make("out")
        defer { try? FileManager.default.removeItem(at: staging) }
        let produced = staging.appendingPathComponent(
            input.deletingPathExtension().lastPathComponent + "." + `extension`)
        if try !OfficePool.shared.convert(input, to: produced, filter: filter, soffice: soffice, until: deadline) {
            try runOnce(
                input, convertTo: "\(`extension`):\(filter)", into: staging, timeout: deadline.timeIntervalSinceNow,
                soffice: soffice)
        }
        guard FileManager.default.fileExists(atPath: produced.path) else { throw Failure.failed }
        return try body(produced)
    }

    /// One `soffice --convert-to` with a profile of its own, into `staging`.
    private static func runOnce(
        _ input: URL, convertTo filter: String, into staging: URL, timeout: TimeInterval, soffice: String
    ) throws {
        let profile = try TemporaryFolders.make("profile")
        defer { try? FileManager.default.removeItem(at: profile) }
        let arguments = [
            soffice, "-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore", "--convert-to",
            filter, "--outdir", staging.path, input.path,
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
        if timedOut { throw Failure.timedOut }
        guard process.terminationStatus == 0 else { throw Failure.failed }
    }
}
