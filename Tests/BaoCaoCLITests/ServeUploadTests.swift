import Foundation
import TestKit
import Testing

/// The page's uploads against the real server: a client that sends its body slowly holds
/// its connection, never a place in the queue, and is answered 408 at the read limit.
@Suite struct ServeUploadTests {
    /// A client that opens the page for its session, sends the headers of a 100 kB upload
    /// and ten bytes of it, prints `sent`, then waits and prints the answer's status line.
    static let slowClient = #"""
        import socket, sys, time
        host, port = "127.0.0.1", int(sys.argv[1])
        page = socket.create_connection((host, port))
        page.sendall(f"GET / HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := page.recv(65536):
            answer += chunk
        text = answer.decode("utf-8", "replace")
        start = text.lower().index("\r\nset-cookie: ") + len("\r\nset-cookie: ")
        cookie = text[start:].split(";", 1)[0]
        token = text.split('<meta name="csrf-token" content="', 1)[1].split('"', 1)[0]
        upload = socket.create_connection((host, port))
        upload.sendall((f"POST /api/convert?filename=phu-luc-1-2025-02.xlsx HTTP/1.1\r\nHost: {host}:{port}\r\n"
                        f"Origin: http://{host}:{port}\r\nCookie: {cookie}\r\nX-CSRF-Token: {token}\r\n"
                        "Content-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n").encode() + b"PK" * 5)
        print("sent", flush=True)
        started = time.monotonic()
        status = upload.recv(65536).split(b"\r\n", 1)[0].decode()
        print(status, round(time.monotonic() - started, 1), flush=True)
        """#

    @Test func aSlowUploadHoldsNoQueuePlaceAndIsAnswered408() async throws {
        let folder = try TestSupport.temporaryFolder("baocao-upload")
        defer { try? FileManager.default.removeItem(at: folder) }
        // One place in the queue, and three seconds for a body to arrive.
        let server = try RunningServer(
            store: folder.appendingPathComponent("h.sqlite"), options: ["--queue", "1", "--upload-timeout", "3"])
        defer { server.stop() }
        let port = try #require(server.base.port)

        let client = Process()
        client.executableURL = TestFiles.python
        client.arguments = ["-c", Self.slowClient, String(port)]
        let output = Pipe()
        client.standardOutput = output
        try client.run()
        let lines = output.fileHandleForReading
        #expect(String(decoding: lines.availableData, as: UTF8.self).hasPrefix("sent"))

        // While that body trickles in, a whole upload takes the one place and is converted.
        let sample = try Data(contentsOf: TestSupport.repoRoot.appendingPathComponent("Samples/phu-luc-1-2025-02.xlsx"))
        let (body, status) = try await server.convert(sample, query: ["filename": "phu-luc-1-2025-02.xlsx"])
        #expect(status == 200, "\(String(decoding: body, as: UTF8.self))")

        client.waitUntilExit()
        let answer = String(decoding: lines.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(answer.hasPrefix("HTTP/1.1 408"), "\(answer)")
        // And the page goes on answering.
        #expect(try await server.get("/healthz").status == 200)
    }
}
