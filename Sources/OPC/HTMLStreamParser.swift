import CLibXML2
import Foundation

/// A streaming reader of HTML pages (tag soup included) on libxml2's HTML push parser,
/// sending the same ``XMLEventHandler`` events as ``XMLStreamParser``.
///
/// Element and attribute names arrive lowercased and without namespace; end tags that the
/// page leaves out (`<td>` without `</td>`) are supplied where a browser would close the
/// element, so every start has its end. Character references (`&nbsp;`, `&#7889;`) are
/// decoded; the text of `<script>` and `<style>` arrives as characters too, for the handler
/// to skip.
///
/// The page's encoding is found the way browsers find it, from the first
/// ``sniffLength`` bytes: a byte order mark (UTF-8, UTF-16), else a `<meta charset>` or
/// `<meta http-equiv="Content-Type" content="…; charset=…">`, else UTF-8 when those bytes
/// are valid UTF-8 and Windows-1252 (what browsers assume) when they are not.
///
/// Safe for untrusted input: the network is never used, a DOCTYPE with an internal subset
/// (`<!DOCTYPE html [ … ]>`) or any `<!ENTITY` declaration is refused before libxml2 sees
/// it (`xml.dtd_forbidden`), HTML knows no other entities than its own, nesting deeper than
/// ``ResourceLimits/maxXMLDepth`` stops the parse (`limit.xml_depth`), a page larger than
/// ``ResourceLimits/maxPartSize`` is refused (`limit.part_size`) and the deadline is checked
/// as the bytes are fed (`limit.time`). One parser per page; it is not `Sendable`.
public final class HTMLStreamParser {
    /// How many leading bytes are searched for the page's encoding.
    public static let sniffLength = 4096

    private let state: SAXParserState
    /// Keeps the handler alive while the state borrows it.
    private let handler: XMLEventHandler
    private let limits: ResourceLimits
    private var context: htmlParserCtxtPtr?
    private var head: [UInt8] = []
    private var received: UInt64 = 0
    private var scanner = DeclarationScanner()

    /// The encoding the page is read in (`UTF-8`, `windows-1258`), once the first bytes
    /// are parsed; `nil` when nothing declares one and those bytes are UTF-8, which the page
    /// is then read in (a `<meta>` further on may still switch the rest).
    public private(set) var encoding: String?

    /// Makes a parser that sends the events of one page to `handler`.
    /// - Parameters:
    ///   - part: where the page is (for error messages).
    ///   - file: the file name, for error messages.
    public init(
        handler: XMLEventHandler, part: String? = nil, file: String? = nil, limits: ResourceLimits = .standard
    ) {
        XMLLibrary.initialize()
        self.handler = handler
        self.limits = limits
        state = SAXParserState(handler: handler, maxDepth: limits.maxXMLDepth, part: part, file: file, markup: .html)
    }

    deinit {
        if let context {
            htmlFreeParserCtxt(context)
        }
    }

    /// Parses the next piece of the page.
    public func feed(_ chunk: UnsafeRawBufferPointer) throws {
        try count(chunk.count)
        if context == nil {
            head.append(contentsOf: chunk)
            if head.count >= Self.sniffLength { try start() }
            return
        }
        try push(chunk, terminate: false)
    }

    /// Ends the page, closing what it left open, and reports any error.
    public func finish() throws {
        if context == nil { try start() }
        try push(UnsafeRawBufferPointer(start: nil, count: 0), terminate: true)
    }

