import OPC

/// The schema validator raw XML values are checked with, compiled when a render first
/// meets one (about a tenth of a second) and shared by the parts of that render.
final class LazySchemaValidator {
    private var validator: DocumentSchemaValidator?

    func get() throws -> DocumentSchemaValidator {
        if let validator { return validator }
        let made = try DocumentSchemaValidator()
        validator = made
        return made
    }
}

/// Renders compiled nodes with a value tree.
struct TemplateRenderer {
    let tags: [TemplateTag]
    let part: String
    /// What raw XML values are checked against.
    var rawContext: RawXMLFragment.Context
    let validator: LazySchemaValidator
    var output: [UInt8] = []
    /// Names that had no value (rendered empty), in first-seen order.
    var misses: [String] = []
    /// Whether a section removed blocks or copied drawings, so the output needs repair.
    private(set) var needsRepair = false
    private var missSet: Set<String> = []
    private var scopes: [TemplateValue]

    init(
        tags: [TemplateTag], part: String, data: TemplateValue, rawContext: RawXMLFragment.Context,
        validator: LazySchemaValidator
    ) {
        self.tags = tags
        self.part = part
        self.rawContext = rawContext
        self.validator = validator
        scopes = [data]
    }

    /// Looks `path` up from the innermost scope outwards, as docxtemplater does: a scope
    /// where the path leads nowhere, or to null, passes the question to the next one out.
    private func lookup(_ path: [String]) -> TemplateValue? {
        guard !path.isEmpty else { return scopes.last }
        for scope in scopes.reversed() {
            var value: TemplateValue? = scope
            for key in path { value = value?[key] }
            if let value, value != .null { return value }
        }
        return nil
    }

    private mutating func miss(_ path: [String]) {
        let name = TemplateTag.name(path)
        if missSet.insert(name).inserted { misses.append(name) }
    }

    mutating func render(_ nodes: [TemplateNode]) throws {
        for node in nodes {
            switch node {
            case .raw(let bytes):
                output.append(contentsOf: bytes)
            case .value(let tag, let wordText):
                guard case .value(let path) = tags[tag].kind else { continue }
                guard let value = lookup(path), value != .null else {
                    miss(path)
                    continue
                }
                try appendValue(value.text, tag: tags[tag], wordText: wordText)
            case .rawXML(let tag, let removesBlocks):
                guard case .rawXML(let path) = tags[tag].kind else { continue }
                let value = lookup(path)
                if value == nil { miss(path) }
                switch value {
                case .none, .null?, .bool(false)?, .string("")?:
                    // As docxtemplater: no value, no paragraph.
                    if removesBlocks { needsRepair = true }
                case .string(let text)?:
                    let fragment = try RawXMLFragment.check(
                        text, tag: tags[tag], in: rawContext, validator: validator.get)
                    output.append(contentsOf: fragment.bytes)
                    if fragment.hasDrawings || (fragment.needsBlockRepair && removesBlocks) { needsRepair = true }
                default:
                    throw RawXMLFragment.rawInvalid(
                        "giá trị phải là một chuỗi XML, không phải số, danh sách hay đối tượng.", tag: tags[tag],
                        part: part)
                }
            case .section(let tag, let inverted, let effects, let body):
                guard case .open(let path, _, _) = tags[tag].kind else { continue }
                let value = lookup(path)
                if value == nil { miss(path) }
                let shows = value?.isTruthy ?? false
                let children = body.children
                if inverted {
                    if !shows {
                        try render(children)
                    } else {
                        if effects.removesBlocks { needsRepair = true }
                        output.append(contentsOf: body.whenEmpty)
                    }
                    continue
                }
                guard shows, let value else {
                    if effects.removesBlocks { needsRepair = true }
                    output.append(contentsOf: body.whenEmpty)
                    continue
                }
                switch value {
                case .array(let items):
                    if items.count > 1 && effects.copiesDrawings { needsRepair = true }
                    if items.count != 1 && effects.changesColumns { needsRepair = true }
                    for (position, item) in items.enumerated() {
                        let before = output.count
                        scopes.append(item)
                        try render(position > 0 ? body.later ?? children : children)
                        scopes.removeLast()
                        // The first item shows what the others will take: room for all of
                        // them at once, rather than growing (and copying) the output again
                        // and again over a long table.
                        if position == 0 && items.count > 64 {
                            output.reserveCapacity(output.count + (output.count - before) * (items.count - 1) * 9 / 8)
                        }
                    }
                case .object:
                    scopes.append(value)
                    try render(children)
                    scopes.removeLast()
                default:
                    try render(children)
                }
            }
        }
    }

    /// Writes a value as escaped text; in Word text, line breaks become `w:br` and tabs
    /// `w:tab`, which close and reopen the `w:t` around them.
    private mutating func appendValue(_ text: String, tag: TemplateTag, wordText: String?) throws {
        var text = text
        try text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
                case 10, 9:
                    guard let wordText else {
                        output.append(byte)
                        continue
                    }
                    let prefix = wordText.dropLast(1)  // "w:t" → "w:"
                    output.append(
                        contentsOf:
                            "</\(wordText)><\(prefix)\(byte == 10 ? "br" : "tab")/><\(wordText) xml:space=\"preserve\">"
                            .utf8)
                case 13:
                    if wordText == nil { output.append(contentsOf: "&#13;".utf8) }
                case 0..<32:
                    throw forbidden(UInt32(byte), tag: tag)
                case 0xEF where index + 1 < bytes.count && bytes[index] == 0xBF && bytes[index + 1] >= 0xBE:
                    // U+FFFE and U+FFFF are not XML characters either.
                    throw forbidden(0xFFFE + UInt32(bytes[index + 1] - 0xBE), tag: tag)
                default: output.append(byte)
                }
            }
        }
    }

    private func forbidden(_ scalar: UInt32, tag: TemplateTag) -> DOCXError {
        DOCXError(
            .dataInvalid,
            "Giá trị của «\(tag.raw)» chứa ký tự điều khiển U+\(String(scalar, radix: 16, uppercase: true)) mà tệp Word không chứa được; hãy bỏ ký tự đó khỏi dữ liệu."
        )
    }
}
