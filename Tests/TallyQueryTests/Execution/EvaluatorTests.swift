import Tally
import Testing
@testable import TallyQuery

@Suite struct EvaluatorTests {
    let engine = Fixtures.engine()

    func value(_ expression: String) throws -> QueryValue {
        try engine.scalar("SELECT " + expression)
    }

    func text(_ expression: String) throws -> String {
        let v = try value(expression)
        return v.isNull ? "NULL" : v.description
    }

    // MARK: NULL

    @Test func nullPropagatesThroughOperators() throws {
        #expect(try value("NULL + 1") == .null)
        #expect(try value("NULL = NULL") == .null)
        #expect(try value("1 < NULL") == .null)
        #expect(try value("NOT NULL") == .null)
        #expect(try value("'a' || NULL") == .null)
        #expect(try value("NULL IS NULL") == .bool(true))
        #expect(try value("1 IS NOT NULL") == .bool(true))
    }

    @Test func threeValuedLogic() throws {
        #expect(try value("NULL AND false") == .bool(false))
        #expect(try value("NULL AND true") == .null)
        #expect(try value("NULL OR true") == .bool(true))
        #expect(try value("NULL OR false") == .null)
        #expect(try value("1 IN (2, NULL)") == .null)
        #expect(try value("1 IN (1, NULL)") == .bool(true))
        #expect(try value("1 NOT IN (2, 3)") == .bool(true))
        #expect(try value("NULL IN (1)") == .null)
    }

    @Test func whereDropsNullConditions() throws {
        // avg_stars is NULL for every support row: neither = nor != keeps them.
        let kept = try engine.scalar("SELECT count(*) FROM agent_days WHERE avg_stars > 0 OR avg_stars <= 0")
        #expect(kept == .integer(6))
    }

    @Test func aggregatesSkipNulls() throws {
        let r = try engine.run(sql: "SELECT count(*), count(avg_stars), sum(avg_stars), avg(avg_stars), min(avg_stars), max(avg_stars) FROM agent_days")
        #expect(r.rows == [[.integer(12), .integer(6), .double(24), .double(4), .double(3.5), .double(4.5)]])
        let empty = try engine.run(sql: "SELECT count(*), sum(cost_usd), avg(errors), max(day), percentile(errors, 0.5) FROM agent_days WHERE agent = 'nobody'")
        #expect(empty.rows == [[.integer(0), .null, .null, .null, .null]])
    }

    @Test func coalesceAndNullif() throws {
        #expect(try value("coalesce(NULL, NULL, 3)") == .integer(3))
        #expect(try value("ifnull(NULL, 'x')") == .text("x"))
        #expect(try value("nullif(2, 2)") == .null)
        #expect(try value("nullif(2, 3)") == .integer(2))
        // Mixed numeric kinds widen: integer → money.
        #expect(try value("coalesce(NULL, 1, CAST('0.5' AS money))") == .money(Money(decimal: "1")!))
    }

    // MARK: Money

    @Test func moneySumsAreExact() throws {
        // 0.1 + 0.2 in dollars, with picodollar tails: exactly, never 0.30000000000000004.
        #expect(try text("CAST('0.1' AS money) + CAST('0.2' AS money)") == "0.3")
        let total = try engine.scalar("SELECT sum(cost_usd) FROM agent_days")
        #expect(total == Fixtures.money("2.466000000012"))
        // Equal to the sum of its parts, grouped either way.
        let byAgent = try engine.run(sql: "SELECT sum(cost_usd) FROM agent_days GROUP BY agent").rows.map { $0[0] }
        let byDay = try engine.run(sql: "SELECT sum(cost_usd) FROM agent_days GROUP BY day").rows.map { $0[0] }
        func add(_ values: [QueryValue]) -> Money {
            values.reduce(Money.zero) { acc, v in if case let .money(m) = v { acc + m } else { acc } }
        }
        #expect(QueryValue.money(add(byAgent)) == total)
        #expect(QueryValue.money(add(byDay)) == total)
    }

