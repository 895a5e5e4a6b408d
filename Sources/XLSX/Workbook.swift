import Foundation
import OPC

/// A sheet as the workbook lists it.
public struct SheetInfo: Sendable, Hashable {
    public enum State: String, Sendable {
        case visible, hidden, veryHidden
    }

    public enum Kind: String, Sendable {
        case worksheet, chartsheet, macrosheet, dialogsheet
    }

    /// The tab name.
    public let name: String
    public let state: State
    public let kind: Kind
    /// The resolved part holding the sheet, `nil` when the workbook points nowhere.
    public let part: String?
    /// Position in workbook order, from 0.
    public let position: Int
}

/// A name defined in the workbook (`Print_Area`, a named range).
public struct DefinedName: Sendable, Hashable {
    public let name: String
    /// What it refers to (`'Phụ lục 1'!$A$1:$K$30`).
    public let formula: String
    /// The sheet position it is local to, or `nil` for a workbook-wide name.
    public let localSheet: Int?
    public let isHidden: Bool
}

/// An XLSX workbook (Transitional or Strict), opened for streamed reading.
///
/// Opening reads only the workbook part and its relationships; shared strings and styles
/// are read on first use, and worksheets are streamed row by row with
/// ``readCells(of:onDimension:_:)`` or ``readRows(of:onDimension:_:)``, so a large sheet
/// is never held in memory.
public final class Workbook {
    public let package: OPCPackage
    /// The workbook part (`xl/workbook.xml`).
    public let workbookPart: String
    /// Every sheet in workbook order, of every kind and state.
    public let sheets: [SheetInfo]
    /// Whether dates count from 1904 (`workbookPr date1904`).
    public let date1904: Bool
    public let definedNames: [DefinedName]

    private let sharedStringsPart: String?
    private let stylesPart: String?
    private var cachedSharedStrings: SharedStrings?
    private var cachedStyles: CellStyles?

    /// The file as the user named it.
    public var displayName: String { package.displayName }

    /// The limits every read of this workbook obeys.
    public var limits: ResourceLimits { package.archive.limits }

    /// The bytes the package stores (its entries compressed): what output is measured against.
    public var storedSize: UInt64 { package.archive.entries.reduce(0) { $0 &+ $1.compressedSize } }

    /// The sheets that hold cells (worksheets), in workbook order.
    public var worksheets: [SheetInfo] { sheets.filter { $0.kind == .worksheet } }

    /// Opens the workbook at `path`.
    public convenience init(path: String, displayName: String? = nil, limits: ResourceLimits = .standard)
        throws
    {
        try self.init(package: OPCPackage(path: path, displayName: displayName, limits: limits))
    }

    /// Opens a workbook held in memory.
    public convenience init(bytes: [UInt8], displayName: String, limits: ResourceLimits = .standard)
        throws
    {
        try self.init(
            package: OPCPackage(
                archive: ZipArchive(bytes: bytes, displayName: displayName, limits: limits)))
    }

