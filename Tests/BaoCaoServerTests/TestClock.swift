import Foundation

/// The time the application's sessions and login throttle count with: stopped unless a test
/// moves it, so a session never expires and a closed login never reopens by itself.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var time = Date()

    var now: Date { lock.withLock { time } }

    func advance(_ seconds: TimeInterval) {
        lock.withLock { time += seconds }
    }
}