    @Test func moneyArithmeticRules() throws {
        #expect(try value("CAST('1.5' AS money) * 3") == Fixtures.money("4.5"))
        #expect(try value("CAST('1.5' AS money) + 2") == Fixtures.money("3.5"))
        #expect(try value("CAST('0.000000000001' AS money) * 1.5") == Fixtures.money("0.000000000002"))
        #expect(try value("CAST('10' AS money) * 1.1") == Fixtures.money("11"))
        #expect(try value("CAST('1' AS money) / 3") == Fixtures.money("0.333333333333"))
        #expect(try value("CAST('2' AS money) / 3") == Fixtures.money("0.666666666667"))
        #expect(try value("CAST('-2' AS money) / 3") == Fixtures.money("-0.666666666667"))
        #expect(try value("CAST('1' AS money) / 2.5") == Fixtures.money("0.4"))
        #expect(try value("CAST('1' AS money) / CAST('4' AS money)") == .double(0.25))
        #expect(try value("CAST('1' AS money) / 0") == .null)
        #expect(try value("CAST('1' AS money) * CAST(0.5 AS double)") == .double(0.5))
        #expect(try value("CAST('1.25' AS money) > 1.2") == .bool(true))
        #expect(try value("CAST('1.25' AS money) = 1.25") == .bool(true))
        #expect(try value("-CAST('1.25' AS money)") == Fixtures.money("-1.25"))
    }

    @Test func averageOfMoneyIsExactToThePicodollar() throws {
        let avg = try engine.scalar("SELECT avg(cost_usd) FROM agent_days")
        // 2.466000000012 / 12 = 0.205500000001
        #expect(avg == Fixtures.money("0.205500000001"))
        let third = try engine.scalar("SELECT avg(cost_usd) FROM agent_days WHERE day = '2026-01-01' AND agent = 'billing' OR cost_usd < 0.11")
        #expect(third.type == .money)
    }

    @Test func roundKeepsKinds() throws {
        #expect(try value("round(CAST('1.23456' AS money), 2)") == Fixtures.money("1.23"))
        #expect(try value("round(CAST('1.235' AS money), 2)") == Fixtures.money("1.24"))
        #expect(try value("round(2.5)") == .double(3))
        #expect(try value("round(-2.5)") == .double(-3))
        #expect(try value("round(3.14159, 3)") == .double(3.142))
        #expect(try value("round(1250, -2)") == .integer(1300))
        #expect(try value("round(7)") == .integer(7))
        #expect(try value("abs(-3)") == .integer(3))
        #expect(try value("abs(CAST('-0.5' AS money))") == Fixtures.money("0.5"))
    }

    // MARK: Numbers

    @Test func integerDivisionIsARate() throws {
        #expect(try value("7 / 2") == .double(3.5))
        #expect(try value("7 % 3") == .integer(1))
        #expect(try value("7 / 0") == .null)
        #expect(try value("7 % 0") == .null)
        #expect(try value("7.0 / 0") == .null)
        #expect(try value("1 + 2.5") == .double(3.5))
        #expect(try value("-(3)") == .integer(-3))
    }

    @Test func comparisonsAcrossNumericKinds() throws {
        #expect(try value("1 = 1.0") == .bool(true))
        #expect(try value("2 > 1.5") == .bool(true))
        #expect(try value("CAST('2' AS money) = 2") == .bool(true))
        #expect(try value("1 BETWEEN 0 AND 2") == .bool(true))
        #expect(try value("3 NOT BETWEEN 0 AND 2") == .bool(true))
    }

    // MARK: Percentiles

    @Test func percentileInterpolates() throws {
        // errors over the 12 agent_days rows: 0,0,1,1,1,1,2,2,2,2,3,3
        let r = try engine.run(sql: "SELECT percentile(errors, 0), percentile(errors, 0.5), median(errors), percentile(errors, 0.9), percentile(errors, 1) FROM agent_days")
        #expect(r.rows == [[.double(0), .double(1.5), .double(1.5), .double(2.9000000000000004), .double(3)]])
    }

