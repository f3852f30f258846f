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

/// Lines given up front: scripted sessions, `.read FILE`, `tally query` text.
public final class ScriptInput: LineSource {
    private var lines: [String]
    private var index = 0
    /// The prompts the REPL asked with, in order (tests check the continuation prompt).
    public private(set) var prompts: [String] = []
    /// Entries the REPL asked to remember.
    public private(set) var remembered: [String] = []

    /// The lines of `text` (split on LF, a CR before it dropped). A final newline ends the last line.
    public init(text: String) {
        var lines: [String] = []
        var current = ""
        for ch in text {
            if ch == "\n" || ch == "\r\n" {
                lines.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        if !current.isEmpty { lines.append(current) }
        self.lines = lines
    }

    /// The given lines; `LineInput.interrupt` can be simulated with `ScriptInput(inputs:)`.
    public init(lines: [String]) {
        self.lines = lines
    }

    private var interrupts: Set<Int> = []

    /// Lines and Ctrl-C presses, in order.
    public init(inputs: [LineInput]) {
        var lines: [String] = []
        var interrupts = Set<Int>()
        for input in inputs {
            switch input {
            case let .line(text): lines.append(text)
            case .interrupt:
                interrupts.insert(lines.count)
                lines.append("")
            case .end: break
            }
        }
        self.lines = lines
        self.interrupts = interrupts
    }

    public func readLine(prompt: String) -> LineInput {
        prompts.append(prompt)
        guard index < lines.count else { return .end }
        defer { index += 1 }
        return interrupts.contains(index) ? .interrupt : .line(lines[index])
    }

    public func remember(_ entry: String) { remembered.append(entry) }
}

/// Plain lines from standard input (a pipe or a file), no editing. Prompts are written to
/// `promptOutput` when one is given (a terminal without line editing).
public final class StandardInputReader: LineSource {
    private let promptOutput: (any REPLOutput)?

    public init(promptOutput: (any REPLOutput)? = nil) {
        self.promptOutput = promptOutput
    }

    public func readLine(prompt: String) -> LineInput {
        if let promptOutput {
            promptOutput.write(prompt)
            promptOutput.flush()
        }
        guard let line = Swift.readLine(strippingNewline: true) else { return .end }
        return .line(line.hasSuffix("\r") ? String(line.dropLast()) : line)
    }
}
