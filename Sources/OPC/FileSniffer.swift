#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Looks at a file's first bytes to tell what it is before libzip tries it: a ZIP package,
/// an OLE compound file (legacy `.xls`, an encrypted workbook), or something else.
public enum FileSniffer {
    public enum OLEKind: Equatable, Sendable {
        /// An OOXML file encrypted with a password (`EncryptionInfo`/`EncryptedPackage` streams).
        case encryptedPackage
        /// A legacy Excel 97–2003 workbook (`Workbook` or `Book` stream).
        case legacyWorkbook
        /// Some other compound file (old Word document, say).
        case unknown
    }

    public enum Kind: Equatable, Sendable {
        case zipLocalHeader
        case ole(OLEKind)
        case other
    }

    public static let oleMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    /// Compound files larger than this are classified from their first part only.
    static let scanLimit = 64 << 20

    /// What the file at `path` is.
    ///
    /// - Throws: ``OPCError`` when it cannot be opened, is a folder or is empty.
    public static func sniff(path: String, displayName: String) throws -> Kind {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            if code == ENOENT {
                throw OPCError(.fileNotFound, "Không tìm thấy tệp.", file: displayName)
            }
            throw OPCError(
                .fileUnreadable, "Không mở được tệp.", file: displayName,
                detail: String(cString: strerror(code)))
        }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw OPCError(.fileUnreadable, "Đây là một thư mục, không phải tệp.", file: displayName)
        }
        var head = [UInt8](repeating: 0, count: 8)
        let count = head.withUnsafeMutableBytes { read(fd, $0.baseAddress, 8) }
        if count <= 0 {
            throw OPCError(.fileEmpty, "Tệp rỗng (0 byte).", file: displayName)
        }
        head.removeSubrange(count...)
        if head == oleMagic {
            // Read the compound file to find its stream names.
            var bytes = head
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while bytes.count < scanLimit {
                let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, 1 << 16) }
                if got <= 0 { break }
                bytes.append(contentsOf: chunk[0..<got])
            }
            return .ole(oleKind(bytes))
        }
        return classify(head)
    }

    /// What `bytes` are.
    ///
    /// - Throws: ``OPCError`` when they are empty.
    public static func sniff(bytes: [UInt8], displayName: String) throws -> Kind {
        if bytes.isEmpty {
            throw OPCError(.fileEmpty, "Tệp rỗng (0 byte).", file: displayName)
        }
        if bytes.starts(with: oleMagic) {
            return .ole(oleKind(bytes.count > scanLimit ? Array(bytes[0..<scanLimit]) : bytes))
        }
        return classify(Array(bytes.prefix(8)))
    }

    private static func classify(_ head: [UInt8]) -> Kind {
        head.starts(with: [0x50, 0x4B, 0x03, 0x04]) ? .zipLocalHeader : .other
    }

    /// Tells the compound file's kind from the UTF-16 stream names in its directory.
    static func oleKind(_ bytes: [UInt8]) -> OLEKind {
        if contains(bytes, utf16: "EncryptedPackage") || contains(bytes, utf16: "EncryptionInfo") {
            return .encryptedPackage
        }
        if contains(bytes, utf16: "Workbook") || contains(bytes, utf16: "Book") {
            return .legacyWorkbook
        }
        return .unknown
    }

    private static func contains(_ bytes: [UInt8], utf16 name: String) -> Bool {
        var needle: [UInt8] = []
        for unit in name.utf16 {
            needle.append(UInt8(unit & 0xFF))
            needle.append(UInt8(unit >> 8))
        }
        needle.append(contentsOf: [0, 0])  // directory names end with a NUL character
        guard bytes.count >= needle.count else { return false }
        let first = needle[0]
        var index = 0
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == first, bytes[index..<(index + needle.count)].elementsEqual(needle) {
                return true
            }
            index += 1
        }
        return false
    }

    /// The error for a compound file that cannot be read as a package.
    public static func oleError(_ kind: OLEKind, displayName: String) -> OPCError {
        switch kind {
        case .encryptedPackage:
            return OPCError(
                .encryptedWorkbook,
                "Bảng tính được đặt mật khẩu (mã hóa) nên không đọc được. Hãy mở bằng Excel, gỡ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc) rồi lưu lại dạng .xlsx.",
                file: displayName)
        case .legacyWorkbook:
            return OPCError(
                .legacyXLS,
                "Đây là bảng tính Excel đời cũ (.xls, Excel 97–2003), không phải .xlsx. Hãy mở bằng Excel hoặc LibreOffice rồi lưu lại dạng .xlsx.",
                file: displayName)
        case .unknown:
            return OPCError(
                .oleCompound,
                "Tệp có dạng Office đời cũ (OLE): có thể là tệp .xls hoặc .doc cũ, hoặc tệp đặt mật khẩu. Hãy mở bằng Excel hoặc Word, gỡ mật khẩu nếu có, rồi lưu lại dạng .xlsx hoặc .docx.",
                file: displayName)
        }
    }
}