    /// Parses a whole page held in memory.
    public func parse(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try feed($0) }
        try finish()
    }

    private func count(_ bytes: Int) throws {
        received += UInt64(bytes)
        if received > limits.maxPartSize {
            throw OPCError(
                .partTooLarge,
                "Trang HTML quá lớn (hơn \(limits.maxPartSize >> 20) MiB), vượt xa mọi bảng xuất thật; tệp có thể độc hại. Có thể nâng giới hạn bằng biến môi trường \(ResourceLimits.EnvironmentKey.maxPartMiB).",
                file: state.file, part: state.part, detail: "more than \(limits.maxPartSize) bytes")
        }
    }

    /// Finds the encoding in the bytes held back so far, makes the libxml2 context and
    /// parses those bytes.
    private func start() throws {
        let sniffed = HTMLCharset.sniff(head)
        var options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NODEFDTD.rawValue)
        var handler = Self.saxHandler()
        let userData = Unmanaged.passUnretained(state).toOpaque()
        guard let context = htmlCreatePushParserCtxt(&handler, userData, nil, 0, state.part, XML_CHAR_ENCODING_NONE)
        else {
            throw OPCError(.xmlMalformed, "Không khởi tạo được bộ đọc HTML.", file: state.file, part: state.part)
        }
        self.context = context
        state.context = context
        if let name = sniffed.encoding, let encoder = xmlFindCharEncodingHandler(name) {
            // The page's own later declarations must not switch again (browsers do not either).
            options |= Int32(HTML_PARSE_IGNORE_ENC.rawValue)
            _ = xmlSwitchToEncoding(context, encoder)
            encoding = name
        } else if HTMLCharset.isUTF8(head) {
            // Read as UTF-8 (libxml2 would take undeclared bytes for Latin-1), still letting
            // a declaration past the first bytes switch the rest of the page.
            context.pointee.charset = Int32(XML_CHAR_ENCODING_UTF8.rawValue)
        } else if let encoder = xmlFindCharEncodingHandler(HTMLCharset.fallback) {
            options |= Int32(HTML_PARSE_IGNORE_ENC.rawValue)
            _ = xmlSwitchToEncoding(context, encoder)
            encoding = HTMLCharset.fallback
        }
        htmlCtxtUseOptions(context, options)
        let bytes = head
        head = []
        try bytes.withUnsafeBytes { raw in
            try push(UnsafeRawBufferPointer(rebasing: raw[sniffed.byteOrderMarkLength...]), terminate: false)
        }
    }

    private static func saxHandler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElement = htmlStartElement
        handler.endElement = htmlEndElement
        handler.characters = saxCharacters
        handler.ignorableWhitespace = saxCharacters
        handler.serror = htmlStructuredError
        return handler
    }

    /// Hands `chunk` to libxml2 in slices, refusing declarations first and checking the
    /// deadline between slices.
    private func push(_ chunk: UnsafeRawBufferPointer, terminate: Bool) throws {
        guard let context else { return }
        let slice = 1 << 16
        var offset = 0
        repeat {
            if limits.isPastDeadline {
                throw OPCError(
                    .timeLimit, "Đọc tệp quá lâu nên đã dừng (vượt giới hạn thời gian xử lý).",
                    file: state.file, part: state.part)
            }
            let length = min(chunk.count - offset, slice)
            if length > 0, let base = chunk.baseAddress {
                let piece = UnsafeRawBufferPointer(start: base + offset, count: length)
                if !scanner.scan(piece) {
                    throw OPCError(
                        .xmlDTDForbidden,
                        "Trang HTML khai báo DTD có phần nội bộ hoặc thực thể (<!DOCTYPE … [ … ]>, <!ENTITY …>), điều mà trang xuất từ phần mềm thật không bao giờ ghi; tệp có thể độc hại (thực thể ngoài, bom thực thể) nên bị từ chối.",
                        file: state.file, part: state.part, detail: "internal DTD subset or entity declaration")
                }
            }
            let last = terminate && offset + length == chunk.count
            let pointer = chunk.baseAddress.map { ($0 + offset).assumingMemoryBound(to: CChar.self) }
            // libxml2's HTML parser recovers from everything; its status only says that it
            // had to, so it is not an error here.
            _ = htmlParseChunk(context, pointer, Int32(length), last ? 1 : 0)
            offset += length
            if let error = state.error { throw error }
        } while offset < chunk.count
    }
}

/// How the bytes of a page say which encoding they are in.
enum HTMLCharset {
    /// The length of the byte order mark at the start of `head` and the encoding it or a
    /// `<meta>` declares (a libxml2/iconv name), or `nil` when there is no declaration.
    static func sniff(_ head: [UInt8]) -> (byteOrderMarkLength: Int, encoding: String?) {
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { return (3, "UTF-8") }
        if head.starts(with: [0xFF, 0xFE]) { return (2, "UTF-16LE") }
        if head.starts(with: [0xFE, 0xFF]) { return (2, "UTF-16BE") }
        if let label = declaredLabel(head), let name = encodingName(label: label) { return (0, name) }
        return (0, nil)
    }

