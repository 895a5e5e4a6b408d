import CLibXML2
import Foundation

/// A part parsed into libxml2's tree (`xmlDocPtr`), owned here and freed in `deinit`, for
/// what needs the whole document at once: schema validation.
///
/// Parsed as safely as ``XMLStreamParser`` reads: a DTD stops the parse, the network is
/// never used (and libxml2's loader is ``XMLLibrary``'s, which serves nothing but built-in
/// schemas), and nesting deeper than the limits allow fails. Not `Sendable`.
final class XMLDocumentTree {
    private let document: xmlDocPtr

    private init(document: xmlDocPtr) {
        self.document = document
    }

    deinit {
        xmlFreeDoc(document)
    }

    /// Parses `bytes`, the part `part`; a document that cannot be read is a violation.
    static func parse(_ bytes: [UInt8], part: String, limits: ResourceLimits) -> Parsed {
        XMLLibrary.initialize()
        guard bytes.count < Int32.max, let context = xmlNewParserCtxt() else {
            return .unreadable(
                SchemaViolation(.xmlMalformed, part: part, message: "Phần này quá lớn để kiểm tra theo lược đồ."))
        }
        defer { xmlFreeParserCtxt(context) }
        context.pointee.sax.pointee.internalSubset = stopAtDTD
        var options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue)
        options |= Int32(XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        if limits.maxXMLDepth > 256 { options |= Int32(XML_PARSE_HUGE.rawValue) }
        let parsed = bytes.withUnsafeBufferPointer { raw in
            raw.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: raw.count) {
                    xmlCtxtReadMemory(context, $0, Int32(raw.count), part, nil, options)
                }
            }
        }
        let last = xmlCtxtGetLastError(context)
        let line = last.flatMap { $0.pointee.line > 0 ? Int($0.pointee.line) : nil }
        if context.pointee.errNo == Int32(XML_ERR_USER_STOP.rawValue) {
            if let parsed { xmlFreeDoc(parsed) }
            return .unreadable(
                SchemaViolation(
                    .xmlDTDForbidden, part: part, line: line,
                    message: "Phần này khai báo DTD (<!DOCTYPE>), điều tài liệu Office thật không bao giờ có."))
        }
        guard let parsed, context.pointee.wellFormed != 0 else {
            if let parsed { xmlFreeDoc(parsed) }
            let detail = last?.pointee.message.map {
                String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            return .unreadable(
                SchemaViolation(
                    .xmlMalformed, part: part, line: line, message: "Nội dung XML bị hỏng, không đọc được.",
                    detail: detail))
        }
        return .tree(XMLDocumentTree(document: parsed))
    }

    /// What ``parse(_:part:limits:)`` gives: the tree, or why there is none.
    enum Parsed {
        case tree(XMLDocumentTree)
        case unreadable(SchemaViolation)
    }

    /// Validates the document against `context`'s schema: 0 when valid.
    func validate(with context: xmlSchemaValidCtxtPtr) -> Int32 {
        xmlSchemaValidateDoc(context, document)
    }

    /// The attributes of each child element of the root named `localName`, by attribute
    /// name (the relationships of a `.rels` part).
    func childAttributes(named localName: String) -> [[String: String]] {
        guard let root = xmlDocGetRootElement(document) else { return [] }
        var result: [[String: String]] = []
        var child = root.pointee.children
        while let node = child {
            child = node.pointee.next
            guard node.pointee.type == XML_ELEMENT_NODE, Self.name(of: node) == localName else { continue }
            var attributes: [String: String] = [:]
            var attribute = node.pointee.properties
            while let current = attribute {
                attribute = current.pointee.next
                attributes[Self.name(of: current)] = Self.value(of: current)
            }
            result.append(attributes)
        }
        return result
    }

    // MARK: - Markup compatibility

    /// The markup-compatibility namespace (ECMA-376 Part 3).
    private static let compatibilityNamespace = "http://schemas.openxmlformats.org/markup-compatibility/2006"

    /// Reduces the document to what a consumer that knows only the base schema reads, as
    /// Word does (ECMA-376 Part 3): elements and attributes of namespaces an `mc:Ignorable`
    /// in scope lists are dropped, `mc:AlternateContent` is replaced by its `mc:Fallback`'s
    /// content, and the `mc:` attributes themselves are removed.
    func reduceMarkupCompatibility() {
        guard let root = xmlDocGetRootElement(document) else { return }
        reduce(root, ignorable: [])
    }

    private func reduce(_ element: xmlNodePtr, ignorable inherited: Set<String>) {
        var ignorable = inherited
        var attribute = element.pointee.properties
        while let current = attribute {
            attribute = current.pointee.next
            let namespace = Self.namespace(of: current.pointee.ns)
            if namespace == Self.compatibilityNamespace, Self.name(of: current) == "Ignorable" {
                for prefix in Self.value(of: current).split(whereSeparator: \.isWhitespace) {
                    if let declared = xmlSearchNs(document, element, String(prefix)) {
                        ignorable.insert(Self.namespace(of: declared))
                    }
                }
            }
        }
        attribute = element.pointee.properties
        while let current = attribute {
            attribute = current.pointee.next
            let namespace = Self.namespace(of: current.pointee.ns)
            if namespace == Self.compatibilityNamespace || ignorable.contains(namespace) {
                xmlRemoveProp(current)
            }
        }
        var child = element.pointee.children
        while let node = child {
            child = node.pointee.next
            guard node.pointee.type == XML_ELEMENT_NODE else { continue }
            let namespace = Self.namespace(of: node.pointee.ns)
            if namespace == Self.compatibilityNamespace {
                let replacements = Self.name(of: node) == "AlternateContent" ? fallbackContent(of: node) : []
                for replacement in replacements {
                    xmlUnlinkNode(replacement)
                    xmlAddPrevSibling(node, replacement)
                    // Declarations made on the removed wrapper must live on in the moved node.
                    xmlReconciliateNs(document, replacement)
                }
                xmlUnlinkNode(node)
                xmlFreeNode(node)
                for replacement in replacements { reduce(replacement, ignorable: ignorable) }
            } else if ignorable.contains(namespace) {
                xmlUnlinkNode(node)
                xmlFreeNode(node)
            } else {
                reduce(node, ignorable: ignorable)
            }
        }
    }

    /// The element children of `alternate`'s `mc:Fallback`, none when it has no fallback.
    private func fallbackContent(of alternate: xmlNodePtr) -> [xmlNodePtr] {
        var child = alternate.pointee.children
        while let node = child {
            child = node.pointee.next
            guard node.pointee.type == XML_ELEMENT_NODE,
                Self.namespace(of: node.pointee.ns) == Self.compatibilityNamespace,
                Self.name(of: node) == "Fallback"
            else { continue }
            var content: [xmlNodePtr] = []
            var inner = node.pointee.children
            while let item = inner {
                inner = item.pointee.next
                if item.pointee.type == XML_ELEMENT_NODE { content.append(item) }
            }
            return content
        }
        return []
    }

    private static func namespace(of ns: xmlNsPtr?) -> String {
        ns?.pointee.href.map { String(cString: $0) } ?? ""
    }

    private static func name(of node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    private static func name(of attribute: xmlAttrPtr) -> String {
        attribute.pointee.name.map { String(cString: $0) } ?? ""
    }

    /// An attribute's value: the text of its child nodes (character references are already
    /// decoded, and with no DTD there are no other entities).
    private static func value(of attribute: xmlAttrPtr) -> String {
        var text = ""
        var child = attribute.pointee.children
        while let node = child {
            child = node.pointee.next
            if let content = node.pointee.content { text += String(cString: content) }
        }
        return text
    }
}

/// Stops the parse at a DTD (libxml2 then sets `XML_ERR_USER_STOP`).
private let stopAtDTD: internalSubsetSAXFunc = { context, _, _, _ in
    guard let context else { return }
    xmlStopParser(context.assumingMemoryBound(to: xmlParserCtxt.self))
}
