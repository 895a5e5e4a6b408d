/// A growable byte buffer reused for every cell of a sheet.
///
/// Cheaper than an `Array` on the hot path: clearing is a store, not a
/// `replaceSubrange`, and appending skips uniqueness checks.
struct ScratchBytes: ~Copyable {
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 256) {
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    deinit {
        storage.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    /// The bytes so far; valid until the next mutation.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage, count: count) }

    @inline(__always)
    mutating func removeAll() { count = 0 }

    @inline(__always)
    mutating func append(_ chunk: UnsafeBufferPointer<UInt8>) {
        if count + chunk.count > capacity { grow(to: count + chunk.count) }
        (storage + count).update(from: chunk.baseAddress!, count: chunk.count)
        count += chunk.count
    }

    @inline(__always)
    mutating func append(byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        storage[count] = byte
        count += 1
    }

    /// Drops the XML white space at both ends of the bytes from `start` on (a `<t>` without
    /// `xml:space="preserve"`).
    mutating func trimWhitespace(from start: Int) {
        func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 13 }
        var end = count
        while end > start, isSpace(storage[end - 1]) { end -= 1 }
        var first = start
        while first < end, isSpace(storage[first]) { first += 1 }
        if first > start { (storage + start).update(from: storage + first, count: end - first) }
        count = start + (end - first)
    }

    private mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newStorage = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newStorage.update(from: storage, count: count)
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
    }
}
