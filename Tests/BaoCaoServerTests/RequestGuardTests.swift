import BaoCaoServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Report
import Testing

/// Each refusal of requests that do not come from the page (status, stable code and the
/// Vietnamese message), the security headers on every answer, and that a refused upload
/// leaves the history as it was.
@Suite struct RequestGuardTests {
    static func failure(_ response: TestResponse) throws -> (code: String?, message: String?) {
        let failure = try RouterTests.json(response)["failure"] as? [String: Any]
        return (failure?["code"] as? String, failure?["message"] as? String)
    }

    static func months(_ folder: URL) throws -> Int {
        try HistoryStore(path: folder.appendingPathComponent("history.sqlite").path)
            .recordedMonths(district: OfficeProfile.builtIn().historyKey).count
    }

    @Test func aForeignHostGives421() async throws {
        let folder = try RouterTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await RouterTests.application(folder: folder).test(.router) { client in
            for uri in ["/", "/healthz", "/api/history"] {
                try await client.execute(uri: uri, method: .get, headers: [.init("Host")!: "rebind.example:8080"]) {
                    response in
                    #expect(response.status == .misdirectedRequest, "\(uri)")
                    let (code, message) = try Self.failure(response)
                    #expect(code == "request.host_unknown")
                    #expect(message?.contains("Trang này không phục vụ địa chỉ «rebind.example:8080»") == true)
                    #expect(response.headers[.contentSecurityPolicy] != nil, "refusals carry the headers too")
                }
            }
        }
    }

