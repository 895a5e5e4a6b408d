import ArgumentParser
import DOCX
import Foundation
import OPC
import Report
import Scorecard

/// `baocao convert FILE [-o OUT.docx] [--profile FILE] [--template FILE] [--store FILE]
/// [--period YYYY-MM] [--pdf] [--force]`.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Lập dự thảo báo cáo (DOCX, tùy chọn PDF) từ phụ lục điểm Bộ chỉ số 766.")

    @Argument(help: "Tệp phụ lục .xlsx.")
    var file: String

    @Option(name: .shortAndLong, help: "Tệp dự thảo .docx (mặc định: tên phụ lục, đuôi .docx, trong thư mục hiện tại).")
    var output: String?

    @Option(help: "Kỳ báo cáo dạng YYYY-MM, ví dụ 2025-02.")
    var period: String?

    @Flag(help: "Vẫn lập dự thảo khi phụ lục có lỗi; dự thảo ghi rõ cảnh báo và danh sách lỗi ở trang cuối.")
    var force = false

    @OptionGroup var setup: ConversionOptions

    func validate() throws {
        if let period, Period(period) == nil {
            throw ValidationError("--period cần dạng YYYY-MM, ví dụ 2025-02.")
        }
    }

    func run() throws {
        let target =
            output
            ?? FileManager.default.currentDirectoryPath + "/"
            + URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent + ".docx"
        let converter = try setup.makeConverter()
        let outcome: ConversionOutcome
        do {
            outcome = try converter.convert(
                input: file, displayName: file, output: target, period: period.flatMap(Period.init), force: force,
                protected: setup.template.map { [$0] } ?? [])
        } catch {
            throw failUnreadable(error)
        }
        let report = ValidationReport(file: file, appendix: outcome.appendix)
        guard outcome.status == .converted, let written = outcome.output else {
            print(report.text)
            FileHandleOutput.standardError(
                "Phụ lục có lỗi nên chưa lập dự thảo. Sửa các ô trên rồi chạy lại, hoặc dùng --force để vẫn lập dự thảo có ghi cảnh báo."
            )
            throw ExitCode(ExitStatus.validationFailed)
        }
        if !outcome.appendix.diagnostics.isEmpty { print(report.text) }
        for warning in outcome.warnings { FileHandleOutput.standardError("Cảnh báo: \(warning)") }
        print("Đã ghi dự thảo: \(written)")
        if setup.pdf {
            do {
                print("Đã ghi PDF: \(try PDFExport.export(written))")
            } catch {
                throw failUnreadable(error)
            }
        }
    }
}
