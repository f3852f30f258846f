import Tally
import Testing
@testable import TallyQuery

@Suite struct ExecutorTests {
    let engine = Fixtures.engine()

    @Test func groupByExpressionAliasAndOrdinal() throws {
        let expected: [[String]] = [["acme", "6", "1.203000000006"], ["globex", "6", "1.263000000006"]]
        #expect(try engine.texts("SELECT tenant, count(*), sum(cost_usd) FROM agent_days GROUP BY tenant ORDER BY tenant") == expected)
        #expect(try engine.texts("SELECT tenant AS t, count(*), sum(cost_usd) FROM agent_days GROUP BY t ORDER BY t") == expected)
        #expect(try engine.texts("SELECT tenant, count(*), sum(cost_usd) FROM agent_days GROUP BY 1 ORDER BY 1") == expected)
        #expect(try engine.texts("SELECT upper(tenant), count(*) FROM agent_days GROUP BY upper(tenant) ORDER BY 1") == [["ACME", "6"], ["GLOBEX", "6"]])
        // An expression over group keys is fine.
        #expect(try engine.texts("SELECT tenant || '/' || agent AS k, max(errors) - min(errors) FROM agent_days GROUP BY tenant, agent ORDER BY k LIMIT 1") == [["acme/billing", "2"]])
    }

    @Test func groupsKeepFirstAppearanceOrderWithoutOrderBy() throws {
        #expect(try engine.texts("SELECT agent FROM agent_days GROUP BY agent") == [["billing"], ["support"]])
    }