    /// What an undeclared page that is not UTF-8 is read in, as browsers do.
    static let fallback = "windows-1252"

    /// The libxml2/iconv name for the encoding label `label` (WHATWG's label table for the
    /// common ones), or `nil` for a label that cannot be an encoding name.
    static func encodingName(label: String) -> String? {
        let label = label.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        switch label {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "unicode20utf8", "x-unicode20utf8":
            return "UTF-8"
        // A page whose declaration could be read as ASCII is not UTF-16, whatever it says.
        case "utf-16", "utf-16le", "utf-16be", "unicode", "unicodefeff", "unicodefffe", "ucs-2", "csunicode",
            "iso-10646-ucs-2":
            return "UTF-8"
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1", "ascii", "us-ascii", "cp1252", "windows-1252",
            "x-cp1252", "cp819", "ibm819", "iso-ir-100", "csisolatin1", "iso88591", "iso_8859-1:1987":
            return "windows-1252"
        case "windows-1258", "cp1258", "x-cp1258":
            return "windows-1258"
        default:
            let allowed = label.utf8.allSatisfy {
                ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E
                    || $0 == 0x3A
            }
            return allowed && !label.isEmpty && label.utf8.count <= 40 ? label : nil
        }
    }

    /// Whether `head` is UTF-8, allowing a character cut off at its end.
    static func isUTF8(_ head: [UInt8]) -> Bool {
        if String(data: Data(head), encoding: .utf8) != nil { return true }
        for cut in 1...3 where head.count > cut {
            if String(data: Data(head.dropLast(cut)), encoding: .utf8) != nil { return true }
        }
        return false
    }

    /// The charset that the first `<meta>` declaring one names, outside comments.
    static func declaredLabel(_ bytes: [UInt8]) -> String? {
        var index = 0
        let count = bytes.count
        func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte }
        func matches(_ text: StaticString, at position: Int) -> Bool {
            let length = text.utf8CodeUnitCount
            guard position + length <= count else { return false }
            for offset in 0..<length where lower(bytes[position + offset]) != text.utf8Start[offset] { return false }
            return true
        }
        func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
        }
        while index < count {
            guard bytes[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            if matches("<!--", at: index) {
                index += 4
                while index < count && !matches("-->", at: index) { index += 1 }
                index += 3
                continue
            }
            guard matches("<meta", at: index), index + 5 < count, isSpace(bytes[index + 5]) || bytes[index + 5] == 0x2F
            else {
                index += 1
                continue
            }
            index += 5
            var attributes: [String: String] = [:]
            while index < count {
                while index < count && (isSpace(bytes[index]) || bytes[index] == 0x2F) { index += 1 }
                guard index < count, bytes[index] != UInt8(ascii: ">") else { break }
                let nameStart = index
                while index < count, !isSpace(bytes[index]), bytes[index] != 0x3D, bytes[index] != 0x3E,
                    bytes[index] != 0x2F
                {
                    index += 1
                }
                let name = String(decoding: bytes[nameStart..<index].map(lower), as: UTF8.self)
                while index < count && isSpace(bytes[index]) { index += 1 }
                var value = ""
                if index < count, bytes[index] == 0x3D {
                    index += 1
                    while index < count && isSpace(bytes[index]) { index += 1 }
                    if index < count, bytes[index] == 0x22 || bytes[index] == 0x27 {
                        let quote = bytes[index]
                        index += 1
                        let valueStart = index
                        while index < count && bytes[index] != quote { index += 1 }
                        value = String(decoding: bytes[valueStart..<min(index, count)], as: UTF8.self)
                        index += 1
                    } else {
                        let valueStart = index
                        while index < count, !isSpace(bytes[index]), bytes[index] != 0x3E { index += 1 }
                        value = String(decoding: bytes[valueStart..<index], as: UTF8.self)
                    }
                }
                if attributes[name] == nil { attributes[name] = value }
            }
            if let charset = attributes["charset"], !charset.isEmpty { return charset }
            if attributes["http-equiv"]?.lowercased() == "content-type", let content = attributes["content"],
                let label = charset(inContentType: content)
            {
                return label
            }
        }
        return nil
    }

    /// `windows-1258` from `text/html; charset=windows-1258`.
    static func charset(inContentType content: String) -> String? {
        guard let range = content.range(of: "charset", options: .caseInsensitive) else { return nil }
        var rest = content[range.upperBound...].drop { $0 == " " || $0 == "\t" }
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "'" }
        let label = rest.prefix { $0 != ";" && $0 != " " && $0 != "\"" && $0 != "'" && $0 != "\t" }
        return label.isEmpty ? nil : String(label)
    }
}

