import Foundation
import OPC
import Report

/// What `baocao serve` runs with.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Largest upload accepted, in bytes (413 above it).
    public var maxUploadBytes: Int
    /// Conversions running or waiting at most; a full queue answers 503.
    public var queueLimit: Int
    /// Conversions running at once.
    public var concurrency: Int
    /// How long a draft stays downloadable, in seconds.
    public var draftLifetime: TimeInterval
    /// The longest a conversion may take, in seconds (400 after it).
    public var conversionTimeout: TimeInterval
    /// Whether drafts are also exported to PDF.
    public var pdf: Bool
    /// Where drafts are kept until they expire.
    public var draftsFolder: String

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxUploadBytes: Int = 20 << 20, queueLimit: Int = 64,
        concurrency: Int = ProcessInfo.processInfo.activeProcessorCount, draftLifetime: TimeInterval = 3600,
        conversionTimeout: TimeInterval = 60, pdf: Bool = false,
        draftsFolder: String = FileManager.default.temporaryDirectory
            .appendingPathComponent("baocao-drafts-\(UUID().uuidString)").path
    ) {
        self.host = host
        self.port = port
        self.maxUploadBytes = maxUploadBytes
        self.queueLimit = queueLimit
        self.concurrency = max(1, concurrency)
        self.draftLifetime = draftLifetime
        self.conversionTimeout = conversionTimeout
        self.pdf = pdf
        self.draftsFolder = draftsFolder
    }
}

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

    /// Gives back a place that never got a worker (a request turned away early).
    func leave() {
        admitted -= 1
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

/// Drafts kept for download, deleted when they expire.
actor DraftShelf {
    let folder: String
    let lifetime: TimeInterval
    private var created: [String: Date] = [:]

    init(folder: String, lifetime: TimeInterval) throws {
        self.folder = folder
        self.lifetime = lifetime
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// Most drafts kept at once; beyond it the oldest go first, so a busy day cannot fill
    /// the disk.
    static let capacity = 500

    /// A fresh identifier and the paths its draft and PDF take.
    func reserve() -> (id: String, docx: String, pdf: String) {
        removeExpired()
        while created.count >= Self.capacity, let oldest = created.min(by: { $0.value < $1.value })?.key {
            discard(oldest)
        }
        let id = UUID().uuidString.lowercased()
        created[id] = Date()
        return (id, path(id, "docx"), path(id, "pdf"))
    }

    func path(_ id: String, _ kind: String) -> String {
        (folder as NSString).appendingPathComponent("\(id).\(kind)")
    }

    /// The path of a live draft, or `nil`.
    func file(id: String, kind: String) -> String? {
        removeExpired()
        guard created[id] != nil, ["docx", "pdf"].contains(kind) else { return nil }
        let path = path(id, kind)
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    func discard(_ id: String) {
        created[id] = nil
        for kind in ["docx", "pdf"] { try? FileManager.default.removeItem(atPath: path(id, kind)) }
    }

    func removeExpired(now: Date = Date()) {
        for (id, time) in created where now.timeIntervalSince(time) > lifetime { discard(id) }
    }

    func removeAll() {
        for id in created.keys { discard(id) }
        try? FileManager.default.removeItem(atPath: folder)
    }
}
