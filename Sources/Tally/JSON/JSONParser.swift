/// A strict RFC 8259 JSON parser producing a `JSONValue`.
///
/// - Numbers keep their exact text; strings are validated UTF-8 with every escape checked
///   (surrogate pairs joined, lone surrogates rejected); objects keep member order.
/// - Errors carry the byte offset, line, column and reason (`JSONParseError`).
/// - Nesting is limited (`Options.maxDepth`), so hostile input cannot exhaust the stack; no input
///   makes the parser trap. A leading UTF-8 byte-order mark is skipped.
///
/// Meant for price books and other JSON off the hot path; the event importer has its own reader.
public struct JSONParser {
    /// Parsing limits and policies.
    public struct Options: Hashable, Sendable {
        /// Maximum nesting of arrays and objects (the top-level value is depth 1).
        public var maxDepth: Int
        /// Whether an object may repeat a key (the last value then wins). Off by default.
        public var allowDuplicateKeys: Bool

        public init(maxDepth: Int = 128, allowDuplicateKeys: Bool = false) {
            self.maxDepth = maxDepth
            self.allowDuplicateKeys = allowDuplicateKeys
        }
    }

    /// Parses a complete JSON text.
    public static func parse(_ bytes: some Sequence<UInt8>, options: Options = Options()) throws(JSONParseError) -> JSONValue {
        let array = Array(bytes)
        var parser = JSONParser(bytes: array, options: options)
        return try parser.parseDocument()
    }

    /// Parses a complete JSON text given as a string.
    public static func parse(_ text: String, options: Options = Options()) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8), options: options)
    }

    private let bytes: [UInt8]
    private let options: Options
    private var index = 0
    private var depth = 0
    private var scratch: [UInt8] = []

    private init(bytes: [UInt8], options: Options) {
        self.bytes = bytes
        self.options = options
    }

    // MARK: - Document

    private mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            index = 3
        }
        skipWhitespace()
        guard index < bytes.count else { throw error(.emptyInput) }
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw error(.trailingData) }
        return value
    }

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw error(.unexpectedEnd(expected: "a value")) }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error(.unexpectedByte(bytes[index], expected: "a value"))
        }
    }

    // MARK: - Containers

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > options.maxDepth { throw error(.tooDeep(limit: options.maxDepth)) }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        index += 1 // {
        var object = JSONObject()
        var seen = Set<String>()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd(expected: "a key string")) }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw error(.unexpectedByte(bytes[index], expected: "a key string"))
            }
            let keyOffset = index
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd(expected: "':'")) }
            guard bytes[index] == UInt8(ascii: ":") else { throw error(.unexpectedByte(bytes[index], expected: "':'")) }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            if seen.insert(key).inserted {
                object.appendUnchecked(key, value)
            } else if options.allowDuplicateKeys {
                object.set(key, value)
            } else {
                throw error(.duplicateKey(key), at: keyOffset)
            }
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd(expected: "',' or '}'")) }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return .object(object)
            default:
                throw error(.unexpectedByte(bytes[index], expected: "',' or '}'"))
            }
        }
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        index += 1 // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd(expected: "',' or ']'")) }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return .array(elements)
            default:
                throw error(.unexpectedByte(bytes[index], expected: "',' or ']'"))
            }
        }
    }

    // MARK: - Scalars

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        let start = literal.utf8Start
        for k in 0..<count {
            guard index + k < bytes.count else { throw error(.unexpectedEnd(expected: "\(literal)"), at: bytes.count) }
            guard bytes[index + k] == start[k] else {
                throw error(.unexpectedByte(bytes[index + k], expected: "\(literal)"), at: index + k)
            }
        }
        index += count
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = index
        @inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw error(.invalidNumber, at: start) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw error(.invalidNumber, at: start) }
        } else if isDigit(bytes[index]) {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        } else {
            throw error(.invalidNumber, at: start)
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error(.invalidNumber, at: start) }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error(.invalidNumber, at: start) }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        return JSONNumber(validatedText: String(decoding: bytes[start..<index], as: UTF8.self))
    }

    private mutating func parseString() throws(JSONParseError) -> String {
        index += 1 // opening quote
        scratch.removeAll(keepingCapacity: true)
        while true {
            guard index < bytes.count else { throw error(.unexpectedEnd(expected: "'\"' to close the string")) }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: scratch, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape()
            case 0..<0x20:
                throw error(.controlCharacterInString(byte))
            case 0x20..<0x80:
                scratch.append(byte)
                index += 1
            default:
                try copyMultibyteScalar()
            }
        }
    }

    /// Validates one multi-byte UTF-8 sequence at `index` and copies it to `scratch`.
    private mutating func copyMultibyteScalar() throws(JSONParseError) {
        let lead = bytes[index]
        let length: Int
        var scalar: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; scalar = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; scalar = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; scalar = UInt32(lead & 0x07)
        default: throw error(.invalidUTF8)
        }
        guard index + length <= bytes.count else { throw error(.invalidUTF8) }
        for k in 1..<length {
            let continuation = bytes[index + k]
            guard continuation & 0xC0 == 0x80 else { throw error(.invalidUTF8, at: index + k) }
            scalar = (scalar << 6) | UInt32(continuation & 0x3F)
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        switch length {
        case 3: guard scalar >= 0x800, !(0xD800...0xDFFF).contains(scalar) else { throw error(.invalidUTF8) }
        case 4: guard scalar >= 0x10000, scalar <= 0x10FFFF else { throw error(.invalidUTF8) }
        default: break
        }
        scratch.append(contentsOf: bytes[index..<(index + length)])
        index += length
    }

    private mutating func parseEscape() throws(JSONParseError) {
        let escapeStart = index
        index += 1 // backslash
        guard index < bytes.count else { throw error(.unexpectedEnd(expected: "an escape character")) }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""): scratch.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): scratch.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): scratch.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var value = try readHex4(escapeStart: escapeStart)
            if (0xD800...0xDBFF).contains(value) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw error(.unpairedSurrogate, at: escapeStart)
                }
                index += 2
                let low = try readHex4(escapeStart: escapeStart)
                guard (0xDC00...0xDFFF).contains(low) else { throw error(.unpairedSurrogate, at: escapeStart) }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(value) {
                throw error(.unpairedSurrogate, at: escapeStart)
            }
            guard let scalar = Unicode.Scalar(value) else { throw error(.invalidUnicodeEscape, at: escapeStart) }
            scratch.append(contentsOf: UTF8.encode(scalar) ?? UTF8.EncodedScalar())
        default:
            throw error(.invalidEscape, at: escapeStart)
        }
    }

    private mutating func readHex4(escapeStart: Int) throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error(.invalidUnicodeEscape, at: escapeStart) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw error(.invalidUnicodeEscape, at: escapeStart)
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    // MARK: - Helpers

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private func error(_ reason: JSONParseError.Reason, at offset: Int? = nil) -> JSONParseError {
        let position = min(offset ?? index, bytes.count)
        var line = 1
        var lineStart = 0
        for k in 0..<position where bytes[k] == 0x0A {
            line += 1
            lineStart = k + 1
        }
        return JSONParseError(reason: reason, offset: position, line: line, column: position - lineStart + 1)
    }
}
