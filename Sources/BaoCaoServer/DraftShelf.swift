import Foundation

/// Drafts kept for download, deleted when they expire.
actor DraftShelf {
    let folder: String
    let lifetime: TimeInterval
    private var created: [String: Date] = [:]

    init(folder: String, lifetime: TimeInterval) throws {
        self.folder = folder
        self.lifetime = lifetime
        // Only this user reads the drafts, whatever mode the files inside get.
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
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
