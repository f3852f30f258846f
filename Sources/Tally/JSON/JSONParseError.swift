/// Why a JSON text could not be parsed, and where.
///
/// `offset` is the 0-based byte offset of the offending byte (or of the end of the input);
/// `line` and `column` are 1-based, counted in lines and bytes, for people reading the message.
public struct JSONParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Hashable, Sendable, CustomStringConvertible {
        /// The input is empty or only whitespace.
        case emptyInput
        /// The input ended inside a value.
        case unexpectedEnd(expected: String)
        /// A byte that cannot start or continue the value here.
        case unexpectedByte(UInt8, expected: String)
        /// A malformed number (e.g. `01`, `1.`, `-`, `1e`).
        case invalidNumber
        /// A backslash followed by something other than `" \ / b f n r t u`.
        case invalidEscape
        /// `\u` not followed by four hex digits.
        case invalidUnicodeEscape
        /// A `\uD800`–`\uDFFF` escape that is not half of a valid surrogate pair.
        case unpairedSurrogate
        /// A raw byte below 0x20 inside a string (it must be escaped).
        case controlCharacterInString(UInt8)
        /// Bytes that are not valid UTF-8.
        case invalidUTF8
        /// Arrays/objects nested deeper than the limit.
        case tooDeep(limit: Int)
        /// The same key twice in one object.
        case duplicateKey(String)
        /// Non-whitespace after the complete top-level value.
        case trailingData

        public var description: String {
            switch self {
            case .emptyInput: "empty input"
            case .unexpectedEnd(let expected): "unexpected end of input, expected \(expected)"
            case .unexpectedByte(let byte, let expected):
                "unexpected \(JSONParseError.describe(byte)), expected \(expected)"
            case .invalidNumber: "invalid number"
            case .invalidEscape: "invalid escape sequence in string"
            case .invalidUnicodeEscape: "invalid \\u escape (needs four hex digits)"
            case .unpairedSurrogate: "unpaired UTF-16 surrogate in \\u escape"
            case .controlCharacterInString(let byte): "unescaped control character \(JSONParseError.describe(byte)) in string"
            case .invalidUTF8: "invalid UTF-8"
            case .tooDeep(let limit): "nesting deeper than \(limit) levels"
            case .duplicateKey(let key): "duplicate key \"\(key)\""
            case .trailingData: "unexpected data after the JSON value"
            }
        }
    }

    /// What went wrong.
    public let reason: Reason
    /// 0-based byte offset.
    public let offset: Int
    /// 1-based line.
    public let line: Int
    /// 1-based column, in bytes.
    public let column: Int

    public init(reason: Reason, offset: Int, line: Int, column: Int) {
        self.reason = reason
        self.offset = offset
        self.line = line
        self.column = column
    }

    public var description: String {
        "JSON error at byte \(offset) (line \(line), column \(column)): \(reason)"
    }

    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21, byte < 0x7F {
            return "'\(Character(Unicode.Scalar(byte)))'"
        }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x" + (hex.count < 2 ? "0" + hex : hex)
    }
}
