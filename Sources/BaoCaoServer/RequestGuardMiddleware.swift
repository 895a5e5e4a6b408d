import Foundation
import HTTPTypes
import Hummingbird
import Report

/// Lets through only requests from the page itself, in this order: a `Host` the server was
/// started for (else 421, or 400 without one: DNS rebinding); for a state-changing method
/// (`POST` and any other but `GET`, `HEAD`, `OPTIONS`), an `Origin` (or, without one, a
/// `Referer`) of the page's own origin, a session (one begins when the page is opened,
/// `GET /`) and its CSRF token in `X-CSRF-Token` or a form's `csrf` field (else 403); and,
/// when accounts exist, a logged-in session for anything but the login page and its assets
/// (else 401).
struct RequestGuardMiddleware: RouterMiddleware {
    typealias Context = PageRequestContext

    let hosts: HostAllowList
    let sessions: SessionStore
    let store: HistoryStore

    /// Paths served without a login: the login page (`/` shows it), its form, its assets.
    static let openPaths: Set<String> = ["/", "/login", "/app.css", "/app.js", "/favicon.svg", "/favicon.ico"]
    /// Longest form body read for its `csrf` field (the login and logout forms).
    static let longestForm = 16 << 10

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var request = request
        var context = context
        let named = ([request.head.authority] + request.headers[values: Self.hostField]).compactMap { $0 }
        guard !named.isEmpty else {
            return Response.failure(
                "request.host_missing", "Yêu cầu không ghi địa chỉ máy chủ (Host) nên bị từ chối.", status: .badRequest)
        }
        if let foreign = named.first(where: { !hosts.allows($0) }) {
            return Response.failure(
                "request.host_unknown",
                "Trang này không phục vụ địa chỉ «\(foreign)». Hãy mở trang bằng địa chỉ của máy chủ (quản trị viên có thể thêm tên khác bằng --allowed-host).",
                status: .misdirectedRequest)
        }
        if request.uri.path == "/healthz" { return try await next(request, context) }

        let changesState = ![.get, .head, .options].contains(request.method)
        if changesState, let refusal = Self.originRefusal(request, host: named[0]) { return refusal }

        var session: Session?
        if let id = request.cookies[SessionStore.cookieName]?.value { session = await sessions.session(id: id) }
        if changesState, session == nil {
            return Response.failure(
                "session.missing", "Phiên làm việc đã hết hạn hoặc chưa có; hãy tải lại trang rồi thử lại.",
                status: .forbidden)
        }
        if changesState, let known = session {
            let (token, body) = try await Self.token(of: request)
            if let body { request.body = .init(buffer: body) }
            guard let token, Self.same(token, known.token) else {
                return Response.failure(
                    "csrf.invalid",
                    "Mã xác thực của trang (CSRF) thiếu hoặc không đúng; hãy tải lại trang rồi thử lại.",
                    status: .forbidden)
            }
        }

        let names = try store.accounts().map(\.name)
        if let known = session, let account = known.account, !names.contains(account) {
            // The account was removed while logged in.
            await sessions.remove(id: known.id)
            session = nil
        }
        // Only the page (or its login form) begins a session: assets and refusals do not.
        var fresh: Session?
        if session == nil, request.uri.path == "/" {
            fresh = await sessions.create()
            session = fresh
        }
        context.session = session
        context.loginRequired = !names.isEmpty && session?.account == nil
        if context.loginRequired, !Self.openPaths.contains(request.uri.path) {
            return Response.failure("auth.required", "Cần đăng nhập để dùng trang này.", status: .unauthorized)
        }
        var response = try await next(request, context)
        if let fresh, response.headers[.setCookie] == nil {
            response.headers[.setCookie] = await sessions.cookie(for: fresh)
        }
        return response
    }

    static let hostField = HTTPField.Name("Host")!
    static let tokenField = HTTPField.Name("X-CSRF-Token")!

    /// 403 unless the request comes from the page's own origin, `http(s)://HOST`.
    static func originRefusal(_ request: Request, host: String) -> Response? {
        let own = ["http://" + host.lowercased(), "https://" + host.lowercased()]
        let claimed: String?
        if let origin = request.headers[.origin], origin != "null" {
            claimed = origin
        } else if let referer = request.headers[.referer], let url = URL(string: referer), let scheme = url.scheme,
            let name = url.host
        {
            let bracketed = name.contains(":") && !name.hasPrefix("[") ? "[\(name)]" : name
            claimed = "\(scheme)://\(bracketed)" + (url.port.map { ":\($0)" } ?? "")
        } else {
            claimed = nil
        }
        guard let claimed else {
            return Response.failure(
                "request.origin_missing",
                "Yêu cầu không cho biết được gửi từ trang nào (thiếu Origin và Referer) nên bị từ chối.",
                status: .forbidden)
        }
        guard own.contains(claimed.lowercased()) else {
            return Response.failure(
                "request.cross_origin", "Yêu cầu không gửi từ trang lập dự thảo này (\(claimed)) nên bị từ chối.",
                status: .forbidden)
        }
        return nil
    }

    /// The CSRF token a POST carries: its `X-CSRF-Token` header, else a urlencoded form's
    /// `csrf` field (the form's body is then returned, to be put back for the handler).
    static func token(of request: Request) async throws -> (String?, ByteBuffer?) {
        if let header = request.headers[tokenField] { return (header, nil) }
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true
        else { return (nil, nil) }
        guard let body = try? await request.body.collect(upTo: longestForm) else { return (nil, ByteBuffer()) }
        return (FormFields(body)["csrf"], body)
    }

    /// Compares without stopping at the first difference.
    static func same(_ a: String, _ b: String) -> Bool {
        let a = Array(a.utf8)
        let b = Array(b.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
