import ArgumentParser
import Foundation
import Report
import Scorecard

/// `baocao convert FILE [-o OUT.docx] [--period YYYY-MM] [--force] [--timeout S]
/// [--format text|json] [--profile FILE] [--template FILE] [--store FILE] [--pdf]`.
struct ConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Lập dự thảo báo cáo (DOCX, tùy chọn PDF) từ phụ lục điểm Bộ chỉ số 766.")

    @Argument(help: "Tệp phụ lục: .xlsx, .xls, .ods, CSV hoặc trang HTML xuất từ phần mềm một cửa.")
    var file: String

    @Option(name: .shortAndLong, help: "Tệp dự thảo .docx (mặc định: tên phụ lục, đuôi .docx, trong thư mục hiện tại).")
    var output: String?

    @Option(help: "Kỳ báo cáo dạng YYYY-MM, ví dụ 2025-02 (dùng khi tên tệp và tiêu đề bảng không ghi tháng).")
    var period: String?

    @Flag(help: "Vẫn lập dự thảo khi phụ lục có lỗi; dự thảo ghi rõ cảnh báo và danh sách lỗi ở trang cuối.")
    var force = false

    @Option(help: "Định dạng kết quả in ra: text hoặc json.")
    var format: OutputFormat = .text

    @OptionGroup var setup: ConversionOptions

    func validate() throws {
        if let period, Period(period) == nil {
            throw ValidationError("--period cần dạng YYYY-MM, ví dụ 2025-02.")
        }
    }

    func run() async throws {
        // The long-lived LibreOffices close with the command, not after it.
        defer { OfficePool.shared.shutDown() }
        let target =
            output
            ?? FileManager.default.currentDirectoryPath + "/"
            + URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent + ".docx"
        let converter = try setup.makeConverter()
        let outcome = await converter.convert(
            ConversionRequest(
                source: .path(file), displayName: file, output: target, period: period.flatMap(Period.init),
                force: force, pdf: setup.pdf, timeLimit: setup.timeout, surface: .commandLine,
                protected: setup.template.map { [$0] } ?? []))
        try report(outcome, as: format)
    }
}
