import Testing
@testable import TallyQuery

/// Every semantic error path: its code, exact message, and the token its caret points at.
@Suite struct BinderErrorTests {
    let engine = Fixtures.engine()

    /// The error and the text its span covers.
    func failure(_ sql: String, options: QueryOptions = QueryOptions()) -> (code: QueryError.Code, message: String, token: String)? {
        guard let error = engine.error(sql, options: options) else { return nil }
        guard let span = error.span else { return (error.code, error.message, "") }
        let bytes = Array(sql.utf8)
        let token = String(decoding: bytes[span.offset..<min(span.end, bytes.count)], as: UTF8.self)
        return (error.code, error.message, token)
    }

    // MARK: Unknown names

    @Test func unknownColumnSuggestsTheClosest() throws {
        let f = try #require(failure("SELECT agnet FROM agent_days"))
        #expect(f.code == .unknownColumn)
        #expect(f.message == "no such column: agnet (did you mean agent?)")
        #expect(f.token == "agnet")
    }

    @Test func unknownColumnWithoutCloseMatch() throws {
        let f = try #require(failure("SELECT sum(zzz_total) FROM agent_days"))
        #expect(f.message == "no such column: zzz_total")
        #expect(f.token == "zzz_total")
    }

    @Test func unknownColumnPrefixSuggestion() throws {
        let f = try #require(failure("SELECT cost FROM agent_days"))
        #expect(f.message == "no such column: cost (did you mean cost_usd?)")
    }

    @Test func unknownQualifier() throws {
        let f = try #require(failure("SELECT x.agent FROM agent_days d"))
        #expect(f.message == "no such column: x.agent")
        #expect(f.token == "x.agent")
        #expect(engine.error("SELECT d.agent, agent_days.day FROM agent_days d") == nil)
    }

    @Test func columnWithoutFrom() throws {
        let f = try #require(failure("SELECT agent"))
        #expect(f.message == "no such column: agent (the statement has no FROM clause)")
    }

    @Test func unknownTableListsTheTables() throws {
        let f = try #require(failure("SELECT * FROM agent_day"))
        #expect(f.code == .unknownTable)
        #expect(f.message == "no such table: agent_day (did you mean agent_days?); tables: agent_days, conversations, events")
        #expect(f.token == "agent_day")
    }

    @Test func unknownWhatIfTable() throws {
        let f = try #require(failure("SELECT * FROM whatif.agent_days"))
        #expect(f.message == "no such table: whatif.agent_days (did you mean agent_days?); tables: agent_days, conversations, events")
        #expect(f.token == "whatif.agent_days")
    }

    @Test func emptyCatalog() throws {
        let empty = QueryEngine(catalog: InMemoryCatalog())
        #expect(empty.error("SELECT * FROM users")?.message == "no such table: users; the store has no tables")
    }

    @Test func unknownFunction() throws {
        let f = try #require(failure("SELECT cout(*) FROM agent_days"))
        #expect(f.code == .unknownFunction)
        #expect(f.message == "no such function: cout (did you mean count?)")
        #expect(f.token == "cout(*)")
    }

    // MARK: Types

    @Test func comparingTextWithInteger() throws {
        let f = try #require(failure("SELECT * FROM agent_days WHERE agent = 3"))
        #expect(f.code == .typeMismatch)
        #expect(f.message == "type mismatch: cannot compare agent (text) with 3 (integer)")
        #expect(f.token == "3")
    }

    @Test func arithmeticOnText() throws {
        let f = try #require(failure("SELECT agent + 1 FROM agent_days"))
        #expect(f.message == "type mismatch: cannot apply + to agent (text) and 1 (integer)")
        #expect(f.token == "1")
    }

    @Test func moneyTimesMoney() throws {
        let f = try #require(failure("SELECT cost_usd * cost_usd FROM agent_days"))
        #expect(f.message == "type mismatch: cannot apply * to cost_usd (money) and cost_usd (money)")
    }

    @Test func badDateLiteral() throws {
        let f = try #require(failure("SELECT * FROM agent_days WHERE day > '2026-13-01'"))
        #expect(f.code == .typeMismatch)
        #expect(f.message == "type mismatch: '2026-13-01' is not a day (expected YYYY-MM-DD) to compare with day (day)")
        #expect(f.token == "'2026-13-01'")
        let g = try #require(failure("SELECT * FROM conversations WHERE started_at < 'yesterday'"))
        #expect(g.message == "type mismatch: 'yesterday' is not a timestamp (expected RFC 3339 or YYYY-MM-DD[ HH:MM[:SS]]) to compare with started_at (timestamp)")
    }

    @Test func whereMustBeBoolean() throws {
        let f = try #require(failure("SELECT * FROM agent_days WHERE interactions"))
        #expect(f.message == "type mismatch: WHERE needs a boolean condition, got interactions (integer)")
        #expect(f.token == "interactions")
    }

    @Test func andNeedsBooleans() throws {
        let f = try #require(failure("SELECT * FROM agent_days WHERE errors > 1 AND agent"))
        #expect(f.message == "type mismatch: AND needs boolean operands, got agent (text)")
    }

    @Test func sumOfText() throws {
        let f = try #require(failure("SELECT sum(agent) FROM agent_days"))
        #expect(f.message == "type mismatch: sum() needs a number or money, got agent (text)")
        #expect(f.token == "agent")
    }

    @Test func likeNeedsText() throws {
        let f = try #require(failure("SELECT * FROM agent_days WHERE errors LIKE '1%'"))
        #expect(f.message == "type mismatch: LIKE needs text, got errors (integer)")
    }

