/// Writes `JSONValue`s as JSON text.
///
/// Strings are escaped per RFC 8259: `"` and `\` with a backslash, the control characters
/// U+0000–U+001F as `\b \f \n \r \t` or `\u00XX`, and U+2028/U+2029 as `\u2028`/`\u2029`
/// (valid JSON either way, but safe to embed in JavaScript); everything else is written as
/// UTF-8. Numbers are written as their exact text, and object members in their order.
public enum JSONWriter {
    /// Layout of the output.
    public enum Style: Hashable, Sendable {
        /// No whitespace at all: `{"a":[1,2]}`.
        case compact
        /// One member or element per line, indented by this many spaces, `": "` after keys.
        case pretty(indent: Int)
    }

    /// The JSON text of `value`.
    public static func string(_ value: JSONValue, style: Style = .compact) -> String {
        var out = ""
        write(value, style: style, level: 0, to: &out)
        return out
    }

    /// Appends the JSON text of `value` to `out`.
    public static func write(_ value: JSONValue, style: Style = .compact, to out: inout String) {
        write(value, style: style, level: 0, to: &out)
    }

    /// Appends `text` as a quoted, escaped JSON string.
    public static func appendQuoted(_ text: String, to out: inout String) {
        out.append("\"")
        var pendingStart = text.unicodeScalars.startIndex
        var index = pendingStart
        let scalars = text.unicodeScalars
        while index != scalars.endIndex {
            let scalar = scalars[index]
            let escape: String?
            switch scalar.value {
            case 0x22: escape = "\\\""
            case 0x5C: escape = "\\\\"
            case 0x0A: escape = "\\n"
            case 0x0D: escape = "\\r"
            case 0x09: escape = "\\t"
            case 0x08: escape = "\\b"
            case 0x0C: escape = "\\f"
            case 0x00..<0x20: escape = "\\u00" + hexByte(UInt8(scalar.value))
            case 0x2028: escape = "\\u2028"
            case 0x2029: escape = "\\u2029"
            default: escape = nil
            }
            if let escape {
                out.unicodeScalars.append(contentsOf: scalars[pendingStart..<index])
                out.append(escape)
                pendingStart = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        out.unicodeScalars.append(contentsOf: scalars[pendingStart..<scalars.endIndex])
        out.append("\"")
    }

    /// `text` as a quoted, escaped JSON string.
    public static func quoted(_ text: String) -> String {
        var out = ""
        appendQuoted(text, to: &out)
        return out
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }

    private static func newline(_ style: Style, level: Int, to out: inout String) {
        guard case .pretty(let indent) = style else { return }
        out.append("\n")
        out.append(String(repeating: " ", count: max(0, indent) * level))
    }

    private static func write(_ value: JSONValue, style: Style, level: Int, to out: inout String) {
        switch value {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .number(let n): out.append(n.text)
        case .string(let s): appendQuoted(s, to: &out)
        case .array(let elements):
            guard !elements.isEmpty else { out.append("[]"); return }
            out.append("[")
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(",") }
                newline(style, level: level + 1, to: &out)
                write(element, style: style, level: level + 1, to: &out)
            }
            newline(style, level: level, to: &out)
            out.append("]")
        case .object(let object):
            guard !object.isEmpty else { out.append("{}"); return }
            out.append("{")
            for (i, member) in object.enumerated() {
                if i > 0 { out.append(",") }
                newline(style, level: level + 1, to: &out)
                appendQuoted(member.key, to: &out)
                out.append(style == .compact ? ":" : ": ")
                write(member.value, style: style, level: level + 1, to: &out)
            }
            newline(style, level: level, to: &out)
            out.append("}")
        }
    }
}
