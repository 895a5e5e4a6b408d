import CLibXML2

/// What the C callbacks of ``XMLStreamParser`` and ``HTMLStreamParser`` reach through their
/// `void *` argument.
///
/// The parser owns this state and the state's creator keeps the handler alive for the whole
/// parse, so the callbacks borrow both without reference counting: a retain and release
/// per SAX event would cost more than the event itself.
final class SAXParserState {
    /// What is parsed, for the words of the errors.
    enum Markup {
        case xml, html
    }

    let handler: Unmanaged<XMLEventHandler>
    let maxDepth: Int
    let part: String?
    let file: String?
    let markup: Markup
    var depth = 0
    var error: (any Error)?
    var context: xmlParserCtxtPtr?
    /// Where SAX1-style callbacks (HTML's) lay their attributes out as ``XMLAttributes``
    /// reads them; made on first use.
    private(set) lazy var attributeSlots = AttributeSlots()

    init(handler: XMLEventHandler, maxDepth: Int, part: String?, file: String?, markup: Markup) {
        self.handler = Unmanaged.passUnretained(handler)
        self.maxDepth = maxDepth
        self.part = part
        self.file = file
        self.markup = markup
    }

    func stop(with error: any Error) {
        if self.error == nil { self.error = error }
        if let context { xmlStopParser(context) }
    }

    var currentLine: Int? {
        guard let context else { return nil }
        let line = xmlSAX2GetLineNumber(context)
        return line > 0 ? Int(line) : nil
    }

    func depthError(line: Int?) -> OPCError {
        let what = markup == .xml ? "Cấu trúc XML" : "Các thẻ HTML"
        return OPCError(
            .xmlTooDeep,
            "\(what) lồng nhau quá sâu (hơn \(maxDepth) cấp), có thể là tệp độc hại. Có thể nâng giới hạn bằng biến môi trường \(ResourceLimits.EnvironmentKey.maxXMLDepth).",
            file: file, part: part, line: line)
    }

    @inline(__always)
    static func with<Result>(_ pointer: UnsafeMutableRawPointer?, _ body: (SAXParserState) -> Result) -> Result {
        Unmanaged<SAXParserState>.fromOpaque(pointer!)._withUnsafeGuaranteedRef(body)
    }
}

/// Attributes given as name, value pairs (SAX1) laid out as SAX2 gives them, five pointers
/// each (name, prefix, URI, value, value's end), which is what ``XMLAttributes`` reads.
final class AttributeSlots {
    private(set) var base: UnsafeMutablePointer<UnsafePointer<UInt8>?>
    private var capacity = 16
    /// The value of an attribute written without one (`<td nowrap>`).
    let emptyValue: UnsafeMutablePointer<UInt8>

    init() {
        base = .allocate(capacity: capacity * 5)
        emptyValue = .allocate(capacity: 1)
        emptyValue.initialize(to: 0)
    }

    deinit {
        base.deallocate()
        emptyValue.deallocate()
    }

    /// Lays out the `NULL`-terminated name, value list `pairs` and returns how many there are.
    func lay(out pairs: UnsafeMutablePointer<UnsafePointer<UInt8>?>?) -> Int {
        guard let pairs else { return 0 }
        var count = 0
        while pairs[count * 2] != nil { count += 1 }
        if count > capacity {
            base.deallocate()
            capacity = max(count, capacity * 2)
            base = .allocate(capacity: capacity * 5)
        }
        for index in 0..<count {
            let value = pairs[index * 2 + 1] ?? UnsafePointer(emptyValue)
            var end = value
            while end.pointee != 0 { end += 1 }
            let slot = base + index * 5
            slot[0] = pairs[index * 2]
            slot[1] = nil
            slot[2] = nil
            slot[3] = value
            slot[4] = end
        }
        return count
    }
}

/// The characters callback both parsers use: text handed on, borrowed.
let saxCharacters: charactersSAXFunc = { userData, text, length in
    SAXParserState.with(userData) { state in
        guard state.error == nil, let text, length > 0 else { return }
        do {
            try state.handler._withUnsafeGuaranteedRef {
                try $0.characters(UnsafeBufferPointer(start: text, count: Int(length)))
            }
        } catch {
            state.stop(with: error)
        }
    }
}
