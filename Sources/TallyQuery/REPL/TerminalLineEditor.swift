#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small line editor for a terminal: raw mode (termios) only while a line is read; left/right,
/// Home/End (and Ctrl-A/E), Alt-B/F and Ctrl-arrows by word, Backspace/Delete, Ctrl-K/U/W,
/// Up/Down (and Ctrl-P/N) through history, Ctrl-L, Ctrl-C drops the line, Ctrl-D on an empty
/// line ends input. Lines pasted together are read one after another.
///
/// The editor keeps the entries for arrow-key recall in memory; the REPL owns the history file
/// and calls `remember` for every complete entry.
public final class TerminalLineEditor: LineSource {
    private var recall: History
    private var decoder = KeyDecoder()
    private let output: any REPLOutput

    /// An editor on standard input, echoing to `output` (standard output), recalling `entries`.
    public init(entries: [String], output: any REPLOutput) {
        var recall = History(path: nil)
        for entry in entries { recall.add(entry) }
        self.recall = recall
        self.output = output
    }

    /// The entries Up/Down walk through, oldest first.
    public var entries: [String] { recall.entries }

    public func remember(_ entry: String) {
        recall.add(entry)
    }

    public func readLine(prompt: String) -> LineInput {
        output.write(prompt)
        output.flush()
        guard let raw = RawMode() else {
            // Not a terminal after all: read plainly.
            guard let line = Swift.readLine(strippingNewline: true) else { return .end }
            return .line(line)
        }
        defer { raw.restore() }
        var buffer = LineEditBuffer(history: recall.entries)
        while true {
            guard let key = nextKey() else {
                output.write("\r\n")
                output.flush()
                return buffer.text.isEmpty ? .end : .line(buffer.text)
            }
            switch buffer.apply(key) {
            case .editing:
                redraw(prompt, buffer)
            case let .submit(text):
                output.write("\r\n")
                output.flush()
                return .line(text)
            case .interrupt:
                output.write("^C\r\n")
                output.flush()
                return .interrupt
            case .endOfInput:
                output.write("\r\n")
                output.flush()
                return .end
            case .clearScreen:
                output.write("\u{1B}[H\u{1B}[2J")
                redraw(prompt, buffer)
            }
        }
    }

    /// The next key, reading from standard input as needed; `nil` at end of input or on error.
    private func nextKey() -> EditKey? {
        while true {
            if let key = decoder.next() { return key }
            var bytes = [UInt8](repeating: 0, count: 256)
            let count = bytes.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            decoder.feed(bytes[0..<count])
        }
    }

    private func redraw(_ prompt: String, _ buffer: LineEditBuffer) {
        let chars = buffer.characters
        var line = "\r" + prompt + String(chars) + "\u{1B}[K"
        let tail = CellText.width(String(chars[buffer.cursor...]))
        if tail > 0 { line += "\u{1B}[\(tail)D" }
        output.write(line)
        output.flush()
    }
}
