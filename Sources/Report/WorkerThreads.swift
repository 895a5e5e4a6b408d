import Foundation

/// A fixed set of threads of its own for the blocking work of conversions (reading,
/// rendering, waiting for LibreOffice), so that work never holds the threads of Swift's
/// cooperative pool, which also answer the page's requests and its health check.
///
/// Work is taken in the order it was handed in; at most `count` pieces run at once. The
/// threads end when the pool is released.
public final class WorkerThreads: Sendable {
    /// How many pieces of work run at once.
    public let count: Int
    private let queue: WorkQueue

    /// Starts `count` threads (at least one), named `name-1`, `name-2`….
    public init(count: Int, name: String = "baocao-worker") {
        self.count = max(1, count)
        queue = WorkQueue()
        for number in 1...self.count {
            let thread = Thread { [queue] in queue.serve() }
            thread.name = "\(name)-\(number)"
            // Rendering a large table recurses over the document: room beyond the default.
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    deinit {
        queue.close()
    }

    /// Runs `work` on one of the pool's threads and waits for its result without holding a
    /// thread of the caller's.
    public func run<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            queue.add { continuation.resume(returning: work()) }
        }
    }
}

/// The pool's queue of work: handed in by any thread, taken by the pool's own.
private final class WorkQueue: @unchecked Sendable {
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var items: [@Sendable () -> Void] = []
    private var head = 0
    private var closed = false

    func add(_ item: @escaping @Sendable () -> Void) {
        condition.lock()
        items.append(item)
        condition.signal()
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Runs work until the queue is closed and empty.
    func serve() {
        while let item = next() { item() }
    }

    private func next() -> (@Sendable () -> Void)? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !closed { condition.wait() }
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        if head > 1024 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return item
    }
}
