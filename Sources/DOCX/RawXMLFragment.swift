import OPC

/// A `{@name}` value checked before it replaces its paragraph: well-formed XML (read with
/// the project's libxml2 reader, network and DTDs off) made of paragraphs and tables of the
/// WordprocessingML elements listed in ``allowedElements`` (pictures inside `w:drawing`
/// in DrawingML), no section properties, every relationship attribute naming one of the
/// part's relationships whose target exists, and the whole valid against `wml.xsd` in the
/// part's namespaces. What goes into the report is the fragment written again from what
/// was read, so its markup cannot close anything of the template.
struct RawXMLFragment {
    /// The fragment as it goes into the part.
    var bytes: [UInt8]
    /// Whether it holds pictures (`wp:docPr`), whose ids the repair pass makes unique.
    var hasDrawings: Bool
    /// Whether it holds a table, or is empty: where a cell must end with a paragraph, the
    /// repair pass must look.
    var needsBlockRepair: Bool

    /// What the tag's part offers a fragment.
    struct Context {
        /// The part's name, for messages.
        var part: String
        /// Ids of the part's relationships that lead somewhere (an existing part, or outside).
        var relationships: Set<String>
        /// The part's root element, whose namespace declarations and `mc:Ignorable` the
        /// fragment lives under.
        var root: StartTag?
    }

    static let wordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// The prefixes a fragment may use without declaring them, as docxtemplater's users
    /// write fragments (`<w:p><w:r><w:t>…`).
    static let implicitNamespaces: [(prefix: String, uri: String)] = [
        ("w", wordNamespace),
        ("r", relationshipNamespace),
        ("wp", "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"),
        ("a", "http://schemas.openxmlformats.org/drawingml/2006/main"),
        ("pic", "http://schemas.openxmlformats.org/drawingml/2006/picture"),
    ]

    /// The WordprocessingML elements a fragment may hold: text, runs, paragraphs, tables,
    /// hyperlinks, and their formatting.
    static let allowedElements: Set<String> = [
        "p", "pPr", "r", "rPr", "t", "br", "tab", "cr", "sym", "noBreakHyphen", "softHyphen",
        "lastRenderedPageBreak", "hyperlink", "proofErr", "drawing",
        "tbl", "tblPr", "tblGrid", "gridCol", "tr", "trPr", "tc", "tcPr",
        "pStyle", "keepNext", "keepLines", "pageBreakBefore", "widowControl", "numPr", "ilvl", "numId", "pBdr",
        "top", "left", "bottom", "right", "start", "end", "between", "bar", "insideH", "insideV", "shd", "tabs",
        "spacing", "ind", "contextualSpacing", "jc", "outlineLvl", "bidi", "textAlignment",
        "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "vanish", "color",
        "kern", "position", "sz", "szCs", "highlight", "u", "vertAlign", "lang", "noProof",
        "tblStyle", "tblW", "tblInd", "tblBorders", "tblLayout", "tblCellMar", "tblLook", "tblCellSpacing",
        "cantSplit", "trHeight", "tblHeader", "tcW", "gridSpan", "vMerge", "hMerge", "tcBorders", "tcMar",
        "noWrap", "vAlign", "textDirection",
    ]

    /// Namespaces of the markup a `w:drawing` holds.
    private static func isDrawingNamespace(_ uri: String) -> Bool {
        uri.hasPrefix("http://schemas.openxmlformats.org/drawingml/")
            || uri.hasPrefix("http://schemas.microsoft.com/office/drawing/")
            || uri == "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing"
    }

