import CLibXML2
import Foundation

/// A qualified XML name as the parser reports it. Valid only during the callback that
/// received it.
public struct XMLName {
    /// The local name, NUL-terminated UTF-8.
    public let localName: UnsafePointer<UInt8>
    /// The namespace URI, or `nil` for no namespace.
    public let namespaceURI: UnsafePointer<UInt8>?
    /// The prefix as written (`w` in `w:p`), or `nil`.
    public let prefix: UnsafePointer<UInt8>?

    @inlinable
    init(
        localName: UnsafePointer<UInt8>, namespaceURI: UnsafePointer<UInt8>?,
        prefix: UnsafePointer<UInt8>? = nil
    ) {
        self.localName = localName
        self.namespaceURI = namespaceURI
        self.prefix = prefix
    }

    /// The name as written: `w:p`, or `p` without a prefix.
    public var qualifiedName: String {
        guard let prefix else { return String(cString: localName) }
        return String(cString: prefix) + ":" + String(cString: localName)
    }

    /// The namespace URI as a string, `""` for none.
    public var namespaceString: String { namespaceURI.map { String(cString: $0) } ?? "" }

    /// Whether the local name is `name`, whatever the prefix or namespace: Transitional
    /// (`http://schemas.openxmlformats.org/...`), Strict (`http://purl.oclc.org/ooxml/...`)
    /// and `x:`-prefixed documents all read the same.
    @inlinable @inline(__always)
    public func `is`(_ name: StaticString) -> Bool {
        XMLBytes.equal(localName, name)
    }

    /// The local name as a string (for messages; slower than ``is(_:)``).
    public var localNameString: String { String(cString: localName) }
}

/// The attributes of a start tag. Valid only during the callback that received them.
public struct XMLAttributes {
    // libxml2's SAX2 layout: five pointers per attribute: localname, prefix, URI, value, end.
    @usableFromInline let base: UnsafePointer<UnsafePointer<UInt8>?>?
    /// How many attributes there are.
    public let count: Int
    /// The namespace declarations on this element: prefix, URI pairs.
    let namespaceBase: UnsafePointer<UnsafePointer<UInt8>?>?
    /// How many namespace declarations (`xmlns`, `xmlns:w`) the element carries.
    public let namespaceCount: Int

    init(
        base: UnsafePointer<UnsafePointer<UInt8>?>?, count: Int,
        namespaceBase: UnsafePointer<UnsafePointer<UInt8>?>? = nil, namespaceCount: Int = 0
    ) {
        self.base = base
        self.count = count
        self.namespaceBase = namespaceBase
        self.namespaceCount = namespaceCount
    }

    /// Namespace declaration `index`: its prefix (`nil` for the default namespace) and URI.
    public func namespaceDeclaration(at index: Int) -> (prefix: String?, uri: String) {
        let slot = namespaceBase! + index * 2
        return (slot[0].map { String(cString: $0) }, slot[1].map { String(cString: $0) } ?? "")
    }

    /// Attribute `index` as written: qualified name (`w:val`, `xml:space`) and decoded value.
    public func attribute(at index: Int) -> (name: String, value: String) {
        let slot = base! + index * 5
        let local = String(cString: slot[0]!)
        let name = slot[1].map { String(cString: $0) + ":" + local } ?? local
        return (name, value(at: index).string)
    }

    /// The raw value of the first attribute whose local name is `localName`. With
    /// `namespaced: true` only a prefixed attribute (`r:id`) matches, with `false` only an
    /// unprefixed one, with `nil` either.
    @inlinable @inline(__always)
    public func value(_ localName: StaticString, namespaced: Bool? = nil) -> XMLAttributeValue? {
        guard let base else { return nil }
        var index = 0
        while index < count {
            let slot = base + index * 5
            if let name = slot[0], XMLBytes.equal(name, localName) {
                let hasNamespace = slot[2] != nil
                if namespaced == nil || namespaced == hasNamespace,
                    let start = slot[3], let end = slot[4]
                {
                    return XMLAttributeValue(bytes: UnsafeBufferPointer(start: start, count: end - start))
                }
            }
            index += 1
        }
        return nil
    }