    @Test func percentileOfMoneyStaysMoney() throws {
        let r = try engine.run(sql: "SELECT median(cost_usd), percentile(cost_usd, 0.25) FROM agent_days")
        // sorted costs: .100…1 .101…1 .110…1 .111…1 .200…1 .201…1 .210…1 .211…1 .300…1 …
        #expect(r.rows[0][0] == Fixtures.money("0.205500000001"))
        #expect(r.rows[0][1].type == .money)
    }

    @Test func percentileOfTimestamps() throws {
        let median = try engine.scalar("SELECT median(ts) FROM events WHERE position < 3")
        #expect(median == Fixtures.ts("2026-01-01T00:01:00Z"))
    }

    // MARK: Dates

    @Test func dateFunctions() throws {
        #expect(try text("day(CAST('2026-03-05T23:59:59.999Z' AS timestamp))") == "2026-03-05")
        #expect(try value("hour(CAST('2026-03-05T23:59:59Z' AS timestamp))") == .integer(23))
        #expect(try value("year(CAST('2026-03-05' AS day))") == .integer(2026))
        #expect(try value("month(CAST('2026-03-05' AS day))") == .integer(3))
        #expect(try text("date_trunc('hour', CAST('2026-03-05T10:42:11Z' AS timestamp))") == "2026-03-05T10:00:00.000Z")
        #expect(try text("date_trunc('day', CAST('2026-03-05T10:42:11Z' AS timestamp))") == "2026-03-05T00:00:00.000Z")
        // 2026-03-05 is a Thursday; ISO weeks start on Monday the 2nd.
        #expect(try text("date_trunc('week', CAST('2026-03-05T10:42:11Z' AS timestamp))") == "2026-03-02T00:00:00.000Z")
        #expect(try text("date_trunc('month', CAST('2026-03-05T10:42:11Z' AS timestamp))") == "2026-03-01T00:00:00.000Z")
        #expect(try text("date_trunc('year', CAST('2026-03-05' AS day))") == "2026-01-01")
        #expect(try value("epoch_ms(CAST('1970-01-01T00:00:01Z' AS timestamp))") == .integer(1000))
    }

    @Test func stringLiteralsMeetTimestampsAndDays() throws {
        #expect(try engine.scalar("SELECT count(*) FROM events WHERE ts >= '2026-01-01 16:00' AND ts < '2026-01-01T16:10:00Z'") == .integer(10))
        #expect(try engine.scalar("SELECT count(*) FROM events WHERE day(ts) = '2026-01-01'") == .integer(1000))
        #expect(try engine.scalar("SELECT count(*) FROM agent_days WHERE day IN ('2026-01-01', '2026-01-03')") == .integer(8))
        #expect(try engine.scalar("SELECT count(*) FROM agent_days WHERE day >= '2026-01-02T12:00:00Z'") == .integer(4))
    }

    @Test func timeArithmetic() throws {
        #expect(try text("CAST('2026-03-05' AS day) + 30") == "2026-04-04")
        #expect(try value("CAST('2026-03-05' AS day) - CAST('2026-03-01' AS day)") == .integer(4))
        #expect(try text("CAST('2026-03-05T00:00:00Z' AS timestamp) + 3600000") == "2026-03-05T01:00:00.000Z")
        #expect(engine.error("SELECT CAST('9999-12-31' AS day) + 1")?.message == "day out of range (years 1 to 9999)")
    }

    // MARK: Text

    @Test func textFunctionsAndLike() throws {
        #expect(try value("lower('AbC')") == .text("abc"))
        #expect(try value("upper('AbC')") == .text("ABC"))
        #expect(try value("length('héllo')") == .integer(5))
        #expect(try value("substr('tally', 2, 3)") == .text("all"))
        #expect(try value("substr('tally', -2)") == .text("ly"))
        #expect(try value("'gpt-4o' LIKE 'GPT%'") == .bool(true))
        #expect(try value("'gpt-4o' LIKE 'gpt-4_'") == .bool(true))
        #expect(try value("'gpt-4o' LIKE 'gpt-4'") == .bool(false))
        #expect(try value("'abc' NOT LIKE '%b%'") == .bool(false))
        #expect(try value("'x' || 1 || true") == .text("x1true"))
    }

