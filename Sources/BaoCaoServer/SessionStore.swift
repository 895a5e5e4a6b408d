import Foundation

/// A browser's session with the page: its CSRF token and, once logged in, its account.
struct Session: Sendable, Equatable {
    /// The cookie's value: 256 random bits, hex.
    var id: String
    /// What every POST must carry (`X-CSRF-Token`, or the form's `csrf` field).
    var token: String
    /// The account logged in, `nil` before a login (or when the server has no accounts).
    var account: String?
    var created: Date
    var lastSeen: Date
}

/// The sessions of the page, in memory: a server restart logs everyone out. A session ends
/// after `idle` seconds without a request or `lifetime` seconds after it began.
actor SessionStore {
    static let cookieName = "baocao_session"
    /// Most sessions kept; beyond it the least recently seen go first, so anonymous page
    /// loads cannot fill the memory.
    static let capacity = 10_000

    let idle: TimeInterval
    let lifetime: TimeInterval
    private let now: @Sendable () -> Date
    private var sessions: [String: Session] = [:]

    init(idle: TimeInterval, lifetime: TimeInterval, now: @escaping @Sendable () -> Date) {
        self.idle = idle
        self.lifetime = lifetime
        self.now = now
    }

    /// The live session `id`, seen now; `nil` when unknown or expired.
    func session(id: String) -> Session? {
        guard var session = sessions[id] else { return nil }
        let time = now()
        guard time.timeIntervalSince(session.lastSeen) <= idle, time.timeIntervalSince(session.created) <= lifetime
        else {
            sessions[id] = nil
            return nil
        }
        session.lastSeen = time
        sessions[id] = session
        return session
    }

    /// A new session, without an account.
    func create() -> Session {
        make(account: nil)
    }

    /// Logs `account` in: the old session ends and a new one (a new id and token) begins, so
    /// an id known before the login is worth nothing after it.
    func login(replacing id: String, account: String) -> Session {
        sessions[id] = nil
        return make(account: account)
    }

    func remove(id: String) {
        sessions[id] = nil
    }

    private func make(account: String?) -> Session {
        let time = now()
        if sessions.count >= Self.capacity {
            sessions = sessions.filter {
                time.timeIntervalSince($0.value.lastSeen) <= idle
                    && time.timeIntervalSince($0.value.created) <= lifetime
            }
            while sessions.count >= Self.capacity,
                let oldest = sessions.min(by: { $0.value.lastSeen < $1.value.lastSeen })
            {
                sessions[oldest.key] = nil
            }
        }
        let session = Session(
            id: Self.randomHex(), token: Self.randomHex(), account: account, created: time, lastSeen: time)
        sessions[session.id] = session
        return session
    }

    /// 256 bits from the system's cryptographic generator (getrandom on Linux), as hex.
    static func randomHex() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let word = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - word.count) + word
        }.joined()
    }

    /// The `Set-Cookie` value of `session`: HTTP-only, same-site only, for the whole page,
    /// expiring with the session's lifetime.
    func cookie(for session: Session) -> String {
        "\(Self.cookieName)=\(session.id); HttpOnly; SameSite=Strict; Path=/; Max-Age=\(Int(lifetime))"
    }

    /// The `Set-Cookie` value that removes the cookie.
    static let expiredCookie = "\(cookieName)=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"
}
