/// Makes a rendered Word part valid again where loops changed its structure: a table cell
/// must end with a paragraph, a row needs a cell and a table a row, a table's grid must
/// have a column for every cell, a header or footer needs a paragraph, and drawing ids
/// (`wp:docPr id`) must stay unique when loops copied pictures, and a content control
/// among blocks (`w:sdt` in the body, a cell, a header) must keep a paragraph in its
/// `w:sdtContent`, as docxtemplater's `joinUncorrupt` makes sure.
///
/// One pass over the rendered bytes, which the renderer wrote itself (escaped text,
/// attribute values without `>` or `"`, no comments, no CDATA): each element is copied as
/// it ends, a row or table found empty is cut from the end of the output, a cell gets its
/// paragraph before its end tag, and missing grid columns are inserted when the whole part
/// is written. Time and memory are linear in the part's size.
struct DocumentFixer {
    /// Bytes of the part being repaired: slices of a buffer pointer cost no reference
    /// counting, which made a third of the pass when they were array slices.
    private typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>

    private enum Kind {
        case table, row, cell, grid, headerOrFooter, properties, blockContent, other
    }

    private struct Frame {
        var kind: Kind
        /// The element's qualified name.
        var name: Bytes
        /// Where its start tag begins in the output.
        var start: Int
        /// A row: whether it kept a cell; a table: a row.
        var hasChild = false
        /// A cell or header: whether its last block is a paragraph (or a content control).
        var lastBlockIsParagraph = false
        /// A cell: the grid columns it spans; a row: the columns its cells span.
        var columns = 0
        /// A table: the widest row; where its grid ends; the grid's columns; the last one.
        var widest = 0
        var gridEnd: Int?
        var gridColumns = 0
        var lastGridColumn: Bytes?
    }

    private struct Names {
        var word: [UInt8]  // "w:" (or "" for a default namespace)
        var drawing: [[UInt8]]  // "wp:" prefixes of wordprocessingDrawing
    }

    /// Repairs `bytes`, a rendered part, and checks on the way that its elements nest.
    static func fix(_ bytes: [UInt8], part: String) throws -> [UInt8] {
        try bytes.withUnsafeBufferPointer { buffer in
            var fixer = Pass(bytes: buffer, part: part)
            return try fixer.run()
        }
    }

    private struct Pass {
        let bytes: UnsafeBufferPointer<UInt8>
        let part: String
        var output: [UInt8] = []
        var stack: [Frame] = []
        var insertions: [(offset: Int, bytes: [UInt8])] = []
        var names = Names(word: Array("w:".utf8), drawing: [Array("wp:".utf8)])
        var largestID = 0
        var assignedIDs: Set<Int> = []
        var hasDrawings = false

        init(bytes: UnsafeBufferPointer<UInt8>, part: String) {
            self.bytes = bytes
            self.part = part
        }

        private func malformed(_ detail: String) -> DOCXError {
            DOCXError(
                .dataInvalid,
                "Phần \(part) sau khi điền dữ liệu không còn là XML đúng cú pháp (\(detail)); hãy báo lỗi này kèm mẫu và dữ liệu."
            )
        }