    @Test func havingFiltersGroups() throws {
        #expect(try engine.texts("SELECT day, sum(interactions) AS n FROM agent_days GROUP BY day HAVING n > 50 ORDER BY day") == [
            ["2026-01-02", "84"], ["2026-01-03", "124"],
        ])
        #expect(try engine.texts("SELECT day FROM agent_days GROUP BY day HAVING count(*) > 3 AND max(errors) >= 3") == [["2026-01-03"]])
    }

    @Test func aggregateWithoutGroupByOnEmptyInputIsOneRow() throws {
        #expect(try engine.texts("SELECT count(*), sum(errors) FROM agent_days WHERE errors > 100") == [["0", "NULL"]])
        #expect(try engine.texts("SELECT agent, count(*) FROM agent_days WHERE errors > 100 GROUP BY agent").isEmpty)
    }

    @Test func orderByManyKeysAliasesOrdinalsAndNulls() throws {
        let sql = "SELECT conversation_id AS id, avg_stars FROM conversations WHERE conversation_id < 'c07' ORDER BY avg_stars DESC NULLS FIRST, id"
        #expect(try engine.texts(sql) == [["c05", "NULL"], ["c04", "4.5"], ["c03", "3.5"], ["c02", "2.5"], ["c01", "1.5"], ["c06", "1.5"]])
        #expect(try engine.texts("SELECT conversation_id, avg_stars FROM conversations WHERE conversation_id < 'c07' ORDER BY 2, 1") == [
            ["c05", "NULL"], ["c01", "1.5"], ["c06", "1.5"], ["c02", "2.5"], ["c03", "3.5"], ["c04", "4.5"],
        ])
        #expect(try engine.texts("SELECT conversation_id FROM conversations WHERE conversation_id < 'c07' ORDER BY avg_stars NULLS LAST, cost_usd DESC") == [
            ["c01"], ["c06"], ["c02"], ["c03"], ["c04"], ["c05"],
        ])
    }

    @Test func orderByAggregateNotSelected() throws {
        #expect(try engine.texts("SELECT agent FROM agent_days GROUP BY agent ORDER BY sum(latency_ms_avg) DESC") == [["support"], ["billing"]])
    }

    @Test func limitAndOffset() throws {
        let all = try engine.texts("SELECT position FROM events WHERE position < 10 ORDER BY position")
        #expect(try engine.texts("SELECT position FROM events WHERE position < 10 ORDER BY position LIMIT 3 OFFSET 4") == Array(all[4..<7]))
        #expect(try engine.texts("SELECT position FROM events ORDER BY position LIMIT 0").isEmpty)
        #expect(try engine.texts("SELECT position FROM events WHERE position < 10 ORDER BY position OFFSET 8") == Array(all[8...]))
        #expect(try engine.texts("SELECT position FROM events WHERE position < 10 ORDER BY latency_ms LIMIT 2 OFFSET 20").isEmpty)
    }

    @Test func distinctRows() throws {
        #expect(try engine.texts("SELECT DISTINCT tenant FROM agent_days ORDER BY tenant") == [["acme"], ["globex"]])
        #expect(try engine.texts("SELECT DISTINCT agent, model FROM agent_days").count == 2)
        #expect(try engine.texts("SELECT DISTINCT type FROM events LIMIT 1") == [["rating"]])
    }

    @Test func distinctAggregates() throws {
        #expect(try engine.texts("SELECT count(DISTINCT user_id), count(user_id), sum(DISTINCT interactions), avg(DISTINCT interactions) FROM conversations") == [
            ["4", "20", "15", "3.0"],
        ])
    }

    @Test func minAndMaxOfEveryKind() throws {
        #expect(try engine.texts("SELECT min(day), max(day), min(agent), max(cost_usd) FROM agent_days") == [["2026-01-01", "2026-01-03", "billing", "0.311000000001"]])
        #expect(try engine.texts("SELECT min(started_at), max(escalated) FROM conversations") == [["2026-01-01T12:15:00.000Z", "true"]])
    }

    @Test func selectWithoutFrom() throws {
        let r = try engine.run(sql: "SELECT 1 AS one, 'two', 3.0")
        #expect(r.columns == [ResultColumn(name: "one", type: .integer), ResultColumn(name: "'two'", type: .text), ResultColumn(name: "3.0", type: .double)])
        #expect(r.rows == [[1, "two", 3.0]])
        #expect(try engine.texts("SELECT 1 WHERE false").isEmpty)
        #expect(try engine.texts("SELECT count(*)") == [["1"]])
    }

    @Test func columnNamesAndTypes() throws {
        let r = try engine.run(sql: "SELECT day, Agent, sum(cost_usd) total, avg(errors), NULL FROM agent_days GROUP BY day, agent LIMIT 1")
        #expect(r.columns == [
            ResultColumn(name: "day", type: .day), ResultColumn(name: "agent", type: .text), ResultColumn(name: "total", type: .money),
            ResultColumn(name: "avg(errors)", type: .double), ResultColumn(name: "NULL", type: .text),
        ])
    }

    @Test func starExpandsInSchemaOrder() throws {
        let r = try engine.run(sql: "SELECT * FROM events LIMIT 1")
        #expect(r.columns.map(\.name) == ["position", "ts", "tenant", "type", "conversation_id", "latency_ms"])
    }

    @Test func tenantScopeFiltersEveryTableWithATenant() throws {
        let options = QueryOptions(tenant: "acme")
        #expect(try engine.texts("SELECT DISTINCT tenant FROM conversations", options: options) == [["acme"]])
        #expect(try engine.texts("SELECT count(*) FROM events", options: options) == [["500"]])
        #expect(try engine.texts("SELECT count(*) FROM agent_days WHERE tenant = 'globex'", options: options) == [["0"]])
    }

    @Test func whatIfSetReplacesUnqualifiedNames() throws {
        let catalog = Fixtures.catalog()
        let base = Fixtures.agentDays()
        let doubled = try InMemoryTable(schema: base.schema.renamed("whatif.agent_days"), rows: base.rows.map { row in
            var r = row
            if case let .money(m) = r[7] { r[7] = .money(m + m) }
            return r
        })
        catalog.add(doubled)
        let engine = QueryEngine(catalog: catalog)
        let options = QueryOptions(tableSet: "whatif")
        #expect(try engine.scalar("SELECT sum(cost_usd) FROM agent_days", options: options) == Fixtures.money("4.932000000024"))
        #expect(try engine.scalar("SELECT sum(cost_usd) FROM main.agent_days", options: options) == Fixtures.money("2.466000000012"))
        #expect(try engine.scalar("SELECT sum(cost_usd) FROM whatif.agent_days") == Fixtures.money("4.932000000024"))
        // Tables the set lacks fall back to the base tables.
        #expect(try engine.scalar("SELECT count(*) FROM events", options: options) == .integer(1000))
    }

    @Test func topKMatchesAFullSort() throws {
        // Random rows, random LIMIT/OFFSET: the bounded heap returns what sorting everything would.
        var generator = SplitMix(seed: 42)
        let schema = try TableSchema(name: "t", columns: [ColumnDescription("id", .integer), ColumnDescription("a", .integer), ColumnDescription("b", .double)], key: ["id"])
        var rows: [[QueryValue]] = []
        for id in 0..<500 {
            let a: QueryValue = generator.next() % 7 == 0 ? .null : .integer(Int64(generator.next() % 20))
            rows.append([.integer(Int64(id)), a, .double(Double(generator.next() % 1000) / 10)])
        }
        let engine = QueryEngine(catalog: InMemoryCatalog(tables: [try InMemoryTable(schema: schema, rows: rows)]))
        let everything = try engine.texts("SELECT id, a, b FROM t ORDER BY a DESC, b, id")
        for _ in 0..<50 {
            let limit = Int(generator.next() % 40)
            let offset = Int(generator.next() % 40)
            let page = try engine.texts("SELECT id, a, b FROM t ORDER BY a DESC, b, id LIMIT \(limit) OFFSET \(offset)")
            #expect(page == Array(everything.dropFirst(offset).prefix(limit)))
        }
    }

    @Test func interruptStopsAScan() throws {
        let options = QueryOptions(isInterrupted: { true })
        let events = QueryEngine(catalog: InMemoryCatalog(tables: [Fixtures.events(count: 10_000)]))
        #expect(events.error("SELECT count(*) FROM events", options: options) == QueryError(.interrupted, "interrupted"))
    }

    @Test func emptyStoreNotice() throws {
        let schema = Fixtures.eventsSchema
        let catalog = InMemoryCatalog(tables: [try InMemoryTable(schema: schema, rows: [])], emptyStoreNotice: "the store is empty")
        let engine = QueryEngine(catalog: catalog)
        #expect(try engine.run(sql: "SELECT * FROM events").notice == "the store is empty")
        #expect(try engine.run(sql: "SELECT 1").notice == nil)
    }
}

/// A small deterministic generator (SplitMix64) for reproducible random tests.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
