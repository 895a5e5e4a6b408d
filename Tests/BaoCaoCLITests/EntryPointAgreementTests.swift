import Foundation
import TestKit
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One appendix through `convert`, `batch` and `serve` (the built binary, the page over
/// HTTP): the three must agree on the verdict, on every problem (rule, sheet, cell) and on
/// the draft's text, for a clean appendix, one with errors, the same forced, one without a
/// period and one that is not a workbook.
@Suite(.serialized) struct EntryPointAgreementTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        /// The file as the user names it (its name can carry the period).
        var name: String
        var source: String?
        var force = false
        var verdict: String
        /// Exit code of `convert` and `batch`, and the page's HTTP status.
        var exit: Int32
        var http: Int
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(
            label: "clean", name: "phu-luc-1-2025-02.xlsx", source: "phu-luc-1-2025-02.xlsx", verdict: "converted",
            exit: 0, http: 200),
        Case(
            label: "with errors", name: "total.mismatch.xlsx", source: "broken/total.mismatch.xlsx",
            verdict: "invalid", exit: 1, http: 422),
        Case(
            label: "forced", name: "total.mismatch.xlsx", source: "broken/total.mismatch.xlsx", force: true,
            verdict: "converted", exit: 0, http: 200),
        Case(
            label: "without a period", name: "period.missing.xlsx", source: "broken/period.missing.xlsx",
            verdict: "needs_period", exit: 1, http: 422),
        Case(label: "unreadable", name: "hong.xlsx", source: nil, verdict: "unreadable", exit: 2, http: 400),
        // More than five problems, one of them on the province's sheet (a batch summary
        // once kept the first five).
        Case(
            label: "problems on both sheets", name: "phu-luc-1-2025-02.xlsx", source: nil, verdict: "invalid",
            exit: 1, http: 422),
    ]

    /// The month-02 sample with five scores over their maximum on "Phụ lục 1" and one on
    /// "Xếp hạng huyện", written by openpyxl.
    static func writeManyProblems(to path: URL) throws {
        let script = """
            import sys, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            units, province = book["Phụ lục 1"], book["Xếp hạng huyện"]
            for row in range(7, 12):
                units.cell(row=row, column=3).value = 30
            province.cell(row=6, column=3).value = 30
            book.save(sys.argv[2])
            """
        let made = try TestSupport.python(
            script, [TestSupport.repoRoot.appendingPathComponent("Samples/phu-luc-1-2025-02.xlsx").path, path.path])
        #expect(made.status == 0, "\(made.stderr)")
    }

    /// What one entry point made of the appendix.
    struct Seen {
        var verdict: String
        var status: Int
        var problems: [String]
        var failureCode: String?
        var draftText: String?
    }

    static func problems(_ outcome: [String: Any]) -> [String] {
        ((outcome["diagnostics"] as? [[String: Any]]) ?? []).map {
            "\($0["rule"] as? String ?? "?")@\($0["sheet"] as? String ?? "-")!\($0["cell"] as? String ?? "-")"
        }
    }

    static func seen(_ outcome: [String: Any], status: Int, draft: URL?) throws -> Seen {
        Seen(
            verdict: outcome["verdict"] as? String ?? "?", status: status, problems: problems(outcome),
            failureCode: (outcome["failure"] as? [String: Any])?["code"] as? String,
            draftText: try draft.map(DraftText.of))
    }

    static func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test(arguments: cases)
    func theThreeEntryPointsAgree(_ item: Case) async throws {
        let folder = try TestSupport.temporaryFolder("baocao-agree")
        defer { try? FileManager.default.removeItem(at: folder) }
        let appendix = folder.appendingPathComponent("in/\(item.name)")
        try FileManager.default.createDirectory(
            at: appendix.deletingLastPathComponent(), withIntermediateDirectories: true)
        if let source = item.source {
            try FileManager.default.copyItem(
                at: TestSupport.repoRoot.appendingPathComponent("Samples/\(source)"), to: appendix)
        } else if item.label == "problems on both sheets" {
            try Self.writeManyProblems(to: appendix)
        } else {
            try Data("không phải bảng tính".utf8).write(to: appendix)
        }
        let force = item.force ? ["--force"] : []

        // convert
        let convertDraft = folder.appendingPathComponent("convert.docx")
        let converted = try TestSupport.baocao(
            [
                "convert", appendix.path, "-o", convertDraft.path, "--format", "json", "--store",
                folder.appendingPathComponent("convert.sqlite").path,
            ] + force)
        let convertOutcome = try Self.object(converted.stdout)
        let byConvert = try Self.seen(
            convertOutcome, status: Int(converted.status),
            draft: convertOutcome["draft"] is String ? convertDraft : nil)

        // batch
        let batched = try TestSupport.baocao(
            [
                "batch", appendix.deletingLastPathComponent().path, "--out", folder.appendingPathComponent("out").path,
                "--quiet", "--store", folder.appendingPathComponent("batch.sqlite").path,
            ] + force)
        let summary = try Self.object(Data(contentsOf: folder.appendingPathComponent("out/summary.json")))
        let batchOutcome = try #require((summary["files"] as? [[String: Any]])?.first)
        let byBatch = try Self.seen(
            batchOutcome, status: Int(batched.status),
            draft: (batchOutcome["draft"] as? String).map(URL.init(fileURLWithPath:)))

        // serve
        let server = try RunningServer(store: folder.appendingPathComponent("serve.sqlite"))
        defer { server.stop() }
        let (body, status) = try await server.convert(
            Data(contentsOf: appendix),
            query: item.force ? ["filename": item.name, "force": "1"] : ["filename": item.name])
        let pageOutcome = try Self.object(body)
        var pageDraft: URL?
        if let address = pageOutcome["draft"] as? String {
            pageDraft = folder.appendingPathComponent("page.docx")
            try await server.get(address).body.write(to: pageDraft!)
        }
        let byPage = try Self.seen(pageOutcome, status: status, draft: pageDraft)

        for (entry, seen) in [("convert", byConvert), ("batch", byBatch), ("serve", byPage)] {
            #expect(seen.verdict == item.verdict, "\(entry): verdict \(seen.verdict)")
            #expect(seen.problems == byConvert.problems, "\(entry) found other problems: \(seen.problems)")
            #expect(seen.failureCode == byConvert.failureCode, "\(entry): failure \(seen.failureCode ?? "none")")
            #expect(seen.draftText == byConvert.draftText, "\(entry) wrote another draft")
        }
        #expect(byConvert.status == Int(item.exit), "convert exit \(byConvert.status): \(converted.stderr)")
        #expect(byBatch.status == Int(item.exit), "batch exit \(byBatch.status): \(batched.stderr)")
        #expect(byPage.status == item.http, "page status \(byPage.status)")
        #expect((byConvert.draftText != nil) == (item.verdict == "converted"))
        if item.label == "problems on both sheets" {
            #expect(byConvert.problems.count > 5, "\(byConvert.problems)")
            #expect(byConvert.problems.contains { $0.contains("@Xếp hạng huyện!") }, "\(byConvert.problems)")
        }
        if let text = byConvert.draftText, item.force {
            #expect(text.contains("total.mismatch") || text.contains("lỗi"), "a forced draft says it has errors")
        }
        // Each entry point speaks of what its user can do there.
        if item.verdict == "needs_period" {
            #expect((convertOutcome["summary"] as? String)?.contains("--period") == true)
            #expect((pageOutcome["summary"] as? String)?.contains("«Kỳ báo cáo»") == true)
            #expect((pageOutcome["summary"] as? String)?.contains("--") == false)
            #expect((batchOutcome["summary"] as? String)?.contains("--period") == false)
        }
        if item.verdict == "invalid" {
            #expect((convertOutcome["summary"] as? String)?.contains("--force") == true)
            #expect((pageOutcome["summary"] as? String)?.contains("--") == false)
        }
        if byConvert.draftText != nil { DocumentChecks.expectValid([convertDraft]) }
    }
}

