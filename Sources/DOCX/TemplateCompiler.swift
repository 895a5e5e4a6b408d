/// Options that change how a template is read.
public struct TemplateOptions: Sendable, Equatable {
    /// The opening and closing delimiters (`{` and `}` by default).
    public var delimiters: (open: String, close: String)
    /// Whether a section whose opening and closing tags each stand alone in a paragraph
    /// repeats the paragraphs between them and drops the two tag paragraphs
    /// (docxtemplater's `paragraphLoop`; on by default).
    public var paragraphLoop: Bool
    /// Whether raw XML tags (`{@name}`) are allowed. Their values become document markup
    /// (checked, but chosen by whoever writes the data), so a template from untrusted hands
    /// should be compiled without them: each one is then a template error.
    public var allowsRawXML: Bool

    public init(
        delimiters: (open: String, close: String) = ("{", "}"), paragraphLoop: Bool = true, allowsRawXML: Bool = true
    ) {
        self.delimiters = delimiters
        self.paragraphLoop = paragraphLoop
        self.allowsRawXML = allowsRawXML
    }

    public static func == (lhs: TemplateOptions, rhs: TemplateOptions) -> Bool {
        lhs.delimiters == rhs.delimiters && lhs.paragraphLoop == rhs.paragraphLoop
            && lhs.allowsRawXML == rhs.allowsRawXML
    }
}

/// What rendering does, compiled from a part's tokens.
indirect enum TemplateNode: Sendable {
    /// XML written as is.
    case raw([UInt8])
    /// A placeholder. `wordText` names the `w:t` element it sits in, so that line breaks
    /// and tabs in the value become `w:br` and `w:tab`.
    case value(tag: Int, wordText: String?)
    /// A raw XML tag's paragraph, replaced by the tag's value. `removesBlocks`: what holds
    /// the paragraph may need repair when the value is empty or ends with a table.
    case rawXML(tag: Int, removesBlocks: Bool)
    /// A section over `tag`'s path.
    case section(tag: Int, inverted: Bool, effects: SectionEffects, body: SectionBody)
}

/// What a section renders.
struct SectionBody: Sendable {
    /// The nodes rendered for each item (or once, for a true value).
    var children: [TemplateNode]
    /// The nodes rendered for the second item on, when they differ: a section break the
    /// section repeats gives the first copy's headers and footers to the copies after it,
    /// which then carry no header or footer references (as docxtemplater does).
    var later: [TemplateNode]?
    /// What the section writes when it shows nothing: the section break its last
    /// paragraph carried, in an empty paragraph, so the pages after it keep their layout.
    var whenEmpty: [UInt8] = []
}

/// What a section's rendering can do to the document's structure, known when compiling,
/// so that the repair pass runs only when a render actually needs it.
struct SectionEffects: Sendable {
    /// The section replaces whole paragraphs, rows or tables: rendered zero times, it can
    /// leave a cell without a paragraph or a table without rows.
    var removesBlocks = false
    /// The section repeats a drawing: rendered twice or more, it copies its id.
    var copiesDrawings = false
    /// The section repeats table cells: rendered other than once, the row no longer
    /// matches the table's grid.
    var changesColumns = false
}

/// A section found in a part: where it repeats.
struct SectionRange {
    var open: Int  // tag index
    var close: Int
    /// Token range the rendered repetitions replace.
    var outer: ClosedRange<Int>
    /// Token range repeated for each item (empty when `inner.lowerBound > inner.upperBound`).
    var inner: (lower: Int, upper: Int)
    var children: [Int] = []
    /// A raw XML tag's paragraph rather than a section (`open == close`).
    var isRawXML = false
    /// What the section writes when shown zero times (see ``SectionBody/whenEmpty``).
    var whenEmpty: [UInt8] = []
}

/// Compiles one XML part of a template.
struct PartCompiler {
    let part: String
    let isWordPart: Bool
    let options: TemplateOptions
    private(set) var tokens: [XMLToken]
    private(set) var tags: [TemplateTag] = []
    private(set) var problems: [TemplateProblem] = []
    private(set) var sections: [SectionRange] = []
    private var parent: [Int] = []
    private var match: [Int] = []

