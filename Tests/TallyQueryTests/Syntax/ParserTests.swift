import Testing
@testable import TallyQuery

@Suite struct ParserTests {
    func parse(_ sql: String) throws -> SelectStatement { try Parser.parse(sql) }

    /// The error a statement raises while parsing.
    func syntaxError(_ sql: String) -> QueryError? {
        do {
            _ = try Parser.parse(sql)
            return nil
        } catch {
            return error
        }
    }

    @Test func fullStatement() throws {
        let s = try parse("""
            SELECT DISTINCT agent AS a, sum(cost_usd) total, 'x' "label"
            FROM whatif.agent_days d
            WHERE day BETWEEN '2026-01-01' AND '2026-03-31' AND NOT agent IS NULL
            GROUP BY 1 HAVING count(*) > 2
            ORDER BY total DESC NULLS LAST, a
            LIMIT 10 OFFSET 5;
            """)
        #expect(s.distinct)
        #expect(s.items.count == 3)
        guard case let .expression(_, alias0) = s.items[0], case let .expression(_, alias1) = s.items[1],
            case let .expression(_, alias2) = s.items[2]
        else {
            Issue.record("items")
            return
        }
        #expect(alias0 == "a")
        #expect(alias1 == "total")
        #expect(alias2 == "label")
        #expect(s.from == TableReference(name: "whatif.agent_days", span: SourceSpan(offset: 66, length: 17), alias: "d"))
        #expect(s.whereClause != nil)
        #expect(s.groupBy.count == 1)
        #expect(s.having != nil)
        #expect(s.orderBy.map(\.descending) == [true, false])
        #expect(s.orderBy.map(\.nullsFirst) == [false, nil])
        #expect(s.limit?.kind == .integer(10))
        #expect(s.offset?.kind == .integer(5))
    }

    @Test func precedence() throws {
        let s = try parse("SELECT 1 + 2 * 3 - 4 || 'x', a OR b AND NOT c = d")
        guard case let .expression(first, _) = s.items[0], case let .expression(second, _) = s.items[1] else {
            Issue.record("items")
            return
        }
        // (1 + (2 * 3)) - (4 || 'x')
        guard case let .binary(.subtract, left, right) = first.kind,
            case let .binary(.add, one, product) = left.kind,
            case .binary(.multiply, _, _) = product.kind,
            case .binary(.concat, _, _) = right.kind
        else {
            Issue.record("arithmetic precedence: \(first.kind)")
            return
        }
        #expect(one.kind == .integer(1))
        // a OR (b AND (NOT (c = d)))
        guard case let .binary(.or, _, conjunction) = second.kind,
            case let .binary(.and, _, negation) = conjunction.kind,
            case let .unary(.not, comparison) = negation.kind,
            case .binary(.equal, _, _) = comparison.kind
        else {
            Issue.record("boolean precedence: \(second.kind)")
            return
        }
    }

    @Test func predicates() throws {
        let s = try parse("SELECT x FROM t WHERE a NOT IN (1, 2) AND b NOT BETWEEN 1 AND 2 AND c NOT LIKE 'a%' AND d IS NOT NULL")
        let conjuncts = flatten(s.whereClause)
        #expect(conjuncts.count == 4)
        guard case .inList(_, let list, negated: true) = conjuncts[0].kind else { Issue.record("in"); return }
        #expect(list.count == 2)
        guard case .between(_, _, _, negated: true) = conjuncts[1].kind else { Issue.record("between"); return }
        guard case .like(_, _, negated: true) = conjuncts[2].kind else { Issue.record("like"); return }
        guard case .isNull(_, negated: true) = conjuncts[3].kind else { Issue.record("is not null"); return }
    }

    func flatten(_ e: Expr?) -> [Expr] {
        guard let e else { return [] }
        if case let .binary(.and, a, b) = e.kind { return flatten(a) + flatten(b) }
        return [e]
    }

