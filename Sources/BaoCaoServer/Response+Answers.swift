import Foundation
import Hummingbird
import Report

extension Response {
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        data(Data(text.utf8), type: "text/html; charset=utf-8", status: status)
    }

    static func text(_ text: String) -> Response {
        data(Data(text.utf8), type: "text/plain; charset=utf-8")
    }

    static func data(_ data: Data, type: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: type],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status) -> Response {
        let data = (try? ConversionOutcome.encoder(pretty: false).encode(value)) ?? Data("{}".utf8)
        return Response.data(data, type: "application/json; charset=utf-8", status: status)
    }

    /// An answer that is not a conversion's outcome (busy, too large, no such draft), in the
    /// outcome's shape: `summary` and `failure`.
    static func failure(_ code: String, _ message: String, status: HTTPResponse.Status) -> Response {
        struct Answer: Encodable {
            var summary: String
            var failure: ConversionOutcome.Failure
        }
        return json(
            Answer(summary: message, failure: .init(code: code, message: message, place: "")), status: status)
    }
}