    public init(package: OPCPackage) throws {
        self.package = package
        let part = try Self.findWorkbookPart(package)
        workbookPart = part
        let reader = WorkbookReader()
        try package.parseXML(part, handler: reader)
        date1904 = reader.date1904
        definedNames = reader.definedNames
        let relationships = try package.relationships(of: part)
        var byID: [String: Relationship] = [:]
        for relationship in relationships where !relationship.isExternal {
            byID[relationship.id] = relationship
        }
        var sheets: [SheetInfo] = []
        for (position, declared) in reader.sheets.enumerated() {
            var kind = SheetInfo.Kind.worksheet
            var target: String?
            if let id = declared.relationshipID, let relationship = byID[id] {
                target = relationship.target
                for candidate in [SheetInfo.Kind.chartsheet, .macrosheet, .dialogsheet]
                where relationship.hasType(candidate.rawValue) {
                    kind = candidate
                }
                if relationship.hasType("xlMacrosheet") || relationship.hasType("xlIntlMacrosheet") {
                    kind = .macrosheet
                }
            }
            // Some writers get the target's folder wrong; Excel falls back the same way.
            if let resolved = target, !package.hasPart(resolved) {
                let fromRoot = PartName.resolve(resolved, from: "")
                let inXL = PartName.resolve(resolved, from: PartName.folder(of: part) + "x")
                target = [fromRoot, inXL].compactMap { $0 }.first(where: package.hasPart) ?? resolved
            }
            sheets.append(
                SheetInfo(
                    name: declared.name, state: declared.state, kind: kind, part: target,
                    position: position))
        }
        // A sheet whose target is missing takes the first worksheet part nobody claims
        // (writers that renamed the part but not the relationship).
        let claimed = Set(sheets.compactMap { $0.part.map(ZipArchive.normalizedKey) })
        let inWorksheetFolder = package.archive.entries.map(\.name).filter {
            let key = ZipArchive.normalizedKey($0)
            return key.hasPrefix("xl/worksheets/") && key.hasSuffix(".xml") && !key.dropFirst(14).contains("/")
        }
        var spare: [String] = []
        for part in try package.parts(withContentTypeSuffix: "worksheet+xml") + inWorksheetFolder {
            let key = ZipArchive.normalizedKey(part)
            if !claimed.contains(key), !spare.contains(where: { ZipArchive.normalizedKey($0) == key }) {
                spare.append(part)
            }
        }
        for index in sheets.indices where sheets[index].kind == .worksheet {
            if let part = sheets[index].part, package.hasPart(part) { continue }
            guard !spare.isEmpty else { break }
            let sheet = sheets[index]
            sheets[index] = SheetInfo(
                name: sheet.name, state: sheet.state, kind: sheet.kind, part: spare.removeFirst(),
                position: sheet.position)
        }
        self.sheets = sheets
        let folder = PartName.folder(of: part)
        func related(_ type: String, fallback: String) -> String? {
            if let relationship = relationships.first(where: { !$0.isExternal && $0.hasType(type) }),
                package.hasPart(relationship.target)
            {
                return relationship.target
            }
            return package.hasPart(folder + fallback) ? folder + fallback : nil
        }
        sharedStringsPart = related("sharedStrings", fallback: "sharedStrings.xml")
        stylesPart = related("styles", fallback: "styles.xml")
    }

    /// The shared string table (empty when the workbook has none).
    public func sharedStrings() throws -> SharedStrings {
        if let cachedSharedStrings { return cachedSharedStrings }
        let strings = try sharedStringsPart.map { try SharedStrings.read($0, in: package) } ?? SharedStrings()
        cachedSharedStrings = strings
        return strings
    }

    /// The cell formats' number kinds (empty when the workbook has no styles).
    public func styles() throws -> CellStyles {
        if let cachedStyles { return cachedStyles }
        let styles = try stylesPart.map { try CellStyles.read($0, in: package) } ?? CellStyles()
        cachedStyles = styles
        return styles
    }

    /// The sheet named `name`: exactly, else ignoring case.
    public func sheet(named name: String) -> SheetInfo? {
        sheets.first { $0.name == name }
            ?? sheets.first { $0.name.compare(name, options: [.caseInsensitive]) == .orderedSame }
    }

    /// Streams the non-empty cells of `sheet` to `body`, in file order (row by row, each
    /// row left to right in every real file), and returns what the sheet says besides its
    /// cells (merged ranges, the declared dimension).
    ///
    /// - Parameters:
    ///   - onDimension: called with the declared `<dimension ref>`, before the first cell,
    ///     when the sheet has one.
    ///   - rowLimit: the cells of 0-based rows from this one on are not handed to `body`;
    ///     the rest of the sheet is still read for its merged ranges.
    @discardableResult
    public func readCells(
        of sheet: SheetInfo, onDimension: ((String) -> Void)? = nil, rowLimit: Int = .max,
        _ body: (Cell) throws -> Void
    ) throws -> SheetExtras {
        try withoutActuallyEscaping(body) { escapable in
            try readCells(
                of: sheet, onDimension: onDimension, rowLimit: rowLimit, into: ClosureCellSink(escapable))
        }
    }

    /// The same as ``readCells(of:onDimension:rowLimit:_:)``, for the dumper's hot path.
    @discardableResult
    func readCells(
        of sheet: SheetInfo, onDimension: ((String) -> Void)?, rowLimit: Int = .max, into sink: CellSink
    ) throws -> SheetExtras {
        guard let part = sheet.part, package.hasPart(part) else {
            throw XLSXError(
                .workbookPartMissing, "Bảng tính khai báo trang này nhưng thiếu phần dữ liệu của nó.",
                file: displayName, part: sheet.part, sheet: sheet.name)
        }
        let reader = WorksheetReader(
            sharedStrings: try sharedStrings(), styles: try styles(), date1904: date1904,
            sheetName: sheet.name, file: displayName, part: part, limits: package.archive.limits,
            rowLimit: rowLimit)
        reader.onDimension = onDimension
        try withExtendedLifetime(sink) {
            reader.sink = sink
            defer { reader.sink = nil }
            try package.parseXML(part, handler: reader)
        }
        return SheetExtras(mergedRanges: reader.mergedRanges, dimension: reader.dimension)
    }

