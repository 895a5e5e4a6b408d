import BaoCaoServer
import DOCX
import Foundation
import Hummingbird
import HummingbirdTesting
import Report
import TestKit
import Testing

/// The page with accounts: the login form, what is refused before a login, a login that
/// starts a new session, the history of months with who converted them and their drafts,
/// the warning before replacing a month, the logout, and failed logins slowed down.
@Suite struct LoginTests {
    static let accounts = ["lan": "mat-khau-cua-lan", "minh": "mat-khau-cua-minh"]

    /// Logs `name` in: the session that follows (the cookie the login set, the page's token).
    static func logIn(
        _ client: some TestClientProtocol, _ name: String, _ password: String
    ) async throws -> PageSession {
        let before = try await PageSession.open(client)
        let cookie = try await client.execute(
            uri: "/login", method: .post, headers: before.formHeaders,
            body: before.loginForm(name: name, password: password)
        ) { response in
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/")
            return PageSession.cookie(of: response)
        }
        let id = try #require(cookie, "a login sets a new session cookie")
        #expect(id != before.cookie, "a login begins a new session")
        let page = try await client.execute(uri: "/", method: .get, headers: [.cookie: "baocao_session=\(id)"]) {
            String(buffer: $0.body)
        }
        #expect(page.contains("Đang đăng nhập: <b id=\"account\">\(name)</b>"))
        return PageSession(cookie: id, token: try #require(PageSession.token(in: page)))
    }

    static func convert(
        _ client: some TestClientProtocol, _ session: PageSession, query: String = ""
    ) async throws -> TestResponse {
        try await client.execute(
            uri: "/api/convert?filename=phu-luc-1-2025-02.xlsx" + query, method: .post, headers: session.headers,
            body: try RouterTests.sample("phu-luc-1-2025-02.xlsx"))
    }

    @Test func withAccountsNothingButTheLoginFormIsServedBeforeALogin() async throws {
        let folder = try RouterTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await RouterTests.application(accounts: Self.accounts, folder: folder).test(.router) { client in
            let anonymous = try await client.execute(uri: "/", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(page.contains("<form class=\"card login\" id=\"login\" method=\"post\" action=\"/login\">"))
                #expect(page.contains("Tên đăng nhập") && page.contains("Mật khẩu"))
                #expect(!page.contains("id=\"file\""), "no upload before a login")
                return try PageSession.session(of: response, page: page)
            }
            let convert = try await Self.convert(client, anonymous)
            #expect(convert.status == .unauthorized)
            #expect(try RequestGuardTests.failure(convert).code == "auth.required")
            #expect(try RequestGuardTests.failure(convert).message == "Cần đăng nhập để dùng trang này.")
            for uri in ["/api/history", "/drafts/x.docx", "/history/2025-02.docx"] {
                try await client.execute(uri: uri, method: .get, headers: anonymous.headers) {
                    #expect($0.status == .unauthorized, "\(uri)")
                }
            }
            // The health check stays open for monitoring.
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
        #expect(try RequestGuardTests.months(folder) == 0)
    }

    @Test func aWrongPasswordIsRefusedInVietnamese() async throws {
        let folder = try RouterTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await RouterTests.application(accounts: Self.accounts, folder: folder).test(.router) { client in
            let page = try await PageSession.open(client)
            for (name, password) in [("lan", "sai-mat-khau"), ("khong-co-ai", "mat-khau-cua-lan")] {
                try await client.execute(
                    uri: "/login", method: .post, headers: page.formHeaders,
                    body: page.loginForm(name: name, password: password)
                ) { response in
                    #expect(response.status == .unauthorized)
                    #expect(PageSession.cookie(of: response) == nil, "no session for a failed login")
                    #expect(String(buffer: response.body).contains("Sai tên đăng nhập hoặc mật khẩu."))
                }
            }
            // The login form needs the session's token like every POST.
            var headers = page.formHeaders
            headers[.cookie] = nil
            try await client.execute(
                uri: "/login", method: .post, headers: headers,
                body: page.loginForm(name: "lan", password: "mat-khau-cua-lan")
            ) { #expect($0.status == .forbidden) }
        }
    }

    @Test func aLoggedInClerkConvertsSeesTheMonthAndDownloadsItsDraftAgain() async throws {
        let folder = try RouterTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await RouterTests.application(accounts: Self.accounts, folder: folder).test(.router) { client in
            let lan = try await Self.logIn(client, "lan", "mat-khau-cua-lan")
            let converted = try await Self.convert(client, lan)
            #expect(converted.status == .ok)

            let listing = try await client.execute(uri: "/api/history", method: .get, headers: lan.headers) {
                #expect($0.status == .ok)
                return try RouterTests.json($0)
            }
            let months = try #require(listing["months"] as? [[String: Any]])
            #expect(months.count == 1)
            let month = try #require(months.first)
            #expect(month["period"] as? String == "2025-02")
            #expect(month["label"] as? String == "02/2025")
            #expect(month["total"] as? Double == 87.18)
            #expect(month["band"] as? String == "TỐT")
            #expect(month["rank"] as? Int == 2)
            #expect(month["of"] as? Int == 11)
            #expect(month["recordedBy"] as? String == "lan", "the history records who converted the month")
            #expect((month["recordedAt"] as? String)?.isEmpty == false)
            let draft = try #require(month["draft"] as? String)
            #expect(draft == "/history/2025-02.docx")
            try await client.execute(uri: draft, method: .get, headers: lan.headers) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(response.headers[.contentDisposition]?.contains("du-thao-2025-02.docx") == true)
                DocumentChecks.expectValid(bytes: Array(buffer: response.body), name: draft)
            }

            // Another clerk's upload of the same month is warned about, not recorded.
            let minh = try await Self.logIn(client, "minh", "mat-khau-cua-minh")
            let again = try await Self.convert(client, minh)
            #expect(again.status == .conflict)
            let warning = try RouterTests.json(again)
            #expect((warning["failure"] as? [String: Any])?["code"] as? String == "month.recorded")
            let summary = try #require(warning["summary"] as? String)
            #expect(summary.hasPrefix("Tháng 02/2025 đã có trong lịch sử"))
            #expect(
                summary.range(of: #"ghi lúc \d\d:\d\d ngày \d\d/\d\d/\d{4} bởi lan\)"#, options: .regularExpression)
                    != nil,
                "when, on the office's clock, and by whom: \(summary)")
            #expect(summary.contains("«Thay thế tháng 02/2025»"))
            #expect(summary == summary.precomposedStringWithCanonicalMapping, "NFC")
            // Confirmed, it replaces the month, now recorded as Minh's.
            let replaced = try await Self.convert(client, minh, query: "&replace=1")
            #expect(replaced.status == .ok)
            let after = try await client.execute(uri: "/api/history", method: .get, headers: minh.headers) {
                try RouterTests.json($0)["months"] as? [[String: Any]]
            }
            #expect(after?.count == 1)
            #expect(after?.first?["recordedBy"] as? String == "minh")

            // Logging out ends the session.
            try await client.execute(
                uri: "/logout", method: .post, headers: minh.formHeaders,
                body: ByteBuffer(string: "csrf=\(minh.token)")
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.setCookie]?.contains("Max-Age=0") == true)
            }
            try await client.execute(uri: "/api/history", method: .get, headers: minh.headers) {
                #expect($0.status == .unauthorized)
            }
            // Lan's session is still hers.
            try await client.execute(uri: "/api/history", method: .get, headers: lan.headers) {
                #expect($0.status == .ok)
            }
        }
    }

