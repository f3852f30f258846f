/// A JSON syntax problem at a byte offset of the scanned text.
struct JSONSyntaxError: Error, Sendable {
    /// Zero-based byte offset where the problem was found.
    var offset: Int
    /// What is wrong, in words.
    var reason: String
}

/// The kind of a JSON value, as the scanner first sees it.
enum JSONValueKind: UInt8, Sendable {
    case absent = 0
    case string, number, object, array, `true`, `false`, null

    /// The noun used in error messages ("got a number").
    var noun: String {
        switch self {
        case .absent: "nothing"
        case .string: "a string"
        case .number: "a number"
        case .object: "an object"
        case .array: "an array"
        case .true, .false: "a boolean"
        case .null: "null"
        }
    }
}

/// Where a string's content lies (between the quotes) and whether it holds escapes.
struct JSONStringSpan: Sendable {
    var start: Int
    var end: Int
    var hasEscapes: Bool
    /// Only printable ASCII (U+0020–U+007E), no escapes: the bytes are the text, their count
    /// is its UTF-8 length, and it holds no control character.
    var isPlainASCII = false
}

/// A forward-only JSON scanner over borrowed bytes: no allocation, no Foundation.
///
/// It validates as it goes (RFC 8259 grammar, UTF-8 per RFC 3629 with no overlong forms or
/// surrogates, escapes with paired surrogates) and reports the first problem with its byte offset.
/// Values are not materialized: callers get spans and convert the few they need.
struct JSONScanner {
    let bytes: UnsafeRawBufferPointer
    let end: Int
    var index: Int

    /// Nesting allowed inside one value; deeper input is rejected, never recursed into.
    static let maximumDepth = 64

    init(_ bytes: UnsafeRawBufferPointer, from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.index = start
        self.end = end ?? bytes.count
    }

    /// The byte at `i`, or 0 past the end (a raw NUL is invalid everywhere in JSON, so 0 never
    /// passes as a valid token byte).
    @inline(__always)
    func byte(_ i: Int) -> UInt8 {
        i < end ? bytes[i] : 0
    }

    @inline(__always)
    var current: UInt8 { byte(index) }

