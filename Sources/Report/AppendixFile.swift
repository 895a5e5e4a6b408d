import Forms
import Foundation
import OPC
import XLSX

/// Opens an appendix in whatever form the office sent it, its bytes deciding, never its
/// name: XLSX as it is; the HTML table that one-stop-shop software exports (and names
/// `.xls`); CSV or tab-separated "Unicode text"; and `.xls` (Excel 97–2003) and `.ods`,
/// which LibreOffice converts to XLSX first.
public enum AppendixFile {
    /// The forms an appendix comes in.
    public enum Form: String, Sendable, CaseIterable {
        case xlsx
        /// Excel 97–2003 (BIFF in an OLE compound file).
        case xls
        /// OpenDocument spreadsheet.
        case ods
        case html
        /// CSV or tab-separated text.
        case text
    }

    /// The extensions `batch` looks for in a folder. Named files are read whatever their
    /// name; `.txt` and `.xml` are left out of folders, where they are rarely appendices.
    public static let folderExtensions: Set<String> = ["xlsx", "xlsm", "xls", "ods", "html", "htm", "csv", "tsv"]

    /// How many bytes the form is told from.
    static let headSize = 64 << 10

    /// The form of a file whose first bytes are `head`.
    public static func form(ofHead head: [UInt8]) -> Form {
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            // An ODF package stores its `mimetype` first, uncompressed, right after the
            // 30-byte local header.
            let mimetype = Array("mimetypeapplication/vnd.oasis.opendocument.spreadsheet".utf8)
            if head.count >= 30 + mimetype.count, Array(head[30..<(30 + mimetype.count)]) == mimetype { return .ods }
            return .xlsx
        }
        if head.starts(with: FileSniffer.oleMagic) { return .xls }
        // ASCII letters as lower case, NUL bytes dropped: UTF-16 markup reads like UTF-8.
        var text = ""
        text.reserveCapacity(min(head.count, 4096))
        for byte in head.prefix(headSize) where byte != 0 {
            text.unicodeScalars.append(
                Unicode.Scalar(byte < 0x80 ? (byte >= 65 && byte <= 90 ? byte + 32 : byte) : 0x20))
        }
        let start = text.drop { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\u{FEFF}" }
        guard start.first == "<" else { return .text }
        if text.contains("<table") || text.contains("<html") || text.contains("<!doctype html") { return .html }
        return .text
    }