    /// The local name of attribute `index` (NUL-terminated UTF-8), for single-pass scans of
    /// hot elements.
    @inlinable @inline(__always)
    public func localName(at index: Int) -> XMLName {
        let slot = base! + index * 5
        return XMLName(localName: slot[0]!, namespaceURI: slot[2])
    }

    /// The raw value of attribute `index`.
    @inlinable @inline(__always)
    public func value(at index: Int) -> XMLAttributeValue {
        let slot = base! + index * 5
        return XMLAttributeValue(bytes: UnsafeBufferPointer(start: slot[3]!, count: slot[4]! - slot[3]!))
    }

    /// The decoded value of the attribute named `localName`, as a string.
    public func string(_ localName: StaticString, namespaced: Bool? = nil) -> String? {
        value(localName, namespaced: namespaced)?.string
    }
}

/// An attribute value's bytes, as libxml2 hands them over.
public struct XMLAttributeValue {
    /// UTF-8 bytes. libxml2 leaves `&amp;` as the character reference `&#38;` here;
    /// ``string`` undoes that.
    public let bytes: UnsafeBufferPointer<UInt8>

    @inlinable
    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The value as a string, with `&#38;` turned back into `&`.
    public var string: String {
        let text = String(decoding: bytes, as: UTF8.self)
        guard bytes.contains(UInt8(ascii: "&")) else { return text }
        return text.replacingOccurrences(of: "&#38;", with: "&")
    }

    /// The value as a non-negative whole number, or `nil` if it is not one.
    @inlinable @inline(__always)
    public var unsignedInteger: Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value = 0
        for byte in bytes {
            let digit = Int(byte) &- 48
            guard digit >= 0, digit <= 9 else { return nil }
            value = value &* 10 &+ digit
        }
        return value
    }

    /// Whether the value is `1` or `true` (XML Schema's boolean), `false` otherwise.
    public var boolean: Bool {
        (bytes.count == 1 && bytes[0] == UInt8(ascii: "1")) || XMLBytes.equal(bytes, "true")
    }
}

/// Receives the events of a streamed XML document: subclass it and override what you need.
///
/// A method may throw to stop the parse; the error is rethrown by the parser. Pointers
/// handed to a method are only valid during that call. (A class rather than a protocol:
/// the C callbacks reach it without reference counting, which matters at millions of
/// events per sheet.)
open class XMLEventHandler {
    public init() {}

    open func startElement(_ name: XMLName, attributes: XMLAttributes) throws {}
    open func endElement(_ name: XMLName) throws {}
    /// Text content, in one or more pieces; entities and CDATA are already decoded.
    open func characters(_ text: UnsafeBufferPointer<UInt8>) throws {}
}

@usableFromInline
enum XMLBytes {
    @inlinable @inline(__always)
    static func equal(_ pointer: UnsafePointer<UInt8>, _ name: StaticString) -> Bool {
        let expected = name.utf8Start
        let length = name.utf8CodeUnitCount
        var index = 0
        while index < length {
            if pointer[index] != expected[index] { return false }
            index += 1
        }
        return pointer[length] == 0
    }

    @inlinable @inline(__always)
    static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        guard bytes.count == name.utf8CodeUnitCount else { return false }
        let expected = name.utf8Start
        for index in 0..<bytes.count where bytes[index] != expected[index] { return false }
        return true
    }
}

/// A streaming, namespace-aware XML reader on libxml2's SAX2 push parser.
///
/// Safe for untrusted input: a document with a DTD is refused (so no entity can be
/// declared, let alone expanded), the network is never used, nesting deeper than
/// ``ResourceLimits/maxXMLDepth`` stops the parse, and malformed or wrongly encoded input
/// becomes an ``OPCError`` naming the part and the line. One parser per document; it is
/// not `Sendable`, but separate parsers may run on separate threads.
public final class XMLStreamParser {
    private let state: SAXParserState
    /// Keeps the handler alive while the state borrows it.
    private let handler: XMLEventHandler
    private var context: xmlParserCtxtPtr?
    private var headBytes: [UInt8] = []
    private let options: Int32

