import Foundation
import OPC

/// A tag as `baocao template check` lists it.
public struct TemplateTagInfo: Sendable, Equatable, Encodable {
    public enum Kind: String, Sendable, Encodable {
        case value, section
        case invertedSection = "inverted_section"
        case close, delimiters
        /// `{@name}`: a WordprocessingML fragment that replaces its paragraph.
        case rawXML = "raw_xml"
    }

    public var part: String
    public var kind: Kind
    /// The dotted name (`unit.total`, `.`), empty for delimiter changes.
    public var name: String
    /// The tag as typed.
    public var raw: String
    /// The paragraph it stands in.
    public var context: String
}

/// What rendering produced besides the file.
public struct RenderReport: Sendable, Equatable {
    /// Tags that had no value and rendered empty, as `part: name`.
    public var missing: [String]
}

/// A Word template in docxtemplater's syntax, compiled once and rendered any number of
/// times.
///
/// The main document, its headers, footers, footnotes and endnotes, and the core document
/// properties are templated. Compiling finds every problem of the template at once
/// (``problems``); rendering refuses a template with problems and writes nothing.
/// Unchanged package entries are copied without being inflated again, and the output
/// appears atomically. A compiled template is immutable: any number of threads may render
/// it at once, each render reading the template's bytes through an archive of its own.
public final class DOCXTemplate: @unchecked Sendable {
    struct CompiledPart {
        let name: String
        let nodes: [TemplateNode]
        let tags: [TemplateTag]
        let isWordPart: Bool
        /// What raw XML values in the part are checked against.
        let rawContext: RawXMLFragment.Context
    }

    /// The file as the user named it.
    public let displayName: String
    public let options: TemplateOptions
    /// Every problem found in the template; empty for a usable one.
    public let problems: [TemplateProblem]
    /// Every tag, in part and document order.
    public let tags: [TemplateTagInfo]

    /// The template file, kept to copy its untouched entries into every output.
    private let source: [UInt8]
    private let limits: ResourceLimits
    private let parts: [CompiledPart]

