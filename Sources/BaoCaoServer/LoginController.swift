import Foundation
import Hummingbird
import Report

/// The login form's answers: a session logged in (a new session id, so one known before is
/// worth nothing), a refusal slowed down by ``LoginThrottle``, and the logout.
struct LoginController: Sendable {
    let sessions: SessionStore
    let throttle: LoginThrottle
    let store: HistoryStore

    /// `POST /login` with the form's `name`, `password` and `csrf` (checked by the guard).
    func login(_ request: Request, context: PageRequestContext) async throws -> Response {
        guard let session = context.session else { return Self.redirect() }
        let form = FormFields(try await request.body.collect(upTo: RequestGuardMiddleware.longestForm))
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            .precomposedStringWithCanonicalMapping
        let password = form["password"] ?? ""
        let wait = await throttle.wait(account: name, address: context.address)
        if wait > 0 { return Self.throttled(wait, token: session.token, name: name) }
        // bcrypt takes a quarter of a second of a core: off the request threads, one at a time,
        // so a burst of logins cannot take every core from the conversions and `/healthz`.
        let store = store
        let known = try await withCheckedThrowingContinuation { continuation in
            Self.passwordChecks.async {
                continuation.resume(with: Result { try store.verify(name: name, password: password) })
            }
        }
        guard known else {
            let closed = await throttle.fail(account: name, address: context.address)
            if closed > 0 { return Self.throttled(closed, token: session.token, name: name) }
            return Response.html(
                LoginPage.html(token: session.token, message: "Sai tên đăng nhập hoặc mật khẩu.", name: name),
                status: .unauthorized)
        }
        await throttle.succeed(account: name, address: context.address)
        let logged = await sessions.login(replacing: session.id, account: name)
        var response = Self.redirect()
        response.headers[.setCookie] = await sessions.cookie(for: logged)
        return response
    }

    /// `POST /logout`: the session ends and its cookie goes.
    func logout(_ request: Request, context: PageRequestContext) async throws -> Response {
        if let session = context.session { await sessions.remove(id: session.id) }
        var response = Self.redirect()
        response.headers[.setCookie] = SessionStore.expiredCookie
        return response
    }

    static let passwordChecks = DispatchQueue(label: "baocao.password-checks")

    static func throttled(_ seconds: TimeInterval, token: String, name: String) -> Response {
        let whole = Int(seconds.rounded(.up))
        let wait = whole >= 120 ? "\(whole / 60) phút" : "\(whole) giây"
        var response = Response.html(
            LoginPage.html(
                token: token, message: "Đăng nhập sai nhiều lần; hãy thử lại sau \(wait).", name: name),
            status: .tooManyRequests)
        response.headers[.retryAfter] = String(whole)
        return response
    }

    static func redirect() -> Response {
        Response(status: .seeOther, headers: [.location: "/"])
    }
}
