import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Sessions and closed logins over time, with a clock the tests move.
@Suite struct SessionTimeTests {
    @Test func aSessionUnusedForTwoHoursEnds() async throws {
        let folder = try RouterTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clock = TestClock()
        try await RouterTests.application(accounts: LoginTests.accounts, clock: clock, folder: folder).test(.router) {
            client in
            let lan = try await LoginTests.logIn(client, "lan", "mat-khau-cua-lan")
            clock.advance(2 * 3600 - 60)
            try await client.execute(uri: "/api/history", method: .get, headers: lan.headers) {
                #expect($0.status == .ok, "used within two hours, the session goes on")
            }
            clock.advance(2 * 3600 + 1)
            try await client.execute(uri: "/api/history", method: .get, headers: lan.headers) {
                #expect($0.status == .unauthorized)
            }
            let late = try await LoginTests.convert(client, lan)
            #expect(late.status == .forbidden)
            #expect(try RequestGuardTests.failure(late).code == "session.missing")
        }
    }

    @Test func aSessionEndsTwelveHoursAfterItBeganHoweverUsed() async throws {
        let folder = try RouterTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clock = TestClock()
        try await RouterTests.application(accounts: LoginTests.accounts, clock: clock, folder: folder).test(.router) {
            client in
            let lan = try await LoginTests.logIn(client, "lan", "mat-khau-cua-lan")
            for _ in 0..<11 {
                clock.advance(3600)
                try await client.execute(uri: "/api/history", method: .get, headers: lan.headers) {
                    #expect($0.status == .ok)
                }
            }
            clock.advance(3601)
            try await client.execute(uri: "/api/history", method: .get, headers: lan.headers) {
                #expect($0.status == .unauthorized)
            }
        }
    }

    @Test func aClosedLoginReopensAfterItsWait() async throws {
        let folder = try RouterTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clock = TestClock()
        try await RouterTests.application(accounts: LoginTests.accounts, clock: clock, folder: folder).test(.router) {
            client in
            let page = try await PageSession.open(client)
            var waits: [String] = []
            for _ in 0..<3 {
                try await client.execute(
                    uri: "/login", method: .post, headers: page.formHeaders,
                    body: page.loginForm(name: "lan", password: "doan-mo")
                ) { response in waits.append(response.headers[.retryAfter] ?? "-") }
            }
            #expect(waits == ["-", "-", "30"], "three failures close the login for 30 s")
            clock.advance(29)
            try await client.execute(
                uri: "/login", method: .post, headers: page.formHeaders,
                body: page.loginForm(name: "lan", password: "mat-khau-cua-lan")
            ) { #expect($0.status == .tooManyRequests) }
            clock.advance(2)
            _ = try await LoginTests.logIn(client, "lan", "mat-khau-cua-lan")
        }
    }
}
