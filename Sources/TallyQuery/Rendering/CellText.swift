/// Helpers shared by the text renderers.
enum CellText {
    /// A value as one line of a text cell: `NULL` spelled out, control characters escaped.
    static func cell(_ value: QueryValue, null: String = "NULL") -> String {
        if value.isNull { return null }
        return escapeControls(value.description)
    }

    static func escapeControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 32 || $0.value == 127 }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 32 || scalar.value == 127 {
                    out += "\\x" + hex2(scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    static func hex2(_ v: UInt32) -> String {
        let digits = Array("0123456789abcdef")
        return String(digits[Int((v >> 4) & 15)]) + String(digits[Int(v & 15)])
    }

    /// Display width: characters, with East Asian wide characters and emoji counting two.
    static func width(_ text: String) -> Int {
        var w = 0
        for ch in text {
            guard let scalar = ch.unicodeScalars.first else { continue }
            w += isWide(scalar.value) ? 2 : 1
        }
        return w
    }

    static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    static func pad(_ text: String, to width: Int, right: Bool) -> String {
        let gap = max(0, width - self.width(text))
        let spaces = String(repeating: " ", count: gap)
        return right ? spaces + text : text + spaces
    }

    static func center(_ text: String, to width: Int) -> String {
        let gap = max(0, width - self.width(text))
        let left = gap / 2
        return String(repeating: " ", count: left) + text + String(repeating: " ", count: gap - left)
    }
}
