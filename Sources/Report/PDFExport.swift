import Foundation

/// Exports a document to PDF with LibreOffice: on a long-lived instance (``OfficePool``)
/// where one can run, else one `soffice` for the document (``LibreOffice``).
public enum PDFExport {
    /// The `soffice` binary, or `nil` when LibreOffice is not installed (see
    /// ``LibreOffice/find(environment:)``).
    public static func findLibreOffice(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        LibreOffice.find(environment: environment)
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
                "Chưa cài LibreOffice nên không xuất được PDF (tệp DOCX vẫn đã được ghi). Cài bằng lệnh: sudo apt-get install libreoffice-writer-nogui fonts-liberation2 python3-uno",
                file: document)
        }
        let url = URL(fileURLWithPath: document)
        let target = url.deletingPathExtension().appendingPathExtension("pdf")
        func place(_ produced: URL) throws -> String {
            _ = try? FileManager.default.removeItem(at: target)
            try FileManager.default.moveItem(at: produced, to: target)
            return target.path
        }
        do {
            // Written aside, then moved beside the draft: a stopped export leaves no part of a PDF.
            let staging = try TemporaryFolders.make("pdf")
            defer { try? FileManager.default.removeItem(at: staging) }
            let produced = staging.appendingPathComponent(target.lastPathComponent)
            if try OfficePool.shared.convert(
                url, to: produced, filter: "writer_pdf_Export", soffice: soffice,
                until: Date().addingTimeInterval(timeout))
            {
                guard FileManager.default.fileExists(atPath: produced.path) else { throw LibreOffice.Failure.failed }
                return try place(produced)
            }
            return try LibreOffice.convert(
                url, filter: "pdf", extension: "pdf", timeout: timeout, soffice: soffice, place)
        } catch LibreOffice.Failure.timedOut {
            throw ReportError(
                .pdfTimeLimit,
                "LibreOffice không xuất xong PDF trong \(ConversionPolicy.secondsText(timeout)) giây nên đã dừng (tệp DOCX vẫn đã được ghi).",
                file: document)
        } catch LibreOffice.Failure.failed {
            throw ReportError(.pdfFailed, "LibreOffice không xuất được PDF (tệp DOCX vẫn đã được ghi).", file: document)
        }
    }
}
