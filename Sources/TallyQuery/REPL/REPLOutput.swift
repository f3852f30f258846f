/// Where the REPL writes: results, messages, prompts.
public protocol REPLOutput: AnyObject {
    /// Writes text as is (no newline added).
    func write(_ text: String)
    /// Pushes buffered text out (before a prompt, before reading input).
    func flush()
}

extension REPLOutput {
    public func flush() {}
}

/// Collects everything written, for tests and for capturing a session.
public final class StringOutput: REPLOutput {
    /// Everything written so far.
    public private(set) var text = ""

    public init() {}

    public func write(_ text: String) { self.text += text }

    /// Forgets what was written.
    public func clear() { text = "" }
}
