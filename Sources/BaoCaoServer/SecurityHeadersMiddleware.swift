import HTTPTypes
import Hummingbird

/// Puts the security headers on every answer, refusals and errors included: a strict
/// Content-Security-Policy (scripts, styles and images only from the page itself, no inline
/// script, no framing), `nosniff`, `Referrer-Policy`, and `Cache-Control: no-store` unless
/// the answer set its own (drafts and pages carry the session's data).
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var policy: String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            // The history unreadable, say: logged for IT staff, answered in the page's shape.
            context.logger.error("\(request.method) \(request.uri.path): \(error)")
            response = Response.failure(
                "internal.unexpected", "Máy chủ gặp lỗi không lường trước; vui lòng thử lại sau ít phút.",
                status: .internalServerError)
        }
        response.headers[.contentSecurityPolicy] = Self.policy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.referrerPolicy] = "same-origin"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

extension HTTPField.Name {
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