    /// Makes a parser that sends the events of one document to `handler`.
    /// - Parameters:
    ///   - part: the part name, for error messages.
    ///   - file: the file name, for error messages.
    public init(
        handler: XMLEventHandler, part: String? = nil, file: String? = nil,
        limits: ResourceLimits = .standard
    ) {
        XMLLibrary.initialize()
        self.handler = handler
        state = SAXParserState(handler: handler, maxDepth: limits.maxXMLDepth, part: part, file: file, markup: .xml)
        var options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue)
        if limits.maxXMLDepth > 256 { options |= Int32(XML_PARSE_HUGE.rawValue) }
        self.options = options
    }

    deinit {
        if let context {
            xmlFreeParserCtxt(context)
        }
    }

    /// Parses the next piece of the document.
    public func feed(_ chunk: UnsafeRawBufferPointer) throws {
        if context == nil {
            // libxml2 detects the encoding from the first bytes: give it at least four.
            headBytes.append(contentsOf: chunk)
            if headBytes.count < 4 { return }
            let head = headBytes
            headBytes = []
            try createContext()
            try head.withUnsafeBytes { try push($0, terminate: false) }
            return
        }
        try push(chunk, terminate: false)
    }

    /// Ends the document and reports any error it still holds.
    public func finish() throws {
        if context == nil {
            let head = headBytes
            headBytes = []
            try createContext()
            try head.withUnsafeBytes { try push($0, terminate: true) }
            return
        }
        try push(UnsafeRawBufferPointer(start: nil, count: 0), terminate: true)
    }

    /// Parses a whole document held in memory.
    public func parse(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try feed($0) }
        try finish()
    }

    /// Streams the part `entry` of `archive` through `handler`.
    public static func parse(
        _ entry: ZipEntry, in archive: ZipArchive, handler: XMLEventHandler
    ) throws {
        let parser = XMLStreamParser(
            handler: handler, part: entry.name, file: archive.displayName, limits: archive.limits)
        do {
            try parser.parse(pulling: archive.openStream(entry))
        } catch let error as OPCError {
            throw error.located(file: archive.displayName, part: entry.name)
        }
    }

    /// Parses a whole document that libxml2 pulls from `stream` as it goes.
    ///
    /// Pulling lets libxml2 use its main parsing loop instead of the push parser's
    /// look-ahead for complete tags, about 10% less work on a large sheet.
    public func parse(pulling stream: ZipEntryStream) throws {
        let source = PullSource(stream: stream)
        let sourcePointer = Unmanaged.passUnretained(source).toOpaque()
        var handler = Self.saxHandler()
        let userData = Unmanaged.passUnretained(state).toOpaque()
        guard
            let context = xmlCreateIOParserCtxt(
                &handler, userData, pullRead, pullClose, sourcePointer, XML_CHAR_ENCODING_NONE)
        else {
            throw OPCError(.xmlMalformed, "Không khởi tạo được bộ đọc XML.", file: state.file, part: state.part)
        }
        xmlCtxtUseOptions(context, options)
        self.context = context
        state.context = context
        let status = withExtendedLifetime(source) { xmlParseDocument(context) }
        if let error = source.error { throw error }
        if let error = state.error { throw error }
        if status != 0 || context.pointee.wellFormed == 0 {
            throw libxmlError(context)
        }
    }

    private static func saxHandler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = saxStartElement
        handler.endElementNs = saxEndElement
        handler.characters = saxCharacters
        handler.ignorableWhitespace = saxCharacters
        handler.internalSubset = saxInternalSubset
        handler.serror = saxStructuredError
        return handler
    }

    private func createContext() throws {
        var handler = Self.saxHandler()
        let userData = Unmanaged.passUnretained(state).toOpaque()
        guard let context = xmlCreatePushParserCtxt(&handler, userData, nil, 0, state.part) else {
            throw OPCError(.xmlMalformed, "Không khởi tạo được bộ đọc XML.", file: state.file, part: state.part)
        }
        xmlCtxtUseOptions(context, options)
        self.context = context
        state.context = context
    }

    private func push(_ chunk: UnsafeRawBufferPointer, terminate: Bool) throws {
        guard let context else { return }
        var offset = 0
        repeat {
            // xmlParseChunk takes an Int32 length.
            let length = min(chunk.count - offset, 1 << 30)
            let pointer = chunk.baseAddress.map {
                ($0 + offset).assumingMemoryBound(to: CChar.self)
            }
            let last = terminate && offset + length == chunk.count
            let status = xmlParseChunk(context, pointer, Int32(length), last ? 1 : 0)
            offset += length
            if let error = state.error { throw error }
            if status != 0 || context.pointee.wellFormed == 0 {
                throw libxmlError(context)
            }
        } while offset < chunk.count
    }

    private func libxmlError(_ context: xmlParserCtxtPtr) -> OPCError {
        var message = "malformed XML"
        var line: Int? = nil
        var code: Int32 = 0
        if let last = xmlCtxtGetLastError(context) {
            if let text = last.pointee.message {
                message = String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            line = last.pointee.line > 0 ? Int(last.pointee.line) : nil
            code = last.pointee.code
        }
        if message.contains("Excessive depth") {
            return state.depthError(line: line)
        }
        if code == XML_ERR_INVALID_CHAR.rawValue || code == XML_ERR_INVALID_ENCODING.rawValue
            || code == XML_ERR_UNSUPPORTED_ENCODING.rawValue || message.contains("UTF-8")
            || message.contains("encoding")
        {
            return OPCError(
                .xmlEncoding,
                "Nội dung XML có ký tự hoặc mã hóa không hợp lệ (không phải UTF-8 đúng chuẩn).",
                file: state.file, part: state.part, line: line, detail: message)
        }
        return OPCError(
            .xmlMalformed, "Nội dung XML bị hỏng, không đọc được.", file: state.file,
            part: state.part, line: line, detail: message)
    }
}

