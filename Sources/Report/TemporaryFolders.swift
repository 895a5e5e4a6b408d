import Foundation

/// The temporary folders of a baocao process: each readable by this user only (`0700`, so
/// whatever is written inside stays private), named with the process that made it, so that
/// the next start can sweep away what a process that was killed left behind.
public enum TemporaryFolders {
    /// A fresh folder `baocao-KIND-PID-UUID` in the system's temporary folder.
    public static func make(_ kind: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "baocao-\(kind)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return url
    }

    /// Removes the folders of baocao processes that no longer run (a server stopped with
    /// `kill -9`, a machine switched off in the middle of a batch), and returns how many.
    @discardableResult
    public static func sweep(in folder: URL = FileManager.default.temporaryDirectory) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var removed = 0
        for name in names {
            guard let pid = owner(of: name), !isRunning(pid) else { continue }
            let url = folder.appendingPathComponent(name)
            // Only folders this user made: never follow a link another user planted.
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
                attributes[.type] as? FileAttributeType == .typeDirectory,
                (attributes[.ownerAccountID] as? NSNumber)?.uint32Value == getuid()
            else { continue }
            if (try? FileManager.default.removeItem(at: url)) != nil { removed += 1 }
        }
        return removed
    }

    /// The process id in a name made by ``make(_:)``, or `nil` for any other name.
    static func owner(of name: String) -> Int32? {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        // baocao, KIND, PID, then the UUID's five groups.
        guard parts.count == 8, parts[0] == "baocao", UUID(uuidString: parts[3...].joined(separator: "-")) != nil
        else { return nil }
        return Int32(parts[2])
    }

    private static func isRunning(_ pid: Int32) -> Bool {
        pid == ProcessInfo.processInfo.processIdentifier || FileManager.default.fileExists(atPath: "/proc/\(pid)")
    }
}