    @Test func caseBranchesMustAgree() throws {
        let f = try #require(failure("SELECT CASE WHEN errors > 0 THEN 'bad' ELSE 0 END FROM agent_days"))
        #expect(f.message == "type mismatch: CASE branches mix text and 0 (integer)")
        #expect(f.token == "0")
    }

    @Test func functionArgumentTypes() throws {
        #expect(failure("SELECT lower(errors) FROM agent_days")?.message == "type mismatch: lower() needs text, got errors (integer)")
        #expect(failure("SELECT hour(agent) FROM agent_days")?.message == "type mismatch: hour() needs a timestamp, got agent (text)")
        #expect(failure("SELECT date_trunc('fortnight', started_at) FROM conversations")?.message
            == "date_trunc() needs a unit of 'hour', 'day', 'week', 'month', 'year' as its first argument, got 'fortnight'")
        #expect(failure("SELECT round(cost_usd, errors) FROM agent_days")?.message == "round() needs a constant integer number of digits, got errors")
        #expect(failure("SELECT CAST(agent AS blob) FROM agent_days")?.message
            == "unknown type blob in CAST (types: integer, money, double, text, timestamp, day, boolean)")
        #expect(failure("SELECT round(1, 2, 3)")?.message == "wrong number of arguments to function round() (usage: round(x [, digits]))")
    }

    // MARK: Aggregates

    @Test func aggregateInWhere() throws {
        let f = try #require(failure("SELECT agent FROM agent_days WHERE sum(errors) > 1"))
        #expect(f.code == .aggregateMisuse)
        #expect(f.message == "misuse of aggregate: sum() is not allowed in WHERE")
        #expect(f.token == "sum(errors)")
    }

    @Test func nonGroupedColumn() throws {
        let f = try #require(failure("SELECT agent, model, sum(cost_usd) FROM agent_days GROUP BY agent"))
        #expect(f.code == .aggregateMisuse)
        #expect(f.message == "column model must appear in the GROUP BY clause or be used in an aggregate function")
        #expect(f.token == "model")
    }

    @Test func bareColumnWithAggregate() throws {
        let f = try #require(failure("SELECT agent, count(*) FROM agent_days"))
        #expect(f.message == "column agent must appear in the GROUP BY clause or be used in an aggregate function")
    }

    @Test func nestedAggregate() throws {
        let f = try #require(failure("SELECT sum(count(*)) FROM agent_days"))
        #expect(f.message == "misuse of aggregate: count() inside another aggregate")
        #expect(f.token == "count(*)")
    }

    @Test func aggregateInGroupBy() throws {
        let f = try #require(failure("SELECT count(*) FROM agent_days GROUP BY 1"))
        #expect(f.message == "misuse of aggregate: aggregate functions are not allowed in GROUP BY")
        let g = try #require(failure("SELECT agent FROM agent_days GROUP BY max(day)"))
        #expect(g.token == "max(day)")
    }

    @Test func nonGroupedOrderBy() throws {
        let f = try #require(failure("SELECT agent, count(*) FROM agent_days GROUP BY agent ORDER BY model"))
        #expect(f.message == "column model must appear in the GROUP BY clause or be used in an aggregate function")
        #expect(f.token == "model")
    }

    @Test func percentileNeedsAConstantFraction() throws {
        #expect(failure("SELECT percentile(latency_ms_avg, 1.5) FROM agent_days")?.message
            == "percentile() needs a constant fraction between 0 and 1 as its second argument, got 1.5")
        #expect(failure("SELECT percentile(latency_ms_avg, errors) FROM agent_days")?.code == .invalidArgument)
        #expect(failure("SELECT percentile(agent, 0.5) FROM agent_days")?.message
            == "type mismatch: percentile() needs numbers, money or timestamps, got agent (text)")
    }

    @Test func starOnlyInCount() throws {
        #expect(failure("SELECT sum(*) FROM agent_days")?.message == "near \"*\": syntax error (* is allowed only in count(*))")
        #expect(failure("SELECT count(DISTINCT *) FROM agent_days")?.code == .syntax)
        #expect(failure("SELECT *")?.message == "SELECT * needs a FROM clause")
    }

    // MARK: Clauses

    @Test func ordinalsOutOfRange() throws {
        #expect(failure("SELECT agent FROM agent_days ORDER BY 2")?.message == "ORDER BY term out of range - should be between 1 and 1")
        #expect(failure("SELECT agent FROM agent_days GROUP BY 0")?.message == "GROUP BY term out of range - should be between 1 and 1")
    }

    @Test func limitMustBeAConstantCount() throws {
        #expect(failure("SELECT agent FROM agent_days LIMIT -1")?.message == "LIMIT needs a constant non-negative integer, got -1")
        #expect(failure("SELECT agent FROM agent_days LIMIT errors")?.message == "LIMIT needs a constant non-negative integer, got errors")
        #expect(failure("SELECT agent FROM agent_days LIMIT 2 OFFSET 'x'")?.message == "OFFSET needs a constant non-negative integer, got 'x'")
        #expect(failure("SELECT agent FROM agent_days LIMIT 2 + 3") == nil)
    }

    @Test func distinctOrderByMustBeSelected() throws {
        #expect(failure("SELECT DISTINCT agent FROM agent_days ORDER BY cost_usd")?.message
            == "for SELECT DISTINCT, ORDER BY expressions must appear in the select list")
    }

    @Test func overflowAtRuntime() throws {
        let f = try #require(failure("SELECT interactions * 9223372036854775807 FROM agent_days"))
        #expect(f.code == .overflow)
        #expect(f.message == "integer overflow")
        #expect(f.token == "interactions * 9223372036854775807")
        #expect(failure("SELECT 9223372036854775807 + 1")?.code == .overflow)
        #expect(failure("SELECT sum(input_tokens * 100000000000000) FROM agent_days")?.message == "integer overflow in sum()")
    }
}
