import BaoCaoServer
import DOCX
import Foundation
import Hummingbird
import HummingbirdTesting
import Report
import TestKit
import Testing

/// The web application driven in process: every status the page and the API give.
@Suite struct RouterTests {
    static let samples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Samples")

    static func sample(_ name: String) throws -> ByteBuffer {
        ByteBuffer(bytes: try Data(contentsOf: samples.appendingPathComponent(name)))
    }

    static func application(
        host: String = "127.0.0.1", queue: Int = 64, maxUpload: Int = 20 << 20, timeout: TimeInterval = 60,
        allowedHosts: [String] = [],
        accounts: [String: String] = [:], clock: TestClock = TestClock(), folder: URL
    ) throws -> some ApplicationProtocol {
        let store = try HistoryStore(path: folder.appendingPathComponent("history.sqlite").path)
        // The lowest bcrypt cost: the tests check the flow, not the hash's strength.
        for (name, password) in accounts { try store.addAccount(name: name, password: password, cost: 4) }
        let converter = Converter(
            profile: try OfficeProfile.builtIn(), template: try DOCXTemplate.builtIn(), store: store)
        return try buildApplication(
            configuration: ServerConfiguration(
                host: host, maxUploadBytes: maxUpload, queueLimit: queue, conversionTimeout: timeout,
                draftsFolder: folder.appendingPathComponent("drafts").path, allowedHosts: allowedHosts,
                clock: { clock.now }),
            converter: converter)
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]
    }

    static func folder() throws -> URL { try TestFiles.temporaryFolder("serve") }

    @Test func servesThePageItsIconAndHealth() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Self.application(folder: folder).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                let page = String(buffer: response.body)
                #expect(page.contains("<html lang=\"vi\">"))
                #expect(page.contains("accept=\".xlsx,.xlsm,.xls,.ods,.csv,.tsv,.txt,.html,.htm,.xml\""))
                // Everything is served by the binary: no script, style or image from elsewhere.
                for reference in ["src=\"http", "href=\"http", "url(http", "@import"] {
                    #expect(!page.contains(reference), "external resource: \(reference)")
                }
                // No inline script or style: the Content-Security-Policy would block them.
                #expect(page.components(separatedBy: "<script").count == 2)
                #expect(page.contains("<script src=\"/app.js\"></script>"))
                #expect(!page.contains("<style"))
                #expect(page.contains("<meta name=\"csrf-token\" content=\""))
            }
            try await client.execute(uri: "/app.js", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/javascript") == true)
                #expect(String(buffer: response.body).contains("X-CSRF-Token"))
            }
            try await client.execute(uri: "/app.css", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/favicon.svg", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "ok")
            }
        }
    }

    @Test func convertsAnAppendixAndServesTheDraft() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Self.application(folder: folder).test(.router) { client in
            let page = try await PageSession.open(client)
            let body = try await client.execute(
                uri: "/api/convert?filename=phu-luc-1-2025-02.xlsx", method: .post, headers: page.headers,
                body: try Self.sample("phu-luc-1-2025-02.xlsx")
            ) { response in
                #expect(response.status == .ok)
                return try Self.json(response)
            }
            let district = body["district"] as? [String: Any]
            #expect(district?["total"] as? Double == 87.18)
            #expect(district?["rank"] as? Int == 2)
            #expect((body["rows"] as? [Any])?.count == 19)
            #expect((body["period"] as? [String: Any])?["month"] as? Int == 2)
            #expect(body["verdict"] as? String == "converted")
            let docx = try #require(body["draft"] as? String)
            #expect(docx.hasPrefix("/drafts/"), "the page gets an address, not a path on the server")
            #expect(body["pdf"] == nil)
            try await client.execute(uri: docx, method: .get, headers: page.headers) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(response.headers[.contentDisposition]?.contains("attachment") == true)
                #expect(Array(Data(buffer: response.body).prefix(2)) == [0x50, 0x4B])
                DocumentChecks.expectValid(bytes: Array(buffer: response.body), name: docx)
            }
            try await client.execute(uri: "/drafts/khong-co.docx", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test func multipartUploadsUseTheirFileName() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let boundary = "----baocao\(UUID().uuidString)"
        var body = ByteBuffer()
        body.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"phu-luc-1-2025-02.xlsx\"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"
        )
        var sample = try Self.sample("phu-luc-1-2025-02.xlsx")
        body.writeBuffer(&sample)
        body.writeString("\r\n--\(boundary)--\r\n")
        let upload = body
        try await Self.application(folder: folder).test(.router) { client in
            let page = try await PageSession.open(client)
            var headers = page.headers
            headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
            try await client.execute(
                uri: "/api/convert", method: .post, headers: headers,
                body: upload
            ) { response in
                #expect(response.status == .ok)
                let json = try Self.json(response)
                #expect(json["file"] as? String == "phu-luc-1-2025-02.xlsx")
            }
        }
    }

    @Test func validationErrorsGive422UnlessForced() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Self.application(folder: folder).test(.router) { client in
            let page = try await PageSession.open(client)
            try await client.execute(
                uri: "/api/convert?filename=bang-2025-02.xlsx", method: .post, headers: page.headers,
                body: try Self.sample("broken/total.mismatch.xlsx")
            ) { response in
                #expect(response.status == .unprocessableContent)
                let body = try Self.json(response)
                #expect(body["draft"] == nil)
                #expect(body["verdict"] as? String == "invalid")
                #expect((body["summary"] as? String)?.contains("«Vẫn lập dự thảo") == true, "the page's words")
                let first = (body["diagnostics"] as? [[String: Any]])?.first
                #expect(first?["rule"] as? String == "total.mismatch")
                #expect(first?["cell"] as? String == "I8")
            }
            try await client.execute(
                uri: "/api/convert?filename=bang-2025-02.xlsx&force=1", method: .post, headers: page.headers,
                body: try Self.sample("broken/total.mismatch.xlsx")
            ) { response in
                #expect(response.status == .ok)
                let json = try Self.json(response)
                #expect(json["draft"] is String)
                #expect(json["forced"] as? Bool == true)
            }
        }
    }

    @Test(arguments: [
        ("not a workbook", Array("không phải bảng tính".utf8)), ("empty", [UInt8]()),
        ("an old .xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 600)),
    ])
    func hostileUploadsGive400(_ name: String, _ bytes: [UInt8]) async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Self.application(folder: folder).test(.router) { client in
            let page = try await PageSession.open(client)
            try await client.execute(
                uri: "/api/convert", method: .post, headers: page.headers, body: ByteBuffer(bytes: bytes)
            ) { response in
                #expect(response.status == .badRequest, "\(name)")
                let json = try Self.json(response)
                #expect(json["verdict"] as? String == "unreadable")
                let failure = try #require(json["failure"] as? [String: Any])
                #expect((failure["code"] as? String)?.isEmpty == false)
                #expect((failure["message"] as? String)?.isEmpty == false)
            }
        }
        // Nothing is left behind: no upload, no draft.
        let left =
            (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("drafts").path)) ?? []
        #expect(left.isEmpty, "\(left)")
    }

    @Test func tooLargeUploadsGive413() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Self.application(maxUpload: 1024, folder: folder).test(.router) { client in
            let page = try await PageSession.open(client)
            try await client.execute(
                uri: "/api/convert", method: .post, headers: page.headers,
                body: try Self.sample("phu-luc-1-2025-02.xlsx")
            ) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
    }

    @Test func aFullQueueGives503WithRetryAfter() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Self.application(queue: 0, folder: folder).test(.router) { client in
            let page = try await PageSession.open(client)
            try await client.execute(
                uri: "/api/convert", method: .post, headers: page.headers,
                body: try Self.sample("phu-luc-1-2025-02.xlsx")
            ) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] != nil)
            }
        }
    }

    /// A workbook whose shared strings take far longer to read than the time limit.
    static func slowWorkbook() throws -> ByteBuffer {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("cham.xlsx").path
        let script = """
            import sys, zipfile
            items = "".join("<si><t>ô %d</t></si>" % i for i in range(1200000))
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
                z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
                z.writestr("xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="r1"/></sheets></workbook>')
                z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="r2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
                z.writestr("xl/sharedStrings.xml", '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + items + '</sst>')
                z.writestr("xl/worksheets/sheet1.xml", '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>')
            """
        _ = try TestProcess.run(TestFiles.python, ["-c", script, path])
        return ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func aConversionOverItsTimeLimitGives400() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let slow = try Self.slowWorkbook()
        try await Self.application(timeout: 0.03, folder: folder).test(.router) { client in
            let page = try await PageSession.open(client)
            try await client.execute(uri: "/api/convert", method: .post, headers: page.headers, body: slow) {
                response in
                #expect(response.status == .badRequest)
                let json = try Self.json(response)
                #expect((json["failure"] as? [String: Any])?["code"] as? String == "limit.time")
                #expect((json["summary"] as? String)?.contains("quá lâu") == true)
            }
        }
    }
}
