import Tally
import Testing
@testable import TallyQuery

/// The planner turns WHERE conditions on key columns into key constraints: the table receives
/// exactly those, and only the rows inside them are scanned.
@Suite struct PlannerTests {
    let catalog = SpyCatalog([Fixtures.agentDays(), Fixtures.conversations(), Fixtures.events()])
    var engine: QueryEngine { QueryEngine(catalog: catalog) }

    func spy(_ name: String) -> SpyTable { catalog.tables[name]! }

    @Test func pointLookupOnTheWholeKey() throws {
        let result = try engine.run(sql: "SELECT user_id FROM conversations WHERE conversation_id = 'c05'")
        #expect(result.rows == [[.text("u1")]])
        let table = spy("conversations")
        #expect(table.requests.map(\.constraint) == [KeyConstraint(equal: ["c05"])])
        #expect(table.rowsDelivered == 1)
        // Only the columns read are asked for.
        #expect(table.requests[0].columns.indices == [0, 2])
        #expect(result.stats == QueryStats(scanned: 1, matched: 1, scans: 1))
    }

    @Test func constantOnTheLeftWorksToo() throws {
        _ = try engine.run(sql: "SELECT * FROM conversations WHERE 'c05' = conversation_id")
        #expect(spy("conversations").requests.map(\.constraint) == [KeyConstraint(equal: ["c05"])])
    }

    @Test func missingKeyScansNothing() throws {
        let result = try engine.run(sql: "SELECT * FROM conversations WHERE conversation_id = 'nope'")
        #expect(result.rows.isEmpty)
        #expect(spy("conversations").rowsDelivered == 0)
    }

    @Test func inListBecomesSortedLookups() throws {
        let result = try engine.run(sql: "SELECT conversation_id FROM conversations WHERE conversation_id IN ('c09', 'c02', 'c09', NULL)")
        #expect(result.rows == [[.text("c02")], [.text("c09")]])
        #expect(spy("conversations").requests.map(\.constraint) == [KeyConstraint(equal: ["c02"]), KeyConstraint(equal: ["c09"])])
        #expect(spy("conversations").rowsDelivered == 2)
    }

