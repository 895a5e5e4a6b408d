import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// What a browser holds after loading the page: its session cookie and the CSRF token of
/// the page's `<meta>` tag, sent back with the page's own `Origin` as the page's script does.
struct PageSession {
    var cookie: String
    var token: String

    /// The in-process test client's `Host`.
    static let origin = "http://localhost"

    /// `GET /` (the page, or the login form), as a browser opens it.
    static func open(_ client: some TestClientProtocol) async throws -> PageSession {
        try await client.execute(uri: "/", method: .get) { response in
            #expect(response.status == .ok)
            return try session(of: response, page: String(buffer: response.body))
        }
    }

    /// The session a response began (`Set-Cookie`) and the token its page carries.
    static func session(of response: TestResponse, page: String) throws -> PageSession {
        let id = try #require(Self.cookie(of: response))
        let token = try #require(Self.token(in: page))
        return PageSession(cookie: id, token: token)
    }

    /// The session id a response's `Set-Cookie` gives.
    static func cookie(of response: TestResponse) -> String? {
        guard let header = response.headers[.setCookie], header.hasPrefix("baocao_session=") else { return nil }
        return String(header.dropFirst("baocao_session=".count).prefix { $0 != ";" })
    }

    /// The token of the page's `<meta name="csrf-token">` or the login form's `csrf` field.
    static func token(in page: String) -> String? {
        for marker in ["<meta name=\"csrf-token\" content=\"", "name=\"csrf\" value=\""] {
            if let start = page.range(of: marker) {
                return String(page[start.upperBound...].prefix { $0 != "\"" })
            }
        }
        return nil
    }

    /// Cookie, token and origin, as the page's script sends them.
    var headers: HTTPFields {
        [.cookie: "baocao_session=\(cookie)", .origin: Self.origin, HTTPField.Name("X-CSRF-Token")!: token]
    }

    /// A login form's body.
    func loginForm(name: String, password: String) -> ByteBuffer {
        func encoded(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
        }
        return ByteBuffer(string: "csrf=\(token)&name=\(encoded(name))&password=\(encoded(password))")
    }

    /// Cookie and origin with a form's content type (the token goes in the form).
    var formHeaders: HTTPFields {
        [
            .cookie: "baocao_session=\(cookie)", .origin: Self.origin,
            .contentType: "application/x-www-form-urlencoded",
        ]
    }
}