/// The text of a draft's body, without the date it was written (it is the same run).
enum DraftText {
    static func of(_ docx: URL) throws -> String {
        let xml = try TestProcess.run(URL(fileURLWithPath: "/usr/bin/unzip"), ["-p", docx.path, "word/document.xml"])
        var text = xml.stdoutText
        text = text.replacingOccurrences(of: "</w:p>", with: "\n")
        text = text.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        return text
    }
}

/// `baocao serve` started on a free loopback port with its own store, stopped by `stop()`.
final class RunningServer {
    let base: URL

    /// - Parameter options: more `serve` options (`--queue 1`, `--upload-timeout 2`).
    init(store: URL, options: [String] = []) throws {
        var lastError = ""
        for _ in 0..<5 {
            let port = Int.random(in: 20000..<60000)
            let process = Process()
            process.executableURL = TestSupport.binary
            process.arguments =
                ["serve", "--host", "127.0.0.1", "--port", String(port), "--store", store.path] + options
            process.standardOutput = FileHandle.nullDevice
            let log = store.deletingLastPathComponent().appendingPathComponent("serve-\(port).log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: log)
            try process.run()
            let base = URL(string: "http://127.0.0.1:\(port)/")!
            for _ in 0..<200 where process.isRunning {
                if let data = try? Data(contentsOf: base.appendingPathComponent("healthz")),
                    String(decoding: data, as: UTF8.self) == "ok"
                {
                    self.base = base
                    self.running = process
                    return
                }
                usleep(50_000)
            }
            process.terminate()
            process.waitUntilExit()
            lastError = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        }
        throw ServerDidNotStart(log: lastError)
    }

    private var running: Process?

    /// The session a browser gets by opening the page: its cookie and the page's CSRF token.
    private var session: (cookie: String, token: String)?

    /// Opens the page once (`GET /`) for a session, as the browser does.
    func pageSession() async throws -> (cookie: String, token: String) {
        if let session { return session }
        let (data, response) = try await Self.urls.data(from: base)
        let header = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Set-Cookie") ?? ""
        let cookie = String(header.prefix { $0 != ";" })
        let page = String(decoding: data, as: UTF8.self)
        let marker = "<meta name=\"csrf-token\" content=\""
        guard cookie.hasPrefix("baocao_session="), let start = page.range(of: marker) else {
            throw ServerDidNotStart(log: "no session from GET /: \(header)")
        }
        let opened = (cookie, String(page[start.upperBound...].prefix { $0 != "\"" }))
        session = opened
        return opened
    }

    /// `POST /api/convert?QUERY` with `body` as the page sends it (cookie, CSRF token, the
    /// page's origin): the answer's bytes and status.
    func convert(_ body: Data, query: [String: String] = [:]) async throws -> (body: Data, status: Int) {
        let (cookie, token) = try await pageSession()
        var components = URLComponents(url: base.appendingPathComponent("api/convert"), resolvingAgainstBaseURL: false)!
        components.queryItems = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        var request = URLRequest(url: components.url!)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue(cookie, forHTTPHeaderField: "Cookie")
        request.setValue(token, forHTTPHeaderField: "X-CSRF-Token")
        request.setValue(String(base.absoluteString.dropLast()), forHTTPHeaderField: "Origin")
        let (data, response) = try await Self.urls.data(for: request)
        return (data, (response as? HTTPURLResponse)?.statusCode ?? 0)
    }

    /// A client that keeps no cookies of its own: the session is the one sent by hand.
    static let urls: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        return URLSession(configuration: configuration)
    }()

    /// `GET` of an address relative to the server (`/healthz`, `/drafts/ID.docx`).
    func get(_ address: String) async throws -> (body: Data, status: Int) {
        var request = URLRequest(url: URL(string: address, relativeTo: base)!)
        if let session { request.setValue(session.cookie, forHTTPHeaderField: "Cookie") }
        let (data, response) = try await Self.urls.data(for: request)
        return (data, (response as? HTTPURLResponse)?.statusCode ?? 0)
    }

    struct ServerDidNotStart: Error {
        var log: String
    }

    func stop() {
        guard let running, running.isRunning else { return }
        running.interrupt()
        running.waitUntilExit()
    }
}