private let saxStartElement: startElementNsSAX2Func = {
    userData, localName, prefix, uri, namespaceCount, namespaces, attributeCount, _, attributes in
    SAXParserState.with(userData) { state in
        guard state.error == nil, let localName else { return }
        state.depth += 1
        if state.depth > state.maxDepth {
            state.stop(with: state.depthError(line: state.currentLine))
            return
        }
        let rawAttributes = UnsafeRawPointer(attributes)?.assumingMemoryBound(to: UnsafePointer<UInt8>?.self)
        let rawNamespaces = UnsafeRawPointer(namespaces)?.assumingMemoryBound(to: UnsafePointer<UInt8>?.self)
        do {
            try state.handler._withUnsafeGuaranteedRef {
                try $0.startElement(
                    XMLName(localName: localName, namespaceURI: uri, prefix: prefix),
                    attributes: XMLAttributes(
                        base: rawAttributes, count: Int(attributeCount), namespaceBase: rawNamespaces,
                        namespaceCount: Int(namespaceCount)))
            }
        } catch {
            state.stop(with: error)
        }
    }
}

private let saxEndElement: endElementNsSAX2Func = { userData, localName, prefix, uri in
    SAXParserState.with(userData) { state in
        guard state.error == nil, let localName else { return }
        state.depth -= 1
        do {
            try state.handler._withUnsafeGuaranteedRef {
                try $0.endElement(XMLName(localName: localName, namespaceURI: uri, prefix: prefix))
            }
        } catch {
            state.stop(with: error)
        }
    }
}

private let saxInternalSubset: internalSubsetSAXFunc = { userData, _, _, _ in
    SAXParserState.with(userData) { state in
        state.stop(
            with: OPCError(
                .xmlDTDForbidden,
                "Nội dung XML khai báo DTD (<!DOCTYPE>), điều mà tệp Office thật không bao giờ ghi; tệp có thể độc hại (bom thực thể, thực thể ngoài) nên bị từ chối.",
                file: state.file, part: state.part, line: state.currentLine))
    }
}

/// The `void *` of libxml2's I/O callbacks: the stream and the error that stopped it.
private final class PullSource {
    let stream: ZipEntryStream
    var error: (any Error)?

    init(stream: ZipEntryStream) {
        self.stream = stream
    }
}

private let pullRead: xmlInputReadCallback = { context, buffer, length in
    Unmanaged<PullSource>.fromOpaque(context!)._withUnsafeGuaranteedRef { source in
        guard source.error == nil, let buffer, length > 0 else { return -1 }
        do {
            return Int32(try source.stream.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: Int(length))))
        } catch {
            source.error = error
            return -1
        }
    }
}

private let pullClose: xmlInputCloseCallback = { _ in 0 }

/// Keeps libxml2 from printing to standard error; errors are read from the context.
private let saxStructuredError: xmlStructuredErrorFunc = { _, _ in }