        mutating func run() throws -> [UInt8] {
            output.reserveCapacity(bytes.count + 1024)
            output.append(contentsOf: XMLOutput.declaration.utf8)
            // The root's prefixes first: the drawing ids are found by them.
            var first = 0
            while first + 1 < bytes.count {
                if bytes[first] == UInt8(ascii: "<"), bytes[first + 1] != UInt8(ascii: "?"),
                    bytes[first + 1] != UInt8(ascii: "!")
                {
                    var end = first
                    while end < bytes.count && bytes[end] != UInt8(ascii: ">") { end += 1 }
                    readPrefixes(bytes[first..<min(end + 1, bytes.count)])
                    break
                }
                first += 1
            }
            hasDrawings = contains(Array("docPr".utf8))
            if hasDrawings { largestID = scanLargestDrawingID() }
            var index = 0
            let count = bytes.count
            while index < count {
                guard bytes[index] == UInt8(ascii: "<") else {
                    // Text: copied as is (it was escaped when written).
                    var end = index
                    while end < count && bytes[end] != UInt8(ascii: "<") { end += 1 }
                    if !stack.isEmpty { output.append(contentsOf: bytes[index..<end]) }
                    index = end
                    continue
                }
                var end = index + 1
                while end < count && bytes[end] != UInt8(ascii: ">") { end += 1 }
                guard end < count else { throw malformed("thẻ không đóng") }
                let tag = bytes[index...end]
                index = end + 1
                let second = tag[tag.startIndex + 1]
                if second == UInt8(ascii: "?") || second == UInt8(ascii: "!") { continue }
                if second == UInt8(ascii: "/") {
                    try endElement(name: tag[(tag.startIndex + 2)..<(tag.endIndex - 1)])
                    continue
                }
                let selfClosing = tag[tag.endIndex - 2] == UInt8(ascii: "/")
                var nameEnd = tag.startIndex + 1
                while nameEnd < tag.endIndex, !Self.endsName(tag[nameEnd]) { nameEnd += 1 }
                let name = tag[(tag.startIndex + 1)..<nameEnd]
                let written = startElement(tag: tag, name: name, selfClosing: selfClosing)
                if selfClosing { try endElement(name: name, writingEnd: written) }
            }
            guard stack.isEmpty else { throw malformed("phần tử không đóng") }
            guard !insertions.isEmpty else { return output }
            insertions.sort { $0.offset < $1.offset }
            var result: [UInt8] = []
            result.reserveCapacity(output.count + insertions.reduce(0) { $0 + $1.bytes.count })
            var copied = 0
            for insertion in insertions {
                result.append(contentsOf: output[copied..<insertion.offset])
                result.append(contentsOf: insertion.bytes)
                copied = insertion.offset
            }
            result.append(contentsOf: output[copied...])
            return result
        }

        private static func endsName(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">") || byte == 9
                || byte == 10 || byte == 13
        }

        /// Whether `name` is `prefix` + `local`.
        private static func isName(_ name: Bytes, _ prefix: [UInt8], _ local: StaticString) -> Bool {
            let localCount = local.utf8CodeUnitCount
            guard name.count == prefix.count + localCount else { return false }
            var index = name.startIndex
            for byte in prefix {
                if name[index] != byte { return false }
                index += 1
            }
            let pointer = local.utf8Start
            for offset in 0..<localCount {
                if name[index] != pointer[offset] { return false }
                index += 1
            }
            return true
        }

        private func isWord(_ name: Bytes, _ local: StaticString) -> Bool {
            Self.isName(name, names.word, local)
        }

        /// The prefixes the root declares for WordprocessingML and its drawings.
        private mutating func readPrefixes(_ tag: Bytes) {
            let text = String(decoding: tag, as: UTF8.self)
            var drawing: [[UInt8]] = []
            var remaining = Substring(text)
            while let range = remaining.range(of: "xmlns") {
                remaining = remaining[range.upperBound...]
                var prefix = ""
                if remaining.first == ":" {
                    let afterColon = remaining.dropFirst()
                    guard let equals = afterColon.firstIndex(of: "=") else { break }
                    prefix = String(afterColon[..<equals]) + ":"
                    remaining = afterColon[equals...]
                }
                guard remaining.first == "=", let open = remaining.firstIndex(of: "\"") else { continue }
                let value = remaining[remaining.index(after: open)...]
                guard let close = value.firstIndex(of: "\"") else { break }
                let uri = value[..<close]
                remaining = value[close...]
                if uri.hasSuffix("/wordprocessingml/2006/main") || uri.hasSuffix("/ooxml/wordprocessingml/main") {
                    names.word = Array(prefix.utf8)
                } else if uri.contains("wordprocessingDrawing") {
                    drawing.append(Array(prefix.utf8))
                }
            }
            if !drawing.isEmpty { names.drawing = drawing }
        }

