import Testing
@testable import TallyQuery

/// Hostile statements end in a result or a `QueryError`, never a crash: deep nesting, long operator
/// chains, huge and negative limits, joins (not in the language), enormous literals.
@Suite struct HostileQueryTests {
    let engine = Fixtures.engine()

    func code(_ sql: String) -> QueryError.Code? {
        do {
            _ = try engine.run(sql: sql)
            return nil
        } catch {
            return error.code
        }
    }

    /// Found by hand after the fuzzer's short inputs missed it: `1 + 1 + … + 1` with 600 terms
    /// built a left-deep tree that the binder's recursion (`Expr.containsAggregate`) overflowed the
    /// stack on — a segmentation fault. Operator chains now count towards the nesting limit.
    @Test func longOperatorChainsAreRefusedNotAStackOverflow() throws {
        for op in ["+", "-", "*", "/", "%", "||", " OR ", " AND "] {
            let operand = op == "||" ? "'x'" : (op.contains("O") || op.contains("A") ? "true" : "1")
            let long = "SELECT " + Array(repeating: operand, count: 100_000).joined(separator: op)
            #expect(code(long) == .tooComplex, "\(op)")
        }
        // A chain within the limit still runs.
        let fine = "SELECT " + Array(repeating: "1", count: 150).joined(separator: " + ")
        #expect(try engine.scalar(fine) == .integer(150))
        let wideOr = "SELECT count(*) FROM events WHERE " + (0..<150).map { "position = \($0)" }.joined(separator: " OR ")
        #expect(try engine.scalar(wideOr) == .integer(150))
    }

    @Test func deepNestingIsRefusedAtTheLimit() throws {
        for (open, close) in [("(", ")"), ("abs(", ")"), ("NOT ", ""), ("- ", ""), ("CASE WHEN true THEN ", " END")] {
            let operand = open == "NOT " ? "true" : "1"
            let deep = "SELECT " + String(repeating: open, count: 10_000) + operand + String(repeating: close, count: 10_000)
            #expect(code(deep) == .tooComplex, "\(open)")
        }
        // Just under the limit, mixing parentheses and a chain, everything still works.
        let nested = "SELECT " + String(repeating: "(", count: 90) + Array(repeating: "1", count: 90).joined(separator: "+") + String(repeating: ")", count: 90)
        #expect(try engine.scalar(nested) == .integer(90))
    }

    @Test func hugeAndNegativeLimits() throws {
        #expect(try engine.run(sql: "SELECT position FROM events LIMIT 9223372036854775807").rows.count == 1000)
        #expect(try engine.run(sql: "SELECT position FROM events ORDER BY position DESC LIMIT 9223372036854775807 OFFSET 990").rows.count == 10)
        #expect(try engine.run(sql: "SELECT position FROM events LIMIT 5 OFFSET 9223372036854775807").rows.isEmpty)
        #expect(code("SELECT position FROM events LIMIT 99999999999999999999999") == .syntax)
        #expect(code("SELECT position FROM events LIMIT -1") != nil)
        #expect(code("SELECT position FROM events LIMIT 1e308") != nil)
    }

    /// The language has no joins: two tables are a syntax error with a position, never a cross product.
    @Test func joinsAndCrossProductsAreSyntaxErrors() throws {
        for sql in ["SELECT * FROM events, agent_days", "SELECT * FROM events e JOIN agent_days d ON 1 = 1",
                    "SELECT * FROM events CROSS JOIN conversations", "SELECT * FROM (SELECT * FROM events)"] {
            #expect(code(sql) == .syntax, "\(sql)")
        }
    }

    @Test func enormousLiteralsAndNames() throws {
        let megabyte = String(repeating: "é", count: 500_000)
        #expect(try engine.scalar("SELECT length('\(megabyte)')") == .integer(500_000))
        #expect(code("SELECT " + String(repeating: "a", count: 100_000) + " FROM events") == .unknownColumn)
        #expect(code("SELECT 1 FROM " + String(repeating: "t", count: 100_000)) == .unknownTable)
    }
}
