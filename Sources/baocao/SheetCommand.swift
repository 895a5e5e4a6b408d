import ArgumentParser
import OPC
import XLSX

/// `baocao sheet …`: look at what a workbook holds.
struct SheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheet",
        abstract: "Xem nội dung bảng tính.",
        subcommands: [Dump.self]
    )

    /// `baocao sheet dump FILE [--sheet NAME] [--format json|csv] [-o OUT]`.
    struct Dump: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "In toàn bộ ô của bảng tính dưới dạng JSON hoặc CSV.",
            discussion: """
                JSON: mọi trang tính theo thứ tự trong tệp (kể cả trang ẩn). CSV: một trang \
                (trang đầu tiên, hoặc trang chọn bằng --sheet).
                """
        )

        @Argument(help: "Tệp bảng tính .xlsx.")
        var file: String

        @Option(help: "Tên trang tính cần in.")
        var sheet: String?

        @Option(help: "Định dạng: json hoặc csv.")
        var format: SheetDumper.Format = .json

        @Option(name: .shortAndLong, help: "Ghi ra tệp này (ghi trọn vẹn hoặc không ghi gì) thay vì in ra màn hình.")
        var output: String?

        @OptionGroup var limitOptions: LimitOptions

        func run() throws {
            do {
                if let output, try OutputGuard.isSameFile(output, as: file) {
                    throw ValidationError("Tệp kết quả trùng với tệp đầu vào; hãy chọn tên khác.")
                }
                let workbook = try Workbook(path: file, displayName: file, limits: limitOptions.limits)
                let selected = try SheetDumper.selectSheet(sheet, in: workbook)
                let writer = try output.map { try ByteWriter.atomicFile(at: $0) } ?? .standardOutput()
                let dumper = SheetDumper(workbook: workbook, writer: writer)
                switch format {
                case .json:
                    try dumper.writeJSON(fileLabel: file, sheets: sheet == nil ? nil : selected.map { [$0] })
                case .csv:
                    try dumper.writeCSV(sheet: selected)
                }
                try writer.commit()
            } catch let error as ValidationError {
                throw error
            } catch {
                throw failUnreadable(error)
            }
        }
    }
}

extension SheetDumper.Format: ExpressibleByArgument {}
