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