    @Test func dayRangeOnTheFirstKeyColumn() throws {
        let result = try engine.run(sql: "SELECT count(*) FROM agent_days WHERE day BETWEEN '2026-01-02' AND '2026-01-03'")
        #expect(result.rows == [[.integer(8)]])
        let table = spy("agent_days")
        #expect(table.requests.map(\.constraint) == [
            KeyConstraint(lower: KeyBound(Fixtures.day("2026-01-02"), inclusive: true), upper: KeyBound(Fixtures.day("2026-01-03"), inclusive: true)),
        ])
        #expect(table.rowsDelivered == 8)
        // count(*) reads only what the re-applied filter needs …
        #expect(table.requests[0].columns.indices == [0])
        // … and nothing at all without a WHERE.
        _ = try engine.run(sql: "SELECT count(*) FROM agent_days")
        #expect(table.requests[1].columns.isEmpty)
    }

    @Test func prefixEqualityThenRange() throws {
        _ = try engine.run(sql: "SELECT * FROM agent_days WHERE day = '2026-01-02' AND tenant = 'acme' AND agent > 'b' AND agent < 'c'")
        let table = spy("agent_days")
        #expect(table.requests.map(\.constraint) == [
            KeyConstraint(equal: [Fixtures.day("2026-01-02"), "acme"], lower: KeyBound("b", inclusive: false), upper: KeyBound("c", inclusive: false)),
        ])
        #expect(table.rowsDelivered == 1)
    }

    @Test func tightestBoundsWin() throws {
        _ = try engine.run(sql: "SELECT * FROM events WHERE position > 5 AND position >= 7 AND position < 100 AND position <= 20")
        #expect(spy("events").requests.map(\.constraint) == [
            KeyConstraint(lower: KeyBound(7, inclusive: true), upper: KeyBound(20, inclusive: true)),
        ])
        #expect(spy("events").rowsDelivered == 14)
    }

    @Test func contradictionsScanNothing() throws {
        #expect(try engine.run(sql: "SELECT * FROM events WHERE position > 10 AND position < 5").rows.isEmpty)
        #expect(try engine.run(sql: "SELECT * FROM events WHERE position = 1 AND position = 2").rows.isEmpty)
        #expect(try engine.run(sql: "SELECT * FROM events WHERE position = NULL").rows.isEmpty)
        #expect(try engine.run(sql: "SELECT * FROM events WHERE position = 3 AND position > 3").rows.isEmpty)
        #expect(spy("events").requests.isEmpty)
    }

    @Test func gapInTheKeyStopsThePrefix() throws {
        // tenant is the second key column; without day the table must scan everything.
        let result = try engine.run(sql: "SELECT count(*) FROM agent_days WHERE tenant = 'acme'")
        #expect(result.rows == [[.integer(6)]])
        #expect(spy("agent_days").requests.map(\.constraint) == [.all])
        #expect(spy("agent_days").rowsDelivered == 12)
    }

    @Test func nonKeyConditionsAreFilteredNotSeeked() throws {
        let result = try engine.run(sql: "SELECT count(*) FROM conversations WHERE conversation_id >= 'c10' AND primary_agent = 'billing'")
        #expect(result.rows == [[.integer(6)]])
        #expect(spy("conversations").requests.map(\.constraint) == [KeyConstraint(lower: KeyBound("c10", inclusive: true))])
        #expect(spy("conversations").rowsDelivered == 11)
    }

    @Test func orIsNotAKeyCondition() throws {
        _ = try engine.run(sql: "SELECT * FROM conversations WHERE conversation_id = 'c01' OR conversation_id = 'c02'")
        #expect(spy("conversations").requests.map(\.constraint) == [.all])
    }

    @Test func mismatchedConstantTypeFallsBackToAScan() throws {
        // position is an integer key; 2.5 is a double: correct through the filter, not a seek.
        let result = try engine.run(sql: "SELECT position FROM events WHERE position < 2.5")
        #expect(result.rows == [[0], [1], [2]])
        #expect(spy("events").requests.map(\.constraint) == [.all])
    }

    @Test func timeRangeOnEvents() throws {
        let result = try engine.run(sql: "SELECT count(*) FROM events WHERE position >= 100 AND ts < '2026-01-01T02:00:00Z'")
        #expect(result.rows == [[.integer(20)]])
        #expect(spy("events").rowsDelivered == 900)
    }

    @Test func orderByKeyWithLimitStopsEarly() throws {
        let result = try engine.run(sql: "SELECT position FROM events ORDER BY position DESC LIMIT 3")
        #expect(result.rows == [[999], [998], [997]])
        let table = spy("events")
        #expect(table.requests.map(\.descending) == [true])
        #expect(table.rowsDelivered == 3)
        let plan = try engine.explain(sql: "SELECT position FROM events ORDER BY position DESC LIMIT 3")
        #expect(plan.contains("ORDER BY: key order, no sort"))
    }

    @Test func orderByKeyAfterPinnedColumns() throws {
        let sql = "SELECT agent, model FROM agent_days WHERE day = '2026-01-01' AND tenant = 'acme' ORDER BY tenant, agent DESC LIMIT 1"
        let result = try engine.run(sql: sql)
        #expect(result.rows == [["support", "claude-sonnet"]])
        #expect(spy("agent_days").rowsDelivered == 1)
        #expect(try engine.explain(sql: sql).contains("ORDER BY: key order, no sort"))
    }

    @Test func orderByOtherColumnsSortsWithABoundedHeap() throws {
        let sql = "SELECT position, latency_ms FROM events ORDER BY latency_ms DESC, position LIMIT 2"
        let result = try engine.run(sql: sql)
        // latency_ms = 100 + (position × 37) mod 900: 999 at position 827, 998 at 754.
        #expect(result.rows == [[827, 999], [754, 998]])
        #expect(try engine.explain(sql: sql).contains("SORT top 2"))
    }

    @Test func limitWithoutOrderStopsTheScan() throws {
        _ = try engine.run(sql: "SELECT * FROM events WHERE type = 'interaction' LIMIT 5")
        #expect(spy("events").rowsDelivered == 6)
    }

    @Test func tenantScopeJoinsTheKey() throws {
        let options = QueryOptions(tenant: "globex")
        let result = try engine.run(sql: "SELECT tenant, count(*) FROM agent_days WHERE day = '2026-01-03' GROUP BY tenant", options: options)
        #expect(result.rows == [["globex", 2]])
        #expect(spy("agent_days").requests.map(\.constraint) == [KeyConstraint(equal: [Fixtures.day("2026-01-03"), "globex"])])
        #expect(spy("agent_days").rowsDelivered == 2)
    }

    @Test func explainShowsTheAccessPath() throws {
        #expect(try engine.explain(sql: "SELECT * FROM conversations WHERE conversation_id = 'c01'") == [
            "LOOKUP conversations key (conversation_id)",
            "  = ('c01')",
            "READ conversation_id, tenant, user_id, started_at, interactions, cost_usd, primary_agent, avg_stars, experiment, escalated",
            "FILTER (WHERE re-checked on every row)",
        ])
        #expect(try engine.explain(sql: "SELECT agent, sum(cost_usd) FROM agent_days GROUP BY agent ORDER BY 2 DESC LIMIT 1") == [
            "SCAN agent_days (full scan, key (day, tenant, agent, model))",
            "READ agent, cost_usd",
            "GROUP BY 1 key(s), 1 aggregate(s)",
            "SORT top 1",
            "LIMIT 1",
        ])
        let explained = try engine.run(sql: "EXPLAIN SELECT * FROM events WHERE position > 3 AND position > 10")
        #expect(explained.columns == [ResultColumn(name: "plan", type: .text)])
        #expect(explained.rows[1] == ["  > 10"])
    }

    @Test func oneSnapshotPerStatement() throws {
        _ = try engine.run(sql: "SELECT count(*) FROM events")
        _ = try engine.run(sql: "SELECT * FROM conversations WHERE conversation_id IN ('c01', 'c02', 'c03')")
        #expect(catalog.snapshots == 2)
    }
}