    init(part: String, tokens: [XMLToken], isWordPart: Bool, options: TemplateOptions) {
        self.part = part
        self.tokens = tokens
        self.isWordPart = isWordPart
        self.options = options
    }

    /// Finds the tags, matches the sections, and returns the nodes to render.
    mutating func compile() -> [TemplateNode] {
        lexTags()
        computeStructure()
        let roots = matchSections()
        guard problems.isEmpty else { return [] }
        return build(lower: 0, upper: tokens.count - 1, sections: roots)
    }

    // MARK: - Finding tags in the text

    private func startTag(_ index: Int) -> StartTag? {
        if case .start(let tag) = tokens[index] { return tag }
        return nil
    }

    /// Finds tags in the text the editor typed (`w:t` in Word parts, any text elsewhere),
    /// across every split Word makes inside a paragraph, and moves each whole tag into
    /// the text where it begins: the value then takes that run's formatting.
    private mutating func lexTags() {
        // The text tokens that carry typed text, grouped by paragraph.
        var groups: [[Int]] = []
        var groupKeys: [Int] = []
        var stack: [Int] = []
        var paragraphs: [Int] = []  // stack of open paragraph starts
        for index in tokens.indices {
            switch tokens[index] {
            case .start(let tag):
                stack.append(index)
                if !isWordPart || tag.isWord("p") { paragraphs.append(index) }
            case .end:
                if let open = stack.popLast(), paragraphs.last == open { paragraphs.removeLast() }
            case .text:
                guard let owner = stack.last, let ownerTag = startTag(owner) else { continue }
                if isWordPart && !ownerTag.isWord("t") { continue }
                let key = paragraphs.last ?? owner
                if groupKeys.last == key {
                    groups[groups.count - 1].append(index)
                } else {
                    groups.append([index])
                    groupKeys.append(key)
                }
            case .tag: break
            }
        }

        var open = Array(options.delimiters.open.unicodeScalars)
        var close = Array(options.delimiters.close.unicodeScalars)
        var replacements: [Int: [XMLToken]] = [:]
        for group in groups {
            var scalars: [Unicode.Scalar] = []
            var owner: [Int] = []  // token of each scalar
            for token in group {
                guard case .text(let text) = tokens[token] else { continue }
                for scalar in text.unicodeScalars {
                    scalars.append(scalar)
                    owner.append(token)
                }
            }
            let context = String(String.UnicodeScalarView(scalars))
            var spans: [(start: Int, end: Int, tag: Int)] = []
            var position = 0
            var tagStart: Int?
            var lastClose = -1
            func matches(_ delimiter: [Unicode.Scalar], at index: Int) -> Bool {
                guard !delimiter.isEmpty, index + delimiter.count <= scalars.count else { return false }
                for offset in delimiter.indices where scalars[index + offset] != delimiter[offset] {
                    return false
                }
                return true
            }
            /// Where a delimiter change opened just before `index` ends: after the first
            /// `=` that the closing delimiter follows.
            func delimiterChangeEnd(after index: Int) -> Int? {
                var candidate = index
                while candidate < scalars.count {
                    if scalars[candidate] == "=", matches(close, at: candidate + 1) {
                        return candidate + 1 + close.count
                    }
                    candidate += 1
                }
                return nil
            }
            while position < scalars.count {
                if let start = tagStart {
                    if matches(close, at: position) {
                        let end = position + close.count
                        let content = String(String.UnicodeScalarView(scalars[(start + open.count)..<position]))
                        let raw = String(String.UnicodeScalarView(scalars[start..<end]))
                        var tag = TemplateTag.parse(content: content, raw: raw, context: context)
                        if case .delimiters(let newOpen, let newClose) = tag.kind {
                            open = Array(newOpen.unicodeScalars)
                            close = Array(newClose.unicodeScalars)
                        }
                        if case .invalid(let reason) = tag.kind {
                            report(
                                reason == "empty" ? "empty_tag" : "invalid_tag", context: raw,
                                message: reason == "empty"
                                    ? "Thẻ rỗng: giữa hai dấu ngoặc không có tên trường nào."
                                    : "Thẻ viết sai cú pháp (đổi dấu phân cách phải có dạng {=[[ ]]=}, vòng lặp theo phần tử phải có dạng {-w:p tên})."
                            )
                            tag.kind = .value(path: [])
                        }
                        tags.append(tag)
                        spans.append((start, end, tags.count - 1))
                        tagStart = nil
                        lastClose = end
                        position = end
                        continue
                    }
                    if matches(open, at: position) {
                        report(
                            "duplicate_open_tag", context: excerpt(scalars, around: position),
                            message:
                                "Dấu mở thẻ xuất hiện hai lần liền nhau (ví dụ «{{»): thẻ trước chưa được đóng.")
                        tagStart = position
                        position += open.count
                        continue
                    }
                } else {
                    // `{=<% %>=}` ends at `=}`, not at the first `}`: the new delimiters may
                    // hold the old ones (`{={{ }}=}`), as docxtemplater reads them.
                    if matches(open, at: position), position + open.count < scalars.count,
                        scalars[position + open.count] == "=",
                        let end = delimiterChangeEnd(after: position + open.count + 1)
                    {
                        let raw = String(String.UnicodeScalarView(scalars[position..<end]))
                        let content = String(
                            String.UnicodeScalarView(scalars[(position + open.count)..<(end - close.count)]))
                        var tag = TemplateTag.parse(content: content, raw: raw, context: context)
                        if case .delimiters(let newOpen, let newClose) = tag.kind {
                            open = Array(newOpen.unicodeScalars)
                            close = Array(newClose.unicodeScalars)
                        } else {
                            report(
                                "invalid_tag", context: raw,
                                message:
                                    "Thẻ viết sai cú pháp (đổi dấu phân cách phải có dạng {=[[ ]]=}, vòng lặp theo phần tử phải có dạng {-w:p tên})."
                            )
                            tag.kind = .value(path: [])
                        }
                        tags.append(tag)
                        spans.append((position, end, tags.count - 1))
                        lastClose = end
                        position = end
                        continue
                    }
                    if matches(open, at: position) {
                        tagStart = position
                        position += open.count
                        continue
                    }
                    if matches(close, at: position) {
                        if position == lastClose {
                            report(
                                "duplicate_close_tag", context: excerpt(scalars, around: position),
                                message: "Dấu đóng thẻ xuất hiện hai lần liền nhau (ví dụ «}}»).")
                        } else {
                            report(
                                "unopened_tag", context: excerpt(scalars, around: position),
                                message: "Có dấu đóng thẻ mà không có dấu mở tương ứng trước nó.")
                        }
                        position += close.count
                        lastClose = position
                        continue
                    }
                }
                position += 1
            }
            if let start = tagStart {
                report(
                    "unclosed_tag", context: excerpt(scalars, around: start),
                    message: "Thẻ được mở nhưng không đóng trong cùng đoạn văn (thiếu dấu đóng).")
            }
            guard !spans.isEmpty else { continue }

            // Rebuild the group's text tokens: text outside tags stays with its token; each
            // tag goes into the token where it begins.
            var pieces: [Int: [XMLToken]] = [:]
            var pending = ""
            var pendingToken = owner.first ?? group[0]
            var spanIndex = 0
            var index = 0
            func flush(into token: Int) {
                if !pending.isEmpty { pieces[token, default: []].append(.text(pending)) }
                pending = ""
            }
            while index < scalars.count {
                let token = owner[index]
                if token != pendingToken {
                    flush(into: pendingToken)
                    pendingToken = token
                }
                if spanIndex < spans.count, spans[spanIndex].start == index {
                    flush(into: token)
                    pieces[token, default: []].append(.tag(spans[spanIndex].tag))
                    index = spans[spanIndex].end
                    spanIndex += 1
                    continue
                }
                pending.unicodeScalars.append(scalars[index])
                index += 1
            }
            flush(into: pendingToken)
            for token in group { replacements[token] = pieces[token] ?? [] }
        }
        guard !replacements.isEmpty else { return }
        var rewritten: [XMLToken] = []
        rewritten.reserveCapacity(tokens.count + tags.count * 2)
        var lastStart: [Int] = []
        for index in tokens.indices {
            if let replacement = replacements[index] {
                // Text moved between runs or next to a value must keep its spaces: without
                // xml:space="preserve" Word drops them at the ends of each w:t.
                if let owner = lastStart.last, case .start(var ownerTag) = rewritten[owner], ownerTag.isWord("t") {
                    ownerTag.setAttribute("xml:space", "preserve")
                    rewritten[owner] = .start(ownerTag)
                }
                for piece in replacement {
                    if case .tag(let tag) = piece { tags[tag].token = rewritten.count }
                    rewritten.append(piece)
                }
                continue
            }
            switch tokens[index] {
            case .start: lastStart.append(rewritten.count)
            case .end: lastStart.removeLast()
            default: break
            }
            rewritten.append(tokens[index])
        }
        tokens = rewritten
    }

