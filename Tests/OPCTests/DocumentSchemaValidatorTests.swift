import Foundation
import Testing

@testable import OPC

/// The project's own ECMA-376 check, on small packages written here part by part and on the
/// report template.
@Suite struct DocumentSchemaValidatorTests {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
        </Types>
        """

    static let packageRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
        </Relationships>
        """

    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    /// A main document part whose body is `body`, on line 3.
    static func document(_ body: String, attributes: String = "") -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="\(w)"\(attributes)><w:body>
        \(body)
        </w:body></w:document>
        """
    }

    /// Writes a package of `parts` (name → text) and validates it.
    static func violations(_ parts: [String: String]) throws -> [SchemaViolation] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString).docx")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ZipWriter(path: path)
        for (name, text) in parts.sorted(by: { $0.key < $1.key }) {
            try writer.add(name, bytes: Array(text.utf8))
        }
        try writer.commit()
        return try DocumentSchemaValidator().validate(path: path, displayName: "thu.docx")
    }

    static func package(body: String, attributes: String = "", extra: [String: String] = [:]) -> [String: String] {
        [
            "[Content_Types].xml": contentTypes, "_rels/.rels": packageRelationships,
            "word/document.xml": document(body, attributes: attributes),
        ].merging(extra) { $1 }
    }

    @Test func aMinimalDocumentAndTheReportTemplateAreValid() throws {
        #expect(try Self.violations(Self.package(body: "<w:p><w:r><w:t>Xin chào</w:t></w:r></w:p>")) == [])
        let template = Self.repoRoot.appendingPathComponent("Templates/bao-cao-766.docx").path
        #expect(try DocumentSchemaValidator().validate(path: template) == [])
    }

    @Test func anElementTheSchemaForbidsIsNamedWithItsPartAndLine() throws {
        let found = try Self.violations(Self.package(body: "<w:p/><w:bogus/>"))
        let first = try #require(found.first)
        #expect(first.code == .schemaInvalid)
        #expect(first.part == "word/document.xml")
        #expect(first.line == 3)
        #expect(first.detail?.contains("bogus") == true)
        #expect(first.description.hasPrefix("phần word/document.xml, dòng 3: Không đúng lược đồ ECMA-376"))
    }

    @Test func aWrongValueAndAMissingRequiredAttributeAreFound() throws {
        let found = try Self.violations(
            Self.package(body: #"<w:p><w:pPr><w:jc w:val="giua"/></w:pPr></w:p><w:tbl><w:tr/></w:tbl>"#))
        #expect(found.count >= 2, "\(found)")
        #expect(found.allSatisfy { $0.code == .schemaInvalid && $0.part == "word/document.xml" })
    }

    @Test func markupCompatibilityIsReducedAsWordReadsIt() throws {
        let mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
        let w14 = "http://schemas.microsoft.com/office/word/2010/wordml"
        let body = """
            <w:p w14:paraId="1A2B3C4D"><w:r><w:t>a</w:t></w:r></w:p>\
            <mc:AlternateContent><mc:Choice Requires="w14"><w14:unknown/></mc:Choice>\
            <mc:Fallback><w:p><w:r><w:t>b</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent>\
            <w14:extra/>
            """
        let ignorable = #" xmlns:mc="\#(mc)" xmlns:w14="\#(w14)" mc:Ignorable="w14""#
        #expect(try Self.violations(Self.package(body: body, attributes: ignorable)) == [])
        // Without mc:Ignorable the same Word 2010 markup is not part of the schema.
        let strict = #" xmlns:mc="\#(mc)" xmlns:w14="\#(w14)""#
        #expect(
            try Self.violations(Self.package(body: body, attributes: strict)).contains { $0.code == .schemaInvalid })
    }

    @Test func aRelationshipToAMissingPartIsReported() throws {
        let rels = """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
            <Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="../../etc/passwd"/>\
            <Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://dichvucong.gov.vn" TargetMode="External"/>\
            </Relationships>
            """
        let found = try Self.violations(Self.package(body: "<w:p/>", extra: ["word/_rels/document.xml.rels": rels]))
        #expect(found.map(\.code) == [.relationshipTargetMissing, .relationshipOutsidePackage])
        #expect(found.allSatisfy { $0.part == "word/_rels/document.xml.rels" })
        #expect(found.first?.message.contains("word/styles.xml") == true)
    }

    @Test func otherWordprocessingPartsAreCheckedToo() throws {
        let rels = """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
            </Relationships>
            """
        let styles = #"<w:styles xmlns:w="\#(Self.w)"><w:style w:type="paragraph"><w:nonsense/></w:style></w:styles>"#
        let found = try Self.violations(
            Self.package(body: "<w:p/>", extra: ["word/_rels/document.xml.rels": rels, "word/styles.xml": styles]))
        #expect(found.map(\.part) == ["word/styles.xml"])
    }

    @Test func aDTDIsRefusedAndNoEntityIsExpanded() throws {
        let bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <w:document xmlns:w="\(Self.w)"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>
            """
        var parts = Self.package(body: "")
        parts["word/document.xml"] = bomb
        let found = try Self.violations(parts)
        #expect(found.map(\.code) == [.xmlDTDForbidden])
        #expect(found.first?.part == "word/document.xml")
    }

    @Test func malformedXMLAndMissingPartsAreViolationsWithTheirPlace() throws {
        var parts = Self.package(body: "<w:p>")
        let found = try Self.violations(parts)
        #expect(found.map(\.code) == [.xmlMalformed])
        #expect(found.first?.line != nil)

        parts = Self.package(body: "<w:p/>")
        parts["_rels/.rels"] = nil
        #expect(try Self.violations(parts).map(\.code) == [.partMissing])
        parts = Self.package(body: "<w:p/>")
        parts["word/document.xml"] = nil
        #expect(try Self.violations(parts).map(\.code).contains(.partMissing))
    }

    @Test func whatIsNotAWordDocumentIsUnreadable() throws {
        let validator = try DocumentSchemaValidator()
        let notZip = try #require(throws: OPCError.self) {
            try validator.validate(bytes: Array("không phải zip".utf8), displayName: "ghi-chu.docx")
        }
        #expect(notZip.code == .notAZip)
        let workbook = Self.repoRoot.appendingPathComponent("Samples/phu-luc-1-2025-02.xlsx").path
        let notWord = try #require(throws: OPCError.self) { try validator.validate(path: workbook) }
        #expect(notWord.code == .notWordDocument)
        #expect(notWord.message.contains("không phải tài liệu Word"))
    }

    @Test func theBuiltInSchemasAreTheFilesInSchemas() throws {
        let folder = Self.repoRoot.appendingPathComponent("Schemas/ecma-376")
        let files = try #require(FileManager.default.enumerator(atPath: folder.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".xsd") }
        #expect(files.count > 20)
        for name in files {
            let onDisk = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
            #expect(
                BuiltInSchemaFiles.files[name] == onDisk,
                "\(name) differs: run Scripts/embed-defaults after editing Schemas/")
        }
        #expect(BuiltInSchemaFiles.file(atURL: "/etc/passwd") == nil)
        #expect(BuiltInSchemaFiles.file(atURL: BuiltInSchemaFiles.baseURL + "../../etc/passwd") == nil)
    }

    @Test func relationshipsPartsNameTheirSource() {
        #expect(DocumentSchemaValidator.source(ofRelationshipsPart: "_rels/.rels") == "")
        #expect(
            DocumentSchemaValidator.source(ofRelationshipsPart: "word/_rels/document.xml.rels") == "word/document.xml")
        #expect(DocumentSchemaValidator.source(ofRelationshipsPart: "word/document.xml") == nil)
        #expect(DocumentSchemaValidator.source(ofRelationshipsPart: "word/other.rels") == nil)
    }
}