    @Test func aSessionKnownBeforeTheLoginIsNotLoggedIn() async throws {
        let folder = try RouterTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await RouterTests.application(accounts: Self.accounts, folder: folder).test(.router) { client in
            let before = try await PageSession.open(client)
            try await client.execute(
                uri: "/login", method: .post, headers: before.formHeaders,
                body: before.loginForm(name: "lan", password: "mat-khau-cua-lan")
            ) { #expect($0.status == .seeOther) }
            // The id from before the login (one an attacker could have planted) is worth nothing.
            try await client.execute(uri: "/api/history", method: .get, headers: before.headers) {
                #expect($0.status != .ok)
            }
        }
    }

    @Test func anAccountRemovedWhileLoggedInIsLoggedOut() async throws {
        let folder = try RouterTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await RouterTests.application(accounts: Self.accounts, folder: folder).test(.router) { client in
            let lan = try await Self.logIn(client, "lan", "mat-khau-cua-lan")
            // `baocao user remove lan` meanwhile, on the same database.
            try HistoryStore(path: folder.appendingPathComponent("history.sqlite").path).removeAccount(name: "lan")
            try await client.execute(uri: "/api/history", method: .get, headers: lan.headers) {
                #expect($0.status == .unauthorized)
            }
            // That ended the session: its token is worth nothing now.
            let convert = try await Self.convert(client, lan)
            #expect(convert.status == .forbidden)
            #expect(try RequestGuardTests.failure(convert).code == "session.missing")
        }
        #expect(try RequestGuardTests.months(folder) == 0)
    }

    @Test func repeatedWrongPasswordsCloseTheDoorEvenToTheRightOne() async throws {
        let folder = try RouterTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await RouterTests.application(accounts: Self.accounts, folder: folder).test(.router) { client in
            let page = try await PageSession.open(client)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<10 {
                try await client.execute(
                    uri: "/login", method: .post, headers: page.formHeaders,
                    body: page.loginForm(name: "lan", password: "doan-mo")
                ) { response in
                    statuses.append(response.status)
                    if response.status == .tooManyRequests {
                        #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 > 0)
                        #expect(String(buffer: response.body).contains("Đăng nhập sai nhiều lần; hãy thử lại sau"))
                    }
                }
            }
            #expect(statuses.prefix(2).allSatisfy { $0 == .unauthorized }, "\(statuses)")
            #expect(statuses.dropFirst(2).allSatisfy { $0 == .tooManyRequests }, "\(statuses)")
            // The right password now waits too (the clock is stopped: the door stays closed).
            try await client.execute(
                uri: "/login", method: .post, headers: page.formHeaders,
                body: page.loginForm(name: "lan", password: "mat-khau-cua-lan")
            ) { response in
                #expect(response.status == .tooManyRequests)
                #expect(PageSession.cookie(of: response) == nil)
            }
            // Another account from the same address still may try (the address has more tries).
            _ = try await Self.logIn(client, "minh", "mat-khau-cua-minh")
        }
    }
}
