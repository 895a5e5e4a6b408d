import CLibZip
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One entry of a ZIP package, as its central directory declares it.
public struct ZipEntry: Sendable, Hashable {
    /// Position in the central directory.
    public let index: Int
    /// The name as stored (forward or back slashes, any case).
    public let name: String
    /// The inflated size the directory declares (not trusted: enforced while reading).
    public let declaredSize: UInt64
    /// The stored (compressed) size.
    public let compressedSize: UInt64
    /// Whether the entry is encrypted (a password-protected ZIP entry).
    public let isEncrypted: Bool
    /// Whether the directory declares the inflated size (it always does in a sound ZIP).
    public let hasDeclaredSize: Bool

    /// Whether the entry is a folder marker rather than a part.
    public var isDirectory: Bool { name.hasSuffix("/") || name.hasSuffix("\\") }
}

/// A ZIP package opened read-only with libzip.
///
/// Entries are found by name ignoring case, back slashes and a leading slash, as Office
/// itself does. Every read is bounded by ``ResourceLimits``: the declared sizes are checked
/// before inflating and the real inflated size is counted while reading, so a lying
/// directory cannot get past the limits. The handle is owned by this object, freed in
/// `deinit`, and must not be shared between threads.
public final class ZipArchive {
    /// The file as the user named it (for messages).
    public let displayName: String
    /// All entries in directory order.
    public let entries: [ZipEntry]
    /// The limits every read obeys.
    public let limits: ResourceLimits

    let handle: OpaquePointer
    private let entriesByKey: [String: Int]
    /// Memory behind an archive opened from bytes; libzip reads it until `deinit`.
    private let ownedBuffer: UnsafeMutableRawBufferPointer?
    private var inflatedTotal: UInt64 = 0

    /// Opens the ZIP file at `path`.
    ///
    /// - Throws: ``OPCError`` naming why the file is not a readable package: missing,
    ///   empty, an OLE compound file (encrypted workbook or legacy `.xls`), not a ZIP,
    ///   truncated, or over the entry limit.
    public convenience init(path: String, displayName: String? = nil, limits: ResourceLimits = .standard)
        throws
    {
        let shown = displayName ?? path
        let sniffed = try FileSniffer.sniff(path: path, displayName: shown)
        var errorCode: Int32 = 0
        guard let handle = zip_open(path, ZIP_RDONLY, &errorCode) else {
            throw Self.openError(code: errorCode, sniffed: sniffed, displayName: shown)
        }
        try self.init(handle: handle, displayName: shown, limits: limits, ownedBuffer: nil)
    }

