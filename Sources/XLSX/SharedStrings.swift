import OPC

/// The workbook's shared string table (`sharedStrings.xml`): plain and rich strings, with
/// phonetic runs left out and `_xHHHH_` escapes resolved.
public struct SharedStrings: Sendable {
    public private(set) var strings: [String]

    public init(strings: [String] = []) {
        self.strings = strings
    }

    public var count: Int { strings.count }

    /// The string at `index`, or `nil` when the table has no such entry.
    @inline(__always)
    public subscript(index: Int) -> String? {
        index >= 0 && index < strings.count ? strings[index] : nil
    }

    static func read(_ part: String, in package: OPCPackage) throws -> SharedStrings {
        let reader = SharedStringsReader(limits: package.archive.limits, file: package.displayName, part: part)
        if let entry = package.archive.entry(named: part) {
            // The declared `count` is a hint only: a lying one must not reserve memory.
            reader.declaredSizeHint = Int(min(entry.declaredSize / 16, 1 << 20))
        }
        try package.parseXML(part, handler: reader)
        return SharedStrings(strings: reader.strings)
    }
}

private final class SharedStringsReader: XMLEventHandler {
    let limit: Int
    let maxStringBytes: Int
    let file: String
    let part: String
    var strings: [String] = []
    var declaredSizeHint = 0
    private var text = ScratchBytes()
    private var inItem = false
    private var inText = false
    private var phoneticDepth = 0
    private var runStart = 0
    private var preserveSpace = false

    init(limits: ResourceLimits, file: String, part: String) {
        self.limit = limits.maxSharedStrings
        self.maxStringBytes = limits.maxStringBytes
        self.file = file
        self.part = part
    }

    override func startElement(_ name: XMLName, attributes: XMLAttributes) throws {
        if name.is("si") {
            if strings.count >= limit {
                throw XLSXError(
                    .tooManySharedStrings,
                    "Bảng chuỗi dùng chung có hơn \(limit) chuỗi, vượt xa mọi bảng tính thật; tệp có thể độc hại. Có thể nâng giới hạn bằng biến môi trường \(ResourceLimits.EnvironmentKey.maxSharedStrings).",
                    file: file, part: part)
            }
            inItem = true
            text.removeAll()
        } else if name.is("t") {
            inText = inItem && phoneticDepth == 0
            runStart = text.count
            preserveSpace = attributes.value("space")?.bytes.first == UInt8(ascii: "p")
        } else if name.is("rPh") {
            phoneticDepth += 1
        } else if name.is("sst"), strings.isEmpty {
            let declared = attributes.value("uniqueCount")?.unsignedInteger ?? 0
            strings.reserveCapacity(min(declared, declaredSizeHint))
        }
    }

    override func endElement(_ name: XMLName) throws {
        if name.is("t") {
            if inText && !preserveSpace { text.trimWhitespace(from: runStart) }
            inText = false
        } else if name.is("rPh") {
            phoneticDepth -= 1
        } else if name.is("si") {
            inItem = false
            strings.append(EscapedText.decode(text.bytes))
        }
    }

    override func characters(_ chunk: UnsafeBufferPointer<UInt8>) throws {
        guard inText else { return }
        if text.count + chunk.count > maxStringBytes {
            throw XLSXError(
                .stringTooLong,
                "Chuỗi dùng chung số \(strings.count) dài hơn \(maxStringBytes / 1024) KB (Excel chỉ cho 32.767 ký tự một ô); tệp bị hỏng hoặc độc hại. Có thể nâng giới hạn bằng biến môi trường \(ResourceLimits.EnvironmentKey.maxStringKiB).",
                file: file, part: part)
        }
        text.append(chunk)
    }
}