    /// Streams the rows of `sheet` to `body`: its non-empty cells grouped by row, in file
    /// order. Only one row is held in memory at a time.
    @discardableResult
    public func readRows(
        of sheet: SheetInfo, onDimension: ((String) -> Void)? = nil, _ body: (Row) throws -> Void
    ) throws -> SheetExtras {
        var row = Row(index: -1, cells: [])
        let extras = try readCells(of: sheet, onDimension: onDimension) { cell in
            if cell.row != row.index, !row.cells.isEmpty {
                try body(row)
                row.cells.removeAll(keepingCapacity: true)
            }
            row.index = cell.row
            row.cells.append(cell)
        }
        if !row.cells.isEmpty { try body(row) }
        return extras
    }

    /// All non-empty cells of `sheet`, in memory (for small sheets and tests).
    public func cells(of sheet: SheetInfo) throws -> [Cell] {
        var cells: [Cell] = []
        try readCells(of: sheet) { cells.append($0) }
        return cells
    }

    private static func findWorkbookPart(_ package: OPCPackage) throws -> String {
        let relationships = try package.relationships(of: "")
        let main = relationships.first { !$0.isExternal && $0.hasType("officeDocument") }?.target
        let isDocument = main?.lowercased().hasPrefix("word/") ?? false
        if let main, !isDocument, package.hasPart(main) { return main }
        if package.hasPart("xl/workbook.xml") { return "xl/workbook.xml" }
        if isDocument || package.hasPart("word/document.xml") {
            throw XLSXError(
                .documentNotWorkbook,
                "Đây là tài liệu Word (.docx) bị đặt đuôi .xlsx, không phải bảng tính Excel.",
                file: package.displayName, part: main)
        }
        throw XLSXError(
            .notAWorkbook,
            "Tệp là gói ZIP nhưng không chứa bảng tính Excel (thiếu xl/workbook.xml).",
            file: package.displayName, part: main)
    }
}

/// What a worksheet declares besides its cells.
public struct SheetExtras: Sendable {
    /// Merged ranges as written (`A1:K1`), in file order.
    public var mergedRanges: [String]
    /// The `<dimension ref>` the file declares (not trusted for anything).
    public var dimension: String?

    public init(mergedRanges: [String] = [], dimension: String? = nil) {
        self.mergedRanges = mergedRanges
        self.dimension = dimension
    }
}

private final class WorkbookReader: XMLEventHandler {
    struct DeclaredSheet {
        var name: String
        var state: SheetInfo.State
        var relationshipID: String?
    }

    var sheets: [DeclaredSheet] = []
    var date1904 = false
    var definedNames: [DefinedName] = []
    private var pendingName: (name: String, local: Int?, hidden: Bool)?
    private var nameText: [UInt8] = []

    override func startElement(_ name: XMLName, attributes: XMLAttributes) throws {
        if name.is("sheet") {
            let state: SheetInfo.State =
                switch attributes.string("state") {
                case "hidden": .hidden
                case "veryHidden": .veryHidden
                default: .visible
                }
            sheets.append(
                DeclaredSheet(
                    name: attributes.string("name") ?? "Sheet\(sheets.count + 1)", state: state,
                    relationshipID: attributes.string("id", namespaced: true)
                        ?? attributes.string("id")))
        } else if name.is("workbookPr") {
            // Extensions (x15:workbookPr) repeat the element without the flag.
            if let flag = attributes.value("date1904") { date1904 = flag.boolean }
        } else if name.is("definedName") {
            pendingName = (
                attributes.string("name") ?? "", attributes.value("localSheetId")?.unsignedInteger,
                attributes.value("hidden")?.boolean ?? false
            )
            nameText.removeAll(keepingCapacity: true)
        }
    }

    override func endElement(_ name: XMLName) throws {
        if name.is("definedName"), let pending = pendingName {
            definedNames.append(
                DefinedName(
                    name: pending.name, formula: String(decoding: nameText, as: UTF8.self),
                    localSheet: pending.local, isHidden: pending.hidden))
            pendingName = nil
        }
    }

    override func characters(_ text: UnsafeBufferPointer<UInt8>) throws {
        if pendingName != nil { nameText.append(contentsOf: text) }
    }
}