    private func excerpt(_ scalars: [Unicode.Scalar], around index: Int) -> String {
        let lower = max(0, index - 20)
        let upper = min(scalars.count, index + 20)
        return String(String.UnicodeScalarView(scalars[lower..<upper]))
    }

    private mutating func report(_ id: String, context: String, message: String) {
        problems.append(TemplateProblem(id: id, part: part, context: context, message: message))
    }

    // MARK: - Structure

    private mutating func computeStructure() {
        parent = Array(repeating: -1, count: tokens.count)
        match = Array(repeating: -1, count: tokens.count)
        var stack: [Int] = []
        for index in tokens.indices {
            parent[index] = stack.last ?? -1
            switch tokens[index] {
            case .start: stack.append(index)
            case .end:
                if let open = stack.popLast() {
                    match[open] = index
                    match[index] = open
                    parent[index] = parent[open]
                }
            default: break
            }
        }
    }

    /// The nearest enclosing Word element `name` of token `index`.
    private func ancestor(of index: Int, _ name: String) -> Int? {
        var current = parent[index]
        while current >= 0 {
            if let tag = startTag(current), tag.isWord(name) { return current }
            current = parent[current]
        }
        return nil
    }

    /// The nearest enclosing element written as `qualifiedName` (`w:p`, `w:tr`).
    private func ancestor(of index: Int, qualifiedName: String) -> Int? {
        var current = parent[index]
        while current >= 0 {
            if let tag = startTag(current), tag.qualifiedName == qualifiedName { return current }
            current = parent[current]
        }
        return nil
    }