    /// Opens a ZIP package held in memory (an upload, say). The bytes are copied.
    public convenience init(bytes: [UInt8], displayName: String, limits: ResourceLimits = .standard)
        throws
    {
        let sniffed = try FileSniffer.sniff(bytes: bytes, displayName: displayName)
        let buffer = UnsafeMutableRawBufferPointer.allocate(
            byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        guard let source = zip_source_buffer_create(buffer.baseAddress, UInt64(bytes.count), 0, &error)
        else {
            buffer.deallocate()
            throw OPCError(.fileUnreadable, "Không đọc được dữ liệu tải lên.", file: displayName)
        }
        guard let handle = zip_open_from_source(source, ZIP_RDONLY, &error) else {
            zip_source_free(source)
            buffer.deallocate()
            throw Self.openError(
                code: zip_error_code_zip(&error), sniffed: sniffed, displayName: displayName)
        }
        try self.init(handle: handle, displayName: displayName, limits: limits, ownedBuffer: buffer)
    }

    /// Takes ownership of an open handle (and the memory behind it) and reads the
    /// directory; on failure both are released before the error is thrown.
    private init(
        handle: OpaquePointer, displayName: String, limits: ResourceLimits,
        ownedBuffer: UnsafeMutableRawBufferPointer?
    ) throws {
        self.handle = handle
        self.displayName = displayName
        self.limits = limits
        self.ownedBuffer = ownedBuffer
        do {
            (entries, entriesByKey) = try Self.readDirectory(handle, limits: limits, name: displayName)
        } catch {
            zip_discard(handle)
            ownedBuffer?.deallocate()
            throw error
        }
    }

    deinit {
        zip_discard(handle)
        ownedBuffer?.deallocate()
    }

    /// The lookup key of a part name: lower case, forward slashes, no leading slash.
    public static func normalizedKey(_ name: String) -> String {
        var key = name.replacingOccurrences(of: "\\", with: "/").lowercased()
        while key.hasPrefix("/") { key.removeFirst() }
        return key
    }

    /// The entry named `name`, ignoring case, back slashes and a leading slash.
    public func entry(named name: String) -> ZipEntry? {
        entriesByKey[Self.normalizedKey(name)].map { entries[$0] }
    }

    /// Streams the inflated bytes of `entry` to `body`, chunk by chunk.
    ///
    /// The chunk is only valid during the call. Reading stops with ``OPCError`` when the
    /// part or the whole package goes over its limit, or when the data is corrupt.
    public func read(
        _ entry: ZipEntry, chunkSize: Int = 256 << 10,
        _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let stream = try openStream(entry)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try stream.read(into: buffer)
            if count == 0 { break }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    /// Opens `entry` for reading in pieces of the caller's choosing.
    public func openStream(_ entry: ZipEntry) throws -> ZipEntryStream {
        try checkDeclaredSize(entry)
        guard let file = zip_fopen_index(handle, UInt64(entry.index), 0) else {
            throw archiveError(part: entry.name)
        }
        return ZipEntryStream(archive: self, entry: entry, file: file)
    }

    /// Counts `count` more inflated bytes of `entry` against the limits.
    fileprivate func account(_ count: Int, partTotal: UInt64, entry: ZipEntry) throws {
        inflatedTotal += UInt64(count)
        try checkInflated(partTotal: partTotal, entry: entry)
    }

    /// The whole inflated content of `entry`.
    public func readAll(_ entry: ZipEntry) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(min(entry.declaredSize, 64 << 20)))
        try read(entry) { bytes.append(contentsOf: $0) }
        return bytes
    }

    // MARK: - Limits

    private func checkDeclaredSize(_ entry: ZipEntry) throws {
        if entry.isEncrypted {
            throw OPCError(
                .entryEncrypted,
                "Phần này của tệp được mã hóa bằng mật khẩu nên không đọc được.",
                file: displayName, part: entry.name)
        }
        if entry.declaredSize > limits.maxPartSize {
            throw partTooLarge(entry, size: entry.declaredSize)
        }
    }

    private func checkInflated(partTotal: UInt64, entry: ZipEntry) throws {
        // A part that inflates past the size its directory entry declares is corrupt or
        // forged (a bomb hiding its size); stop at once rather than at the part limit.
        if entry.hasDeclaredSize, partTotal > entry.declaredSize {
            throw OPCError(
                .partCorrupt,
                "Phần này giải nén ra nhiều hơn kích thước khai báo trong mục lục ZIP (\(entry.declaredSize) byte): tệp bị hỏng hoặc bị làm giả.",
                file: displayName, part: entry.name, detail: "inflated at least \(partTotal) bytes")
        }
        if partTotal > limits.maxPartSize {
            throw partTooLarge(entry, size: partTotal)
        }
        if inflatedTotal > limits.maxPackageSize {
            throw OPCError(
                .packageTooLarge,
                "Tệp giải nén ra quá lớn (hơn \(limits.maxPackageSize >> 20) MiB), có thể là tệp độc hại (zip bomb). Có thể nâng giới hạn bằng biến môi trường \(ResourceLimits.EnvironmentKey.maxPackageMiB).",
                file: displayName, part: entry.name)
        }
    }

