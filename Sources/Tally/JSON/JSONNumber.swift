/// A JSON number held as its exact source text.
///
/// Equality is textual: `1.0` and `1` are different numbers here, as they are different texts.
/// Exact consumers read the text (prices go through `PerMillionPrice`); `int64Value` accepts only
/// plain integers; `approximateDouble` exists for display and must never feed a money sum.
public struct JSONNumber: Hashable, Sendable, CustomStringConvertible {
    /// The number exactly as written, e.g. `-12`, `0.5`, `2.9999900000000002e-06`.
    public let text: String

    /// Wraps text that is known to follow the JSON number grammar (the parser's path).
    init(validatedText: String) {
        self.text = validatedText
    }

    /// A number from text, or `nil` when the text is not a JSON number
    /// (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).
    public init?(text: String) {
        guard JSONNumber.isValid(Array(text.utf8)) else { return nil }
        self.text = text
    }

    /// The number for an integer.
    public init(_ value: Int64) {
        self.text = String(value)
    }

    /// The number for an integer.
    public init(_ value: Int) {
        self.text = String(value)
    }

    public var description: String { text }

    /// Whether the text is a plain integer (no fraction, no exponent).
    public var isPlainInteger: Bool {
        !text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") })
    }

    /// The value when the text is a plain integer that fits in `Int64`; `nil` otherwise
    /// (`1.0`, `1e3` and out-of-range integers are all `nil`).
    public var int64Value: Int64? {
        guard isPlainInteger else { return nil }
        return Int64(text)
    }

    /// An approximate `Double`, for display only; never use it for money.
    public var approximateDouble: Double? {
        Double(text)
    }

    /// Whether `bytes` follow the JSON number grammar exactly.
    static func isValid(_ bytes: [UInt8]) -> Bool {
        var i = 0
        let n = bytes.count
        func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        if i < n, bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < n else { return false }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
        } else if isDigit(bytes[i]) {
            while i < n, isDigit(bytes[i]) { i += 1 }
        } else {
            return false
        }
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard i < n, isDigit(bytes[i]) else { return false }
            while i < n, isDigit(bytes[i]) { i += 1 }
        }
        if i < n, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < n, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < n, isDigit(bytes[i]) else { return false }
            while i < n, isDigit(bytes[i]) { i += 1 }
        }
        return i == n
    }
}