    @inline(__always)
    var atEnd: Bool { index >= end }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < end {
            let b = bytes[index]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            index += 1
        }
    }

    func unexpected(_ expected: String) -> JSONSyntaxError {
        guard index < end else {
            return JSONSyntaxError(offset: index, reason: "unexpected end of input, expected \(expected)")
        }
        let b = bytes[index]
        let shown = (0x21...0x7E).contains(b) ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(hex2(b))"
        return JSONSyntaxError(offset: index, reason: "unexpected \(shown), expected \(expected)")
    }

    @inline(__always)
    mutating func expect(_ b: UInt8, _ what: String) throws(JSONSyntaxError) {
        guard index < end, bytes[index] == b else { throw unexpected(what) }
        index += 1
    }

    /// The kind of the value starting at the current (non-whitespace) byte.
    @inline(__always)
    func peekKind() -> JSONValueKind? {
        switch current {
        case UInt8(ascii: "\""): .string
        case UInt8(ascii: "{"): .object
        case UInt8(ascii: "["): .array
        case UInt8(ascii: "t"): .true
        case UInt8(ascii: "f"): .false
        case UInt8(ascii: "n"): .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): .number
        default: nil
        }
    }

    // MARK: - Strings

    /// Scans a string starting at its opening quote; leaves the index after the closing quote.
    @inline(__always)
    mutating func scanString() throws(JSONSyntaxError) -> JSONStringSpan {
        try expect(UInt8(ascii: "\""), "a string")
        let start = index
        let bytes = self.bytes
        let end = self.end
        var i = index
        var hasEscapes = false
        var plain = true
        while true {
            // Fast path: eight bytes at a time while none is a quote, a backslash, a control
            // character, DEL or non-ASCII (SWAR "has a byte equal to / less than" bit tricks).
            while i + 8 <= end {
                let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let ones: UInt64 = 0x0101_0101_0101_0101
                let highs: UInt64 = 0x8080_8080_8080_8080
                let quote = word ^ (ones &* 0x22)
                let backslash = word ^ (ones &* 0x5C)
                let delete = word ^ (ones &* 0x7F)
                let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                    | ((delete &- ones) & ~delete) | ((word &- ones &* 0x20) & ~word) | word
                if special & highs != 0 { break }
                i += 8
            }
            // Then byte by byte: printable ASCII.
            while i < end {
                let b = bytes[i]
                guard b >= 0x20, b < 0x7F, b != UInt8(ascii: "\""), b != UInt8(ascii: "\\") else { break }
                i += 1
            }
            guard i < end else {
                index = i
                throw JSONSyntaxError(offset: i, reason: "unterminated string")
            }
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                index = i + 1
                return JSONStringSpan(start: start, end: i, hasEscapes: hasEscapes, isPlainASCII: plain)
            }
            plain = false
            index = i
            if b == UInt8(ascii: "\\") {
                hasEscapes = true
                try scanEscape()
            } else if b < 0x20 {
                throw JSONSyntaxError(offset: i, reason: "control character U+00\(hex2(b)) in a string must be escaped")
            } else if b == 0x7F {
                index += 1
            } else {
                try scanUTF8Sequence()
            }
            i = index
        }
    }

    /// Validates one escape sequence at `\`, leaving the index after it.
    private mutating func scanEscape() throws(JSONSyntaxError) {
        let at = index
        index += 1
        guard index < end else { throw JSONSyntaxError(offset: at, reason: "unterminated escape sequence") }
        let c = bytes[index]
        index += 1
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return
        case UInt8(ascii: "u"):
            let unit = try hex4(at: at)
            if (0xD800...0xDBFF).contains(unit) {
                guard byte(index) == UInt8(ascii: "\\"), byte(index + 1) == UInt8(ascii: "u") else {
                    throw JSONSyntaxError(offset: at, reason: "unpaired surrogate \\u\(hex4Text(unit)) (not valid Unicode)")
                }
                index += 2
                let low = try hex4(at: at)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw JSONSyntaxError(offset: at, reason: "unpaired surrogate \\u\(hex4Text(unit)) (not valid Unicode)")
                }
            } else if (0xDC00...0xDFFF).contains(unit) {
                throw JSONSyntaxError(offset: at, reason: "unpaired surrogate \\u\(hex4Text(unit)) (not valid Unicode)")
            }
        default:
            throw JSONSyntaxError(offset: at, reason: "invalid escape sequence")
        }
    }

    private mutating func hex4(at escapeStart: Int) throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = hexValue(byte(index)) else {
                throw JSONSyntaxError(offset: escapeStart, reason: "\\u must be followed by four hex digits")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// Validates one multi-byte UTF-8 sequence (Unicode Table 3-7).
    @inline(__always)
    private mutating func scanUTF8Sequence() throws(JSONSyntaxError) {
        let b0 = bytes[index]
        let b1 = byte(index + 1)
        var length = 0
        switch b0 {
        case 0xC2...0xDF:
            if isContinuation(b1) { length = 2 }
        case 0xE0:
            if (0xA0...0xBF).contains(b1), isContinuation(byte(index + 2)) { length = 3 }
        case 0xE1...0xEC, 0xEE...0xEF:
            if isContinuation(b1), isContinuation(byte(index + 2)) { length = 3 }
        case 0xED:
            if (0x80...0x9F).contains(b1), isContinuation(byte(index + 2)) { length = 3 }
        case 0xF0:
            if (0x90...0xBF).contains(b1), isContinuation(byte(index + 2)), isContinuation(byte(index + 3)) { length = 4 }
        case 0xF1...0xF3:
            if isContinuation(b1), isContinuation(byte(index + 2)), isContinuation(byte(index + 3)) { length = 4 }
        case 0xF4:
            if (0x80...0x8F).contains(b1), isContinuation(byte(index + 2)), isContinuation(byte(index + 3)) { length = 4 }
        default:
            break
        }
        guard length > 0, index + length <= end else {
            throw JSONSyntaxError(offset: index, reason: "invalid UTF-8 (byte 0x\(hex2(b0)))")
        }
        index += length
    }

    // MARK: - Numbers and literals

    /// Scans a number per the JSON grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    @inline(__always)
    mutating func scanNumber() throws(JSONSyntaxError) {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        if current == UInt8(ascii: "0") {
            index += 1
            if isDigit(current) {
                throw JSONSyntaxError(offset: start, reason: "numbers must not have leading zeros")
            }
        } else if isDigit(current) {
            while isDigit(current) { index += 1 }
        } else {
            throw JSONSyntaxError(offset: start, reason: "invalid number")
        }
        if current == UInt8(ascii: ".") {
            index += 1
            guard isDigit(current) else { throw JSONSyntaxError(offset: start, reason: "invalid number: a digit must follow the decimal point") }
            while isDigit(current) { index += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard isDigit(current) else { throw JSONSyntaxError(offset: start, reason: "invalid number: a digit must follow the exponent") }
            while isDigit(current) { index += 1 }
        }
    }

    /// Scans `true`, `false` or `null`.
    mutating func scanLiteral(_ kind: JSONValueKind) throws(JSONSyntaxError) {
        let word: StaticString = kind == .true ? "true" : kind == .false ? "false" : "null"
        let count = word.utf8CodeUnitCount
        guard index + count <= end else { throw unexpected("a JSON value") }
        let text = word.utf8Start
        for k in 0..<count where bytes[index + k] != text[k] {
            throw unexpected("a JSON value")
        }
        index += count
    }

    // MARK: - Whole values

    /// Scans any value at the current byte (after whitespace), validating all of it and leaving
    /// the index just after it. Containers are walked iteratively, to `maximumDepth`.
    @discardableResult
    mutating func scanValue() throws(JSONSyntaxError) -> JSONValueKind {
        skipWhitespace()
        guard let first = peekKind() else { throw unexpected("a JSON value") }
        switch first {
        case .string: _ = try scanString(); return first
        case .number: try scanNumber(); return first
        case .true, .false, .null: try scanLiteral(first); return first
        case .object, .array: try scanContainer(); return first
        case .absent: throw unexpected("a JSON value")
        }
    }

    /// Walks one object or array without recursion. `stack` holds one bit per open container
    /// (1 = object), which bounds depth at 64.
    private mutating func scanContainer() throws(JSONSyntaxError) {
        var stack: UInt64 = 0
        var depth = 0
        // Each turn of the outer loop starts at a value.
        while true {
            skipWhitespace()
            var closedValue = false
            switch current {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = current == UInt8(ascii: "{")
                guard depth < JSONScanner.maximumDepth else {
                    throw JSONSyntaxError(offset: index, reason: "nesting deeper than \(JSONScanner.maximumDepth) levels")
                }
                stack = stack << 1 | (isObject ? 1 : 0)
                depth += 1
                index += 1
                skipWhitespace()
                if isObject {
                    if current == UInt8(ascii: "}") {
                        index += 1
                        stack >>= 1
                        depth -= 1
                        closedValue = true
                    } else {
                        try scanMemberName()
                    }
                } else if current == UInt8(ascii: "]") {
                    index += 1
                    stack >>= 1
                    depth -= 1
                    closedValue = true
                }
                if !closedValue { continue }
            default:
                guard let kind = peekKind() else { throw unexpected("a JSON value") }
                switch kind {
                case .string: _ = try scanString()
                case .number: try scanNumber()
                default: try scanLiteral(kind)
                }
            }
            // After a value: close containers or move to the next element.
            while true {
                if depth == 0 { return }
                skipWhitespace()
                let inObject = stack & 1 == 1
                if current == UInt8(ascii: ",") {
                    index += 1
                    if inObject {
                        skipWhitespace()
                        try scanMemberName()
                    }
                    break
                } else if current == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    index += 1
                    stack >>= 1
                    depth -= 1
                } else {
                    throw unexpected(inObject ? "',' or '}'" : "',' or ']'")
                }
            }
        }
    }

    /// Scans `"name" :` inside an object.
    private mutating func scanMemberName() throws(JSONSyntaxError) {
        guard current == UInt8(ascii: "\"") else { throw unexpected("a member name in quotes") }
        _ = try scanString()
        skipWhitespace()
        try expect(UInt8(ascii: ":"), "':'")
    }

    // MARK: - Decoding string content

    /// The text of a scanned string span (escapes resolved). The span must come from `scanString`.
    func string(_ span: JSONStringSpan) -> String {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[span.start..<span.end])
        guard span.hasEscapes else {
            return String(decoding: raw, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        JSONScanner.unescape(raw, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Resolves the escapes of validated string content into UTF-8 bytes.
    static func unescape(_ raw: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        var i = 0
        let n = raw.count
        func hex(_ at: Int) -> UInt32 {
            var v: UInt32 = 0
            for k in 0..<4 where at + k < n { v = v << 4 | UInt32(hexValue(raw[at + k]) ?? 0) }
            return v
        }
        while i < n {
            let b = raw[i]
            guard b == UInt8(ascii: "\\"), i + 1 < n else {
                out.append(b)
                i += 1
                continue
            }
            let c = raw[i + 1]
            i += 2
            switch c {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex(i)
                i += 4
                if (0xD800...0xDBFF).contains(scalar), i + 6 <= n {
                    let low = hex(i + 2)
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                appendUTF8(scalar, to: &out)
            default: out.append(c) // \" \\ \/
            }
        }
    }
}

@inline(__always)
func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

@inline(__always)
func isContinuation(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }

@inline(__always)
func hexValue(_ b: UInt8) -> UInt8? {
    switch b {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
    default: nil
    }
}

func hex2(_ b: UInt8) -> String {
    let digits = Array("0123456789ABCDEF".utf8)
    return String(decoding: [digits[Int(b >> 4)], digits[Int(b & 0xF)]], as: UTF8.self)
}

func hex4Text(_ v: UInt32) -> String {
    hex2(UInt8(truncatingIfNeeded: v >> 8)) + hex2(UInt8(truncatingIfNeeded: v))
}

/// Appends the UTF-8 encoding of a scalar value (callers pass valid scalars only).
func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
    switch scalar {
    case 0..<0x80:
        out.append(UInt8(scalar))
    case 0x80..<0x800:
        out.append(UInt8(0xC0 | scalar >> 6))
        out.append(UInt8(0x80 | scalar & 0x3F))
    case 0x800..<0x10000:
        out.append(UInt8(0xE0 | scalar >> 12))
        out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
        out.append(UInt8(0x80 | scalar & 0x3F))
    default:
        out.append(UInt8(0xF0 | scalar >> 18 & 0x07))
        out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
        out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
        out.append(UInt8(0x80 | scalar & 0x3F))
    }
}
