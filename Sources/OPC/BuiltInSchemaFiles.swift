import Foundation

/// The schema files a ``DocumentSchemaValidator`` compiles, held in memory: the ECMA-376
/// Transitional schemas of ``BuiltInSchemas`` (by their path in `Schemas/ecma-376/`), the
/// W3C `xml:` namespace schema they import, and one wrapper per kind of part that imports
/// both.
enum BuiltInSchemaFiles {
    /// The URL prefix under which the files are served to libxml2. It names no real folder:
    /// the loader of ``XMLLibrary`` answers it from memory and refuses every other URL.
    static let baseURL = "/baocao/built-in-schemas/"

    /// The kinds of part a validator checks, each with the wrapper that is its entry point.
    enum Entry: String, CaseIterable {
        case wordprocessing = "wrap-wml.xsd"
        case relationships = "wrap-rels.xsd"
        case contentTypes = "wrap-content-types.xsd"

        var url: String { BuiltInSchemaFiles.baseURL + rawValue }

        fileprivate var target: (namespace: String, file: String) {
            switch self {
            case .wordprocessing: ("http://schemas.openxmlformats.org/wordprocessingml/2006/main", "wml.xsd")
            case .relationships:
                ("http://schemas.openxmlformats.org/package/2006/relationships", "opc-xsd/opc-relationships.xsd")
            case .contentTypes:
                ("http://schemas.openxmlformats.org/package/2006/content-types", "opc-xsd/opc-contentTypes.xsd")
            }
        }
    }

    /// The bytes served for `url`, or `nil` when it is not one of the built-in files.
    static func file(atURL url: String) -> [UInt8]? {
        guard url.hasPrefix(baseURL) else { return nil }
        return files[String(url.dropFirst(baseURL.count))]
    }

    /// Every file by its name below ``baseURL``; unpacked once, on first use.
    static let files: [String: [UInt8]] = {
        var files: [String: [UInt8]] = [:]
        // The archive is built into the binary and checked by a test: failing to read it is
        // a broken build, and the validator then reports every schema as missing.
        if let data = Data(base64Encoded: BuiltInSchemas.zipBase64),
            let archive = try? ZipArchive(bytes: [UInt8](data), displayName: "built-in schemas")
        {
            for entry in archive.entries where !entry.isDirectory {
                files[entry.name] = try? archive.readAll(entry)
            }
        }
        files["xml.xsd"] = Array(xmlNamespaceSchema.utf8)
        for entry in Entry.allCases {
            files[entry.rawValue] = Array(wrapper(entry).utf8)
        }
        return files
    }()

    /// A schema that imports the `xml:` namespace first, then the target schema, so the
    /// target's own import of `xml:` (without a location) finds it already known.
    private static func wrapper(_ entry: Entry) -> String {
        """
        <?xml version="1.0"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="xml.xsd"/>
          <xs:import namespace="\(entry.target.namespace)" schemaLocation="\(entry.target.file)"/>
        </xs:schema>
        """
    }

    /// The attributes of the W3C `xml:` namespace that OOXML uses.
    private static let xmlNamespaceSchema = """
        <?xml version="1.0"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
                   targetNamespace="http://www.w3.org/XML/1998/namespace">
          <xs:attribute name="lang" type="xs:string"/>
          <xs:attribute name="space">
            <xs:simpleType>
              <xs:restriction base="xs:NCName">
                <xs:enumeration value="default"/>
                <xs:enumeration value="preserve"/>
              </xs:restriction>
            </xs:simpleType>
          </xs:attribute>
          <xs:attribute name="base" type="xs:anyURI"/>
          <xs:attribute name="id" type="xs:ID"/>
        </xs:schema>
        """
}