    @Test func likeIsLinearNotExponential() throws {
        let long = String(repeating: "a", count: 5000)
        let pattern = String(repeating: "%a", count: 40) + "b"
        let clock = ContinuousClock()
        var result = QueryValue.null
        let elapsed = try clock.measure {
            result = try value("'\(long)' LIKE '\(pattern)'")
        }
        #expect(result == .bool(false))
        #expect(elapsed < .seconds(5))
    }

    @Test func caseExpressions() throws {
        #expect(try value("CASE WHEN 1 > 2 THEN 'a' WHEN 2 > 1 THEN 'b' ELSE 'c' END") == .text("b"))
        #expect(try value("CASE 3 WHEN 1 THEN 'one' WHEN 3 THEN 'three' END") == .text("three"))
        #expect(try value("CASE WHEN NULL THEN 1 END") == .null)
        #expect(try value("CASE WHEN true THEN 1 ELSE 2.5 END") == .double(1))
    }

    @Test func casts() throws {
        #expect(try value("CAST('42' AS integer)") == .integer(42))
        #expect(try value("CAST('forty' AS integer)") == .null)
        #expect(try value("CAST(3.9 AS integer)") == .integer(3))
        #expect(try value("CAST('0.125' AS money)") == Fixtures.money("0.125"))
        #expect(try value("CAST(0.1 AS money)") == Fixtures.money("0.1"))
        #expect(try value("CAST(7 AS text)") == .text("7"))
        #expect(try value("CAST('true' AS boolean)") == .bool(true))
        #expect(try value("CAST('2026-01-01' AS timestamp)") == Fixtures.ts("2026-01-01T00:00:00Z"))
        #expect(try value("CAST(99999999999999999 AS day)") == .null)
    }

    @Test func constantsAreFoldedOnce() throws {
        let plan = try engine.explain(sql: "SELECT * FROM events WHERE position > 10 * 10")
        #expect(plan[0] == "RANGE events key (position)")
        #expect(plan[1] == "  > 100")
    }

    @Test func extremeValuesAreErrorsNotCrashes() throws {
        let big = "CAST('999999999999999999999999' AS money)"
        #expect(engine.error("SELECT \(big) * 1000")?.message == "money overflow")
        #expect(engine.error("SELECT \(big) * 1000 * 1000000")?.code == .overflow)
        #expect(engine.error("SELECT \(big) * 10.5 * 10.5 * 10.5 * 10.5")?.message == "money overflow")
        #expect(try value("-\(big)") == Fixtures.money("-999999999999999999999999"))
        #expect(try value("abs(-\(big))") == Fixtures.money("999999999999999999999999"))
        #expect(engine.error("SELECT sum(cost_usd * 1000000000000000) * 1000000000000 FROM agent_days")?.message == "money overflow")
        #expect(engine.error("SELECT abs(-9223372036854775808)")?.message == "integer overflow")
        #expect(engine.error("SELECT -(-9223372036854775808)")?.message == "integer overflow")
        #expect(engine.error("SELECT -9223372036854775808 % -1")?.message == "integer overflow")
        #expect(try value("CAST('nan' AS double) IS NULL") == .bool(false))
        #expect(try value("CAST(CAST('inf' AS double) AS money)") == .null)
        #expect(try value("round(1e308, 300)") == .double(1e308))
        #expect(try text("date_trunc('week', CAST('0001-01-03' AS timestamp))") == "0001-01-01T00:00:00.000Z")
        #expect(engine.error("SELECT CAST('0001-01-01' AS day) - 1")?.message == "day out of range (years 1 to 9999)")
        #expect(QueryValue.day(Int64.max).description == "day(9223372036854775807)")
        #expect(QueryValue.timestamp(Timestamp(milliseconds: .min)).description == "timestamp(-9223372036854775808)")
    }
}
