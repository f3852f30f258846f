/// The line being edited: its characters, the cursor, and the walk through history.
///
/// Pure state (no terminal), so every key's effect is unit-tested; `TerminalLineEditor` feeds it
/// keys and redraws.
struct LineEditBuffer {
    /// What a key did.
    enum Outcome: Hashable {
        case editing
        /// Enter: the finished line.
        case submit(String)
        /// Ctrl-C: the line is dropped.
        case interrupt
        /// Ctrl-D on an empty line.
        case endOfInput
        /// Ctrl-L: clear the screen, keep the line.
        case clearScreen
    }

    private(set) var characters: [Character] = []
    private(set) var cursor = 0
    private let history: [String]
    private var historyIndex: Int
    private var draft: [Character] = []

    init(history: [String]) {
        self.history = history
        historyIndex = history.count
    }

    var text: String { String(characters) }

    mutating func apply(_ key: EditKey) -> Outcome {
        switch key {
        case let .character(ch):
            characters.insert(ch, at: cursor)
            cursor += 1
        case .enter:
            return .submit(text)
        case .backspace:
            if cursor > 0 {
                characters.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete:
            if cursor < characters.count { characters.remove(at: cursor) }
        case .endOfInput:
            if characters.isEmpty { return .endOfInput }
            if cursor < characters.count { characters.remove(at: cursor) }
        case .left:
            cursor = max(0, cursor - 1)
        case .right:
            cursor = min(characters.count, cursor + 1)
        case .home:
            cursor = 0
        case .end:
            cursor = characters.count
        case .wordLeft:
            while cursor > 0, characters[cursor - 1] == " " { cursor -= 1 }
            while cursor > 0, characters[cursor - 1] != " " { cursor -= 1 }
        case .wordRight:
            while cursor < characters.count, characters[cursor] == " " { cursor += 1 }
            while cursor < characters.count, characters[cursor] != " " { cursor += 1 }
        case .killToEnd:
            characters.removeSubrange(cursor...)
        case .killToStart:
            characters.removeSubrange(..<cursor)
            cursor = 0
        case .killWord:
            var start = cursor
            while start > 0, characters[start - 1] == " " { start -= 1 }
            while start > 0, characters[start - 1] != " " { start -= 1 }
            characters.removeSubrange(start..<cursor)
            cursor = start
        case .up:
            guard historyIndex > 0 else { break }
            if historyIndex == history.count { draft = characters }
            historyIndex -= 1
            characters = Array(history[historyIndex])
            cursor = characters.count
        case .down:
            guard historyIndex < history.count else { break }
            historyIndex += 1
            characters = historyIndex == history.count ? draft : Array(history[historyIndex])
            cursor = characters.count
        case .interrupt:
            return .interrupt
        case .clearScreen:
            return .clearScreen
        case .ignored:
            break
        }
        return .editing
    }
}
