import Foundation

/// Slows down guessing: failed logins are counted per account and per client address; past
/// a few free tries each further failure closes the door for twice as long as the last
/// (30 s, 1 min, 2 min, …), and after `lockout` failures for `lockoutSeconds`. Tries while the
/// door is closed are refused without checking the password. A login that succeeds clears
/// the account's and the address's counts.
actor LoginThrottle {
    struct Rule {
        /// Failures without any wait.
        var free: Int
        /// Failures after which the door stays closed for ``lockoutSeconds``.
        var lockout: Int
    }

    /// An office shares one address behind its router: the address gets more tries.
    static let accountRule = Rule(free: 3, lockout: 10)
    static let addressRule = Rule(free: 10, lockout: 30)
    static let firstWait: TimeInterval = 30
    static let lockoutSeconds: TimeInterval = 15 * 60
    /// Most keys remembered; the oldest are forgotten first.
    static let capacity = 10_000

    private struct Record {
        var failures: Int
        var closedUntil: Date
        var last: Date
    }

    private let now: @Sendable () -> Date
    private var records: [String: Record] = [:]

    init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    /// Seconds to wait before `account` may try again from `address`; 0 when it may now.
    func wait(account: String, address: String) -> TimeInterval {
        let time = now()
        let closed = [Self.key(account: account), Self.key(address: address)].compactMap { records[$0]?.closedUntil }
        return max(0, closed.map { $0.timeIntervalSince(time) }.max() ?? 0)
    }

    /// Counts a failed login; returns the seconds the door is now closed for.
    @discardableResult
    func fail(account: String, address: String) -> TimeInterval {
        let time = now()
        forgetOld(time)
        var longest: TimeInterval = 0
        for (key, rule) in [
            (Self.key(account: account), Self.accountRule), (Self.key(address: address), Self.addressRule),
        ] {
            var record = records[key] ?? Record(failures: 0, closedUntil: time, last: time)
            record.failures += 1
            record.last = time
            let wait = Self.wait(after: record.failures, rule)
            record.closedUntil = time.addingTimeInterval(wait)
            records[key] = record
            longest = max(longest, wait)
        }
        return longest
    }

    /// Clears the counts after a login that succeeded.
    func succeed(account: String, address: String) {
        records[Self.key(account: account)] = nil
        records[Self.key(address: address)] = nil
    }

    /// The wait after `failures` failures under `rule`.
    static func wait(after failures: Int, _ rule: Rule) -> TimeInterval {
        if failures >= rule.lockout { return lockoutSeconds }
        guard failures >= rule.free else { return 0 }
        return min(lockoutSeconds, firstWait * pow(2, Double(failures - rule.free)))
    }

    private static func key(account: String) -> String { "account:" + account.lowercased() }
    private static func key(address: String) -> String { "address:" + address }

    /// Forgets records a day old, and the oldest when there are too many.
    private func forgetOld(_ time: Date) {
        guard records.count >= Self.capacity else { return }
        records = records.filter { time.timeIntervalSince($0.value.last) < 86_400 && $0.value.closedUntil > time }
        while records.count >= Self.capacity, let oldest = records.min(by: { $0.value.last < $1.value.last }) {
            records[oldest.key] = nil
        }
    }
}