    /// The appendix `source` as tables, read within `limits`.
    ///
    /// - Parameter soffice: the LibreOffice that converts `.xls` and `.ods`
    ///   (default: ``LibreOffice/find(environment:)``).
    /// - Throws: the reading layer's error, or ``ReportError`` when a conversion is needed and
    ///   LibreOffice is missing, fails or runs out of time.
    public static func open(
        _ source: ConversionRequest.Source, displayName: String, limits: ResourceLimits,
        soffice: String? = LibreOffice.find()
    ) throws -> any SheetSource {
        // Missing files, folders and empty files get the package layer's own errors; the
        // kind found tells a legacy workbook from an encrypted one.
        let kind: FileSniffer.Kind
        let head: [UInt8]
        switch source {
        case .path(let path):
            kind = try FileSniffer.sniff(path: path, displayName: displayName)
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw OPCError(.fileUnreadable, "Không mở được tệp.", file: displayName)
            }
            defer { try? handle.close() }
            head = [UInt8](handle.readData(ofLength: headSize))
        case .bytes(let bytes):
            kind = try FileSniffer.sniff(bytes: bytes, displayName: displayName)
            head = Array(bytes.prefix(headSize))
        }
        switch form(ofHead: head) {
        case .xlsx:
            switch source {
            case .path(let path): return try Workbook(path: path, displayName: displayName, limits: limits)
            case .bytes(let bytes): return try Workbook(bytes: bytes, displayName: displayName, limits: limits)
            }
        case .html:
            switch source {
            case .path(let path): return try HTMLTables(path: path, displayName: displayName, limits: limits)
            case .bytes(let bytes): return try HTMLTables(bytes: bytes, displayName: displayName, limits: limits)
            }
        case .text:
            let text: DelimitedText
            switch source {
            case .path(let path): text = try DelimitedText(path: path, displayName: displayName, limits: limits)
            case .bytes(let bytes): text = try DelimitedText(bytes: bytes, displayName: displayName, limits: limits)
            }
            // Text without columns is no table in any form: refused as unreadable, as before.
            guard text.columnCount > 1 else {
                throw OPCError(
                    .notAZip,
                    "Tệp không phải bảng tính (.xlsx, .xls, .ods), trang HTML có bảng hay tệp CSV có các cột; hãy chọn đúng tệp phụ lục.",
                    file: displayName)
            }
            return text
        case .xls:
            // Encrypted workbooks and other compound files stay refused: LibreOffice would ask
            // for a password or read something that is no workbook.
            if case .ole(let ole) = kind, ole != .legacyWorkbook {
                throw FileSniffer.oleError(ole, displayName: displayName)
            }
            return try converted(source, form: .xls, displayName: displayName, limits: limits, soffice: soffice)
        case .ods:
            return try converted(source, form: .ods, displayName: displayName, limits: limits, soffice: soffice)
        }
    }

    /// `source` converted to XLSX by LibreOffice, within what is left of the time limit, and
    /// read in memory under its own name: sheets and cells keep the original's places.
    private static func converted(
        _ source: ConversionRequest.Source, form: Form, displayName: String, limits: ResourceLimits, soffice: String?
    ) throws -> Workbook {
        let formName =
            switch form {
            case .xls: "Excel 97–2003 (.xls)"
            default: "OpenDocument (.ods)"
            }
        guard let soffice else {
            throw ReportError(
                .libreOfficeNeeded,
                "Tệp là bảng tính \(formName); cần LibreOffice để đọc nhưng máy chưa cài. Cài bằng lệnh: sudo apt-get install libreoffice-calc-nogui — hoặc mở tệp bằng Excel hoặc LibreOffice rồi lưu lại dạng .xlsx.",
                file: displayName)
        }
        // What is left of the conversion's time limit.
        let timeout = max(limits.deadline.map { -secondsSince($0) } ?? ConversionPolicy.standardTimeLimit, 0.01)
        // LibreOffice reads a file: the upload is written to a folder only this user can read.
        let folder = try TemporaryFolders.make("in")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input: URL
        switch source {
        case .path(let path):
            input = folder.appendingPathComponent("phu-luc.\(form.rawValue)")
            try FileManager.default.createSymbolicLink(
                at: input, withDestinationURL: URL(fileURLWithPath: path).standardizedFileURL)
        case .bytes(let bytes):
            input = folder.appendingPathComponent("phu-luc.\(form.rawValue)")
            guard
                FileManager.default.createFile(
                    atPath: input.path, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
            else {
                throw ReportError(.fileFailed, "Không ghi được tệp tạm để chuyển đổi.", file: displayName)
            }
        }
        do {
            return try LibreOffice.convert(
                input, filter: "Calc MS Excel 2007 XML", extension: "xlsx", timeout: timeout, soffice: soffice
            ) { produced in
                let bytes = try [UInt8](Data(contentsOf: produced))
                return try Workbook(bytes: bytes, displayName: displayName, limits: limits)
            }
        } catch LibreOffice.Failure.timedOut {
            throw ReportError(
                .timeLimit,
                "LibreOffice không chuyển xong bảng tính \(formName) trong \(ConversionPolicy.secondsText(timeout)) giây nên đã dừng; hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại dạng .xlsx.",
                file: displayName)
        } catch LibreOffice.Failure.failed {
            throw ReportError(
                .conversionFailed,
                "LibreOffice không đọc được bảng tính \(formName) này (tệp hỏng hoặc không phải bảng tính); hãy mở tệp bằng Excel rồi lưu lại dạng .xlsx.",
                file: displayName)
        }
    }
}
