import Foundation

/// Exports a document to PDF with LibreOffice (``LibreOffice``).
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
        do {
            return try LibreOffice.convert(
                url, filter: "writer_pdf_Export", extension: "pdf", timeout: timeout, soffice: soffice
            ) { produced in
                // Moved beside the draft only once whole: a stopped export leaves no part of a PDF.
                let target = url.deletingPathExtension().appendingPathExtension("pdf")
                _ = try? FileManager.default.removeItem(at: target)
                try FileManager.default.moveItem(at: produced, to: target)
                return target.path
            }
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
