import Foundation
import Report

#if canImport(Glibc)
    import Glibc
#endif

/// A progress bar on a terminal, plain lines otherwise, nothing with `--quiet`.
final class ProgressDisplay: @unchecked Sendable {
    private let quiet: Bool
    private let terminal: Bool
    private let lock = NSLock()

    init(quiet: Bool) {
        self.quiet = quiet
        terminal = isatty(STDERR_FILENO) == 1
    }

    func show(_ progress: BatchProgress, since start: Date) {
        guard !quiet else { return }
        lock.withLock {
            let elapsed = Date().timeIntervalSince(start)
            let rate = Double(progress.done) / max(elapsed, 0.001)
            let left = rate > 0 ? Double(progress.total - progress.done) / rate : 0
            let name = (progress.current as NSString).lastPathComponent
            if terminal {
                let width = 24
                let filled = progress.total == 0 ? width : width * progress.done / progress.total
                let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
                let line = String(
                    format: "\r%@ %@ %d/%d  %.1f tệp/giây  còn %02d:%02d  %@", progress.phase, bar, progress.done,
                    progress.total, rate, Int(left) / 60, Int(left) % 60, name)
                FileHandleOutput.standardErrorRaw(line + "\u{1B}[K")
            } else {
                FileHandleOutput.standardError("\(progress.phase) \(progress.done)/\(progress.total): \(name)")
            }
        }
    }

    func finish() {
        if terminal && !quiet { FileHandleOutput.standardErrorRaw("\n") }
    }
}