/// Finds, in the raw bytes of a page as they arrive, a DOCTYPE with an internal subset or
/// an entity declaration. Zero bytes are skipped, so UTF-16 markup is seen as ASCII.
struct DeclarationScanner {
    private enum Phase {
        case text
        /// After `<`.
        case open
        /// After `<!` and the letters in `keyword`.
        case bang
        /// After `<!-`.
        case bangDash
        /// In a comment, after `dashes` dashes.
        case comment
        /// Inside `<!DOCTYPE`, in quotes when `quote` is set.
        case doctype
    }

    private static let doctype = Array("doctype".utf8)
    private static let entity = Array("entity".utf8)

    private var phase = Phase.text
    private var keyword: [UInt8] = []
    private var dashes = 0
    private var quote: UInt8 = 0

    /// Scans the next bytes; `false` once a forbidden declaration is seen.
    mutating func scan(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for byte in bytes where byte != 0 {
            switch phase {
            case .text:
                if byte == UInt8(ascii: "<") { phase = .open }
            case .open:
                if byte == UInt8(ascii: "!") {
                    phase = .bang
                    keyword.removeAll(keepingCapacity: true)
                } else if byte != UInt8(ascii: "<") {
                    phase = .text
                }
            case .bang:
                if keyword.isEmpty && byte == UInt8(ascii: "-") {
                    phase = .bangDash
                    continue
                }
                keyword.append(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte)
                if keyword == Self.entity { return false }
                if keyword == Self.doctype {
                    phase = .doctype
                    quote = 0
                } else if !Self.doctype.starts(with: keyword) && !Self.entity.starts(with: keyword) {
                    phase = byte == UInt8(ascii: "<") ? .open : .text
                }
            case .bangDash:
                if byte == UInt8(ascii: "-") {
                    phase = .comment
                    dashes = 0
                } else {
                    phase = byte == UInt8(ascii: "<") ? .open : .text
                }
            case .comment:
                if byte == UInt8(ascii: "-") {
                    dashes += 1
                } else {
                    if byte == UInt8(ascii: ">") && dashes >= 2 { phase = .text }
                    dashes = 0
                }
            case .doctype:
                if quote != 0 {
                    if byte == quote { quote = 0 }
                } else if byte == 0x22 || byte == 0x27 {
                    quote = byte
                } else if byte == UInt8(ascii: "[") {
                    return false
                } else if byte == UInt8(ascii: ">") {
                    phase = .text
                }
            }
        }
        return true
    }
}

private let htmlStartElement: startElementSAXFunc = { userData, name, attributes in
    SAXParserState.with(userData) { state in
        guard state.error == nil, let name else { return }
        state.depth += 1
        if state.depth > state.maxDepth {
            state.stop(with: state.depthError(line: state.currentLine))
            return
        }
        let slots = state.attributeSlots
        let count = slots.lay(out: attributes)
        do {
            try state.handler._withUnsafeGuaranteedRef {
                try $0.startElement(
                    XMLName(localName: name, namespaceURI: nil),
                    attributes: XMLAttributes(base: UnsafePointer(slots.base), count: count))
            }
        } catch {
            state.stop(with: error)
        }
    }
}

private let htmlEndElement: endElementSAXFunc = { userData, name in
    SAXParserState.with(userData) { state in
        guard state.error == nil, let name else { return }
        state.depth -= 1
        do {
            try state.handler._withUnsafeGuaranteedRef {
                try $0.endElement(XMLName(localName: name, namespaceURI: nil))
            }
        } catch {
            state.stop(with: error)
        }
    }
}

/// Keeps libxml2 from printing to standard error: tag soup is expected, not reported.
private let htmlStructuredError: xmlStructuredErrorFunc = { _, _ in }
