import Foundation
import GRDB
import HummingbirdBcrypt

/// An account of the page (`baocao user add`), as `user list` shows it.
public struct Account: Sendable, Equatable {
    public var name: String
    /// When it was added, ISO 8601.
    public var createdAt: String
}

/// The page's accounts, kept in the history database beside the months they convert: a name
/// and a bcrypt hash of the password, never the password itself.
extension HistoryStore {
    /// bcrypt's cost: 2^12 rounds, a quarter of a second or so per check on an office machine.
    public static let passwordCost: UInt8 = 12
    /// Shortest password accepted.
    public static let shortestPassword = 8

    /// Adds the account `name` with `password`, hashed at `cost` (tests lower it).
    ///
    /// - Throws: ``ReportError`` `account.invalid` (a name or password the rules refuse),
    ///   `account.exists`, or `store.failed`.
    public func addAccount(name: String, password: String, cost: UInt8 = passwordCost) throws {
        let name = name.precomposedStringWithCanonicalMapping
        guard Self.isAccountName(name) else {
            throw ReportError(
                .accountInvalid,
                "Tên đăng nhập «\(name)» không dùng được: cần 1 đến 64 ký tự, chỉ gồm chữ, số và các dấu . _ -.",
                file: path)
        }
        guard password.count >= Self.shortestPassword else {
            throw ReportError(
                .accountInvalid, "Mật khẩu cần ít nhất \(Self.shortestPassword) ký tự.", file: path)
        }
        guard password.utf8.count <= 72 else {
            // bcrypt reads only the first 72 bytes; a longer password would be partly ignored.
            throw ReportError(.accountInvalid, "Mật khẩu dài quá 72 byte (bcrypt chỉ đọc 72 byte đầu).", file: path)
        }
        let hash = Bcrypt.hash(password, cost: cost)
        let exists = try writing { db -> Bool in
            if try AccountRow.fetchOne(db, key: name) != nil { return true }
            try AccountRow(name: name, passwordHash: hash, createdAt: ISO8601DateFormatter().string(from: Date()))
                .insert(db)
            return false
        }
        if exists {
            throw ReportError(.accountExists, "Đã có tài khoản «\(name)».", file: path)
        }
    }

    /// Removes the account `name`; the months it converted keep its name.
    ///
    /// - Throws: ``ReportError`` `account.not_found` or `store.failed`.
    public func removeAccount(name: String) throws {
        let name = name.precomposedStringWithCanonicalMapping
        let removed = try writing { db in try AccountRow.deleteOne(db, key: name) }
        guard removed else {
            throw ReportError(.accountMissing, "Không có tài khoản «\(name)».", file: path)
        }
    }

    /// Every account, by name.
    public func accounts() throws -> [Account] {
        try reading {
            try queue.read { db in
                try AccountRow.order(Column("name")).fetchAll(db).map {
                    Account(name: $0.name, createdAt: $0.createdAt)
                }
            }
        }
    }

    /// Whether the page must ask for a login.
    public func hasAccounts() throws -> Bool {
        try reading { try queue.read { db in try AccountRow.fetchCount(db) > 0 } }
    }

    /// Whether `password` is `name`'s. An unknown name costs the same time as a wrong
    /// password, so answers do not tell which names exist.
    public func verify(name: String, password: String) throws -> Bool {
        let name = name.precomposedStringWithCanonicalMapping
        let row = try reading { try queue.read { db in try AccountRow.fetchOne(db, key: name) } }
        guard let row else {
            _ = Bcrypt.verify(password, hash: Self.unknownAccountHash)
            return false
        }
        return Bcrypt.verify(password, hash: row.passwordHash)
    }

    /// A hash of nothing anyone types, checked for unknown names.
    private static let unknownAccountHash = Bcrypt.hash(UUID().uuidString, cost: passwordCost)

    static func isAccountName(_ name: String) -> Bool {
        (1...64).contains(name.count)
            && name.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) || $0 == "." || $0 == "_" || $0 == "-"
            }
    }

    func writing<Value>(_ body: (Database) throws -> Value) throws -> Value {
        do {
            return try queue.write(body)
        } catch {
            throw ReportError(
                .storeFailed, "Không ghi được tệp lịch sử các tháng (SQLite).", file: path,
                cause: CauseText(String(describing: error)))
        }
    }
}

/// A row of the `account` table.
struct AccountRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "account"

    var name: String
    var passwordHash: String
    var createdAt: String
}
