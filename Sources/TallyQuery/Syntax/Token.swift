/// Reserved words of the language (matched case-insensitively; quote them to use as names).
public enum Keyword: String, Hashable, Sendable, CaseIterable {
    case select, distinct, all, from, `where`, group, by, having, order, asc, desc, limit, offset
    case `as`, and, or, not, `in`, between, like, `is`, null, `true`, `false`
    case `case`, when, then, `else`, end, cast, explain

    /// The keyword as written in messages: upper case.
    public var text: String { rawValue.uppercased() }

    /// Every keyword by its lower-case spelling.
    static let byName: [String: Keyword] = {
        var map: [String: Keyword] = [:]
        for k in Keyword.allCases { map[k.rawValue] = k }
        return map
    }()
}

/// Punctuation and operators.
public enum Symbol: String, Hashable, Sendable {
    case leftParen = "(", rightParen = ")", comma = ",", dot = ".", semicolon = ";"
    case plus = "+", minus = "-", star = "*", slash = "/", percent = "%", concat = "||"
    case equal = "=", doubleEqual = "==", notEqual = "!=", ltGt = "<>"
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
}

/// The kinds of token the lexer produces.
public enum TokenKind: Hashable, Sendable {
    /// A bare name, as written.
    case identifier(String)
    /// A `"double-quoted"` or `` `backquoted` `` name, unescaped.
    case quotedIdentifier(String)
    /// A reserved word.
    case keyword(Keyword)
    /// A `'single-quoted'` string, unescaped (`''` → `'`).
    case string(String)
    /// Digits only: an integer literal (range-checked by the parser).
    case integer(String)
    /// A number with a point or an exponent: `0.5`, `.25`, `1e-3`.
    case decimal(String)
    /// Punctuation or an operator.
    case symbol(Symbol)
    /// The end of the text.
    case end
}

/// A token and where it is.
public struct Token: Hashable, Sendable {
    /// What the token is.
    public var kind: TokenKind
    /// Where it is in the text.
    public var span: SourceSpan

    public init(_ kind: TokenKind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
    }

    /// How the token reads in a message: `"FORM"`, `end of input`.
    func quoted(in source: [UInt8]) -> String {
        if case .end = kind { return "end of input" }
        let end = min(span.end, source.count)
        let start = min(span.offset, end)
        return "\"" + String(decoding: source[start..<end], as: UTF8.self) + "\""
    }
}
