import OPC

/// The part of `styles.xml` that decides how numbers read: each cell format's number
/// format kind, by cell style index (`s`).
public struct CellStyles: Sendable {
    /// Kind per `cellXfs` index.
    public private(set) var kinds: [NumberFormatKind]

    public init(kinds: [NumberFormatKind] = []) {
        self.kinds = kinds
    }

    /// The kind of style index `index`; an unknown index reads as a plain number.
    @inline(__always)
    public func kind(ofStyle index: Int) -> NumberFormatKind {
        index >= 0 && index < kinds.count ? kinds[index] : .number
    }

    static func read(_ part: String, in package: OPCPackage) throws -> CellStyles {
        let reader = StylesReader()
        try package.parseXML(part, handler: reader)
        let kinds = reader.cellFormatIDs.map { id -> NumberFormatKind in
            // A custom code wins over the built-in meaning of the same id, as in Excel.
            if let code = reader.customCodes[id] { return NumberFormat.kind(ofCode: code) }
            return NumberFormat.builtInKind(id) ?? .number
        }
        return CellStyles(kinds: kinds)
    }
}

private final class StylesReader: XMLEventHandler {
    var customCodes: [Int: String] = [:]
    var cellFormatIDs: [Int] = []
    private var inCellFormats = false

    override func startElement(_ name: XMLName, attributes: XMLAttributes) throws {
        if name.is("numFmt") {
            if let id = attributes.value("numFmtId")?.unsignedInteger,
                let code = attributes.string("formatCode")
            {
                customCodes[id] = code
            }
        } else if name.is("cellXfs") {
            inCellFormats = true
        } else if inCellFormats, name.is("xf") {
            cellFormatIDs.append(attributes.value("numFmtId")?.unsignedInteger ?? 0)
        }
    }

    override func endElement(_ name: XMLName) throws {
        if name.is("cellXfs") { inCellFormats = false }
    }
}