        /// Copies a start tag; whether it was written as an open tag that needs an end tag.
        private mutating func startElement(tag: Bytes, name: Bytes, selfClosing: Bool)
            -> Bool
        {
            let kind: Kind
            if isWord(name, "tbl") {
                kind = .table
            } else if isWord(name, "tr") {
                kind = .row
            } else if isWord(name, "tc") {
                kind = .cell
            } else if isWord(name, "tblGrid") {
                kind = .grid
            } else if isWord(name, "hdr") || isWord(name, "ftr") {
                kind = .headerOrFooter
            } else if isWord(name, "tcPr") {
                kind = .properties
            } else if isWord(name, "sdtContent"), stack.count >= 2, isBlockContainer(stack[stack.count - 2]) {
                kind = .blockContent
            } else {
                kind = .other
            }
            let start = output.count
            var frame = Frame(kind: kind, name: name, start: start)
            if kind == .cell { frame.columns = 1 }
            // Cells, rows, tables and headers written empty (`<w:tc/>`) get an end tag of
            // their own, so that what they need can go inside.
            var opened = !selfClosing
            if selfClosing && kind != .other && kind != .properties {
                output.append(contentsOf: tag[tag.startIndex..<(tag.endIndex - 2)])
                output.append(UInt8(ascii: ">"))
                opened = true
            } else if hasDrawings, let renumbered = renumberedDrawing(tag: tag, name: name) {
                output.append(contentsOf: renumbered)
            } else {
                output.append(contentsOf: tag)
            }
            if let parent = stack.last {
                if parent.kind == .grid, isWord(name, "gridCol") {
                    stack[stack.count - 1].gridColumns += 1
                    stack[stack.count - 1].lastGridColumn = tag
                } else if parent.kind == .properties, isWord(name, "gridSpan"),
                    let value = Self.attribute(tag, suffix: "val").flatMap(Int.init), stack.count >= 2,
                    stack[stack.count - 2].kind == .cell
                {
                    stack[stack.count - 2].columns = max(value, 1)
                }
            }
            stack.append(frame)
            return opened
        }

        private mutating func endElement(name: Bytes, writingEnd: Bool = true) throws {
            guard var frame = stack.popLast() else { throw malformed("thẻ đóng thừa") }
            guard frame.name.elementsEqual(name) else {
                throw malformed("thẻ đóng \(String(decoding: name, as: UTF8.self)) không khớp")
            }
            switch frame.kind {
            case .row where !frame.hasChild, .table where !frame.hasChild:
                // Nothing in it: the element goes, and whatever was to be inserted inside it.
                output.removeSubrange(frame.start...)
                insertions.removeAll { $0.offset > frame.start }
                return
            case .table:
                if frame.widest > frame.gridColumns, let offset = frame.gridEnd, let column = frame.lastGridColumn {
                    var added: [UInt8] = []
                    for _ in frame.gridColumns..<frame.widest { added.append(contentsOf: column) }
                    insertions.append((offset, added))
                }
            case .blockContent where !frame.hasChild:
                output.append(UInt8(ascii: "<"))
                output.append(contentsOf: names.word)
                output.append(contentsOf: "p/>".utf8)
            case .cell, .headerOrFooter:
                if !frame.lastBlockIsParagraph {
                    output.append(UInt8(ascii: "<"))
                    output.append(contentsOf: names.word)
                    output.append(contentsOf: "p/>".utf8)
                    frame.lastBlockIsParagraph = true
                }
            case .grid:
                if let table = stack.indices.last, stack[table].kind == .table {
                    stack[table].gridEnd = output.count
                    stack[table].gridColumns = frame.gridColumns
                    stack[table].lastGridColumn = frame.lastGridColumn
                }
            default: break
            }
            if writingEnd {
                output.append(UInt8(ascii: "<"))
                output.append(UInt8(ascii: "/"))
                output.append(contentsOf: name)
                output.append(UInt8(ascii: ">"))
            }
            // What the element means to the one around it.
            guard let parentIndex = stack.indices.last else { return }
            switch frame.kind {
            case .cell:
                if let row = stack.lastIndex(where: { $0.kind == .row || $0.kind == .table }), stack[row].kind == .row {
                    stack[row].hasChild = true
                    stack[row].columns += frame.columns
                }
            case .row:
                if let table = stack.lastIndex(where: { $0.kind == .table || $0.kind == .cell }),
                    stack[table].kind == .table
                {
                    stack[table].hasChild = true
                    stack[table].widest = max(stack[table].widest, frame.columns)
                }
            default: break
            }
            let parent = stack[parentIndex].kind
            if parent == .blockContent,
                isWord(frame.name, "p") || isWord(frame.name, "tbl") || isWord(frame.name, "sdt")
                    || isWord(frame.name, "customXml")
            {
                stack[parentIndex].hasChild = true
            }
            if parent == .cell || parent == .headerOrFooter {
                if frame.kind == .table {
                    stack[parentIndex].lastBlockIsParagraph = false
                } else if isWord(frame.name, "p") || isWord(frame.name, "sdt") {
                    stack[parentIndex].lastBlockIsParagraph = true
                } else if isWord(frame.name, "customXml") || isWord(frame.name, "altChunk") {
                    stack[parentIndex].lastBlockIsParagraph = false
                }
            }
        }

