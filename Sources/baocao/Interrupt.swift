import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Turns SIGINT into a flag the batch polls.
final class Interrupt: @unchecked Sendable {
    private let lock = NSLock()
    private var set = false
    private var source: DispatchSourceSignal?

    var isSet: Bool { lock.withLock { set } }

    static func install() -> Interrupt {
        let interrupt = Interrupt()
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [interrupt] in
            interrupt.lock.withLock { interrupt.set = true }
            FileHandleOutput.standardError("\nĐang dừng: chờ các tệp đang xử lý xong…")
        }
        source.resume()
        interrupt.source = source
        return interrupt
    }
}
