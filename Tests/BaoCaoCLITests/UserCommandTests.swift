import Foundation
import TestKit
import Testing

/// `baocao user add|remove|list` on a real history database, and `serve` refusing to open
/// the page to the network without an account.
@Suite struct UserCommandTests {
    /// `baocao user add NAME --password-stdin --store STORE` with `password` on standard input.
    static func add(_ name: String, password: String, store: URL) throws -> ProcessOutcome {
        try TestProcess.run(
            URL(fileURLWithPath: "/bin/sh"),
            [
                "-c", "printf '%s\\n' \"$1\" | \"$0\" user add \"$2\" --password-stdin --store \"$3\"",
                TestSupport.binary.path, password, name, store.path,
            ])
    }

    @Test func accountsAreAddedListedAndRemoved() throws {
        let folder = try TestSupport.temporaryFolder("baocao-user")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = folder.appendingPathComponent("history.sqlite")

        let empty = try TestSupport.baocao(["user", "list", "--store", store.path])
        #expect(empty.status == 0)
        #expect(empty.stdoutText.contains("Chưa có tài khoản nào"))

        let added = try Self.add("lan", password: "mat-khau-cua-lan", store: store)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdoutText.contains("Đã thêm tài khoản «lan»"))
        let listed = try TestSupport.baocao(["user", "list", "--store", store.path])
        #expect(listed.stdoutText.hasPrefix("lan\t"), "\(listed.stdoutText)")
        // A slow hash is kept, never the password.
        let database = try Data(contentsOf: store)
        #expect(database.range(of: Data("mat-khau-cua-lan".utf8)) == nil)
        #expect(database.range(of: Data("$2b$12$".utf8)) != nil, "bcrypt at cost 12")

        let twice = try Self.add("lan", password: "mat-khau-khac", store: store)
        #expect(twice.status == 2)
        #expect(twice.stderr.contains("Đã có tài khoản «lan».") && twice.stderr.contains("[account.exists]"))
        let short = try Self.add("minh", password: "ngan", store: store)
        #expect(short.status == 2)
        #expect(short.stderr.contains("Mật khẩu cần ít nhất 8 ký tự.") && short.stderr.contains("[account.invalid]"))
        let badName = try Self.add("có dấu cách", password: "mat-khau-cua-minh", store: store)
        #expect(badName.status == 2)
        #expect(badName.stderr.contains("[account.invalid]"))

        let removed = try TestSupport.baocao(["user", "remove", "lan", "--store", store.path])
        #expect(removed.status == 0, "\(removed.stderr)")
        let gone = try TestSupport.baocao(["user", "remove", "lan", "--store", store.path])
        #expect(gone.status == 2)
        #expect(gone.stderr.contains("[account.not_found]"))
        #expect(try TestSupport.baocao(["user", "list", "--store", store.path]).stdoutText.contains("Chưa có"))
    }

    @Test func withoutAKeyboardOrStdinNoPasswordIsAsked() throws {
        let folder = try TestSupport.temporaryFolder("baocao-user")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try TestSupport.baocao(
            ["user", "add", "lan", "--store", folder.appendingPathComponent("h.sqlite").path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("--password-stdin"))
    }

    @Test func serveOnTheNetworkWithoutAnAccountRefusesToStart() throws {
        let folder = try TestSupport.temporaryFolder("baocao-user")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = folder.appendingPathComponent("history.sqlite")
        let outcome = try TestSupport.baocao(
            ["serve", "--host", "0.0.0.0", "--port", String(Int.random(in: 20000..<60000)), "--store", store.path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("chưa có tài khoản nào"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("baocao user add TÊN --store \(store.path)"))
        #expect(outcome.stderr.contains("[serve.no_accounts]"))
    }
}