        /// Whether content controls in `frame` hold blocks (paragraphs, tables), not runs,
        /// cells or rows.
        private func isBlockContainer(_ frame: Frame) -> Bool {
            switch frame.kind {
            case .cell, .headerOrFooter, .blockContent: return true
            default:
                return isWord(frame.name, "body") || isWord(frame.name, "footnote") || isWord(frame.name, "endnote")
                    || isWord(frame.name, "comment") || isWord(frame.name, "txbxContent")
            }
        }

        /// The value of the attribute whose name ends with `:suffix` (or is `suffix`).
        private static func attribute(_ tag: Bytes, suffix: String) -> String? {
            let text = String(decoding: tag, as: UTF8.self)
            for marker in [":\(suffix)=\"", " \(suffix)=\""] {
                guard let range = text.range(of: marker) else { continue }
                let value = text[range.upperBound...]
                guard let close = value.firstIndex(of: "\"") else { return nil }
                return String(value[..<close])
            }
            return nil
        }

        private func isDrawingProperties(_ name: Bytes) -> Bool {
            names.drawing.contains { Self.isName(name, $0, "docPr") }
        }

        /// The start tag of a `wp:docPr` whose id an earlier copy took, with a new id.
        private mutating func renumberedDrawing(tag: Bytes, name: Bytes) -> [UInt8]? {
            guard isDrawingProperties(name) else { return nil }
            let text = String(decoding: tag, as: UTF8.self)
            guard let range = text.range(of: " id=\""), let close = text[range.upperBound...].firstIndex(of: "\""),
                let id = Int(text[range.upperBound..<close])
            else { return nil }
            if assignedIDs.insert(id).inserted { return nil }
            largestID += 1
            assignedIDs.insert(largestID)
            return Array((text[..<range.upperBound] + String(largestID) + text[close...]).utf8)
        }

        private func contains(_ needle: [UInt8]) -> Bool {
            guard needle.count <= bytes.count else { return false }
            var index = 0
            let last = bytes.count - needle.count
            while index <= last {
                if bytes[index] == needle[0] {
                    var offset = 1
                    while offset < needle.count && bytes[index + offset] == needle[offset] { offset += 1 }
                    if offset == needle.count { return true }
                }
                index += 1
            }
            return false
        }

        /// The largest `wp:docPr` id anywhere in the part.
        private func scanLargestDrawingID() -> Int {
            var largest = 0
            var index = 0
            let count = bytes.count
            while index < count {
                guard bytes[index] == UInt8(ascii: "<") else {
                    index += 1
                    continue
                }
                var end = index + 1
                while end < count && bytes[end] != UInt8(ascii: ">") { end += 1 }
                let tag = bytes[index..<min(end + 1, count)]
                var nameEnd = index + 1
                while nameEnd < end, !Self.endsName(bytes[nameEnd]) { nameEnd += 1 }
                if nameEnd > index + 1, isDrawingProperties(bytes[(index + 1)..<nameEnd]) {
                    let text = String(decoding: tag, as: UTF8.self)
                    if let range = text.range(of: " id=\""), let close = text[range.upperBound...].firstIndex(of: "\""),
                        let id = Int(text[range.upperBound..<close])
                    {
                        largest = max(largest, id)
                    }
                }
                index = end + 1
            }
            return largest
        }
    }
}
