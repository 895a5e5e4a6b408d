import Foundation
import Hummingbird
import Logging
import MultipartKit
import OPC
import Report
import Scorecard
import ServiceLifecycle

/// Builds the web application of `baocao serve`: the drag-in page, the conversion API,
/// the drafts to download and a health check. Tests drive it in process.
public func buildApplication(
    configuration: ServerConfiguration, converter: Converter, logger: Logger = Logger(label: "baocao.serve")
) throws -> some ApplicationProtocol {
    let service = try ConversionService(configuration: configuration, converter: converter)
    let router = Router()
    router.get("/") { _, _ in Response.html(Page.html) }
    router.get("/favicon.svg") { _, _ in Response.data(Page.favicon, type: "image/svg+xml") }
    router.get("/favicon.ico") { _, _ in Response.data(Page.favicon, type: "image/svg+xml") }
    router.get("/healthz") { _, _ in Response.text("ok") }
    router.post("/api/convert") { request, _ in try await service.convert(request) }
    router.get("/drafts/:file") { _, context in
        let name = try context.parameters.require("file")
        let id = (name as NSString).deletingPathExtension
        let kind = (name as NSString).pathExtension
        guard let path = await service.shelf.file(id: id, kind: kind),
            let data = FileManager.default.contents(atPath: path)
        else {
            return Response.json(
                ["error": "Không còn bản dự thảo này (đã hết hạn hoặc chưa từng có)."], status: .notFound)
        }
        let type =
            kind == "pdf"
            ? "application/pdf" : "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        var response = Response.data(data, type: type)
        response.headers[.contentDisposition] = "attachment; filename=\"du-thao-\(id.prefix(8)).\(kind)\""
        return response
    }
    var app = Application(
        router: router, configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
        logger: logger)
    app.addServices(ShelfJanitor(shelf: service.shelf))
    return app
}

/// Deletes expired drafts every minute, and every draft when the server stops.
struct ShelfJanitor: Service {
    let shelf: DraftShelf

    func run() async throws {
        // Stops on the server's graceful shutdown (Ctrl-C, SIGTERM), then leaves nothing behind.
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: .seconds(60))
                await shelf.removeExpired()
            }
        }
        await shelf.removeAll()
    }
}

/// Turns an upload into a checked draft, within the queue's and the time limit's bounds.
final class ConversionService: Sendable {
    let configuration: ServerConfiguration
    let converter: Converter
    let queue: ConversionQueue
    let shelf: DraftShelf

    init(configuration: ServerConfiguration, converter: Converter) throws {
        self.configuration = configuration
        self.converter = converter
        queue = ConversionQueue(limit: configuration.queueLimit, concurrency: configuration.concurrency)
        shelf = try DraftShelf(folder: configuration.draftsFolder, lifetime: configuration.draftLifetime)
    }