    /// Whether the paragraph starting at `paragraph` holds nothing but the tag at `token`.
    private func standsAlone(_ token: Int, in paragraph: Int) -> Bool {
        for index in (paragraph + 1)..<match[paragraph] {
            switch tokens[index] {
            case .tag(let other) where tags[other].token != token: return false
            case .text(let text):
                if let owner = startTag(parent[index]), owner.isWord("t"),
                    !text.unicodeScalars.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\u{A0}" })
                {
                    return false
                }
            case .start(let tag) where tag.localName == "drawing" || tag.localName == "pict": return false
            default: break
            }
        }
        return true
    }

    // MARK: - Sections

    /// Matches opening and closing tags, works out what each section repeats, and
    /// returns the outermost sections.
    private mutating func matchSections() -> [Int] {
        var stack: [Int] = []  // open tag indices
        var pairs: [(open: Int, close: Int, parent: Int?)] = []
        var parentOfOpen: [Int: Int?] = [:]
        var rawTags: [(tag: Int, parent: Int?)] = []
        for (index, tag) in tags.enumerated() {
            switch tag.kind {
            case .rawXML: rawTags.append((index, stack.last))
            case .open:
                parentOfOpen[index] = stack.last
                stack.append(index)
            case .close(let path):
                guard let open = stack.popLast() else {
                    report(
                        "unopened_loop", context: tag.raw,
                        message: "Thẻ đóng vòng lặp «\(tag.raw)» không có thẻ mở tương ứng phía trước.")
                    continue
                }
                if case .open(let openPath, _, _) = tags[open].kind, !path.isEmpty, path != openPath {
                    report(
                        "closing_tag_does_not_match_opening_tag", context: "\(tags[open].raw) … \(tag.raw)",
                        message: "Thẻ đóng «\(tag.raw)» không khớp thẻ mở «\(tags[open].raw)».")
                }
                pairs.append((open, index, parentOfOpen[open] ?? nil))
            default: break
            }
        }
        for open in stack {
            report(
                "unclosed_loop", context: tags[open].raw,
                message: "Vòng lặp «\(tags[open].raw)» được mở nhưng không có thẻ đóng.")
        }
        guard problems.isEmpty else { return [] }

        var sectionOfOpen: [Int: Int] = [:]
        for pair in pairs.sorted(by: { $0.open < $1.open }) {
            guard let range = expansion(open: pair.open, close: pair.close) else { continue }
            sectionOfOpen[pair.open] = sections.count
            sections.append(range)
        }
        for raw in rawTags {
            guard let range = rawExpansion(raw.tag) else { continue }
            sectionOfOpen[raw.tag] = sections.count
            sections.append(range)
            pairs.append((raw.tag, raw.tag, raw.parent))
        }
        guard problems.isEmpty else { return [] }
        var roots: [Int] = []
        for pair in pairs.sorted(by: { $0.open < $1.open }) {
            guard let section = sectionOfOpen[pair.open] else { continue }
            if let parentOpen = pair.parent, let parentSection = sectionOfOpen[parentOpen] {
                sections[parentSection].children.append(section)
            } else {
                roots.append(section)
            }
        }
        // Each section must sit inside what its parent repeats, apart from its siblings.
        func check(_ children: [Int], within lower: Int, _ upper: Int) {
            var previousEnd = lower - 1
            for child in children.sorted(by: { sections[$0].outer.lowerBound < sections[$1].outer.lowerBound }) {
                let outer = sections[child].outer
                if outer.lowerBound <= previousEnd || outer.lowerBound < lower || outer.upperBound > upper {
                    let tag = tags[sections[child].open]
                    report(
                        "unbalanced_loop_tags", context: tag.context,
                        message:
                            "Vòng lặp «\(tag.raw)» chồng lên vòng lặp khác (ví dụ hai vòng lặp trong cùng một dòng bảng, hoặc thẻ mở và thẻ đóng nằm ở hai cấp khác nhau của bảng)."
                    )
                }
                previousEnd = outer.upperBound
                check(sections[child].children, within: sections[child].inner.lower, sections[child].inner.upper)
            }
        }
        check(roots, within: 0, tokens.count - 1)
        return roots
    }