    private func partTooLarge(_ entry: ZipEntry, size: UInt64) -> OPCError {
        OPCError(
            .partTooLarge,
            "Phần này giải nén ra quá lớn (hơn \(limits.maxPartSize >> 20) MiB), có thể là tệp độc hại (zip bomb). Có thể nâng giới hạn bằng biến môi trường \(ResourceLimits.EnvironmentKey.maxPartMiB).",
            file: displayName, part: entry.name, detail: "inflated at least \(size) bytes")
    }

    // MARK: - libzip errors

    private func archiveError(part: String) -> OPCError {
        let error = zip_get_error(handle)!
        return Self.dataError(
            code: zip_error_code_zip(error), text: String(cString: zip_error_strerror(error)),
            file: displayName, part: part)
    }

    fileprivate func fileError(_ file: OpaquePointer, part: String) -> OPCError {
        let error = zip_file_get_error(file)!
        return Self.dataError(
            code: zip_error_code_zip(error), text: String(cString: zip_error_strerror(error)),
            file: displayName, part: part)
    }

    private static func dataError(code: Int32, text: String, file: String, part: String)
        -> OPCError
    {
        switch code {
        case ZIP_ER_NOPASSWD, ZIP_ER_WRONGPASSWD, ZIP_ER_ENCRNOTSUPP:
            return OPCError(
                .entryEncrypted, "Phần này của tệp được mã hóa bằng mật khẩu nên không đọc được.",
                file: file, part: part, detail: text)
        case ZIP_ER_EOF, ZIP_ER_SEEK, ZIP_ER_READ:
            return OPCError(
                .truncated, "Tệp bị cắt cụt hoặc hỏng: dữ liệu của phần này không đầy đủ.",
                file: file, part: part, detail: text)
        default:
            return OPCError(
                .partCorrupt, "Dữ liệu nén của phần này bị hỏng, không giải nén được.",
                file: file, part: part, detail: text)
        }
    }

    private static func openError(code: Int32, sniffed: FileSniffer.Kind, displayName: String)
        -> OPCError
    {
        let detail = libzipMessage(code)
        switch sniffed {
        case .ole(let oleKind):
            return FileSniffer.oleError(oleKind, displayName: displayName)
        case .zipLocalHeader:
            if code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS || code == ZIP_ER_EOF
                || code == ZIP_ER_SEEK || code == ZIP_ER_READ
            {
                return OPCError(
                    .truncated,
                    "Tệp bị cắt cụt hoặc hỏng (thiếu mục lục ZIP ở cuối tệp); hãy lấy lại bản gốc, hoặc mở rồi lưu lại bằng chương trình đã tạo ra nó.",
                    file: displayName, detail: detail)
            }
        case .other:
            if code == ZIP_ER_NOZIP {
                return OPCError(
                    .notAZip,
                    "Tệp không phải là tệp Office (.xlsx, .docx): nội dung không phải gói ZIP.",
                    file: displayName, detail: detail)
            }
        }
        if code == ZIP_ER_OPEN || code == ZIP_ER_READ {
            return OPCError(.fileUnreadable, "Không mở được tệp.", file: displayName, detail: detail)
        }
        return OPCError(
            .notAZip, "Tệp không phải là gói ZIP hợp lệ nên không đọc được như tệp Office (.xlsx, .docx).",
            file: displayName, detail: detail)
    }

    private static func libzipMessage(_ code: Int32) -> String {
        var error = zip_error_t()
        zip_error_init_with_code(&error, code)
        defer { zip_error_fini(&error) }
        return String(cString: zip_error_strerror(&error))
    }

