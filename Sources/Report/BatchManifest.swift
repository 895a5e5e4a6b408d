import Foundation
import OPC

/// What the last batch converted into a folder, so a re-run converts only what changed.
struct BatchManifest {
    struct Stamp: Codable, Equatable, Sendable {
        var size: Int
        var modified: Double
        var hash: String
        var fingerprint: String

        /// The stamp of `contents`, read from `path`, with the template's fingerprint.
        static func of(_ path: String, contents: Data, fingerprint: String) -> Stamp? {
            guard let modified = modificationTime(path) else { return nil }
            return Stamp(size: contents.count, modified: modified, hash: FNV1a.hex(contents), fingerprint: fingerprint)
        }

        /// Whether `path` still has this stamp: size and time first, then (only when those
        /// agree) the content hash.
        func matches(_ path: String, fingerprint: String) -> Bool {
            guard self.fingerprint == fingerprint,
                let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                (attributes[.size] as? NSNumber)?.intValue == size, Self.modificationTime(path) == modified,
                let contents = FileManager.default.contents(atPath: path)
            else { return false }
            return FNV1a.hex(contents) == hash
        }

        private static func modificationTime(_ path: String) -> Double? {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            return (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970
        }
    }

    struct Entry: Codable, Sendable {
        var stamp: Stamp
        var period: String?
    }

    let path: String

    init(folder: String) {
        path = (folder as NSString).appendingPathComponent(".baocao-batch.json")
    }

    func load() -> [String: Entry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        return (try? JSONDecoder().decode([String: Entry].self, from: data)) ?? [:]
    }

    func save(_ entries: [String: Entry]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let writer = try ByteWriter.atomicFile(at: path)
        try writer.write([UInt8](try encoder.encode(entries)))
        try writer.commit()
    }
}

/// FNV-1a, 64 bits: enough to notice that a file changed.
public enum FNV1a {
    public static func hex(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        // Over the raw bytes: Data's iterator costs several times the hashing itself.
        data.withUnsafeBytes { bytes in
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
        }
        return String(hash, radix: 16)
    }

    public static func hex(_ text: String) -> String { hex(Data(text.utf8)) }
}