    /// The paragraph raw XML tag `tag` replaces, as docxtemplater's raw XML module finds it.
    private mutating func rawExpansion(_ tag: Int) -> SectionRange? {
        let token = tags[tag].token
        guard options.allowsRawXML else {
            report(
                "raw_xml_forbidden", context: tags[tag].context,
                message:
                    "Thẻ XML thô «\(tags[tag].raw)» không được phép với mẫu này (--no-raw): hãy dùng thẻ giá trị {tên} thay cho {@tên}."
            )
            return nil
        }
        guard isWordPart, let paragraph = ancestor(of: token, "p") else {
            report(
                "raw_tag_outerxml_invalid", context: tags[tag].context,
                message: "Thẻ XML thô «\(tags[tag].raw)» phải nằm trong một đoạn văn của tài liệu Word.")
            return nil
        }
        guard standsAlone(token, in: paragraph) else {
            report(
                "raw_xml_tag_should_be_only_text_in_paragraph", context: tags[tag].context,
                message:
                    "Thẻ XML thô «\(tags[tag].raw)» phải đứng riêng một đoạn văn: giá trị của nó thay cho cả đoạn, nên chữ khác trong đoạn sẽ mất."
            )
            return nil
        }
        var range = SectionRange(open: tag, close: tag, outer: paragraph...match[paragraph], inner: (1, 0))
        range.isRawXML = true
        return range
    }

