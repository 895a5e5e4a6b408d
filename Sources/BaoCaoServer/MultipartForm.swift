import Foundation
import MultipartKit

/// The fields of a `multipart/form-data` upload, read with MultipartKit: the `file` field's
/// bytes and name, and the text fields beside it.
struct MultipartForm {
    var file: (bytes: [UInt8], filename: String?)?
    var fields: [String: String] = [:]

    /// Text fields longer than this are not fields a page sends.
    static let longestField = 256

    /// Reads a form as its body arrives: ``feed(_:)`` each chunk, then ``finish()``. Only
    /// the parts' contents are kept (the file's bytes once), never the whole body.
    final class Reader {
        private let parser: MultipartParser
        private var form = MultipartForm()
        private var headers: [String: String] = [:]
        private var body: [UInt8] = []
        private var failed = false

        /// A reader for `contentType`'s boundary, or `nil` when it names none.
        init?(contentType: String) {
            guard
                let boundary = contentType.components(separatedBy: "boundary=").last?
                    .trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
                    .components(separatedBy: ";").first, !boundary.isEmpty
            else { return nil }
            parser = MultipartParser(boundary: boundary)
            parser.onHeader = { [unowned self] field, value in headers[field.lowercased()] = value }
            parser.onBody = { [unowned self] chunk in body += chunk.readableBytesView }
            parser.onPartComplete = { [unowned self] in
                complete()
                headers = [:]
                body = []
            }
        }

        func feed(_ chunk: ByteBuffer) {
            guard !failed else { return }
            do { try parser.execute(chunk) } catch { failed = true }
        }

        /// The form, or `nil` when the body was not a well-formed form.
        func finish() -> MultipartForm? { failed ? nil : form }

        private func complete() {
            guard let disposition = headers["content-disposition"],
                let name = MultipartForm.parameter("name", of: disposition)
            else { return }
            if name == "file" {
                if form.file == nil { form.file = (body, MultipartForm.parameter("filename", of: disposition)) }
            } else if body.count <= MultipartForm.longestField {
                form.fields[name] = String(decoding: body, as: UTF8.self)
            }
        }
    }

    /// `name="value"` of a Content-Disposition header.
    static func parameter(_ key: String, of disposition: String) -> String? {
        for piece in disposition.components(separatedBy: ";") {
            let pair = piece.trimmingCharacters(in: .whitespaces)
            guard pair.hasPrefix(key + "=") else { continue }
            return String(pair.dropFirst(key.count + 1)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }
}
