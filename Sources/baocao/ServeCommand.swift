import ArgumentParser
import BaoCaoServer
import DOCX
import Foundation
import Logging
import Report

/// `baocao serve`: the drag-in page for office staff.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Mở trang web nội bộ: kéo thả phụ lục, xem lỗi, tải dự thảo báo cáo.")

    @Option(help: "Địa chỉ lắng nghe.")
    var host = "127.0.0.1"

    @Option(help: "Cổng.")
    var port = 8080

    @Option(help: "Hồ sơ cơ quan (YAML); mặc định dùng hồ sơ Phú Tân có sẵn.")
    var profile: String?

    @Option(help: "Mẫu báo cáo .docx; mặc định dùng mẫu có sẵn.")
    var template: String?

    @Option(help: "Tệp lịch sử (SQLite); mặc định trong thư mục dữ liệu của người dùng.")
    var store: String?

    @Flag(help: "Xuất thêm PDF bằng LibreOffice.")
    var pdf = false

    @Option(name: .customLong("max-upload-mb"), help: "Dung lượng tải lên tối đa (MB).")
    var maxUploadMiB = 20

    @Option(help: "Số tệp tối đa đang chờ hoặc đang xử lý; vượt quá thì trả lời 503.")
    var queue = 64

    @Option(name: .customLong("draft-ttl"), help: "Số giây một dự thảo còn tải được.")
    var draftTTL = 3600

    @OptionGroup var limitOptions: LimitOptions

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port phải từ 1 đến 65535.") }
        guard maxUploadMiB > 0, queue > 0, draftTTL > 0 else {
            throw ValidationError("--max-upload-mb, --queue và --draft-ttl phải lớn hơn 0.")
        }
    }

    func run() async throws {
        let converter: Converter
        do {
            let office = try profile.map(OfficeProfile.load(path:)) ?? OfficeProfile.builtIn()
            let compiled = try template.map { try DOCXTemplate(path: $0) } ?? DOCXTemplate.builtIn()
            if !compiled.problems.isEmpty {
                throw DOCXError(
                    .templateInvalid, "Mẫu báo cáo có lỗi.", file: compiled.displayName, problems: compiled.problems)
            }
            converter = Converter(
                profile: office, template: compiled, store: try HistoryStore(path: store ?? HistoryStore.defaultPath()),
                limits: limitOptions.limits)
        } catch {
            throw failUnreadable(error)
        }
        let settings = ServerConfiguration(
            host: host, port: port, maxUploadBytes: maxUploadMiB << 20, queueLimit: queue,
            draftLifetime: TimeInterval(draftTTL), pdf: pdf)
        var logger = Logger(label: "baocao.serve")
        logger.logLevel = .info
        let app = try buildApplication(configuration: settings, converter: converter, logger: logger)
        print("Trang lập dự thảo: http://\(host):\(port)/  (Ctrl-C để dừng)")
        try await app.runService()
    }
}
