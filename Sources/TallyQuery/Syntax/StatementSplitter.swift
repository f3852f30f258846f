/// Finds where statements end in text typed line by line: at a `;` outside strings, quoted names
/// and comments.
///
/// The REPL feeds it each line; a statement is complete when its `;` arrives. Text after the last
/// `;` stays pending (shown with the continuation prompt).
public struct StatementSplitter: Sendable {
    private var pending: [UInt8] = []
    /// Where scanning resumes, and the lexical state there.
    private var scanned = 0
    private var state = State.code

    private enum State: Sendable {
        case code, string(UInt8), lineComment, blockComment
    }

    public init() {}

    /// Whether text is waiting for its `;` (anything but whitespace and comments).
    public var hasPending: Bool {
        switch state {
        case .string, .blockComment: true
        case .code, .lineComment: !StatementSplitter.isBlank(pending)
        }
    }

    /// The text waiting for its `;`.
    public var pendingText: String { String(decoding: pending, as: UTF8.self) }

    /// Adds a line (a newline is appended) and returns the statements it completed, each without
    /// its `;`, blank ones dropped.
    public mutating func add(line: String) -> [String] {
        pending.append(contentsOf: line.utf8)
        pending.append(10)
        var statements: [String] = []
        var i = scanned
        while i < pending.count {
            let c = pending[i]
            switch state {
            case .code:
                if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") || c == UInt8(ascii: "`") {
                    state = .string(c)
                } else if c == UInt8(ascii: "-"), i + 1 < pending.count, pending[i + 1] == UInt8(ascii: "-") {
                    state = .lineComment
                    i += 1
                } else if c == UInt8(ascii: "/"), i + 1 < pending.count, pending[i + 1] == UInt8(ascii: "*") {
                    state = .blockComment
                    i += 1
                } else if c == UInt8(ascii: ";") {
                    let statement = Array(pending[0..<i])
                    if !StatementSplitter.isBlank(statement) {
                        statements.append(String(decoding: statement, as: UTF8.self))
                    }
                    pending.removeSubrange(0...i)
                    i = -1
                }
            case let .string(quote):
                // A doubled quote toggles out and straight back in: same effect as an escape.
                if c == quote { state = .code }
            case .lineComment:
                if c == 10 { state = .code }
            case .blockComment:
                if c == UInt8(ascii: "*"), i + 1 < pending.count, pending[i + 1] == UInt8(ascii: "/") {
                    state = .code
                    i += 1
                }
            }
            i += 1
        }
        scanned = pending.count
        if !hasPending {
            pending.removeAll()
            scanned = 0
            state = .code
        }
        return statements
    }

    /// Takes whatever is pending (at end of input a statement may lack its `;`), and resets.
    public mutating func flush() -> String? {
        defer {
            pending.removeAll()
            scanned = 0
            state = .code
        }
        return hasPending ? String(decoding: pending, as: UTF8.self) : nil
    }

    /// Drops whatever is pending (Ctrl-C in the middle of a statement).
    public mutating func reset() {
        _ = flush()
    }

    /// Whether bytes hold only whitespace and comments.
    static func isBlank(_ bytes: [UInt8]) -> Bool {
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == 32 || c == 9 || c == 10 || c == 13 || c == 12 {
                i += 1
            } else if c == UInt8(ascii: "-"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "-") {
                while i < bytes.count, bytes[i] != 10 { i += 1 }
            } else if c == UInt8(ascii: "/"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "*") {
                i += 2
                while i + 1 < bytes.count, !(bytes[i] == UInt8(ascii: "*") && bytes[i + 1] == UInt8(ascii: "/")) { i += 1 }
                i += 2
            } else {
                return false
            }
        }
        return true
    }
}
