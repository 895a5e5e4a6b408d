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

    @Option(name: .customLong("max-upload-mb"), help: "Dung lượng tải lên tối đa (MB).")
    var maxUploadMiB = 20

    @Option(help: "Số tệp tối đa đang chờ hoặc đang xử lý; vượt quá thì trả lời 503.")
    var queue = 64

    @Option(name: .customLong("draft-ttl"), help: "Số giây một dự thảo còn tải được.")
    var draftTTL = 3600

    @Option(help: "Số tệp được xử lý cùng lúc (mặc định: số lõi CPU).")
    var workers = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("upload-timeout"), help: "Số giây tối đa để nhận xong một tệp tải lên.")
    var uploadTimeout = 60

    @Option(
        name: .customLong("allowed-host"),
        help: "Tên hoặc địa chỉ khác mà trình duyệt dùng để mở trang (có thể lặp lại), ví dụ tên máy trong mạng.")
    var allowedHosts: [String] = []

    @OptionGroup var setup: ConversionOptions

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port phải từ 1 đến 65535.") }
        guard maxUploadMiB > 0, queue > 0, draftTTL > 0, workers > 0, uploadTimeout > 0 else {
            throw ValidationError(
                "--max-upload-mb, --queue, --draft-ttl, --workers và --upload-timeout phải lớn hơn 0.")
        }
    }

    func run() async throws {
        TemporaryFolders.sweep()
        // The long-lived LibreOffices close with the command, not after it.
        defer { OfficePool.shared.shutDown() }
        let converter = try setup.makeConverter(threads: workers)
        // Open to the network only behind a login.
        let hasAccounts: Bool
        do {
            hasAccounts = try converter.store.hasAccounts()
        } catch {
            throw failUnreadable(error)
        }
        if !ServerConfiguration.isLoopback(host), !hasAccounts {
            let store = setup.store.map { " --store \($0)" } ?? ""
            FileHandleOutput.standardError(
                "Lỗi: trang mở cho cả mạng (--host \(host)) phải có đăng nhập, nhưng chưa có tài khoản nào. Thêm tài khoản: baocao user add TÊN\(store), rồi chạy lại; hoặc chỉ mở trên máy này (--host 127.0.0.1). [serve.no_accounts]"
            )
            throw ExitCode(ExitStatus.unreadableOrUsage)
        }
        let settings = ServerConfiguration(
            host: host, port: port, maxUploadBytes: maxUploadMiB << 20, queueLimit: queue, concurrency: workers,
            draftLifetime: TimeInterval(draftTTL), conversionTimeout: setup.timeout, pdf: setup.pdf,
            uploadTimeout: TimeInterval(uploadTimeout),
            allowedHosts: allowedHosts)
        var logger = Logger(label: "baocao.serve")
        logger.logLevel = .info
        let app = try buildApplication(configuration: settings, converter: converter, logger: logger)
        print("Trang lập dự thảo: http://\(host):\(port)/  (Ctrl-C để dừng)")
        try await app.runService()
    }
}
