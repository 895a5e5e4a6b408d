import Foundation

/// A tag found in a template's text.
struct TemplateTag: Sendable {
    enum Kind: Sendable, Equatable {
        /// `{name}`, `{unit.total}`, `{.}` (an empty path).
        case value(path: [String])
        /// `{#name}`, `{^name}`, `{-w:p name}`.
        case open(path: [String], inverted: Bool, element: String?)
        /// `{/name}`, or `{/}` (empty name).
        case close(path: [String])
        /// `{@name}`: a WordprocessingML fragment that replaces the tag's paragraph.
        case rawXML(path: [String])
        /// `{=[[ ]]=}`.
        case delimiters(open: String, close: String)
        /// `{}` or a tag that says nothing usable.
        case invalid(reason: String)
    }

    var kind: Kind
    /// The tag as typed, delimiters included.
    var raw: String
    /// Its token in the part.
    var token: Int = -1
    /// The paragraph's text, for messages.
    var context: String

    /// The dotted name as typed (`unit.total`, `.`).
    static func name(_ path: [String]) -> String {
        path.isEmpty ? "." : path.joined(separator: ".")
    }

    static func parse(content: String, raw: String, context: String) -> TemplateTag {
        let trimmed = content.trimmingCharacters(in: .whitespaces)
        func path(_ text: Substring) -> [String] {
            let name = text.trimmingCharacters(in: .whitespaces)
            return name == "." || name.isEmpty ? [] : name.split(separator: ".").map(String.init)
        }
        let kind: Kind
        if trimmed.count >= 2, trimmed.hasPrefix("="), trimmed.hasSuffix("=") {
            let parts = trimmed.dropFirst().dropLast().split(whereSeparator: \.isWhitespace)
            kind =
                parts.count == 2
                ? .delimiters(open: String(parts[0]), close: String(parts[1]))
                : .invalid(reason: "delimiters")
        } else if content.first?.isWhitespace == true, !trimmed.isEmpty {
            // As docxtemplater reads it: `{ #users}` is a value named `#users`, not a loop.
            kind = .value(path: path(Substring(trimmed)))
        } else if let first = trimmed.first {
            let rest = trimmed.dropFirst()
            switch first {
            case "#": kind = .open(path: path(rest), inverted: false, element: nil)
            case "^": kind = .open(path: path(rest), inverted: true, element: nil)
            case "/": kind = .close(path: path(rest))
            case "@": kind = .rawXML(path: path(rest))
            case "-":
                let parts = rest.split(maxSplits: 1, whereSeparator: \.isWhitespace)
                kind =
                    parts.count == 2
                    ? .open(path: path(parts[1]), inverted: false, element: String(parts[0]))
                    : .invalid(reason: "element")
            default: kind = .value(path: path(Substring(trimmed)))
            }
        } else {
            kind = .invalid(reason: "empty")
        }
        return TemplateTag(kind: kind, raw: raw, context: context)
    }
}