    /// What the section between tags `open` and `close` repeats.
    private mutating func expansion(open: Int, close: Int) -> SectionRange? {
        let openToken = tags[open].token
        let closeToken = tags[close].token
        func whole(_ first: Int, _ last: Int) -> SectionRange {
            SectionRange(open: open, close: close, outer: first...last, inner: (first, last))
        }
        func unbalanced(_ detail: String) -> SectionRange? {
            report(
                "unbalanced_loop_tags", context: tags[open].context,
                message: "Không xác định được phần lặp của «\(tags[open].raw)»: \(detail)")
            return nil
        }
        if case .open(_, _, let element?) = tags[open].kind {
            guard let first = ancestor(of: openToken, qualifiedName: element),
                let last = ancestor(of: closeToken, qualifiedName: element)
            else {
                return unbalanced("thẻ không nằm trong phần tử \(element).")
            }
            guard first == last || parent[first] == parent[last] else {
                return unbalanced("thẻ mở và thẻ đóng nằm trong hai phần tử \(element) khác cấp.")
            }
            return whole(first, match[last])
        }
        guard isWordPart else { return whole(openToken, closeToken) }
        let openRow = ancestor(of: openToken, "tr")
        let closeRow = ancestor(of: closeToken, "tr")
        if let openRow, let closeRow {
            if openRow == closeRow, ancestor(of: openToken, "tc") != ancestor(of: closeToken, "tc") {
                return whole(openRow, match[openRow])
            }
            if openRow != closeRow {
                guard parent[openRow] == parent[closeRow] else {
                    return unbalanced("thẻ mở và thẻ đóng nằm ở hai bảng khác nhau.")
                }
                return whole(openRow, match[closeRow])
            }
        }
        let openParagraph = ancestor(of: openToken, "p")
        let closeParagraph = ancestor(of: closeToken, "p")
        guard let openParagraph, let closeParagraph else { return whole(openToken, closeToken) }
        if openParagraph == closeParagraph { return whole(openToken, closeToken) }
        guard parent[openParagraph] == parent[closeParagraph] else {
            return unbalanced("thẻ mở và thẻ đóng nằm ở hai cấp khác nhau (ví dụ một trong bảng, một ngoài bảng).")
        }
        if options.paragraphLoop, standsAlone(openToken, in: openParagraph),
            standsAlone(closeToken, in: closeParagraph)
        {
            // The tag paragraphs go, unless one carries a section break (w:sectPr in its
            // properties): then it stays, empty, so the page layout after it survives.
            let lower = hasSectionBreak(openParagraph) ? match[openParagraph] + 1 : openParagraph
            let upper = hasSectionBreak(closeParagraph) ? closeParagraph - 1 : match[closeParagraph]
            var range = SectionRange(
                open: open, close: close, outer: lower...upper, inner: (match[openParagraph] + 1, closeParagraph - 1))
            // The last repeated paragraph ends a section: shown zero times, the loop keeps
            // that break in an empty paragraph.
            let last = closeParagraph - 1
            if last > match[openParagraph], case .end = tokens[last], let paragraph = startTag(match[last]),
                paragraph.isWord("p"), let properties = sectionProperties(of: match[last])
            {
                var output = XMLOutput()
                output.appendStart(stripped(paragraph), selfClosing: false)
                output.appendStart(stripped(properties.pPr), selfClosing: false)
                appendTokens(properties.sectPr...match[properties.sectPr], to: &output)
                output.appendEnd(properties.pPr.qualifiedName)
                output.appendEnd(paragraph.qualifiedName)
                range.whenEmpty = output.bytes
            }
            return range
        }
        // As docxtemplater does: repeat exactly what lies between the tags. Each repetition
        // closes the open tag's run and paragraph and reopens the close tag's, which is
        // well-formed because both tags sit at the same depth in sibling paragraphs.
        let names = path(from: openParagraph, to: openToken)
        guard names == path(from: closeParagraph, to: closeToken) else {
            return unbalanced("thẻ mở và thẻ đóng nằm ở hai kiểu đoạn văn khác nhau.")
        }
        var range = whole(openToken, closeToken)
        // Shown zero times, the close tag's paragraph properties would go with the
        // repetition; a section break among them stays, in a paragraph of its own.
        if let paragraph = startTag(closeParagraph), let properties = sectionProperties(of: closeParagraph),
            properties.sectPr < closeToken
        {
            var output = XMLOutput()
            for name in names { output.appendEnd(name) }
            output.appendEnd(paragraph.qualifiedName)
            output.appendStart(stripped(paragraph), selfClosing: false)
            output.appendStart(stripped(properties.pPr), selfClosing: false)
            appendTokens(properties.sectPr...match[properties.sectPr], to: &output)
            output.appendEnd(properties.pPr.qualifiedName)
            for name in names.reversed() {
                output.append("<\(name)>")
            }
            range.whenEmpty = output.bytes
        }
        return range
    }

