import Foundation
import OPC
import Report

/// What `baocao serve` runs with.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Largest upload accepted, in bytes (413 above it).
    public var maxUploadBytes: Int
    /// Conversions running or waiting at most; a full queue answers 503.
    public var queueLimit: Int
    /// Conversions running at once.
    public var concurrency: Int
    /// How long a draft stays downloadable, in seconds.
    public var draftLifetime: TimeInterval
    /// Seconds of work a conversion may take (reading, rendering, the PDF), as in
    /// ``ConversionPolicy/standardTimeLimit``; past it the page is told the file took too long.
    public var conversionTimeout: TimeInterval
    /// Whether drafts are also exported to PDF.
    public var pdf: Bool
    /// Where drafts are kept until they expire.
    public var draftsFolder: String
    /// Seconds an upload's body may take to arrive (408 past them).
    public var uploadTimeout: TimeInterval
    /// Seconds a connection may stay silent before it is closed.
    public var idleTimeout: TimeInterval
    /// Names beside `host` that a request's `Host` may give (`--allowed-host`: the name
    /// clerks type, a reverse proxy's).
    public var allowedHosts: [String]
    /// Seconds a session lives without a request.
    public var sessionIdle: TimeInterval
    /// Seconds a session lives at most (the cookie's `Max-Age`).
    public var sessionLifetime: TimeInterval
    /// The time sessions and login throttling count with (tests stop it).
    public var clock: @Sendable () -> Date

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxUploadBytes: Int = 20 << 20, queueLimit: Int = 64,
        concurrency: Int = ProcessInfo.processInfo.activeProcessorCount, draftLifetime: TimeInterval = 3600,
        conversionTimeout: TimeInterval = ConversionPolicy.standardTimeLimit, pdf: Bool = false,
        draftsFolder: String = FileManager.default.temporaryDirectory
            .appendingPathComponent("baocao-drafts-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
            .path,
        uploadTimeout: TimeInterval = 60, idleTimeout: TimeInterval = 30,
        allowedHosts: [String] = [], sessionIdle: TimeInterval = 2 * 3600, sessionLifetime: TimeInterval = 12 * 3600,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.host = host
        self.port = port
        self.maxUploadBytes = maxUploadBytes
        self.queueLimit = queueLimit
        self.concurrency = max(1, concurrency)
        self.draftLifetime = draftLifetime
        self.conversionTimeout = conversionTimeout
        self.pdf = pdf
        self.draftsFolder = draftsFolder
        self.uploadTimeout = uploadTimeout
        self.idleTimeout = idleTimeout
        self.allowedHosts = allowedHosts
        self.sessionIdle = sessionIdle
        self.sessionLifetime = sessionLifetime
        self.clock = clock
    }

    /// Whether `host` is reachable only from this machine (`127.0.0.1`, `::1`, `localhost`):
    /// anywhere else the page needs accounts.
    public static func isLoopback(_ host: String) -> Bool {
        HostAllowList.isLoopback(host)
    }
}
