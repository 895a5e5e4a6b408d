import Foundation

/// An Open Packaging Conventions package (XLSX, DOCX): a ZIP archive with content types
/// and relationships between its parts.
public final class OPCPackage {
    /// The ZIP container.
    public let archive: ZipArchive
    private var relationshipCache: [String: [Relationship]] = [:]
    private var contentTypes: ContentTypesReader?

    /// Opens the package at `path`.
    public convenience init(path: String, displayName: String? = nil, limits: ResourceLimits = .standard)
        throws
    {
        try self.init(archive: ZipArchive(path: path, displayName: displayName, limits: limits))
    }

    public init(archive: ZipArchive) {
        self.archive = archive
    }

    /// The file as the user named it.
    public var displayName: String { archive.displayName }

    /// Whether the package holds the part `name` (matched as ``ZipArchive/entry(named:)``).
    public func hasPart(_ name: String) -> Bool { archive.entry(named: name) != nil }

    /// The entry of part `name`, or an ``OPCError`` saying it is missing.
    public func entry(_ name: String) throws -> ZipEntry {
        guard let entry = archive.entry(named: name) else {
            throw OPCError(
                .partMissing, "Thiếu phần bắt buộc trong gói tệp.", file: displayName, part: name)
        }
        return entry
    }

    /// Streams the XML part `name` through `handler`.
    public func parseXML(_ name: String, handler: XMLEventHandler) throws {
        try XMLStreamParser.parse(entry(name), in: archive, handler: handler)
    }

    /// The relationships of `source` (`""` for the package's own), empty when it has none.
    public func relationships(of source: String) throws -> [Relationship] {
        if let cached = relationshipCache[source] { return cached }
        let relsPart = PartName.relationshipsPart(of: source)
        var result: [Relationship] = []
        if let entry = archive.entry(named: relsPart) {
            let reader = RelationshipsReader(source: source, file: displayName)
            try XMLStreamParser.parse(entry, in: archive, handler: reader)
            result = reader.relationships
        }
        relationshipCache[source] = result
        return result
    }

    /// The content type of part `name`, from `[Content_Types].xml`.
    public func contentType(of name: String) throws -> String? {
        let types = try loadContentTypes()
        let key = ZipArchive.normalizedKey(name)
        if let type = types.overrides[key] { return type }
        guard let dot = key.lastIndex(of: ".") else { return nil }
        return types.defaults[String(key[key.index(after: dot)...])]
    }

    /// The existing parts whose declared content type ends with `suffix`, in directory order.
    public func parts(withContentTypeSuffix suffix: String) throws -> [String] {
        let types = try loadContentTypes()
        return archive.entries.filter { entry in
            types.overrides[ZipArchive.normalizedKey(entry.name)]?.hasSuffix(suffix) ?? false
        }.map(\.name)
    }

    private func loadContentTypes() throws -> ContentTypesReader {
        if let contentTypes { return contentTypes }
        let reader = ContentTypesReader()
        if let entry = archive.entry(named: "[Content_Types].xml") {
            try XMLStreamParser.parse(entry, in: archive, handler: reader)
        }
        contentTypes = reader
        return reader
    }
}