    /// A start tag without its attributes (ids, rsids) and namespace declarations.
    private func stripped(_ tag: StartTag) -> StartTag {
        StartTag(
            qualifiedName: tag.qualifiedName, localName: tag.localName, namespace: tag.namespace, attributes: [],
            namespaces: [])
    }

    /// The `w:pPr` of the paragraph at `paragraph` and the `w:sectPr` in it, if it has one.
    private func sectionProperties(of paragraph: Int) -> (pPr: StartTag, sectPr: Int)? {
        let properties = paragraph + 1
        guard properties < match[paragraph], let pPr = startTag(properties), pPr.isWord("pPr") else { return nil }
        var child = properties + 1
        while child < match[properties] {
            if let tag = startTag(child) {
                if tag.isWord("sectPr") { return (pPr, child) }
                child = match[child] + 1
            } else {
                child += 1
            }
        }
        return nil
    }

    /// Writes tokens `range` as XML (no template tags inside).
    private func appendTokens(_ range: ClosedRange<Int>, to output: inout XMLOutput) {
        var index = range.lowerBound
        while index <= range.upperBound {
            switch tokens[index] {
            case .start(let tag):
                if index + 1 <= range.upperBound, case .end = tokens[index + 1] {
                    output.appendStart(tag, selfClosing: true)
                    index += 2
                    continue
                }
                output.appendStart(tag, selfClosing: false)
            case .end(let name): output.appendEnd(name)
            case .text(let text): output.appendEscaped(text)
            case .tag: break
            }
            index += 1
        }
    }

    /// How many section breaks with header or footer references tokens `lower...upper` hold.
    private func referencingSectionBreaks(_ lower: Int, _ upper: Int) -> Int {
        var count = 0
        var index = lower
        while index <= upper {
            if let tag = startTag(index), tag.isWord("sectPr") {
                var child = index + 1
                while child < match[index] {
                    if let reference = startTag(child),
                        reference.isWord("headerReference") || reference.isWord("footerReference")
                    {
                        count += 1
                        break
                    }
                    child += 1
                }
                index = match[index] + 1
                continue
            }
            index += 1
        }
        return count
    }

    /// The element names from `ancestor` down to `token`.
    private func path(from ancestor: Int, to token: Int) -> [String] {
        var names: [String] = []
        var current = parent[token]
        while current >= 0 && current != ancestor {
            if let tag = startTag(current) { names.append(tag.qualifiedName) }
            current = parent[current]
        }
        return names
    }

    /// Whether the paragraph starting at `paragraph` ends a section (w:pPr/w:sectPr).
    private func hasSectionBreak(_ paragraph: Int) -> Bool {
        var index = paragraph + 1
        while index < match[paragraph] {
            if case .start(let tag) = tokens[index], tag.isWord("sectPr") { return true }
            index += 1
        }
        return false
    }

    // MARK: - Nodes

    private func effects(of section: SectionRange) -> SectionEffects {
        var effects = SectionEffects()
        // Only a section that repeats cells themselves ({-w:tc}) changes a row's width; one
        // that repeats rows keeps it.
        if case .start(let first) = tokens[section.outer.lowerBound], first.isWord("tc") {
            effects.changesColumns = true
        }
        var containsBlocks = false
        for index in section.outer {
            guard case .start(let tag) = tokens[index] else { continue }
            if tag.isWord("p") || tag.isWord("tr") || tag.isWord("tbl") || tag.isWord("tc") {
                containsBlocks = true
            }
            if tag.localName == "docPr" { effects.copiesDrawings = true }
        }
        effects.removesBlocks = containsBlocks && !canRemoveSafely(section)
        return effects
    }

