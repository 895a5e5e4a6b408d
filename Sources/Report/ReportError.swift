import Foundation
import GRDB
import OPC

/// An error of the report layer (the conversion, the history store, the files it writes,
/// the PDF export), with a stable code, the place, a Vietnamese message and the error
/// underneath, when there is one.
public struct ReportError: LocatedError {
    public enum Code: String, Sendable {
        case outputIsInput = "output.is_input"
        case libreOfficeMissing = "pdf.libreoffice_missing"
        case pdfFailed = "pdf.failed"
        case pdfTimeLimit = "pdf.time_limit"
        /// A `.xls` or `.ods` appendix, and no LibreOffice to convert it.
        case libreOfficeNeeded = "form.libreoffice_missing"
        /// LibreOffice could not convert such an appendix.
        case conversionFailed = "form.conversion_failed"
        /// The history could not be opened (a folder that cannot be made, not a database).
        case storeUnavailable = "store.unavailable"
        /// The history could not be read or written (locked, full, damaged).
        case storeFailed = "store.failed"
        /// A folder or file the conversion writes is not writable.
        case fileNotWritable = "file.not_writable"
        /// The disk is full.
        case fileNoSpace = "file.no_space"
        /// Another failure of the file system.
        case fileFailed = "file.failed"
        /// The work stopped at the conversion's time limit.
        case timeLimit = "limit.time"
        /// An account name already taken (`user add`).
        case accountExists = "account.exists"
        /// No account of that name (`user remove`).
        case accountMissing = "account.not_found"
        /// An account name or password that the rules refuse.
        case accountInvalid = "account.invalid"
        /// A failure the project does not know; its cause says what it was.
        case unexpected = "internal.unexpected"
    }

    public var code: Code
    public var message: String
    public var file: String?
    /// The underlying error (SQLite's, the file system's), for logs and `--verbose` output.
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, file: String? = nil, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.cause = cause
    }

    /// The file concerned, where known.
    public var location: String { file ?? "" }

    /// The placed message and code, then the cause's own words.
    public var description: String {
        "\(placedMessage) [\(codeName)]" + (cause.map { " (\(Self.describeCause($0)))" } ?? "")
    }

    /// `error` as a located error: the project's own errors as they are, storage and file
    /// system failures with codes of their own, anything else as `internal.unexpected`,
    /// each keeping `error` as its cause.
    public static func located(_ error: any Error, file: String?) -> any LocatedError {
        if let located = error as? any LocatedError { return located }
        if let database = error as? DatabaseError {
            return ReportError(
                .storeFailed, "Không đọc hoặc ghi được tệp lịch sử các tháng (SQLite).", file: file, cause: database)
        }
        let nsError = error as NSError
        let posix: Int32? =
            nsError.domain == NSPOSIXErrorDomain
            ? Int32(nsError.code)
            : (nsError.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap {
                $0.domain == NSPOSIXErrorDomain ? Int32($0.code) : nil
            }
        let place = (nsError.userInfo[NSFilePathErrorKey] as? String) ?? file
        let cause = CauseText(String(describing: error))
        if posix == ENOSPC || nsError.code == CocoaError.fileWriteOutOfSpace.rawValue {
            return ReportError(.fileNoSpace, "Ổ đĩa đã đầy nên không ghi được tệp.", file: place, cause: cause)
        }
        if posix == EACCES || posix == EPERM || posix == EROFS
            || nsError.code == CocoaError.fileWriteNoPermission.rawValue
            || nsError.code == CocoaError.fileWriteVolumeReadOnly.rawValue
        {
            return ReportError(
                .fileNotWritable, "Không có quyền ghi vào thư mục hoặc tệp này; hãy chọn nơi khác.", file: place,
                cause: cause)
        }
        if nsError.domain == NSCocoaErrorDomain || nsError.domain == NSPOSIXErrorDomain {
            return ReportError(.fileFailed, "Không đọc hoặc ghi được tệp.", file: place, cause: cause)
        }
        return ReportError(.unexpected, "Lỗi không lường trước khi xử lý tệp.", file: file, cause: cause)
    }

    private static func describeCause(_ cause: any Error) -> String {
        (cause as? CauseText)?.text ?? String(describing: cause)
    }
}

/// The words of an error that is not `Sendable` (Foundation's), kept as the cause.
struct CauseText: Error, Sendable, CustomStringConvertible {
    let text: String
    init(_ text: String) { self.text = text }
    var description: String { text }
}
