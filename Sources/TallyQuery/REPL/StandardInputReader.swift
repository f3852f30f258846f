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