    /// Whether dropping `section` can never leave its container invalid, so that a section
    /// shown zero times (a false flag, an empty list) costs no repair pass: the section is
    /// whole elements, and its container keeps, outside every section, what Word requires of
    /// it. The body requires nothing; a header or footer a paragraph; a table a row; a row
    /// a cell; a cell a closing paragraph. Anything else is left to the repair.
    private func canRemoveSafely(_ section: SectionRange) -> Bool {
        let first = section.outer.lowerBound
        let last = section.outer.upperBound
        // Whole sibling elements from `first` to `last`.
        var index = first
        while index <= last {
            guard case .start = tokens[index], match[index] > index, match[index] <= last else { return false }
            index = match[index] + 1
        }
        let container = parent[first]
        guard container >= 0, let containerTag = startTag(container), isWordPart else { return false }
        func fixed(_ child: Int) -> Bool {
            !sections.contains { $0.outer.contains(child) }
        }
        var children: [(index: Int, tag: StartTag)] = []
        var child = container + 1
        while child < match[container] {
            if let tag = startTag(child) {
                children.append((child, tag))
                child = match[child] + 1
            } else {
                child += 1
            }
        }
        func keeps(_ name: String) -> Bool {
            children.contains { $0.tag.isWord(name) && fixed($0.index) }
        }
        guard containerTag.namespace.contains("wordprocessingml") else { return false }
        switch containerTag.localName {
        case "body": return true
        case "hdr", "ftr": return keeps("p")
        case "tbl": return keeps("tr")
        case "tr": return keeps("tc")
        case "tc":
            // The last block must be a paragraph that always stays (cell properties aside).
            guard let lastBlock = children.last(where: { !$0.tag.isWord("tcPr") }) else { return false }
            return lastBlock.tag.isWord("p") && fixed(lastBlock.index)
        default: return false
        }
    }

    private func build(lower: Int, upper: Int, sections children: [Int], droppingReferences: Bool = false)
        -> [TemplateNode]
    {
        var nodes: [TemplateNode] = []
        var output = XMLOutput()
        var index = lower
        func emitRaw(until end: Int) {
            // Tokens index..<end as XML; a start tag directly followed by its end is `<x/>`.
            while index < end {
                switch tokens[index] {
                case .start(let tag)
                where droppingReferences && (tag.isWord("headerReference") || tag.isWord("footerReference")):
                    index = match[index] + 1
                    continue
                case .start(let tag):
                    if index + 1 < end, case .end = tokens[index + 1] {
                        output.appendStart(tag, selfClosing: true)
                        index += 2
                        continue
                    }
                    output.appendStart(tag, selfClosing: false)
                case .end(let name): output.appendEnd(name)
                case .text(let text): output.appendEscaped(text)
                case .tag(let tag):
                    if case .value = tags[tag].kind {
                        if !output.bytes.isEmpty { nodes.append(.raw(output.bytes)) }
                        output.bytes = []
                        let owner = parent[index] >= 0 ? startTag(parent[index]) : nil
                        nodes.append(
                            .value(tag: tag, wordText: owner?.isWord("t") == true ? owner?.qualifiedName : nil))
                    }
                }
                index += 1
            }
        }
        for child in children.sorted(by: { sections[$0].outer.lowerBound < sections[$1].outer.lowerBound }) {
            let section = sections[child]
            emitRaw(until: section.outer.lowerBound)
            if !output.bytes.isEmpty { nodes.append(.raw(output.bytes)) }
            output.bytes = []
            if section.isRawXML {
                nodes.append(.rawXML(tag: section.open, removesBlocks: !canRemoveSafely(section)))
                index = section.outer.upperBound + 1
                continue
            }
            var inverted = false
            if case .open(_, let isInverted, _) = tags[section.open].kind { inverted = isInverted }
            var body = SectionBody(children: [], whenEmpty: section.whenEmpty)
            if section.inner.lower <= section.inner.upper {
                body.children = build(
                    lower: section.inner.lower, upper: section.inner.upper, sections: section.children,
                    droppingReferences: droppingReferences)
                if !droppingReferences, referencingSectionBreaks(section.inner.lower, section.inner.upper) == 1 {
                    body.later = build(
                        lower: section.inner.lower, upper: section.inner.upper, sections: section.children,
                        droppingReferences: true)
                }
            }
            nodes.append(.section(tag: section.open, inverted: inverted, effects: effects(of: section), body: body))
            index = section.outer.upperBound + 1
        }
        emitRaw(until: upper + 1)
        if !output.bytes.isEmpty { nodes.append(.raw(output.bytes)) }
        return nodes
    }
}