extension QueryStats {
    init(scanned: Int, matched: Int, scans: Int, exact: Bool = true) {
        self.init()
        rowsScanned = scanned
        rowsMatched = matched
        self.scans = scans
        self.exact = exact
    }
}

/// Secondary indexes: the planner scans an index when it narrows the scan more than the key.
@Suite struct IndexPlannerTests {
    let catalog: SpyCatalog
    var engine: QueryEngine { QueryEngine(catalog: catalog) }
    var events: SpyTable { catalog.tables["events"]! }

    init() throws {
        let base = Fixtures.events()
        // The same log, with an index on ts and one on (tenant, type).
        let schema = try TableSchema(
            name: "events", columns: Fixtures.eventsSchema.columns, key: ["position"], indexes: [["ts"], ["tenant", "type"]])
        // Shuffle timestamps a little so index order differs from key order.
        let rows = base.rows.map { row -> [QueryValue] in
            var r = row
            if case let .integer(p) = r[0], p % 7 == 3, case let .timestamp(ts) = r[1] {
                r[1] = .timestamp(Timestamp(milliseconds: ts.milliseconds - 3 * 60_000))
            }
            return r
        }
        catalog = SpyCatalog([try InMemoryTable(schema: schema, rows: rows)])
    }

    @Test func timeRangeUsesTheTimeIndex() throws {
        let sql = "SELECT position, ts FROM events WHERE ts >= '2026-01-01T01:00:00Z' AND ts < '2026-01-01T01:05:00Z'"
        let result = try engine.run(sql: sql)
        // Positions 60–64, and 66 whose ts was moved 3 minutes back (tied with 63: key order).
        #expect(result.rows.map { $0[0] } == [60, 61, 62, 63, 66, 64])
        #expect(events.requests.map(\.index) == [0])
        #expect(events.requests.map(\.constraint) == [
            KeyConstraint(lower: KeyBound(Fixtures.ts("2026-01-01T01:00:00Z"), inclusive: true), upper: KeyBound(Fixtures.ts("2026-01-01T01:05:00Z"), inclusive: false)),
        ])
        #expect(events.rowsDelivered == 6)
        #expect(try engine.explain(sql: sql)[0] == "RANGE events index events_by_ts (ts)")
    }

    @Test func theKeyWinsWhenItNarrowsMore() throws {
        _ = try engine.run(sql: "SELECT * FROM events WHERE position = 60 AND ts > '2026-01-01'")
        #expect(events.requests.map(\.index) == [nil])
        #expect(events.rowsDelivered == 1)
    }

    @Test func equalityPrefixOfACompositeIndex() throws {
        let result = try engine.run(sql: "SELECT count(*) FROM events WHERE tenant = 'acme' AND type = 'rating'")
        #expect(result.rows == [[100]])
        #expect(events.requests.map(\.index) == [1])
        #expect(events.requests.map(\.constraint) == [KeyConstraint(equal: ["acme", "rating"])])
        #expect(events.rowsDelivered == 100)
    }

    @Test func latestEventsByTimeReadOnlyTheRowsShown() throws {
        let sql = "SELECT position, ts FROM events ORDER BY ts DESC LIMIT 3"
        let result = try engine.run(sql: sql)
        // 997's ts was moved 3 minutes back.
        #expect(result.rows.map { $0[0] } == [999, 998, 996])
        #expect(events.requests.map(\.index) == [0])
        #expect(events.requests.map(\.descending) == [true])
        #expect(events.rowsDelivered == 3)
        #expect(try engine.explain(sql: sql).contains("ORDER BY: key order, no sort"))
    }

    @Test func indexOrderMatchesASortedScan() throws {
        // Through the index and through a sort, the same rows in the same order of ts.
        let viaIndex = try engine.texts("SELECT ts FROM events WHERE ts < '2026-01-01T02:00:00Z' ORDER BY ts")
        let sorted = try engine.texts("SELECT ts FROM events WHERE position >= 0 AND ts < '2026-01-01T02:00:00Z' ORDER BY ts")
        #expect(viaIndex == sorted)
        #expect(viaIndex.count > 100)
    }

    @Test func schemaShowsIndexes() {
        let s = Session.run(".schema events\n", engine: engine)
        #expect(s.output.hasSuffix("  PRIMARY KEY (position)\n);\nCREATE INDEX events_by_ts ON events (ts);\nCREATE INDEX events_by_tenant_type ON events (tenant, type);\n"))
    }
}