    private static func readDirectory(_ handle: OpaquePointer, limits: ResourceLimits, name: String)
        throws -> ([ZipEntry], [String: Int])
    {
        let count = zip_get_num_entries(handle, 0)
        if count > Int64(limits.maxEntries) {
            throw OPCError(
                .tooManyEntries,
                "Tệp chứa quá nhiều mục (\(count), giới hạn \(limits.maxEntries)), có thể là tệp độc hại. Có thể nâng giới hạn bằng biến môi trường \(ResourceLimits.EnvironmentKey.maxEntries).",
                file: name)
        }
        var entries: [ZipEntry] = []
        entries.reserveCapacity(Int(count))
        var byKey: [String: Int] = [:]
        var declaredTotal: UInt64 = 0
        for index in 0..<max(count, 0) {
            var stat = zip_stat_t()
            zip_stat_init(&stat)
            guard zip_stat_index(handle, UInt64(index), 0, &stat) == 0, let cName = stat.name else {
                continue
            }
            let hasSize = stat.valid & UInt64(ZIP_STAT_SIZE) != 0
            let entry = ZipEntry(
                index: Int(index), name: String(cString: cName),
                declaredSize: hasSize ? stat.size : 0,
                compressedSize: stat.valid & UInt64(ZIP_STAT_COMP_SIZE) != 0 ? stat.comp_size : 0,
                isEncrypted: stat.valid & UInt64(ZIP_STAT_ENCRYPTION_METHOD) != 0
                    && stat.encryption_method != UInt16(ZIP_EM_NONE),
                hasDeclaredSize: hasSize)
            declaredTotal &+= entry.declaredSize
            byKey[normalizedKey(entry.name)] = entries.count
            entries.append(entry)
        }
        if declaredTotal > limits.maxPackageSize {
            throw OPCError(
                .packageTooLarge,
                "Tệp khai báo dung lượng giải nén quá lớn (\(declaredTotal >> 20) MiB, giới hạn \(limits.maxPackageSize >> 20) MiB), có thể là tệp độc hại (zip bomb). Có thể nâng giới hạn bằng biến môi trường \(ResourceLimits.EnvironmentKey.maxPackageMiB).",
                file: name)
        }
        return (entries, byKey)
    }
}

/// One entry of a ``ZipArchive`` being inflated. Owns the libzip file handle, closed in
/// `deinit`; keeps its archive alive while open.
public final class ZipEntryStream {
    /// Parts at least this large are inflated ahead on a second thread.
    static let readAheadThreshold: UInt64 = 1 << 20

    public let entry: ZipEntry
    private let archive: ZipArchive
    private let file: OpaquePointer
    private var partTotal: UInt64 = 0
    private var readAhead: ZipReadAhead?

    fileprivate init(archive: ZipArchive, entry: ZipEntry, file: OpaquePointer) {
        self.archive = archive
        self.entry = entry
        self.file = file
        if entry.declaredSize >= Self.readAheadThreshold {
            // The producer borrows this stream: `deinit` stops it before anything is freed,
            // and until then only the producer touches the libzip handle.
            let borrowed = UncheckedSendable(Unmanaged.passUnretained(self))
            readAhead = ZipReadAhead { buffer in
                try borrowed.value._withUnsafeGuaranteedRef { try $0.inflate(into: buffer) }
            }
        }
    }

    deinit {
        readAhead?.stop()
        zip_fclose(file)
    }

    /// Inflates up to `buffer.count` bytes into `buffer`; 0 at the end of the entry.
    /// Throws when the data is corrupt or a limit is passed.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if archive.limits.isPastDeadline {
            throw OPCError(
                .timeLimit, "Đọc tệp quá lâu nên đã dừng (vượt giới hạn thời gian xử lý).",
                file: archive.displayName, part: entry.name)
        }
        if let readAhead { return try readAhead.read(into: buffer) }
        return try inflate(into: buffer)
    }

    private func inflate(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let count = zip_fread(file, base, UInt64(buffer.count))
        if count < 0 { throw archive.fileError(file, part: entry.name) }
        partTotal += UInt64(count)
        try archive.account(Int(count), partTotal: partTotal, entry: entry)
        return Int(count)
    }
}

/// Carries a value the compiler cannot prove thread-safe across a thread boundary where
/// the code guarantees exclusive use (see ``ZipEntryStream``).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
