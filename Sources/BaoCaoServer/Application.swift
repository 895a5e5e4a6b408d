import Foundation
import Hummingbird
import Logging
import MultipartKit
import OPC
import Report
import Scorecard
import ServiceLifecycle

/// Builds the web application of `baocao serve`: the drag-in page (or its login form when
/// accounts exist), the conversion API, the drafts to download, the office's months and a
/// health check, every request through ``RequestGuardMiddleware`` and every answer with the
/// security headers. Tests drive it in process.
public func buildApplication(
    configuration: ServerConfiguration, converter: Converter, logger: Logger = Logger(label: "baocao.serve")
) throws -> some ApplicationProtocol {
    let service = try ConversionService(configuration: configuration, converter: converter)
    let sessions = SessionStore(
        idle: configuration.sessionIdle, lifetime: configuration.sessionLifetime, now: configuration.clock)
    let login = LoginController(
        sessions: sessions, throttle: LoginThrottle(now: configuration.clock), store: converter.store)
    let history = HistoryController(converter: converter)
    let router = Router(context: PageRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(
        middleware: RequestGuardMiddleware(
            hosts: HostAllowList(host: configuration.host, extra: configuration.allowedHosts), sessions: sessions,
            store: converter.store))
    router.get("/") { _, context in
        // The guard begins a session for every opening of the page.
        guard let session = context.session else { throw HTTPError(.internalServerError) }
        return context.loginRequired
            ? Response.html(LoginPage.html(token: session.token))
            : Response.html(Page.html(token: session.token, account: session.account))
    }
    router.get("/app.js") { _, _ in Response.data(Data(PageScript.source.utf8), type: "text/javascript; charset=utf-8")
    }
    router.get("/app.css") { _, _ in Response.data(Data(PageStyle.css.utf8), type: "text/css; charset=utf-8") }
    router.get("/favicon.svg") { _, _ in Response.data(Page.favicon, type: "image/svg+xml") }
    router.get("/favicon.ico") { _, _ in Response.data(Page.favicon, type: "image/svg+xml") }
    router.get("/healthz") { _, _ in Response.text("ok") }
    router.post("/login") { request, context in try await login.login(request, context: context) }
    router.post("/logout") { request, context in try await login.logout(request, context: context) }
    router.post("/api/convert") { request, context in
        try await service.convert(request, by: context.session?.account)
    }
    router.get("/api/history") { request, context in try await history.list(request, context: context) }
    router.get("/history/:file") { request, context in try await history.draft(request, context: context) }
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
        var response = Response.data(data, type: kind == "pdf" ? DraftType.pdf : DraftType.docx)
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
