import Foundation
import OPC
import Testing

/// The check every document a test writes goes through: the project's own ECMA-376
/// validator (``DocumentSchemaValidator``), the one `baocao docx validate` runs.
///
/// With `BAOCAO_KEEP_DOCUMENTS=FOLDER` set, every document checked is also copied there, so
/// another validator can be run over exactly the documents of the test suite.
public enum DocumentChecks {
    /// Copies `bytes` into `$BAOCAO_KEEP_DOCUMENTS`, when it is set.
    private static func keep(_ bytes: [UInt8], name: String) {
        guard let folder = ProcessInfo.processInfo.environment["BAOCAO_KEEP_DOCUMENTS"] else { return }
        let url = URL(fileURLWithPath: folder).appendingPathComponent("\(UUID().uuidString)-\(name)")
        try? Data(bytes).write(to: url)
    }

    /// Records an issue for each of `files` that is unreadable or breaks the schemas.
    public static func expectValid(_ files: [URL], sourceLocation: SourceLocation = #_sourceLocation) {
        guard !files.isEmpty else { return }
        do {
            let validator = try DocumentSchemaValidator()
            for file in files {
                if let bytes = FileManager.default.contents(atPath: file.path) {
                    keep([UInt8](bytes), name: file.lastPathComponent)
                }
                do {
                    let violations = try validator.validate(path: file.path, displayName: file.lastPathComponent)
                    #expect(
                        violations.isEmpty,
                        "\(file.lastPathComponent): \(violations.map(\.description).joined(separator: "\n"))",
                        sourceLocation: sourceLocation)
                } catch {
                    Issue.record("\(file.lastPathComponent) is unreadable: \(error)", sourceLocation: sourceLocation)
                }
            }
        } catch {
            Issue.record("the schemas did not compile: \(error)", sourceLocation: sourceLocation)
        }
    }

    /// Records an issue when the document held in `bytes` (a download, say) is unreadable
    /// or breaks the schemas.
    public static func expectValid(
        bytes: [UInt8], name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        keep(bytes, name: URL(fileURLWithPath: name).lastPathComponent)
        do {
            let violations = try DocumentSchemaValidator().validate(bytes: bytes, displayName: name)
            #expect(
                violations.isEmpty, "\(name): \(violations.map(\.description).joined(separator: "\n"))",
                sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(name) is unreadable: \(error)", sourceLocation: sourceLocation)
        }
    }
}
