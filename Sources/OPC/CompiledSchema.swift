import CLibXML2
import Foundation

/// A compiled XML Schema (libxml2's `xmlSchemaPtr`), owned here and freed in `deinit`.
///
/// Not `Sendable`: one validator owns its schemas and uses them on one thread.
final class CompiledSchema {
    private let schema: xmlSchemaPtr

    /// Compiles the built-in schema `entry` with every schema it imports.
    init(_ entry: BuiltInSchemaFiles.Entry) throws {
        XMLLibrary.initialize()
        let messages = MessageCollector(limit: 5)
        guard let parser = xmlSchemaNewParserCtxt(entry.url) else {
            throw Self.unavailable(entry, detail: "xmlSchemaNewParserCtxt failed")
        }
        defer { xmlSchemaFreeParserCtxt(parser) }
        let collector = Unmanaged.passUnretained(messages).toOpaque()
        xmlSchemaSetParserStructuredErrors(parser, collectMessage, collector)
        guard let schema = withExtendedLifetime(messages, { xmlSchemaParse(parser) }) else {
            throw Self.unavailable(entry, detail: messages.items.map(\.text).joined(separator: "; "))
        }
        self.schema = schema
    }

    deinit {
        xmlSchemaFree(schema)
    }

    /// The messages of validating `document` (the first `limit` of them, and how many
    /// there were in all); none when it is valid.
    func validate(_ document: XMLDocumentTree, limit: Int) -> (items: [LibraryMessage], total: Int) {
        let messages = MessageCollector(limit: limit)
        guard let context = xmlSchemaNewValidCtxt(schema) else {
            return ([LibraryMessage(text: "xmlSchemaNewValidCtxt failed", line: nil)], 1)
        }
        defer { xmlSchemaFreeValidCtxt(context) }
        let collector = Unmanaged.passUnretained(messages).toOpaque()
        xmlSchemaSetValidStructuredErrors(context, collectMessage, collector)
        let status = withExtendedLifetime(messages) { document.validate(with: context) }
        if status != 0, messages.total == 0 {
            return ([LibraryMessage(text: "validation failed (libxml2 status \(status))", line: nil)], 1)
        }
        return (messages.items, messages.total)
    }

    private static func unavailable(_ entry: BuiltInSchemaFiles.Entry, detail: String) -> OPCError {
        OPCError(
            .schemaUnavailable,
            "Không nạp được lược đồ ECMA-376 gắn sẵn trong chương trình (\(entry.rawValue)); bản cài đặt bị hỏng, hãy cài lại baocao.",
            detail: detail)
    }
}

/// One message libxml2 reported, with its line.
struct LibraryMessage {
    var text: String
    var line: Int?
}

/// Collects libxml2's structured errors: the first `limit`, and a count of all.
final class MessageCollector {
    let limit: Int
    var items: [LibraryMessage] = []
    var total = 0

    init(limit: Int) {
        self.limit = limit
    }
}

/// libxml2's structured-error callback; its `void *` is a borrowed ``MessageCollector``.
let collectMessage: xmlStructuredErrorFunc = { userData, error in
    guard let userData, let error else { return }
    let collector = Unmanaged<MessageCollector>.fromOpaque(userData).takeUnretainedValue()
    collector.total += 1
    guard collector.items.count < collector.limit else { return }
    let text = error.pointee.message.map { String(cString: $0) } ?? "error \(error.pointee.code)"
    collector.items.append(
        LibraryMessage(
            text: text.trimmingCharacters(in: .whitespacesAndNewlines),
            line: error.pointee.line > 0 ? Int(error.pointee.line) : nil))
}