    @Test func caseCastAndCalls() throws {
        let s = try parse("SELECT CASE WHEN a > 1 THEN 'big' ELSE 'small' END, CASE a WHEN 1 THEN 'one' END, CAST(x AS double), count(*), count(DISTINCT user_id), Percentile(latency, 0.95)")
        #expect(s.items.count == 6)
        guard case let .expression(call, _) = s.items[5] else { return }
        #expect(call.kind == .call(name: "percentile", arguments: [
            Expr(.column(qualifier: nil, name: "latency"), SourceSpan(offset: 147, length: 7)),
            Expr(.decimal("0.95"), SourceSpan(offset: 156, length: 4)),
        ], distinct: false))
        guard case let .expression(distinctCount, _) = s.items[4], case .call("count", _, distinct: true) = distinctCount.kind else {
            Issue.record("count distinct")
            return
        }
    }

    @Test func negativeLiterals() throws {
        let s = try parse("SELECT -9223372036854775808, -1.5, - x")
        guard case let .expression(a, _) = s.items[0], case let .expression(b, _) = s.items[1], case let .expression(c, _) = s.items[2] else { return }
        #expect(a.kind == .integer(.min))
        #expect(b.kind == .decimal("-1.5"))
        guard case .unary(.negate, _) = c.kind else {
            Issue.record("negation")
            return
        }
    }

    @Test func sqliteLimitComma() throws {
        let s = try parse("SELECT x FROM t LIMIT 5, 10")
        #expect(s.offset?.kind == .integer(5))
        #expect(s.limit?.kind == .integer(10))
    }

    @Test func explainAndComments() throws {
        let s = try parse("-- leading comment\nEXPLAIN SELECT 1 /* inline */ ;")
        #expect(s.explain)
    }

    @Test func keywordsAsQuotedNames() throws {
        let s = try parse("SELECT \"order\", `group` FROM \"select\"")
        #expect(s.from?.name == "select")
    }

    // MARK: Errors: each message, and where its caret goes.

    @Test func misspelledFromIsCalledOut() {
        #expect(syntaxError("SELECT agent FORM agent_days") == QueryError(
            .syntax, "near \"FORM\": syntax error (did you mean FROM?)", at: SourceSpan(offset: 13, length: 4)))
    }

    @Test func missingSelect() {
        #expect(syntaxError("SELEC agent FROM t") == QueryError(
            .syntax, "near \"SELEC\": syntax error (expected SELECT)", at: SourceSpan(offset: 0, length: 5)))
    }

    @Test func emptyStatement() {
        #expect(syntaxError("  -- nothing\n") == QueryError(.syntax, "empty statement", at: SourceSpan(offset: 13, length: 0)))
    }

    @Test func danglingOperator() {
        #expect(syntaxError("SELECT 1 +") == QueryError(
            .syntax, "near end of input: syntax error (expected an expression)", at: SourceSpan(offset: 10, length: 0)))
    }

    @Test func unclosedParenthesis() {
        #expect(syntaxError("SELECT (1 + 2 FROM t") == QueryError(
            .syntax, "near \"FROM\": syntax error (expected ))", at: SourceSpan(offset: 14, length: 4)))
    }

    @Test func trailingGarbage() {
        #expect(syntaxError("SELECT a FROM t WHERE a = 1 b") == QueryError(
            .syntax, "near \"b\": syntax error (expected end of statement)", at: SourceSpan(offset: 28, length: 1)))
    }

    @Test func groupWithoutBy() {
        #expect(syntaxError("SELECT a FROM t GROUP a") == QueryError(
            .syntax, "near \"a\": syntax error (expected BY)", at: SourceSpan(offset: 22, length: 1)))
    }

    @Test func isWithoutNull() {
        #expect(syntaxError("SELECT a FROM t WHERE a IS 3") == QueryError(
            .syntax, "near \"3\": syntax error (expected NULL after IS)", at: SourceSpan(offset: 27, length: 1)))
    }

    @Test func caseWithoutEnd() {
        #expect(syntaxError("SELECT CASE WHEN a THEN 1 FROM t") == QueryError(
            .syntax, "near \"FROM\": syntax error (expected END to close CASE)", at: SourceSpan(offset: 26, length: 4)))
    }

    @Test func integerOutOfRange() {
        #expect(syntaxError("SELECT 99999999999999999999") == QueryError(
            .syntax, "integer literal out of range: 99999999999999999999", at: SourceSpan(offset: 7, length: 20)))
    }

    @Test func deepNestingIsRefusedNotCrashed() {
        let sql = "SELECT " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        #expect(syntaxError(sql)?.code == .tooComplex)
        let nots = "SELECT " + String(repeating: "NOT ", count: 5000) + "true"
        #expect(syntaxError(nots)?.code == .tooComplex)
        let negations = "SELECT " + String(repeating: "- ", count: 5000) + "x"
        #expect(syntaxError(negations)?.code == .tooComplex)
    }

    @Test func notWithoutPredicate() {
        #expect(syntaxError("SELECT a FROM t WHERE a NOT 3") == QueryError(
            .syntax, "near \"3\": syntax error (expected BETWEEN, IN or LIKE after NOT)", at: SourceSpan(offset: 28, length: 1)))
    }
}
