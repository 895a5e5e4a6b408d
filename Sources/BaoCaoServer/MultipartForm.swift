import Foundation
import MultipartKit

/// The fields of a `multipart/form-data` upload, read with MultipartKit: the `file` field's
/// bytes and name, and the text fields beside it.
struct MultipartForm {
    var file: (bytes: [UInt8], filename: String?)?
    var fields: [String: String] = [:]

    /// Text fields longer than this are not fields a page sends.
    static let longestField = 256

    init?(bytes: [UInt8], contentType: String) {
        guard
            let boundary = contentType.components(separatedBy: "boundary=").last?
                .trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
                .components(separatedBy: ";").first, !boundary.isEmpty
        else { return nil }
        let parser = MultipartParser(boundary: boundary)
        var parts: [(headers: [String: String], body: [UInt8])] = []
        var headers: [String: String] = [:]
        var body: [UInt8] = []
        parser.onHeader = { field, value in headers[field.lowercased()] = value }
        parser.onBody = { chunk in body += chunk.readableBytesView }
        parser.onPartComplete = {
            parts.append((headers, body))
            headers = [:]
            body = []
        }
        do {
            try parser.execute(bytes)
        } catch {
            return nil
        }
        for part in parts {
            guard let disposition = part.headers["content-disposition"],
                let name = Self.parameter("name", of: disposition)
            else { continue }
            if name == "file" {
                if file == nil { file = (part.body, Self.parameter("filename", of: disposition)) }
            } else if part.body.count <= Self.longestField {
                fields[name] = String(decoding: part.body, as: UTF8.self)
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
