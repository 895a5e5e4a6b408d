import Foundation

/// Inflates a large part on a second thread while the caller parses what is already
/// inflated: inflating and checking the CRC is about a tenth of reading a big sheet, and
/// the machine has a second core.
///
/// A small ring of buffers passes between the producer (which alone touches the libzip
/// handle while it runs) and the consumer; errors travel with the data, after what was
/// inflated before them. ``stop()`` waits for the producer, so the handle can be closed
/// right after it.
final class ZipReadAhead: @unchecked Sendable {
    typealias Produce = @Sendable (UnsafeMutableRawBufferPointer) throws -> Int

    private struct Chunk {
        let buffer: UnsafeMutableRawBufferPointer
        let count: Int
    }

    private let condition = NSCondition()
    // Guarded by `condition`:
    private var free: [UnsafeMutableRawBufferPointer] = []
    private var filled: [Chunk] = []
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private var producerDone = false
    // Consumer only:
    private var current: Chunk?
    private var offset = 0

    init(chunkSize: Int = 256 << 10, chunks: Int = 4, produce: @escaping Produce) {
        for _ in 0..<chunks {
            free.append(.allocate(byteCount: chunkSize, alignment: 16))
        }
        let thread = Thread { [self] in run(produce) }
        thread.name = "baocao.inflate"
        thread.start()
    }

    private func run(_ produce: Produce) {
        while true {
            condition.lock()
            while free.isEmpty && !cancelled { condition.wait() }
            if cancelled {
                producerDone = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let buffer = free.removeLast()
            condition.unlock()

            let result = Result { try produce(buffer) }

            condition.lock()
            switch result {
            case .success(let count) where count > 0:
                filled.append(Chunk(buffer: buffer, count: count))
            case .success:
                finished = true
                free.append(buffer)
            case .failure(let error):
                failure = error
                free.append(buffer)
            }
            let done = finished || failure != nil
            if done { producerDone = true }
            condition.broadcast()
            condition.unlock()
            if done { return }
        }
    }

    /// Copies up to `target.count` inflated bytes into `target`; 0 at the end.
    func read(into target: UnsafeMutableRawBufferPointer) throws -> Int {
        guard target.count > 0 else { return 0 }
        if current == nil || offset == current!.count {
            condition.lock()
            if let spent = current {
                free.append(spent.buffer)
                current = nil
                condition.broadcast()
            }
            while filled.isEmpty && !finished && failure == nil { condition.wait() }
            if filled.isEmpty {
                let error = failure
                condition.unlock()
                if let error { throw error }
                return 0
            }
            current = filled.removeFirst()
            offset = 0
            condition.unlock()
        }
        let chunk = current!
        let count = min(target.count, chunk.count - offset)
        target.baseAddress!.copyMemory(from: chunk.buffer.baseAddress! + offset, byteCount: count)
        offset += count
        return count
    }

    /// Stops the producer, waits until it has left, and frees the buffers.
    func stop() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !producerDone { condition.wait() }
        condition.unlock()
        for buffer in free { buffer.deallocate() }
        for chunk in filled { chunk.buffer.deallocate() }
        current?.buffer.deallocate()
        free = []
        filled = []
        current = nil
    }
}
