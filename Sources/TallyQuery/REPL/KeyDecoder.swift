/// A key the line editor understands.
enum EditKey: Hashable, Sendable {
    case character(Character)
    case enter, backspace, delete
    case left, right, home, end, up, down
    case wordLeft, wordRight
    case killToEnd, killToStart, killWord
    case interrupt, endOfInput, clearScreen
    case ignored
}

/// Turns terminal input bytes into keys: UTF-8 characters, control keys, and the ANSI/xterm
/// escape sequences for arrows, Home/End and Delete.
struct KeyDecoder {
    private var pending: [UInt8] = []

    /// Adds bytes as they arrive.
    mutating func feed(_ bytes: some Sequence<UInt8>) {
        pending.append(contentsOf: bytes)
    }

    /// Whether bytes are waiting (a paste may hold several lines).
    var hasPending: Bool { !pending.isEmpty }

    /// The next complete key, or `nil` when more bytes are needed.
    mutating func next() -> EditKey? {
        guard let first = pending.first else { return nil }
        switch first {
        case 0x1B:
            return escape()
        case 13, 10:
            take(1)
            return .enter
        case 127, 8:
            take(1)
            return .backspace
        case 1: take(1); return .home
        case 2: take(1); return .left
        case 3: take(1); return .interrupt
        case 4: take(1); return .endOfInput
        case 5: take(1); return .end
        case 6: take(1); return .right
        case 11: take(1); return .killToEnd
        case 12: take(1); return .clearScreen
        case 14: take(1); return .down
        case 16: take(1); return .up
        case 21: take(1); return .killToStart
        case 23: take(1); return .killWord
        case 9:
            take(1)
            return .character(" ")
        case 0..<32:
            take(1)
            return .ignored
        default:
            let length = first < 0x80 ? 1 : first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1
            guard pending.count >= length else { return nil }
            let bytes = Array(pending.prefix(length))
            take(length)
            let text = String(decoding: bytes, as: UTF8.self)
            guard let ch = text.first else { return .ignored }
            return .character(ch)
        }
    }

    private mutating func take(_ n: Int) {
        pending.removeFirst(min(n, pending.count))
    }

    private mutating func escape() -> EditKey? {
        guard pending.count >= 2 else { return nil }
        let kind = pending[1]
        if kind == UInt8(ascii: "b") { take(2); return .wordLeft }
        if kind == UInt8(ascii: "f") { take(2); return .wordRight }
        guard kind == UInt8(ascii: "[") || kind == UInt8(ascii: "O") else {
            take(1)
            return .ignored
        }
        // CSI: parameters (digits, ';') then a final byte in 0x40...0x7E.
        var i = 2
        while i < pending.count, (pending[i] >= 0x30 && pending[i] <= 0x3F) { i += 1 }
        guard i < pending.count else { return nil }
        let final = pending[i]
        let parameters = String(decoding: pending[2..<i], as: UTF8.self)
        take(i + 1)
        switch final {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return parameters.hasSuffix(";5") || parameters.hasSuffix(";3") ? .wordRight : .right
        case UInt8(ascii: "D"): return parameters.hasSuffix(";5") || parameters.hasSuffix(";3") ? .wordLeft : .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "~"):
            switch parameters {
            case "1", "7": return .home
            case "4", "8": return .end
            case "3": return .delete
            default: return .ignored
            }
        default: return .ignored
        }
    }
}
