import Foundation
import Testing

@testable import Report

/// The converters' threads: blocking work runs there, never on Swift's cooperative pool.
@Suite struct WorkerThreadsTests {
    /// More pieces of blocking work than the machine has cores, each waiting until an async
    /// task lets it go: on the cooperative pool (one thread per core) the work would hold
    /// every thread and the task that releases it could never run.
    @Test func blockingWorkLeavesTheCooperativePoolFree() async throws {
        let count = ProcessInfo.processInfo.activeProcessorCount * 2 + 2
        let workers = WorkerThreads(count: count)
        let gate = DispatchSemaphore(value: 0)
        let started = Counter()
        let results = Task {
            await withTaskGroup(of: Int.self) { group in
                for index in 0..<count {
                    group.addTask {
                        await workers.run {
                            started.add()
                            gate.wait()
                            return index
                        }
                    }
                }
                var seen: [Int] = []
                for await index in group { seen.append(index) }
                return seen.sorted()
            }
        }
        // This loop runs on the cooperative pool while every worker blocks.
        while started.value < count { try await Task.sleep(for: .milliseconds(5)) }
        for _ in 0..<count { gate.signal() }
        #expect(await results.value == Array(0..<count))
    }

    @Test func workRunsInOrderOnOneThread() async {
        let workers = WorkerThreads(count: 1)
        let order = Counter()
        var seen: [Int] = []
        for index in 0..<50 {
            seen.append(await workers.run { order.add() })
            #expect(seen.last == index + 1)
        }
    }
}

/// A count shared between threads.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    /// Adds one and returns the new count.
    @discardableResult func add() -> Int {
        lock.withLock {
            count += 1
            return count
        }
    }
    var value: Int { lock.withLock { count } }
}
