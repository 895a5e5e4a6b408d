import OPC

/// An element's start tag as read, kept to be written back unchanged.
struct StartTag: Sendable {
    var qualifiedName: String
    var localName: String
    var namespace: String
    var attributes: [(name: String, value: String)]
    var namespaces: [(prefix: String?, uri: String)]

    /// Whether the element is WordprocessingML's `localName` (Transitional or Strict).
    func isWord(_ local: String) -> Bool {
        localName == local && namespace.contains("wordprocessingml")
    }

    func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    mutating func setAttribute(_ name: String, _ value: String) {
        if let index = attributes.firstIndex(where: { $0.name == name }) {
            attributes[index].value = value
        } else {
            attributes.append((name, value))
        }
    }
}

/// One piece of a parsed XML part.
enum XMLToken: Sendable {
    case start(StartTag)
    case end(qualifiedName: String)
    case text(String)
    /// A template tag found in the text, by index into the part's tags.
    case tag(Int)
}

/// Reads a part into tokens with libxml2 (through `OPC`), so templates get the same
/// protection against hostile XML as workbooks.
final class XMLTokenizer: XMLEventHandler {
    private(set) var tokens: [XMLToken] = []
    private var pendingText = ""

    override func startElement(_ name: XMLName, attributes: XMLAttributes) throws {
        flushText()
        var attributeList: [(name: String, value: String)] = []
        attributeList.reserveCapacity(attributes.count)
        for index in 0..<attributes.count { attributeList.append(attributes.attribute(at: index)) }
        var namespaceList: [(prefix: String?, uri: String)] = []
        for index in 0..<attributes.namespaceCount {
            namespaceList.append(attributes.namespaceDeclaration(at: index))
        }
        tokens.append(
            .start(
                StartTag(
                    qualifiedName: name.qualifiedName, localName: name.localNameString,
                    namespace: name.namespaceString, attributes: attributeList, namespaces: namespaceList)))
    }

    override func endElement(_ name: XMLName) throws {
        flushText()
        tokens.append(.end(qualifiedName: name.qualifiedName))
    }

    override func characters(_ text: UnsafeBufferPointer<UInt8>) throws {
        pendingText += String(decoding: text, as: UTF8.self)
    }

    private func flushText() {
        if !pendingText.isEmpty {
            tokens.append(.text(pendingText))
            pendingText = ""
        }
    }

    static func tokenize(_ bytes: [UInt8], part: String, file: String) throws -> [XMLToken] {
        let tokenizer = XMLTokenizer()
        let parser = XMLStreamParser(handler: tokenizer, part: part, file: file)
        try parser.parse(bytes)
        return tokenizer.tokens
    }
}

/// Writes XML text, escaped.
struct XMLOutput {
    var bytes: [UInt8] = []

    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"

    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func appendStart(_ tag: StartTag, selfClosing: Bool) {
        bytes.append(UInt8(ascii: "<"))
        append(tag.qualifiedName)
        for (prefix, uri) in tag.namespaces {
            append(prefix.map { " xmlns:\($0)=\"" } ?? " xmlns=\"")
            appendEscaped(uri, attribute: true)
            bytes.append(UInt8(ascii: "\""))
        }
        for (name, value) in tag.attributes {
            bytes.append(UInt8(ascii: " "))
            append(name)
            append("=\"")
            appendEscaped(value, attribute: true)
            bytes.append(UInt8(ascii: "\""))
        }
        append(selfClosing ? "/>" : ">")
    }

    mutating func appendEnd(_ qualifiedName: String) {
        append("</")
        append(qualifiedName)
        bytes.append(UInt8(ascii: ">"))
    }

    mutating func appendEscaped(_ text: String, attribute: Bool = false) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): append("&amp;")
            case UInt8(ascii: "<"): append("&lt;")
            case UInt8(ascii: ">"): append("&gt;")
            case UInt8(ascii: "\"") where attribute: append("&quot;")
            case 9 where attribute: append("&#9;")
            case 10 where attribute: append("&#10;")
            case 13: append("&#13;")
            default: bytes.append(byte)
            }
        }
    }
}
