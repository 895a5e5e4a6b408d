import Foundation

/// One relationship of a part (`_rels/*.rels`), its target resolved inside the package.
public struct Relationship: Sendable, Equatable {
    public let id: String
    /// The relationship type URI (Transitional or Strict).
    public let type: String
    /// The resolved part name (`xl/worksheets/sheet1.xml`), or the raw target when
    /// ``isExternal`` is true.
    public let target: String
    /// Whether the target lies outside the package (`TargetMode="External"`); such targets
    /// are never followed.
    public let isExternal: Bool

    /// Whether ``type`` ends with `/suffix`, the part every OOXML flavour shares
    /// (`…/officeDocument/2006/relationships/worksheet` and
    /// `http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet` alike).
    public func hasType(_ suffix: String) -> Bool {
        type.hasSuffix("/" + suffix)
    }
}

/// Resolves relationship targets, which are URIs relative to their source part.
public enum PartName {
    /// The relationships part of `source`: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`;
    /// the package itself (`""`) → `_rels/.rels`.
    public static func relationshipsPart(of source: String) -> String {
        guard let slash = source.lastIndex(of: "/") else {
            return source.isEmpty ? "_rels/.rels" : "_rels/\(source).rels"
        }
        return "\(source[..<slash])/_rels/\(source[source.index(after: slash)...]).rels"
    }

    /// The folder of a part, with a trailing slash (`xl/`), or `""` at the root.
    public static func folder(of part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return "" }
        return String(part[...slash])
    }

    /// Resolves `target` against the part `source`. Returns `nil` when the target climbs
    /// out of the package or names another scheme.
    public static func resolve(_ target: String, from source: String) -> String? {
        var path = target.replacingOccurrences(of: "\\", with: "/")
        if let hash = path.firstIndex(of: "#") { path = String(path[..<hash]) }
        if path.contains(":") { return nil }  // file:, http: and the like are not parts
        path = path.removingPercentEncoding ?? path
        let combined = path.hasPrefix("/") ? path : folder(of: source) + path
        var segments: [Substring] = []
        for segment in combined.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..":
                if segments.isEmpty { return nil }
                segments.removeLast()
            default: segments.append(segment)
            }
        }
        return segments.isEmpty ? nil : segments.joined(separator: "/")
    }
}

/// Reads a `.rels` part.
final class RelationshipsReader: XMLEventHandler {
    let source: String
    let file: String
    var relationships: [Relationship] = []
    var error: OPCError?

    init(source: String, file: String) {
        self.source = source
        self.file = file
    }

    override func startElement(_ name: XMLName, attributes: XMLAttributes) throws {
        guard name.is("Relationship") else { return }
        guard let id = attributes.string("Id"), let target = attributes.string("Target") else {
            return
        }
        let type = attributes.string("Type") ?? ""
        let external = attributes.string("TargetMode")?.lowercased() == "external"
        if external {
            relationships.append(Relationship(id: id, type: type, target: target, isExternal: true))
            return
        }
        guard let resolved = PartName.resolve(target, from: source) else {
            throw OPCError(
                .relationshipOutsidePackage,
                "Tệp có liên kết nội bộ trỏ ra ngoài gói (\(target)); liên kết như vậy không được theo, tệp có thể độc hại.",
                file: file, part: PartName.relationshipsPart(of: source), detail: "relationship \(id)")
        }
        relationships.append(Relationship(id: id, type: type, target: resolved, isExternal: false))
    }
}

/// Reads `[Content_Types].xml`.
final class ContentTypesReader: XMLEventHandler {
    var defaults: [String: String] = [:]
    var overrides: [String: String] = [:]

    override func startElement(_ name: XMLName, attributes: XMLAttributes) throws {
        if name.is("Default"), let ext = attributes.string("Extension"),
            let type = attributes.string("ContentType")
        {
            defaults[ext.lowercased()] = type
        } else if name.is("Override"), let part = attributes.string("PartName"),
            let type = attributes.string("ContentType")
        {
            overrides[ZipArchive.normalizedKey(part)] = type
        }
    }
}
