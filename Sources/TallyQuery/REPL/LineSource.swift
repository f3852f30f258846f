/// What reading a line produced.
public enum LineInput: Hashable, Sendable {
    /// A line, without its newline.
    case line(String)
    /// Ctrl-C at the prompt: drop the statement being typed.
    case interrupt
    /// End of input (Ctrl-D on an empty line, or end of a pipe or file).
    case end
}

/// Where the REPL reads lines from. An interactive source shows the prompt itself.
public protocol LineSource: AnyObject {
    /// The next line; `prompt` is what an interactive source shows first.
    func readLine(prompt: String) -> LineInput
    /// Remembers a complete entry for arrow-key recall (interactive sources only).
    func remember(_ entry: String)
}

extension LineSource {
    public func remember(_ entry: String) {}
}
