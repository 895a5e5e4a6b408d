import Hummingbird
import NIOCore

/// What the page's handlers know of a request beyond the request itself: the client's
/// address (login throttling) and the session the guard found or began.
struct PageRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The client's IP address, `"unknown"` when the channel has none (in-process tests).
    let address: String
    /// Set by ``RequestGuardMiddleware`` before any handler runs.
    var session: Session?
    /// Whether accounts exist and the session has none: only the login page is served.
    var loginRequired = false

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        address = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}
