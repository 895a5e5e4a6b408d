/// Checks a Word document or template against the ECMA-376 Transitional schemas, with
/// libxml2's XML Schema support and the schemas built into the binary.
///
/// What it checks, in each package:
/// - `[Content_Types].xml` and `_rels/.rels` exist, and every relationships part matches
///   the OPC schema;
/// - every internal relationship points at a part the package holds, inside the package;
/// - the main document (found through `_rels/.rels`, never guessed) and every other
///   WordprocessingML part (styles, numbering, settings, headers, footers, notes, fonts,
///   comments) matches `wml.xsd`, after the markup-compatibility reduction Word itself
///   applies (ignorable namespaces dropped, `mc:AlternateContent` read as its fallback).
///
/// The schemas are compiled once per validator (about a tenth of a second), so one
/// validator should check many documents. It is not `Sendable`: use one per thread.
public final class DocumentSchemaValidator {
    /// At most this many schema messages are listed per part; a last one counts the rest.
    public static let messagesPerPart = 20

    let wordprocessing: CompiledSchema
    private let relationships: CompiledSchema
    private let contentTypes: CompiledSchema
    let limits: ResourceLimits

    /// Compiles the built-in schemas.
    /// - Throws: ``OPCError`` with code `schema.unavailable` when the built-in schemas do
    ///   not compile (a broken build).
    public init(limits: ResourceLimits = .standard) throws {
        wordprocessing = try CompiledSchema(.wordprocessing)
        relationships = try CompiledSchema(.relationships)
        contentTypes = try CompiledSchema(.contentTypes)
        self.limits = limits
    }

    /// The violations of the document at `path`; empty when it is valid.
    /// - Throws: ``OPCError`` when the file is not a readable package (missing, not a
    ///   ZIP, encrypted, over a limit) or is a package but not a Word document.
    public func validate(path: String, displayName: String? = nil) throws -> [SchemaViolation] {
        try validate(OPCPackage(path: path, displayName: displayName, limits: limits))
    }

    /// The violations of the document held in `bytes`; empty when it is valid.
    public func validate(bytes: [UInt8], displayName: String) throws -> [SchemaViolation] {
        try validate(OPCPackage(archive: ZipArchive(bytes: bytes, displayName: displayName, limits: limits)))
    }

    /// The violations of `package`; empty when it is valid.
    public func validate(_ package: OPCPackage) throws -> [SchemaViolation] {
        var violations: [SchemaViolation] = []
        for required in ["[Content_Types].xml", "_rels/.rels"] where !package.hasPart(required) {
            violations.append(
                SchemaViolation(.partMissing, part: required, message: "Thiếu phần bắt buộc của mọi tài liệu Office."))
        }
        guard violations.isEmpty else { return violations }
        _ = try check(package.entry("[Content_Types].xml"), in: package, against: contentTypes, into: &violations)

        var main: String?
        for entry in package.archive.entries where !entry.isDirectory {
            guard let source = Self.source(ofRelationshipsPart: entry.name),
                let tree = try check(entry, in: package, against: relationships, into: &violations)
            else { continue }
            for relationship in tree.childAttributes(named: "Relationship") {
                guard relationship["TargetMode"]?.lowercased() != "external" else { continue }
                let target = relationship["Target"] ?? ""
                let id = relationship["Id"] ?? "?"
                guard let resolved = PartName.resolve(target, from: source) else {
                    violations.append(
                        SchemaViolation(
                            .relationshipOutsidePackage, part: entry.name,
                            message: "Liên kết \(id) trỏ ra ngoài gói tài liệu (\(target))."))
                    continue
                }
                if !package.hasPart(resolved) {
                    violations.append(
                        SchemaViolation(
                            .relationshipTargetMissing, part: entry.name,
                            message: "Liên kết \(id) trỏ tới phần \(resolved), phần này không có trong tài liệu."))
                }
                if source.isEmpty, (relationship["Type"] ?? "").hasSuffix("/officeDocument") {
                    main = resolved
                }
            }
        }
        guard let main, let mainEntry = package.archive.entry(named: main) else {
            violations.append(
                SchemaViolation(
                    .partMissing, part: "_rels/.rels",
                    message: "Không tìm thấy phần nội dung chính của tài liệu (liên kết officeDocument)."))
            return violations
        }
        if let type = try? package.contentType(of: main), !Self.isWordprocessing(type, main: true) {
            throw OPCError(
                .notWordDocument,
                "Tệp là gói Office nhưng không phải tài liệu Word (.docx): phần chính có kiểu \(type).",
                file: package.displayName, part: main)
        }
        var wordParts = [mainEntry]
        for entry in package.archive.entries where entry.name != mainEntry.name && !entry.isDirectory {
            if let type = try? package.contentType(of: entry.name), Self.isWordprocessing(type, main: false) {
                wordParts.append(entry)
            }
        }
        for entry in wordParts {
            _ = try check(
                entry, in: package, against: wordprocessing, reducingCompatibility: true, into: &violations)
        }
        return violations
    }

    /// Parses and validates one part, adding what is wrong to `violations`; the parsed
    /// tree when the part could be parsed.
    private func check(
        _ entry: ZipEntry, in package: OPCPackage, against schema: CompiledSchema,
        reducingCompatibility: Bool = false, into violations: inout [SchemaViolation]
    ) throws -> XMLDocumentTree? {
        let bytes = try package.archive.readAll(entry)
        let tree: XMLDocumentTree
        switch XMLDocumentTree.parse(bytes, part: entry.name, limits: limits) {
        case .tree(let parsed): tree = parsed
        case .unreadable(let violation):
            violations.append(violation)
            return nil
        }
        if reducingCompatibility { tree.reduceMarkupCompatibility() }
        let (messages, total) = schema.validate(tree, limit: Self.messagesPerPart)
        for message in messages {
            violations.append(
                SchemaViolation(
                    .schemaInvalid, part: entry.name, line: message.line,
                    message: "Không đúng lược đồ ECMA-376: Word có thể báo tệp hỏng hoặc tự sửa nội dung.",
                    detail: message.text))
        }
        if total > messages.count {
            violations.append(
                SchemaViolation(
                    .schemaInvalid, part: entry.name,
                    message: "Còn \(total - messages.count) chỗ khác không đúng lược đồ trong phần này."))
        }
        return tree
    }

    /// The source part of a relationships part (`word/_rels/document.xml.rels` →
    /// `word/document.xml`, `_rels/.rels` → `""`), or `nil` when `name` is not one.
    static func source(ofRelationshipsPart name: String) -> String? {
        let path = name.replacingOccurrences(of: "\\", with: "/")
        guard path.lowercased().hasSuffix(".rels") else { return nil }
        var segments = path.split(separator: "/", omittingEmptySubsequences: true)
        guard segments.count >= 2, segments[segments.count - 2].lowercased() == "_rels" else { return nil }
        let file = segments.removeLast().dropLast(".rels".count)
        segments.removeLast()
        return (segments.map(String.init) + (file.isEmpty ? [] : [String(file)])).joined(separator: "/")
    }

    /// Whether `type` is a WordprocessingML part type of the Transitional schemas (with
    /// `main`, a main document type, macro-enabled and template ones included).
    static func isWordprocessing(_ type: String, main: Bool) -> Bool {
        let type = type.lowercased()
        if main {
            return type.hasSuffix(".main+xml")
                && (type.contains("wordprocessingml") || type.hasPrefix("application/vnd.ms-word."))
        }
        return type.hasPrefix("application/vnd.openxmlformats-officedocument.wordprocessingml.")
            && type.hasSuffix("+xml")
    }
}
