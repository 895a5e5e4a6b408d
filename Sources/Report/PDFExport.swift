import Foundation

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
    public static func export(
        _ document: String, timeout: TimeInterval = ConversionPolicy.standardTimeLimit,
        soffice: String? = findLibreOffice()
    )
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
                .pdfTimeLimit,
                "LibreOffice không xuất xong PDF trong \(ConversionPolicy.secondsText(timeout)) giây nên đã dừng (tệp DOCX vẫn đã được ghi).",
                file: document)
        }
        let produced = staging.appendingPathComponent(url.deletingPathExtension().lastPathComponent + ".pdf")
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: produced.path) else {
            throw ReportError(.pdfFailed, "LibreOffice không xuất được PDF (tệp DOCX vẫn đã được ghi).", file: document)
        }
        let target = folder.appendingPathComponent(produced.lastPathComponent)
        _ = try? FileManager.default.removeItem(at: target)
        try FileManager.default.moveItem(at: produced, to: target)
        return target.path
    }
}
