import Foundation
import Hummingbird
import Logging
import MultipartKit
import OPC
import Report
import Scorecard
import ServiceLifecycle

/// Builds the web application of `baocao serve`: the drag-in page, the conversion API,
/// the drafts to download and a health check. Tests drive it in process.
public func buildApplication(
    configuration: ServerConfiguration, converter: Converter, logger: Logger = Logger(label: "baocao.serve")
) throws -> some ApplicationProtocol {
    let service = try ConversionService(configuration: configuration, converter: converter)
    let router = Router()
    router.get("/") { _, _ in Response.html(Page.html) }
    router.get("/favicon.svg") { _, _ in Response.data(Page.favicon, type: "image/svg+xml") }
    router.get("/favicon.ico") { _, _ in Response.data(Page.favicon, type: "image/svg+xml") }
    router.get("/healthz") { _, _ in Response.text("ok") }
    router.post("/api/convert") { request, _ in try await service.convert(request) }
    router.get("/drafts/:file") { _, context in
        let name = try context.parameters.require("file")
        let id = (name as NSString).deletingPathExtension
        let kind = (name as NSString).pathExtension
        guard let path = await service.shelf.file(id: id, kind: kind),
            let data = FileManager.default.contents(atPath: path)
        else {
            return Response.failure(
                "draft.not_found", "Không còn bản dự thảo này (đã hết hạn hoặc chưa từng có).", status: .notFound)
        }
        let type =
            kind == "pdf"
            ? "application/pdf" : "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        var response = Response.data(data, type: type)
        response.headers[.contentDisposition] = "attachment; filename=\"du-thao-\(id.prefix(8)).\(kind)\""
        return response
    }
    var app = Application(
        router: router,
        server: .http1(
            configuration: .init(idleTimeout: .milliseconds(Int64(configuration.idleTimeout * 1000)))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
        logger: logger)
    app.addServices(ShelfJanitor(shelf: service.shelf))
    return app
}

/// Deletes expired drafts every minute, and every draft when the server stops.
struct ShelfJanitor: Service {
    let shelf: DraftShelf

    func run() async throws {
        // Stops on the server's graceful shutdown (Ctrl-C, SIGTERM), then leaves nothing behind.
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: .seconds(60))
                await shelf.removeExpired()
            }
        }
        await shelf.removeAll()
    }
}
