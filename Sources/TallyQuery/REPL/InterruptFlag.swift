#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Ctrl-C while a statement runs: a SIGINT handler sets a flag the executor polls, so the statement
/// stops with "interrupted" and the REPL keeps running (as sqlite's shell does).
enum InterruptFlag {
    private static let raised = Atomic<Bool>(false)

    /// Installs the handler (interactive sessions only).
    static func install() {
        signal(SIGINT) { _ in InterruptFlag.raised.store(true, ordering: .relaxed) }
    }

    /// Puts the default SIGINT behaviour back.
    static func uninstall() {
        signal(SIGINT, SIG_DFL)
    }

    /// Clears the flag before a statement.
    static func reset() {
        raised.store(false, ordering: .relaxed)
    }

    /// Whether Ctrl-C was pressed since the last reset.
    @Sendable static func isRaised() -> Bool {
        raised.load(ordering: .relaxed)
    }
}
