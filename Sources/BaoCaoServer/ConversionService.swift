import Foundation
import Hummingbird
import Report
import Scorecard

/// The page's side of a conversion: takes an upload off the request, within the queue's
/// bounds, hands it to the one conversion core, keeps the draft for download and answers
/// the outcome as JSON (the same encoding as `convert --format json`, with download
/// addresses for the draft and PDF).
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

    /// Converts the upload of `request` for `account` (recorded with the month). Unless the
    /// upload says `replace`, a sound month the history already holds is not replaced: the
    /// answer is 409 `month.recorded`, saying when and by whom it was recorded.
    func convert(_ request: Request, by account: String? = nil) async throws -> Response {
        // The body first, within the read time limit: a slow upload holds its connection,
        // never a place in the queue.
        let upload: Upload
        do {
            upload = try await Upload.read(
                request, upTo: configuration.maxUploadBytes, within: configuration.uploadTimeout)
        } catch let refusal as Upload.Refusal {
            return Response.failure(refusal.code, refusal.message, status: refusal.status)
        }
        guard await queue.admit() else {
            var response = Response.failure(
                "server.busy", "Máy chủ đang bận xử lý nhiều tệp; vui lòng thử lại sau ít giây.",
                status: .serviceUnavailable)
            response.headers[.retryAfter] = "5"
            return response
        }

        await queue.start()
        let draft = await shelf.reserve()
        let conversion = ConversionRequest(
            source: .bytes(upload.bytes), displayName: upload.name, output: draft.docx, period: upload.period,
            force: upload.force, pdf: configuration.pdf, timeLimit: configuration.conversionTimeout, surface: .page,
            recordedBy: account)
        let work = Task.detached { [converter, replace = upload.replace] in
            await Self.convertKeepingHistory(conversion, converter: converter, replace: replace)
        }
        let outcome: ConversionOutcome
        do {
            // Reading and the PDF stop themselves at the time limit; this bounds what
            // cannot be interrupted (rendering), with a second's grace for the answer.
            switch try await withTimeout(configuration.conversionTimeout + 1, { await work.value }) {
            case .done(let done): outcome = done
            case .alreadyRecorded(let month):
                await shelf.discard(draft.id)
                await queue.finish()
                return Self.alreadyRecorded(month)
            }
        } catch {
            // The client is answered now; the worker stays taken until the work ends, whose
            // files are then removed.
            Task { [queue, shelf] in
                _ = await work.value
                await shelf.discard(draft.id)
                await queue.finish()
            }
            let limit = ConversionPolicy.timeLimitError(configuration.conversionTimeout, file: upload.name)
            return Response.failure(limit.codeName, limit.placedMessage, status: .badRequest)
        }
        if outcome.draft == nil { await shelf.discard(draft.id) }
        await queue.finish()
        var answer = outcome
        answer.draft = outcome.draft.map { _ in "/drafts/\(draft.id).docx" }
        answer.pdf = outcome.pdf.map { _ in "/drafts/\(draft.id).pdf" }
        return Response.json(answer, status: Self.status(of: outcome))
    }

    /// 200 written; 422 read but not converted (errors, no period); 400 unreadable; 500 not
    /// written for a reason of the server's own (its disk, its history).
    static func status(of outcome: ConversionOutcome) -> HTTPResponse.Status {
        switch outcome.verdict {
        case .converted, .valid, .unchanged: .ok
        case .invalid, .needsPeriod: .unprocessableContent
        case .unreadable: .badRequest
        case .failed, .cancelled: .internalServerError
        }
    }
}

/// What a conversion request carries: the file, its name, the period field and the
/// "force" box, from a raw body with query parameters or a `multipart/form-data` form.
struct Upload {
    struct Refusal: Error, Sendable {
        var code: String
        var message: String
        var status: HTTPResponse.Status
    }

    var bytes: [UInt8]
    var name: String
    var period: Period?
    var force: Bool
    /// The clerk confirmed replacing a month the history holds.
    var replace = false

    /// Reads the upload as its body arrives, keeping one copy of the file: a raw body's
    /// bytes, or a form's file part (the rest of the form is dropped as it is parsed).
    ///
    /// - Parameters:
    ///   - limit: bytes the body may have (413 past them, as soon as they are passed).
    ///   - seconds: how long the whole body may take to arrive (408 past them).
    static func read(_ request: Request, upTo limit: Int, within seconds: TimeInterval) async throws -> Upload {
        let tooLarge = Refusal(
            code: "upload.too_large", message: "Tệp tải lên quá lớn (giới hạn \(limit >> 20) MB).",
            status: .contentTooLarge)
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit { throw tooLarge }
        let contentType = request.headers[.contentType] ?? ""
        let form = contentType.lowercased().hasPrefix("multipart/form-data")
        let arrived: Result<(bytes: [UInt8], form: MultipartForm?), Refusal>
        do {
            arrived = try await withTimeout(seconds) {
                let reader = form ? MultipartForm.Reader(contentType: contentType) : nil
                var bytes: [UInt8] = []
                var total = 0
                for try await chunk in request.body {
                    total += chunk.readableBytes
                    guard total <= limit else { return .failure(tooLarge) }
                    if form {
                        reader?.feed(chunk)
                    } else {
                        bytes += chunk.readableBytesView
                    }
                }
                return .success((bytes, reader?.finish()))
            }
        } catch is TimeoutError {
            throw Refusal(
                code: "upload.timeout",
                message:
                    "Tệp tải lên không đến kịp trong \(ConversionPolicy.secondsText(seconds)) giây; vui lòng thử lại.",
                status: .requestTimeout)
        }
        let body = try arrived.get()
        var fields: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { fields[String(key)] = String(value) }
        var upload = Upload(bytes: body.bytes, name: fields["filename"] ?? "phu-luc.xlsx", force: false)
        if form {
            guard let parsed = body.form, let file = parsed.file else {
                throw Refusal(
                    code: "upload.no_file", message: "Không tìm thấy tệp trong biểu mẫu tải lên (cần trường «file»).",
                    status: .badRequest)
            }
            upload.bytes = file.bytes
            if let filename = file.filename, !filename.isEmpty { upload.name = filename }
            fields.merge(parsed.fields) { _, form in form }
        }
        upload.name = (upload.name as NSString).lastPathComponent
        upload.force = ["1", "true", "yes", "on"].contains(fields["force"]?.lowercased() ?? "")
        upload.replace = ["1", "true", "yes", "on"].contains(fields["replace"]?.lowercased() ?? "")
        if let text = fields["period"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            guard let period = Period(text) else {
                throw Refusal(
                    code: "period.invalid", message: "Kỳ báo cáo «\(text)» không đúng dạng năm-tháng, ví dụ 2025-02.",
                    status: .badRequest)
            }
            upload.period = period
        }
        return upload
    }
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