    func convert(_ request: Request) async throws -> Response {
        guard await queue.admit() else {
            var response = Response.json(
                ["error": "Máy chủ đang bận xử lý nhiều tệp; vui lòng thử lại sau ít giây."],
                status: .serviceUnavailable)
            response.headers[.retryAfter] = "5"
            return response
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: configuration.maxUploadBytes)
        } catch {
            await queue.leave()
            return Response.json(
                ["error": "Tệp tải lên quá lớn (giới hạn \(configuration.maxUploadBytes >> 20) MB)."],
                status: .contentTooLarge)
        }
        var name = request.uri.queryParameters.get("filename") ?? "phu-luc.xlsx"
        var bytes = [UInt8](buffer: body)
        if let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/form-data") {
            guard let upload = Multipart.file(in: bytes, contentType: type) else {
                await queue.leave()
                return Response.json(
                    ["error": "Không tìm thấy tệp trong biểu mẫu tải lên (cần trường «file»)."], status: .badRequest)
            }
            bytes = upload.bytes
            if let filename = upload.filename, !filename.isEmpty { name = filename }
        }
        name = (name as NSString).lastPathComponent
        let force = ["1", "true", "yes"].contains(request.uri.queryParameters.get("force")?.lowercased() ?? "")

        await queue.start()
        let draft = await shelf.reserve()
        let upload = await shelf.path(draft.id, "xlsx")
        guard FileManager.default.createFile(atPath: upload, contents: Data(bytes)) else {
            await queue.finish()
            return Response.json(["error": "Máy chủ không lưu được tệp tải lên."], status: .internalServerError)
        }
        let work = Task.detached { [converter, configuration] in
            try ConversionService.run(
                converter: converter, upload: upload, name: name, draft: draft, force: force, pdf: configuration.pdf,
                timeout: configuration.conversionTimeout)
        }
        let outcome: Outcome
        do {
            outcome = try await withTimeout(configuration.conversionTimeout) { try await work.value }
        } catch is TimeoutError {
            // Reading stops itself at the deadline; what may still run past it (rendering, the
            // PDF) is not interrupted: the client is answered now, and the worker stays taken
            // until the work ends, whose files are then removed.
            Task { [queue, shelf] in
                _ = try? await work.value
                await shelf.discard(draft.id)
                try? FileManager.default.removeItem(atPath: upload)
                await queue.finish()
            }
            return tooSlow()
        } catch let error as OPCError where error.code == .timeLimit {
            await finishRequest(draft: draft.id, upload: upload, keepDraft: false)
            return tooSlow()
        } catch {
            await finishRequest(draft: draft.id, upload: upload, keepDraft: false)
            return Response.json(["error": Self.describe(error)], status: .badRequest)
        }
        await finishRequest(draft: draft.id, upload: upload, keepDraft: outcome.status == .ok)
        return Response.json(outcome.body, status: outcome.status)
    }

    private func tooSlow() -> Response {
        let limit = configuration.conversionTimeout
        let seconds =
            limit >= 1 ? "\(Int(limit))" : String(format: "%.2f", limit).replacingOccurrences(of: ".", with: ",")
        return Response.json(["error": "Xử lý tệp quá lâu (hơn \(seconds) giây) nên đã dừng."], status: .badRequest)
    }

    private func finishRequest(draft: String, upload: String, keepDraft: Bool) async {
        try? FileManager.default.removeItem(atPath: upload)
        if !keepDraft { await shelf.discard(draft) }
        await queue.finish()
    }

    struct Outcome: Sendable {
        var status: HTTPResponse.Status
        var body: [String: any Sendable]
    }

    /// The synchronous part: read, check, record, render.
    static func run(
        converter: Converter, upload: String, name: String, draft: (id: String, docx: String, pdf: String),
        force: Bool, pdf: Bool, timeout: TimeInterval
    ) throws -> Outcome {
        let started = ContinuousClock.now
        let appendix = try converter.read(input: upload, displayName: name, period: nil, within: timeout)
        var body = ValidationReport(file: name, appendix: appendix).object
        body["rows"] = appendix.units.map { unit -> [String: Any] in
            var scores: [String: Double] = [:]
            for group in IndexGroup.allCases { if let score = unit.scores[group] { scores[group.rawValue] = score } }
            return [
                "name": unit.displayName, "scores": scores, "total": unit.total, "band": unit.band, "rank": unit.rank,
            ]
        }
        guard !appendix.hasErrors || force, let period = appendix.period else {
            body["downloads"] = NSNull()
            return Outcome(status: .unprocessableContent, body: body.mapValues(SendableJSON.init))
        }
        try converter.record(appendix, period: period, source: name)
        let warnings = try converter.render(appendix, period: period, to: draft.docx)
        var downloads: [String: Any] = ["docx": "/drafts/\(draft.id).docx", "pdf": NSNull()]
        // LibreOffice gets what is left of the time limit, so a hung export frees its worker;
        let elapsed = ContinuousClock.now - started
        let left = timeout - Double(elapsed.components.seconds) - Double(elapsed.components.attoseconds) / 1e18
        // Half a second is kept back so that the answer still goes out before the time limit.
        if pdf, left > 1, (try? PDFExport.export(draft.docx, timeout: left - 0.5)) != nil {
            downloads["pdf"] = "/drafts/\(draft.id).pdf"
        }
        body["downloads"] = downloads
        body["warnings"] = warnings
        return Outcome(status: .ok, body: body.mapValues(SendableJSON.init))
    }

    static func describe(_ error: any Error) -> String {
        let (code, message) = BatchRunner.describe(error)
        return "\(message) [\(code)]"
    }
}

/// A JSON value handed between tasks (JSONSerialization's `Any` is not `Sendable`).
struct SendableJSON: @unchecked Sendable {
    let value: Any
    init(_ value: Any) { self.value = value }
}

struct TimeoutError: Error {}

/// Runs `work`, giving up after `seconds`.
func withTimeout<Value: Sendable>(_ seconds: TimeInterval, _ work: @escaping @Sendable () async throws -> Value)
    async throws -> Value
{
    try await withThrowingTaskGroup(of: Value.self) { group in
        group.addTask { try await work() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw TimeoutError()
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

extension Response {
    static func html(_ text: String) -> Response {
        data(Data(text.utf8), type: "text/html; charset=utf-8")
    }

    static func text(_ text: String) -> Response {
        data(Data(text.utf8), type: "text/plain; charset=utf-8")
    }

    static func data(_ data: Data, type: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: type],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func json(_ object: [String: any Sendable], status: HTTPResponse.Status) -> Response {
        let plain = object.mapValues { ($0 as? SendableJSON)?.value ?? $0 }
        let data =
            (try? JSONSerialization.data(withJSONObject: plain, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        return Response.data(data, type: "application/json; charset=utf-8", status: status)
    }
}

/// Reads the `file` field of a `multipart/form-data` upload with MultipartKit.
enum Multipart {
    static func file(in bytes: [UInt8], contentType: String) -> (bytes: [UInt8], filename: String?)? {
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
            guard let disposition = part.headers["content-disposition"], disposition.contains("name=\"file\"") else {
                continue
            }
            let filename = disposition.components(separatedBy: "filename=\"").dropFirst().first?
                .components(separatedBy: "\"").first
            return (part.body, filename)
        }
        return nil
    }
}
