import CLibXML2

/// The process-wide set-up of libxml2, done once before any parser runs.
///
/// Besides `xmlInitParser()`, it replaces libxml2's external entity loader with one that
/// serves only the schemas built into the binary (``BuiltInSchemaFiles``) and refuses every
/// other URL: no document, schema or `xsi:schemaLocation` hint can make the process open a
/// file or reach the network, whatever parser options a caller passes.
enum XMLLibrary {
    private static let initialized: Bool = {
        xmlInitParser()
        xmlSetExternalEntityLoader(embeddedOnlyLoader)
        return true
    }()

    static func initialize() { _ = initialized }
}

/// Serves `BuiltInSchemaFiles.baseURL + name` from memory, with that URL as the input's
/// name so relative `schemaLocation`s resolve to other built-in files; everything else is
/// refused (libxml2 then reports that the resource could not be loaded).
private let embeddedOnlyLoader: xmlExternalEntityLoader = { url, _, context in
    guard let url, let context else { return nil }
    let name = String(cString: url)
    guard let bytes = BuiltInSchemaFiles.file(atURL: name), bytes.count < Int32.max else { return nil }
    let buffer = bytes.withUnsafeBufferPointer { raw in
        raw.baseAddress!.withMemoryRebound(to: CChar.self, capacity: raw.count) {
            xmlParserInputBufferCreateMem($0, Int32(raw.count), XML_CHAR_ENCODING_NONE)
        }
    }
    guard let buffer else { return nil }
    guard let input = xmlNewIOInputStream(context, buffer, XML_CHAR_ENCODING_NONE) else {
        xmlFreeParserInputBuffer(buffer)
        return nil
    }
    input.pointee.filename = UnsafePointer(xmlCharStrdup(url)).map {
        UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)
    }
    return input
}
