import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes bytes to standard output or, atomically, to a file.
///
/// A file is written under a temporary name in its target folder and renamed into place by
/// ``commit()``; until then, and if the writer is dropped without committing, the target
/// is untouched and the temporary file is removed. Callers buffer their own output and
/// hand it over in large pieces.
public final class ByteWriter {
    private let fd: Int32
    private let temporaryPath: String?
    private let finalPath: String?
    private var finished = false

    private init(fd: Int32, temporaryPath: String?, finalPath: String?) {
        self.fd = fd
        self.temporaryPath = temporaryPath
        self.finalPath = finalPath
    }

    /// A writer to the process's standard output.
    public static func standardOutput() -> ByteWriter {
        ByteWriter(fd: STDOUT_FILENO, temporaryPath: nil, finalPath: nil)
    }

    /// A writer whose bytes appear at `path` only when ``commit()`` succeeds.
    public static func atomicFile(at path: String) throws -> ByteWriter {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var template = Array("\(folder)/.\(url.lastPathComponent).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd < 0 {
            throw OPCError(
                .writeFailed, "Không tạo được tệp kết quả trong thư mục này.", file: path,
                detail: String(cString: strerror(errno)))
        }
        fchmod(fd, 0o644)
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return ByteWriter(fd: fd, temporaryPath: temporary, finalPath: path)
    }

    deinit {
        if let temporaryPath, !finished {
            close(fd)
            unlink(temporaryPath)
        }
    }

    /// Writes all of `bytes`.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw OPCError(
                    .writeFailed, "Không ghi được kết quả.", file: finalPath ?? "(đầu ra chuẩn)",
                    detail: String(cString: strerror(errno)))
            }
            offset += written
        }
    }

    /// Writes all of `bytes`.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Finishes the output: for a file, flushes it to disk and renames it into place.
    public func commit() throws {
        guard !finished else { return }
        finished = true
        guard let temporaryPath, let finalPath else { return }
        defer { close(fd) }
        if fsync(fd) != 0 || rename(temporaryPath, finalPath) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw OPCError(.writeFailed, "Không ghi được tệp kết quả.", file: finalPath, detail: reason)
        }
    }
}
