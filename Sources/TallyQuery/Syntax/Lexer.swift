/// Splits statement text into tokens, each with its byte span.
///
/// Skips whitespace, `-- line comments` and `/* block comments */`. Works on UTF-8 bytes; names
/// may contain any non-ASCII character. Errors (an unterminated string, a stray character) are
/// `.syntax` errors pointing at the offending text.
public struct Lexer {
    private let bytes: [UInt8]
    private var index = 0

    /// A lexer over `text`.
    public init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// Every token of the text, ending with one `.end` token.
    public static func tokenize(_ text: String) throws(QueryError) -> [Token] {
        var lexer = Lexer(text)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if case .end = token.kind { return tokens }
        }
    }

    /// The next token (`.end` at the end of the text, repeatedly).
    public mutating func next() throws(QueryError) -> Token {
        try skipTrivia()
        let start = index
        guard index < bytes.count else { return Token(.end, SourceSpan(offset: bytes.count, length: 0)) }
        let c = bytes[index]
        switch c {
        case UInt8(ascii: "'"):
            let text = try quoted(UInt8(ascii: "'"), what: "string")
            return Token(.string(text), span(from: start))
        case UInt8(ascii: "\""), UInt8(ascii: "`"):
            let text = try quoted(c, what: "quoted name")
            guard !text.isEmpty else { throw QueryError(.syntax, "empty quoted name", at: span(from: start)) }
            return Token(.quotedIdentifier(text), span(from: start))
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try number(start)
        case UInt8(ascii: "."):
            if index + 1 < bytes.count, Lexer.isDigit(bytes[index + 1]) { return try number(start) }
            index += 1
            return Token(.symbol(.dot), span(from: start))
        default:
            if Lexer.isNameStart(c) {
                while index < bytes.count, Lexer.isNamePart(bytes[index]) { index += 1 }
                let text = String(decoding: bytes[start..<index], as: UTF8.self)
                if let keyword = Keyword.byName[text.lowercased()] {
                    return Token(.keyword(keyword), span(from: start))
                }
                return Token(.identifier(text), span(from: start))
            }
            if let symbol = symbol() {
                return Token(.symbol(symbol), span(from: start))
            }
            // One whole (possibly multi-byte) character.
            index += 1
            while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            throw QueryError(.syntax, "unrecognized token: \"\(text)\"", at: span(from: start))
        }
    }

    private func span(from start: Int) -> SourceSpan {
        SourceSpan(offset: start, length: index - start)
    }

    private mutating func skipTrivia() throws(QueryError) {
        while index < bytes.count {
            let c = bytes[index]
            if c == 32 || c == 9 || c == 10 || c == 13 || c == 12 {
                index += 1
            } else if c == UInt8(ascii: "-"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "-") {
                while index < bytes.count, bytes[index] != 10 { index += 1 }
            } else if c == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                let start = index
                index += 2
                while true {
                    guard index + 1 < bytes.count else {
                        index = bytes.count
                        throw QueryError(.syntax, "unterminated /* comment", at: SourceSpan(offset: start, length: 2))
                    }
                    if bytes[index] == UInt8(ascii: "*"), bytes[index + 1] == UInt8(ascii: "/") {
                        index += 2
                        break
                    }
                    index += 1
                }
            } else {
                return
            }
        }
    }

    /// A quoted run ending at an unpaired `quote`; a doubled quote stands for one.
    private mutating func quoted(_ quote: UInt8, what: String) throws(QueryError) -> String {
        let start = index
        index += 1
        var content: [UInt8] = []
        while true {
            guard index < bytes.count else {
                throw QueryError(.syntax, "unterminated \(what)", at: SourceSpan(offset: start, length: 1))
            }
            let b = bytes[index]
            index += 1
            if b == quote {
                if index < bytes.count, bytes[index] == quote {
                    content.append(quote)
                    index += 1
                } else {
                    return String(decoding: content, as: UTF8.self)
                }
            } else {
                content.append(b)
            }
        }
    }

    private mutating func number(_ start: Int) throws(QueryError) -> Token {
        var isDecimal = false
        while index < bytes.count, Lexer.isDigit(bytes[index]) { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isDecimal = true
            index += 1
            while index < bytes.count, Lexer.isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            var look = index + 1
            if look < bytes.count, bytes[look] == UInt8(ascii: "+") || bytes[look] == UInt8(ascii: "-") { look += 1 }
            if look < bytes.count, Lexer.isDigit(bytes[look]) {
                isDecimal = true
                index = look
                while index < bytes.count, Lexer.isDigit(bytes[index]) { index += 1 }
            }
        }
        if index < bytes.count, Lexer.isNamePart(bytes[index]) || bytes[index] == UInt8(ascii: ".") {
            while index < bytes.count, Lexer.isNamePart(bytes[index]) || bytes[index] == UInt8(ascii: ".") { index += 1 }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            throw QueryError(.syntax, "unrecognized token: \"\(text)\"", at: span(from: start))
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        return Token(isDecimal ? .decimal(text) : .integer(text), span(from: start))
    }

    private mutating func symbol() -> Symbol? {
        let c = bytes[index]
        let n: UInt8 = index + 1 < bytes.count ? bytes[index + 1] : 0
        func take(_ count: Int, _ s: Symbol) -> Symbol {
            index += count
            return s
        }
        switch c {
        case UInt8(ascii: "("): return take(1, .leftParen)
        case UInt8(ascii: ")"): return take(1, .rightParen)
        case UInt8(ascii: ","): return take(1, .comma)
        case UInt8(ascii: ";"): return take(1, .semicolon)
        case UInt8(ascii: "+"): return take(1, .plus)
        case UInt8(ascii: "-"): return take(1, .minus)
        case UInt8(ascii: "*"): return take(1, .star)
        case UInt8(ascii: "/"): return take(1, .slash)
        case UInt8(ascii: "%"): return take(1, .percent)
        case UInt8(ascii: "|"): return n == UInt8(ascii: "|") ? take(2, .concat) : nil
        case UInt8(ascii: "="): return n == UInt8(ascii: "=") ? take(2, .doubleEqual) : take(1, .equal)
        case UInt8(ascii: "!"): return n == UInt8(ascii: "=") ? take(2, .notEqual) : nil
        case UInt8(ascii: "<"):
            if n == UInt8(ascii: "=") { return take(2, .lessEqual) }
            if n == UInt8(ascii: ">") { return take(2, .ltGt) }
            return take(1, .less)
        case UInt8(ascii: ">"): return n == UInt8(ascii: "=") ? take(2, .greaterEqual) : take(1, .greater)
        default: return nil
        }
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    static func isNameStart(_ c: UInt8) -> Bool {
        (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c >= 0x80
    }

    static func isNamePart(_ c: UInt8) -> Bool { isNameStart(c) || isDigit(c) }
}
