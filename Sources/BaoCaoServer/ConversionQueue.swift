import Foundation

/// Admits at most `limit` conversions at a time (running or waiting) and runs at most
/// `concurrency` of them at once; beyond the limit, callers are turned away at once.
actor ConversionQueue {
    private let limit: Int
    private let concurrency: Int
    private var admitted = 0
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int, concurrency: Int) {
        self.limit = limit
        self.concurrency = concurrency
    }

    /// Takes a place in the queue, or returns false when it is full.
    func admit() -> Bool {
        guard admitted < limit else { return false }
        admitted += 1
        return true
    }

    /// Waits for a free worker.
    func start() async {
        if running < concurrency {
            running += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Frees the worker and the place.
    func finish() {
        admitted -= 1
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