    /// Opens and compiles the template at `path`.
    ///
    /// - Throws: ``OPCError`` when the file cannot be read as a package, ``DOCXError`` with
    ///   code ``DOCXError/Code/notADocument`` when it is not a Word document.
    public convenience init(
        path: String, displayName: String? = nil, options: TemplateOptions = TemplateOptions(),
        limits: ResourceLimits = .standard
    ) throws {
        let package = try OPCPackage(path: path, displayName: displayName ?? path, limits: limits)
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw OPCError(.fileUnreadable, "Không đọc được tệp mẫu.", file: displayName ?? path)
        }
        try self.init(package: package, source: [UInt8](bytes), options: options)
    }

    /// Compiles a template held in memory (the one built into the binary, say).
    public convenience init(
        bytes: [UInt8], displayName: String, options: TemplateOptions = TemplateOptions(),
        limits: ResourceLimits = .standard
    ) throws {
        try self.init(
            package: OPCPackage(archive: ZipArchive(bytes: bytes, displayName: displayName, limits: limits)),
            source: bytes, options: options)
    }

    private init(package: OPCPackage, source: [UInt8], options: TemplateOptions) throws {
        let shown = package.displayName
        self.displayName = shown
        self.options = options
        self.source = source
        limits = package.archive.limits

        let packageRelationships = try package.relationships(of: "")
        guard
            let main = packageRelationships.first(where: { !$0.isExternal && $0.hasType("officeDocument") })?
                .target ?? (package.hasPart("word/document.xml") ? "word/document.xml" : nil),
            package.hasPart(main), main.lowercased().hasPrefix("word/")
        else {
            throw DOCXError(
                .notADocument, "Tệp mẫu không phải là tài liệu Word (.docx): thiếu word/document.xml.",
                file: shown)
        }
        var names = [main]
        for relationship in try package.relationships(of: main) where !relationship.isExternal {
            if ["header", "footer", "footnotes", "endnotes"].contains(where: { relationship.hasType($0) }),
                package.hasPart(relationship.target), !names.contains(relationship.target)
            {
                names.append(relationship.target)
            }
        }
        var properties: String?
        if let core = packageRelationships.first(where: { !$0.isExternal && $0.hasType("core-properties") }),
            package.hasPart(core.target)
        {
            properties = core.target
            names.append(core.target)
        }

        var compiled: [CompiledPart] = []
        var problems: [TemplateProblem] = []
        var tags: [TemplateTagInfo] = []
        for name in names {
            let entry = try package.entry(name)
            let tokens = try XMLTokenizer.tokenize(package.archive.readAll(entry), part: entry.name, file: shown)
            let isWordPart = name != properties
            var compiler = PartCompiler(part: entry.name, tokens: tokens, isWordPart: isWordPart, options: options)
            let nodes = compiler.compile()
            problems += compiler.problems
            tags += compiler.tags.map { Self.info($0, part: entry.name) }
            // A raw value may name the part's relationships that lead somewhere.
            var relationships: Set<String> = []
            if compiler.tags.contains(where: { if case .rawXML = $0.kind { true } else { false } }) {
                for relationship in try package.relationships(of: name)
                where relationship.isExternal || package.hasPart(relationship.target) {
                    relationships.insert(relationship.id)
                }
            }
            let root = tokens.first.flatMap { token -> StartTag? in
                if case .start(let tag) = token { return tag }
                return nil
            }
            compiled.append(
                CompiledPart(
                    name: entry.name, nodes: nodes, tags: compiler.tags, isWordPart: isWordPart,
                    rawContext: RawXMLFragment.Context(part: entry.name, relationships: relationships, root: root)))
        }
        parts = compiled
        self.problems = problems
        self.tags = tags
    }

    private static func info(_ tag: TemplateTag, part: String) -> TemplateTagInfo {
        let (kind, name): (TemplateTagInfo.Kind, String) =
            switch tag.kind {
            case .value(let path): (.value, TemplateTag.name(path))
            case .open(let path, let inverted, _): (inverted ? .invertedSection : .section, TemplateTag.name(path))
            case .close(let path): (.close, path.isEmpty ? "" : TemplateTag.name(path))
            case .delimiters: (.delimiters, "")
            case .rawXML(let path): (.rawXML, TemplateTag.name(path))
            case .invalid: (.value, "")
            }
        return TemplateTagInfo(part: part, kind: kind, name: name, raw: tag.raw, context: tag.context)
    }

    /// Renders the parts with `data`, without writing anything.
    ///
    /// - Returns: the rendered bytes by part name, and what had no value.
    /// - Throws: ``DOCXError`` for template problems, unusable data, or (with `strict`)
    ///   missing values.
    public func renderParts(_ data: TemplateValue, strict: Bool = false) throws -> (
        parts: [String: [UInt8]], report: RenderReport
    ) {
        guard problems.isEmpty else {
            throw DOCXError(
                .templateInvalid, "Tệp mẫu có \(problems.count) lỗi, chưa thể dùng để tạo báo cáo.",
                file: displayName, problems: problems)
        }
        var rendered: [String: [UInt8]] = [:]
        var missing: [String] = []
        let validator = LazySchemaValidator()
        for part in parts {
            var renderer = TemplateRenderer(
                tags: part.tags, part: part.name, data: data, rawContext: part.rawContext, validator: validator)
            renderer.output.append(contentsOf: XMLOutput.declaration.utf8)
            do {
                try renderer.render(part.nodes)
            } catch var error as DOCXError {
                error.file = displayName
                throw error
            }
            missing += renderer.misses.map { "\(part.name): \($0)" }
            var bytes = renderer.output
            if renderer.needsRepair && part.isWordPart {
                bytes = try DocumentFixer.fix(bytes, part: part.name)
            }
            rendered[part.name] = bytes
        }
        if strict && !missing.isEmpty {
            throw DOCXError(
                .missingValues,
                "Dữ liệu thiếu giá trị cho \(missing.count) thẻ: \(missing.joined(separator: ", ")).",
                file: displayName)
        }
        return (rendered, RenderReport(missing: missing))
    }

    /// Renders with `data` and writes the document to `path` atomically; entries that are
    /// not templated are copied as they are.
    @discardableResult
    public func render(_ data: TemplateValue, to path: String, strict: Bool = false) throws -> RenderReport {
        let (rendered, report) = try renderParts(data, strict: strict)
        let archive = try ZipArchive(bytes: source, displayName: displayName, limits: limits)
        let writer = try ZipWriter(path: path)
        for entry in archive.entries {
            if let bytes = rendered[entry.name] {
                try writer.add(entry.name, bytes: bytes)
            } else {
                try writer.copy(entry, from: archive)
            }
        }
        try writer.commit()
        return report
    }
}
