/// Makes a rendered Word part valid again where loops changed its structure: a table cell
/// must end with a paragraph, a row needs a cell and a table a row, a table's grid must
/// have a column for every cell, a header or footer needs a paragraph, and drawing ids
/// (`wp:docPr id`) must stay unique when loops copied pictures.
struct DocumentFixer {
    private final class Element {
        let start: StartTag
        let qualifiedName: String
        var children: [Node] = []
        init(_ start: StartTag) {
            self.start = start
            qualifiedName = start.qualifiedName
        }
    }

    private enum Node {
        case element(Element)
        case text(String)
    }

    /// Parses `bytes` (also proving them well-formed), repairs, and writes them back.
    static func fix(_ bytes: [UInt8], part: String) throws -> [UInt8] {
        let tokens = try XMLTokenizer.tokenize(bytes, part: part, file: part)
        var roots: [Node] = []
        var stack: [Element] = []
        for token in tokens {
            switch token {
            case .start(let tag):
                stack.append(Element(tag))
            case .end:
                let element = stack.removeLast()
                if let parent = stack.last {
                    parent.children.append(.element(element))
                } else {
                    roots.append(.element(element))
                }
            case .text(let text):
                if let parent = stack.last { parent.children.append(.text(text)) }
            case .tag: break
            }
        }
        var ids = DrawingIDs()
        for root in roots { collectIDs(root, into: &ids) }
        var output = XMLOutput()
        output.append(XMLOutput.declaration)
        for root in roots {
            if let kept = repair(root, ids: &ids) { write(kept, to: &output) }
        }
        return output.bytes
    }

    private struct DrawingIDs {
        var seen: Set<Int> = []
        var largest = 0
        var assigned: Set<Int> = []
    }

    private static func isDrawingProperties(_ tag: StartTag) -> Bool {
        tag.localName == "docPr" && tag.namespace.contains("wordprocessingDrawing")
    }

    private static func collectIDs(_ node: Node, into ids: inout DrawingIDs) {
        guard case .element(let element) = node else { return }
        if isDrawingProperties(element.start), let id = element.start.attribute("id").flatMap(Int.init) {
            ids.largest = max(ids.largest, id)
        }
        for child in element.children { collectIDs(child, into: &ids) }
    }

    /// The repaired node, or `nil` when it must go (an empty row or table).
    private static func repair(_ node: Node, ids: inout DrawingIDs) -> Node? {
        guard case .element(let element) = node else { return node }
        var start = element.start
        if isDrawingProperties(start), let id = start.attribute("id").flatMap(Int.init) {
            if !ids.assigned.insert(id).inserted {
                ids.largest += 1
                ids.assigned.insert(ids.largest)
                start.setAttribute("id", String(ids.largest))
            }
        }
        let repaired = Element(start)
        repaired.children = element.children.compactMap { repair($0, ids: &ids) }
        let childElements = repaired.children.compactMap { child -> Element? in
            if case .element(let element) = child { return element }
            return nil
        }
        if start.isWord("tr"), !childElements.contains(where: { $0.start.isWord("tc") }) { return nil }
        if start.isWord("tbl") {
            guard childElements.contains(where: { $0.start.isWord("tr") }) else { return nil }
            widenGrid(repaired, rows: childElements.filter { $0.start.isWord("tr") })
        }
        // A cell's last block, and a header's or footer's, must be a paragraph; range marks
        // (bookmarks, comments, proofing) may follow it.
        if start.isWord("tc") || start.isWord("hdr") || start.isWord("ftr") {
            let blocks = childElements.filter { blockElements.contains($0.start.localName) }
            if blocks.last.map({ !$0.start.isWord("p") && !$0.start.isWord("sdt") }) ?? true {
                repaired.children.append(.element(Element(wordElement("p", like: start))))
            }
        }
        return .element(repaired)
    }

    /// The elements that are blocks of a cell or a header (ECMA-376 EG_BlockLevelElts).
    private static let blockElements: Set<String> = ["p", "tbl", "sdt", "customXml", "altChunk"]

    private static func wordElement(
        _ localName: String, like sibling: StartTag, attributes: [(name: String, value: String)] = []
    )
        -> StartTag
    {
        let prefix = sibling.qualifiedName.firstIndex(of: ":").map { String(sibling.qualifiedName[...$0]) } ?? ""
        return StartTag(
            qualifiedName: prefix + localName, localName: localName, namespace: sibling.namespace,
            attributes: attributes, namespaces: [])
    }

    /// Adds grid columns when a loop gave a row more cells than `w:tblGrid` has: LibreOffice
    /// drops cells beyond the grid. New columns take the width of the last one.
    private static func widenGrid(_ table: Element, rows: [Element]) {
        func span(_ cell: Element) -> Int {
            for case .element(let properties) in cell.children where properties.start.isWord("tcPr") {
                for case .element(let span) in properties.children where span.start.isWord("gridSpan") {
                    if let value = span.start.attributes.first(where: { $0.name.hasSuffix("val") })?.value,
                        let count = Int(value)
                    {
                        return max(count, 1)
                    }
                }
            }
            return 1
        }
        let widest =
            rows.map { row in
                row.children.reduce(0) { total, child in
                    if case .element(let cell) = child, cell.start.isWord("tc") { return total + span(cell) }
                    return total
                }
            }.max() ?? 0
        for case .element(let grid) in table.children where grid.start.isWord("tblGrid") {
            let columns = grid.children.compactMap { child -> Element? in
                if case .element(let column) = child, column.start.isWord("gridCol") { return column }
                return nil
            }
            guard let last = columns.last, widest > columns.count else { return }
            for _ in columns.count..<widest {
                grid.children.append(.element(Element(last.start)))
            }
        }
    }

    private static func write(_ node: Node, to output: inout XMLOutput) {
        switch node {
        case .text(let text): output.appendEscaped(text)
        case .element(let element):
            if element.children.isEmpty {
                output.appendStart(element.start, selfClosing: true)
                return
            }
            output.appendStart(element.start, selfClosing: false)
            for child in element.children { write(child, to: &output) }
            output.appendEnd(element.qualifiedName)
        }
    }
}
