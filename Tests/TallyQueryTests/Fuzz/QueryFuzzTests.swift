import Testing
@testable import TallyQuery

/// The parser, planner, executor and REPL never crash or hang, whatever the input: thousands of
/// random strings and mutations of valid queries, from fixed seeds (so a failure reproduces).
@Suite struct QueryFuzzTests {
    static let corpus = [
        "SELECT agent, sum(cost_usd) AS cost, count(*) FROM agent_days WHERE day BETWEEN '2026-01-01' AND '2026-01-02' GROUP BY agent HAVING count(*) > 1 ORDER BY cost DESC LIMIT 5",
        "SELECT * FROM conversations WHERE conversation_id IN ('c01', 'c02') AND avg_stars IS NOT NULL",
        "SELECT day(ts), hour(ts), count(DISTINCT conversation_id), percentile(latency_ms, 0.95) FROM events GROUP BY 1, 2 ORDER BY 1 DESC, 2",
        "SELECT CASE WHEN errors > 1 THEN 'bad' WHEN errors = 1 THEN 'meh' ELSE 'good' END AS grade, round(avg(latency_ms_avg), 1) FROM agent_days GROUP BY grade",
        "SELECT tenant || ':' || agent, coalesce(avg_stars, 0), cost_usd * 1.1, cost_usd / 3, -interactions % 7 FROM agent_days ORDER BY 2 NULLS FIRST OFFSET 2",
        "EXPLAIN SELECT position FROM events WHERE position > 10 AND ts < '2026-01-01T05:00:00Z' ORDER BY position DESC LIMIT 3",
        "SELECT DISTINCT lower(primary_agent), date_trunc('week', started_at) FROM conversations WHERE NOT escalated AND user_id LIKE 'u%'",
        "SELECT sum(CAST(interactions AS double)) / nullif(sum(errors), 0), median(cost_usd), min(day), max(latency_ms_avg) FROM agent_days",
    ]

    static let fragments = [
        "SELECT", "FROM", "WHERE", "GROUP BY", "ORDER BY", "HAVING", "LIMIT", "OFFSET", "DISTINCT", "AS", "AND", "OR",
        "NOT", "IN", "BETWEEN", "LIKE", "IS", "NULL", "CASE", "WHEN", "THEN", "ELSE", "END", "CAST", "EXPLAIN",
        "*", ",", "(", ")", ".", ";", "+", "-", "/", "%", "||", "=", "<>", "<=", ">", "'", "\"", "`", "--", "/*", "*/",
        "agent_days", "events", "conversations", "whatif.agent_days", "agent", "cost_usd", "day", "ts", "position",
        "count(*)", "sum(", "avg(", "percentile(", "median(", "round(", "date_trunc('day',", "1", "0", "-1", "2.5",
        "1e308", "9223372036854775807", "'2026-01-01'", "'x'", "é", "日本", "\n", " ", "\t",
    ]

    /// Runs `sql` with a time limit on scans; only `QueryError` may come out.
    func survive(_ engine: QueryEngine, _ sql: String) {
        do {
            _ = try engine.run(sql: sql)
        } catch {
            #expect(!error.message.isEmpty)
            if let span = error.span {
                #expect(span.offset >= 0 && span.end <= sql.utf8.count, "span \(span) outside \(sql.utf8.count) bytes: \(sql)")
            }
        }
    }

    @Test func randomBytesAndTokens() {
        let engine = Fixtures.engine()
        var rng = SplitMix(seed: 0x7A11)
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<3000 {
            var sql = ""
            let count = Int(rng.next() % 24)
            for _ in 0..<count {
                if rng.next() % 4 == 0 {
                    // a random printable or odd character
                    let scalars: [UInt32] = [0, 7, 9, 10, 13, 32, 34, 39, 45, 47, 59, 92, 96, 127, 0xE9, 0x65E5, 0x1F600]
                    let pick = rng.next() % 2 == 0 ? UInt32(32 + rng.next() % 95) : scalars[Int(rng.next() % UInt64(scalars.count))]
                    sql.unicodeScalars.append(Unicode.Scalar(pick) ?? " ")
                } else {
                    sql += QueryFuzzTests.fragments[Int(rng.next() % UInt64(QueryFuzzTests.fragments.count))] + " "
                }
            }
            survive(engine, sql)
        }
        #expect(clock.now - start < .seconds(60))
    }

    @Test func mutatedValidQueries() {
        let engine = Fixtures.engine()
        var rng = SplitMix(seed: 0xBEEF)
        let clock = ContinuousClock()
        let start = clock.now
        for base in QueryFuzzTests.corpus {
            // Every corpus query is valid to begin with.
            #expect(engine.error(base) == nil, "\(base)")
        }
        for _ in 0..<3000 {
            var chars = Array(QueryFuzzTests.corpus[Int(rng.next() % UInt64(QueryFuzzTests.corpus.count))])
            let mutations = 1 + Int(rng.next() % 4)
            for _ in 0..<mutations where !chars.isEmpty {
                let at = Int(rng.next() % UInt64(chars.count))
                switch rng.next() % 5 {
                case 0: chars.remove(at: at)
                case 1: chars.insert(contentsOf: Array(QueryFuzzTests.fragments[Int(rng.next() % UInt64(QueryFuzzTests.fragments.count))]), at: at)
                case 2:
                    let other = Int(rng.next() % UInt64(chars.count))
                    chars.swapAt(at, other)
                case 3:
                    let end = min(chars.count, at + Int(rng.next() % 12))
                    chars.insert(contentsOf: chars[at..<end], at: at)
                default:
                    chars.removeSubrange(at..<min(chars.count, at + Int(rng.next() % 8)))
                }
            }
            survive(engine, String(chars))
        }
        #expect(clock.now - start < .seconds(60))
    }

    @Test func replSurvivesFuzzedScripts() {
        var rng = SplitMix(seed: 0x5EED)
        let dotWords = [".mode", ".headers", ".timer", ".tenant", ".whatif", ".schema", ".tables", ".help", ".zzz", ".", "json", "csv", "on", "off", "acme"]
        for _ in 0..<200 {
            var script = ""
            for _ in 0..<Int(rng.next() % 8) {
                if rng.next() % 3 == 0 {
                    script += dotWords[Int(rng.next() % UInt64(dotWords.count))] + " " + dotWords[Int(rng.next() % UInt64(dotWords.count))]
                } else {
                    script += QueryFuzzTests.corpus[Int(rng.next() % UInt64(QueryFuzzTests.corpus.count))].prefix(Int(rng.next() % 200))
                    if rng.next() % 2 == 0 { script += ";" }
                }
                script += "\n"
            }
            let s = Session.run(script)
            #expect(s.status == 0 || s.status == 1)
        }
    }

    @Test func pathologicalButValidInputsFinish() throws {
        let engine = Fixtures.engine()
        let longIn = "SELECT count(*) FROM events WHERE position IN (" + (0..<5000).map(String.init).joined(separator: ",") + ")"
        #expect(try engine.scalar(longIn) == .integer(1000))
        let manyColumns = "SELECT " + Array(repeating: "position + 1", count: 2000).joined(separator: ", ") + " FROM events LIMIT 1"
        #expect(try engine.run(sql: manyColumns).columns.count == 2000)
        let wideOr = "SELECT count(*) FROM events WHERE " + (0..<150).map { "position = \($0)" }.joined(separator: " OR ")
        #expect(try engine.scalar(wideOr) == .integer(150))
        let longString = "SELECT length('" + String(repeating: "x", count: 100_000) + "')"
        #expect(try engine.scalar(longString) == .integer(100_000))
    }
}