    /// Checks `text`, the value of raw tag `tag`, and writes it for the part.
    ///
    /// - Parameter validator: the schema validator, made when first needed.
    /// - Throws: ``DOCXError`` with code ``DOCXError/Code/rawInvalid`` naming the tag and
    ///   its paragraph.
    static func check(
        _ text: String, tag: TemplateTag, in context: Context, validator: () throws -> DocumentSchemaValidator
    ) throws -> RawXMLFragment {
        func refuse(_ reason: String) -> DOCXError {
            rawInvalid(reason, tag: tag, part: context.part)
        }
        var wrapper = "<baocao-fragment"
        for (prefix, uri) in implicitNamespaces { wrapper += " xmlns:\(prefix)=\"\(uri)\"" }
        wrapper += ">"
        let tokens: [XMLToken]
        do {
            tokens = try XMLTokenizer.tokenize(
                Array((wrapper + text + "</baocao-fragment>").utf8), part: context.part, file: context.part)
        } catch {
            throw refuse("đây không phải là XML đúng cú pháp (thẻ chưa đóng, ký tự «<» hoặc «&» chưa thoát, …).")
        }

        // What the part's root declares, and what the fragment must declare itself.
        let rootBindings = Dictionary(
            (context.root?.namespaces ?? []).map { ($0.prefix ?? "", $0.uri) }, uniquingKeysWith: { first, _ in first })
        let missing = implicitNamespaces.filter { rootBindings[$0.prefix] != $0.uri }

        var scopes: [[String: String]] = [
            Dictionary(uniqueKeysWithValues: implicitNamespaces.map { ($0.prefix, $0.uri) })
        ]
        var names: [String] = []  // open elements' local names, wrapper excluded
        var drawingDepth: Int?
        var output = XMLOutput()
        var hasDrawings = false
        var needsBlockRepair = true
        var topLevel: [String] = []
        for (index, token) in tokens.enumerated() where index > 0 && index < tokens.count - 1 {
            switch token {
            case .start(var start):
                var bindings = scopes.last!
                for declaration in start.namespaces {
                    let prefix = declaration.prefix ?? ""
                    if let implicit = implicitNamespaces.first(where: { $0.prefix == prefix }),
                        implicit.uri != declaration.uri
                    {
                        throw refuse("tiền tố «\(prefix)» được khai báo lại cho không gian tên khác.")
                    }
                    bindings[prefix] = declaration.uri
                }
                scopes.append(bindings)
                let inDrawing = drawingDepth != nil
                if start.isWord("sectPr") {
                    throw refuse(
                        "có thuộc tính phần (w:sectPr): đoạn XML không được đổi trang, lề hay đầu trang của báo cáo.")
                }
                if inDrawing {
                    guard isDrawingNamespace(start.namespace) else {
                        throw refuse("hình vẽ chứa phần tử «\(start.qualifiedName)» không thuộc DrawingML.")
                    }
                    if start.localName == "docPr" { hasDrawings = true }
                } else {
                    guard start.namespace == wordNamespace, allowedElements.contains(start.localName) else {
                        throw refuse(
                            "có phần tử «\(start.qualifiedName)» không được phép (chỉ đoạn văn, bảng, chữ và định dạng)."
                        )
                    }
                    if names.isEmpty {
                        guard start.localName == "p" || start.localName == "tbl" else {
                            throw refuse(
                                "phải gồm các đoạn văn (w:p) hoặc bảng (w:tbl), không phải «\(start.qualifiedName)».")
                        }
                        topLevel.append(start.localName)
                    }
                    if start.localName == "drawing" { drawingDepth = names.count }
                }
                for attribute in start.attributes {
                    guard let colon = attribute.name.firstIndex(of: ":") else { continue }
                    let prefix = String(attribute.name[..<colon])
                    guard bindings[prefix] == relationshipNamespace else { continue }
                    guard context.relationships.contains(attribute.value) else {
                        throw refuse(
                            "thuộc tính «\(attribute.name)» trỏ tới liên kết «\(attribute.value)» mà phần \(context.part) không có."
                        )
                    }
                }
                if names.isEmpty {
                    // Declared where the part's root does not declare them.
                    var declared = start.namespaces
                    for (prefix, uri) in missing where !declared.contains(where: { $0.prefix == prefix }) {
                        declared.append((prefix, uri))
                    }
                    start.namespaces = declared
                }
                names.append(start.localName)
                if index + 1 < tokens.count, case .end = tokens[index + 1] {
                    output.appendStart(start, selfClosing: true)
                } else {
                    output.appendStart(start, selfClosing: false)
                }
            case .end(let name):
                scopes.removeLast()
                names.removeLast()
                if drawingDepth == names.count { drawingDepth = nil }
                if index > 0, case .start = tokens[index - 1] { continue }
                output.appendEnd(name)
            case .text(let content):
                let isText = names.last == "t" && drawingDepth == nil
                guard isText || drawingDepth != nil || content.allSatisfy(\.isWhitespace) else {
                    throw refuse("có chữ «\(content.prefix(20))» nằm ngoài phần tử chữ (w:t).")
                }
                if isText || drawingDepth != nil { output.appendEscaped(content) }
            case .tag: break
            }
        }
        if topLevel.last == "p" { needsBlockRepair = false }

        // The schemas decide the rest: order of properties, required attributes, values.
        if !topLevel.isEmpty {
            var document = XMLOutput()
            document.append(XMLOutput.declaration)
            var root = StartTag(
                qualifiedName: "w:document", localName: "document", namespace: wordNamespace, attributes: [],
                namespaces: context.root?.namespaces ?? [])
            if rootBindings["w"] != wordNamespace {
                root.namespaces.removeAll { $0.prefix == "w" }
                root.namespaces.append(("w", wordNamespace))
            }
            if let ignorable = context.root?.attributes.first(where: { $0.name.hasSuffix(":Ignorable") }) {
                root.attributes.append(ignorable)
            }
            document.appendStart(root, selfClosing: false)
            document.append("<w:body>")
            document.bytes += output.bytes
            document.append("</w:body></w:document>")
            let violations = try validator().validateWordprocessingPart(document.bytes, part: context.part)
            if let first = violations.first {
                throw refuse("không đúng lược đồ WordprocessingML (\(first.detail ?? first.message)).")
            }
        }
        return RawXMLFragment(bytes: output.bytes, hasDrawings: hasDrawings, needsBlockRepair: needsBlockRepair)
    }

    static func rawInvalid(_ reason: String, tag: TemplateTag, part: String) -> DOCXError {
        let message = "Giá trị của thẻ «\(tag.raw)» không dùng được làm đoạn XML Word: \(reason)"
        return DOCXError(
            .rawInvalid, message,
            problems: [TemplateProblem(id: "raw_xml_invalid", part: part, context: tag.context, message: message)])
    }
}
