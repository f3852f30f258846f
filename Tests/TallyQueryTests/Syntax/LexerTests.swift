import Testing
@testable import TallyQuery

@Suite struct LexerTests {
    func kinds(_ text: String) throws -> [TokenKind] {
        try Lexer.tokenize(text).map(\.kind)
    }

    @Test func keywordsAreCaseInsensitiveAndNamesKeepTheirSpelling() throws {
        #expect(try kinds("select Agent FROM t") == [
            .keyword(.select), .identifier("Agent"), .keyword(.from), .identifier("t"), .end,
        ])
    }

    @Test func everyTokenHasItsByteSpan() throws {
        let tokens = try Lexer.tokenize("SELECT  cost_usd,\n  'é' FROM x")
        #expect(tokens.map(\.span) == [
            SourceSpan(offset: 0, length: 6), SourceSpan(offset: 8, length: 8), SourceSpan(offset: 16, length: 1),
            SourceSpan(offset: 20, length: 4), SourceSpan(offset: 25, length: 4), SourceSpan(offset: 30, length: 1),
            SourceSpan(offset: 31, length: 0),
        ])
    }

    @Test func numbers() throws {
        #expect(try kinds("1 2.5 .25 1e-3 10E+2 7.") == [
            .integer("1"), .decimal("2.5"), .decimal(".25"), .decimal("1e-3"), .decimal("10E+2"), .decimal("7."), .end,
        ])
    }

    @Test func stringsAndQuotedNames() throws {
        #expect(try kinds("'it''s' \"my col\" `x`") == [
            .string("it's"), .quotedIdentifier("my col"), .quotedIdentifier("x"), .end,
        ])
    }

    @Test func operators() throws {
        #expect(try kinds("= == != <> < <= > >= || + - * / % ( ) , . ;") == [
            .symbol(.equal), .symbol(.doubleEqual), .symbol(.notEqual), .symbol(.ltGt), .symbol(.less),
            .symbol(.lessEqual), .symbol(.greater), .symbol(.greaterEqual), .symbol(.concat), .symbol(.plus),
            .symbol(.minus), .symbol(.star), .symbol(.slash), .symbol(.percent), .symbol(.leftParen),
            .symbol(.rightParen), .symbol(.comma), .symbol(.dot), .symbol(.semicolon), .end,
        ])
    }

    @Test func commentsAreSkipped() throws {
        #expect(try kinds("SELECT -- a comment\n 1 /* block\n comment */ + 2") == [
            .keyword(.select), .integer("1"), .symbol(.plus), .integer("2"), .end,
        ])
    }

    @Test func unterminatedStringPointsAtItsQuote() {
        #expect(throws: QueryError(.syntax, "unterminated string", at: SourceSpan(offset: 7, length: 1))) {
            try Lexer.tokenize("SELECT 'abc")
        }
    }

    @Test func unterminatedBlockComment() {
        #expect(throws: QueryError(.syntax, "unterminated /* comment", at: SourceSpan(offset: 9, length: 2))) {
            try Lexer.tokenize("SELECT 1 /* never closed")
        }
    }

    @Test func strayCharacterIsNamed() {
        #expect(throws: QueryError(.syntax, "unrecognized token: \"#\"", at: SourceSpan(offset: 9, length: 1))) {
            try Lexer.tokenize("SELECT 1 # 2")
        }
        #expect(throws: QueryError(.syntax, "unrecognized token: \"3abc\"", at: SourceSpan(offset: 7, length: 4))) {
            try Lexer.tokenize("SELECT 3abc")
        }
    }

    @Test func nonAsciiNames() throws {
        #expect(try kinds("SELECT café") == [.keyword(.select), .identifier("café"), .end])
    }
}
