/// Turns the bytes of a text file, in the encoding ``TextEncodingSniffer`` found, into UTF-8,
/// a chunk at a time, so that a large file is never held twice.
enum TextEncodingTranscoder {
    /// Bytes that are no text in the encoding.
    enum Failure: Error, Equatable {
        /// A NUL character at this offset of the input.
        case nul(offset: Int)
        /// A lone UTF-16 surrogate, or an odd last byte, at this offset of the input.
        case malformedUTF16(offset: Int)
    }

    /// How many UTF-8 bytes each chunk holds at most (about).
    static let chunkSize = 1 << 20

    /// Hands `body` the text of `bytes` (without its byte order mark) as UTF-8, in chunks,
    /// until it returns `false` or the text ends. UTF-8 input is handed over as it is.
    ///
    /// - Throws: ``Failure`` for bytes that are no text, and what `body` throws.
    static func forEachChunk(
        of bytes: UnsafeBufferPointer<UInt8>, in encoding: TextEncoding,
        _ body: (UnsafeBufferPointer<UInt8>) throws -> Bool
    ) throws {
        switch encoding {
        case .utf8:
            var start = 0
            while start < bytes.count {
                let end = min(start + chunkSize, bytes.count)
                guard try body(UnsafeBufferPointer(rebasing: bytes[start..<end])) else { return }
                start = end
            }
        case .utf16LittleEndian, .utf16BigEndian:
            try utf16(bytes, bigEndian: encoding == .utf16BigEndian, body)
        case .windows1252:
            try singleByte(bytes, table: windows1252, body)
        case .windows1258:
            try singleByte(bytes, table: windows1258, body)
        }
    }

    private static func utf16(
        _ bytes: UnsafeBufferPointer<UInt8>, bigEndian: Bool, _ body: (UnsafeBufferPointer<UInt8>) throws -> Bool
    ) throws {
        var output: [UInt8] = []
        output.reserveCapacity(chunkSize + 4)
        let count = bytes.count
        var index = 0
        func unit(at offset: Int) -> UInt32 {
            bigEndian
                ? UInt32(bytes[offset]) << 8 | UInt32(bytes[offset + 1])
                : UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset])
        }
        while index < count {
            guard index + 1 < count else { throw Failure.malformedUTF16(offset: index) }
            var scalar = unit(at: index)
            if scalar == 0 { throw Failure.nul(offset: index) }
            if scalar >= 0xD800 && scalar <= 0xDFFF {
                guard scalar <= 0xDBFF, index + 3 < count else { throw Failure.malformedUTF16(offset: index) }
                let low = unit(at: index + 2)
                guard low >= 0xDC00 && low <= 0xDFFF else { throw Failure.malformedUTF16(offset: index) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                index += 2
            }
            index += 2
            appendUTF8(scalar, to: &output)
            if output.count >= chunkSize {
                guard try output.withUnsafeBufferPointer(body) else { return }
                output.removeAll(keepingCapacity: true)
            }
        }
        if !output.isEmpty { _ = try output.withUnsafeBufferPointer(body) }
    }

    private static func singleByte(
        _ bytes: UnsafeBufferPointer<UInt8>, table: [UInt16], _ body: (UnsafeBufferPointer<UInt8>) throws -> Bool
    ) throws {
        var output: [UInt8] = []
        output.reserveCapacity(chunkSize + 4)
        for (offset, byte) in bytes.enumerated() {
            if byte < 0x80 {
                if byte == 0 { throw Failure.nul(offset: offset) }
                output.append(byte)
            } else {
                appendUTF8(UInt32(table[Int(byte) - 0x80]), to: &output)
            }
            if output.count >= chunkSize {
                guard try output.withUnsafeBufferPointer(body) else { return }
                output.removeAll(keepingCapacity: true)
            }
        }
        if !output.isEmpty { _ = try output.withUnsafeBufferPointer(body) }
    }

    /// `scalar`'s UTF-8 bytes (the callers hand over decoded scalars, never surrogates).
    @inline(__always)
    private static func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
        guard let scalar = Unicode.Scalar(scalar) else { return }
        UTF8.encode(scalar) { output.append($0) }
    }

    /// 0x80–0x9F of Windows-1252; the five bytes it leaves undefined stay the C1 controls of
    /// the same value (as WHATWG decodes them), so no byte is lost. 0xA0–0xFF are Latin-1.
    private static let windows1252: [UInt16] =
        [
            0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
            0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
            0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
        ] + (0xA0...0xFF).map { UInt16($0) }

    /// 0x80–0xFF of Windows-1258 (undefined bytes as C1 controls), after Python's `cp1258`.
    private static let windows1258: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x008A, 0x2039, 0x0152,
        0x008D, 0x008E, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
        0x009A, 0x203A, 0x0153, 0x009D, 0x009E, 0x0178, 0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6,
        0x00A7, 0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF, 0x00B0, 0x00B1, 0x00B2, 0x00B3,
        0x00B4, 0x00B5, 0x00B6, 0x00B7, 0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF, 0x00C0,
        0x00C1, 0x00C2, 0x0102, 0x00C4, 0x00C5, 0x00C6, 0x00C7, 0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x0300, 0x00CD,
        0x00CE, 0x00CF, 0x0110, 0x00D1, 0x0309, 0x00D3, 0x00D4, 0x01A0, 0x00D6, 0x00D7, 0x00D8, 0x00D9, 0x00DA,
        0x00DB, 0x00DC, 0x01AF, 0x0303, 0x00DF, 0x00E0, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x00E5, 0x00E6, 0x00E7,
        0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x0301, 0x00ED, 0x00EE, 0x00EF, 0x0111, 0x00F1, 0x0323, 0x00F3, 0x00F4,
        0x01A1, 0x00F6, 0x00F7, 0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x01B0, 0x20AB, 0x00FF,
    ]
}