    @Test func anAllowedHostIsServed() async throws {
        let folder = try RouterTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await RouterTests.application(allowedHosts: ["baocao.phutan.vn"], folder: folder).test(.router) { client in
            try await client.execute(uri: "/", method: .get, headers: [.init("Host")!: "BaoCao.PhuTan.vn:8080"]) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/", method: .get, headers: [.init("Host")!: "phutan.vn"]) {
                #expect($0.status == .misdirectedRequest)
            }
        }
    }

    @Test func onAllInterfacesTheMachinesOwnNamesAreServed() async throws {
        let folder = try RouterTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await RouterTests.application(host: "0.0.0.0", folder: folder).test(.router) { client in
            let machine = ProcessInfo.processInfo.hostName
            for host in ["127.0.0.1:8080", "[::1]:8080", machine + ":8080", "localhost."] {
                try await client.execute(uri: "/", method: .get, headers: [.init("Host")!: host]) {
                    #expect($0.status == .ok, "\(host)")
                }
            }
            try await client.execute(uri: "/", method: .get, headers: [.init("Host")!: "rebind.example"]) {
                #expect($0.status == .misdirectedRequest)
            }
        }
    }

    @Test func onANetworkAddressLoopbackNamesAreForeign() async throws {
        let folder = try RouterTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The in-process client always names `localhost`, which a server bound to a network
        // address does not answer (a page on the clerk's own machine could rebind to it).
        try await RouterTests.application(host: "192.0.2.10", folder: folder).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                let (code, _) = try Self.failure(response)
                #expect(response.status == .misdirectedRequest)
                #expect(code == "request.host_unknown")
            }
        }
    }

    /// A page elsewhere posting a `text/plain` form or a fetch: with a foreign `Origin`, with
    /// only a foreign `Referer`, or with neither.
    @Test(arguments: [
        ("a foreign Origin", [HTTPField.Name.origin: "http://evil.example"], "request.cross_origin"),
        ("Origin of another port", [.origin: "http://localhost:9999"], "request.cross_origin"),
        ("a foreign Referer", [.referer: "http://evil.example/trang.html"], "request.cross_origin"),
        ("neither", [:], "request.origin_missing"),
    ])
    func aCrossSitePostGives403(_ label: String, _ claimed: [HTTPField.Name: String], _ code: String) async throws {
        let folder = try RouterTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await RouterTests.application(folder: folder).test(.router) { client in
            let page = try await PageSession.open(client)
            var headers = page.headers
            headers[.origin] = nil
            headers[.contentType] = "text/plain"
            for (name, value) in claimed { headers[name] = value }
            try await client.execute(
                uri: "/api/convert?filename=phu-luc-1-2025-02.xlsx", method: .post, headers: headers,
                body: try RouterTests.sample("phu-luc-1-2025-02.xlsx")
            ) { response in
                #expect(response.status == .forbidden, "\(label)")
                let (answered, message) = try Self.failure(response)
                #expect(answered == code, "\(label)")
                #expect(message?.contains("bị từ chối") == true)
            }
        }
        #expect(try Self.months(folder) == 0, "a refused upload records no month")
    }

    @Test func theRefererStandsInForAMissingOrigin() async throws {
        let folder = try RouterTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await RouterTests.application(folder: folder).test(.router) { client in
            let page = try await PageSession.open(client)
            var headers = page.headers
            headers[.origin] = nil
            headers[.referer] = "http://localhost/"
            try await client.execute(
                uri: "/api/convert?filename=phu-luc-1-2025-02.xlsx", method: .post, headers: headers,
                body: try RouterTests.sample("phu-luc-1-2025-02.xlsx")
            ) { #expect($0.status == .ok) }
        }
    }

    @Test(arguments: ["missing", "wrong", "no session"])
    func aPostWithoutTheSessionsTokenGives403(_ label: String) async throws {
        let folder = try RouterTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await RouterTests.application(folder: folder).test(.router) { client in
            let page = try await PageSession.open(client)
            var headers = page.headers
            let token = HTTPField.Name("X-CSRF-Token")!
            switch label {
            case "missing": headers[token] = nil
            case "wrong": headers[token] = String(page.token.reversed())
            default: headers[.cookie] = nil
            }
            try await client.execute(
                uri: "/api/convert?filename=phu-luc-1-2025-02.xlsx", method: .post, headers: headers,
                body: try RouterTests.sample("phu-luc-1-2025-02.xlsx")
            ) { response in
                #expect(response.status == .forbidden, "\(label)")
                let (code, message) = try Self.failure(response)
                #expect(code == (label == "no session" ? "session.missing" : "csrf.invalid"), "\(label)")
                #expect(message?.contains("tải lại trang") == true)
            }
        }
        #expect(try Self.months(folder) == 0)
    }

    @Test func everyAnswerCarriesTheSecurityHeaders() async throws {
        let folder = try RouterTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await RouterTests.application(folder: folder).test(.router) { client in
            for uri in ["/", "/app.js", "/healthz", "/khong-co", "/drafts/khong-co.docx", "/api/history"] {
                try await client.execute(uri: uri, method: .get) { response in
                    let policy = response.headers[.contentSecurityPolicy] ?? ""
                    #expect(policy.contains("script-src 'self'"), "\(uri): \(policy)")
                    #expect(!policy.contains("unsafe-inline"), "\(uri)")
                    #expect(policy.contains("frame-ancestors 'none'"), "\(uri)")
                    #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                    #expect(response.headers[.init("X-Frame-Options")!] == "DENY", "\(uri)")
                    #expect(response.headers[.init("Referrer-Policy")!] == "same-origin", "\(uri)")
                    #expect(response.headers[.cacheControl] == "no-store", "\(uri)")
                }
            }
        }
    }

    @Test func theSessionCookieIsHTTPOnlySameSiteAndExpires() async throws {
        let folder = try RouterTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await RouterTests.application(folder: folder).test(.router) { client in
            let cookie = try await client.execute(uri: "/", method: .get) { $0.headers[.setCookie] }
            let attributes = try #require(cookie).components(separatedBy: "; ")
            #expect(attributes.first?.hasPrefix("baocao_session=") == true)
            #expect(attributes.first?.count == "baocao_session=".count + 64, "256 bits in hex")
            for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] { #expect(attributes.contains(attribute)) }
            #expect(attributes.contains { $0.hasPrefix("Max-Age=") && $0 != "Max-Age=0" })
            // Two visits, two sessions and tokens.
            let first = try await PageSession.open(client)
            let second = try await PageSession.open(client)
            #expect(first.cookie != second.cookie && first.token != second.token)
            // A known session is not given a new cookie.
            try await client.execute(uri: "/", method: .get, headers: [.cookie: "baocao_session=\(first.cookie)"]) {
                #expect($0.headers[.setCookie] == nil)
                #expect(PageSession.token(in: String(buffer: $0.body)) == first.token)
            }
        }
    }
}
