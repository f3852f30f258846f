import Tally
@testable import TallyQuery

/// Small, hand-checkable tables shaped like Tally's projections.
enum Fixtures {
    static func money(_ text: String) -> QueryValue {
        guard let m = Money(decimal: text) else { return .null }
        return .money(m)
    }

    static func day(_ text: String) -> QueryValue {
        QueryValue.day(text) ?? .null
    }

    static func ts(_ text: String) -> QueryValue {
        QueryValue.timestamp(text) ?? .null
    }

    static let agentDaysSchema = try! TableSchema(
        name: "agent_days",
        columns: [
            ColumnDescription("day", .day, "UTC day"),
            ColumnDescription("tenant", .text),
            ColumnDescription("agent", .text),
            ColumnDescription("model", .text),
            ColumnDescription("interactions", .integer),
            ColumnDescription("errors", .integer),
            ColumnDescription("input_tokens", .integer),
            ColumnDescription("cost_usd", .money, "exact cost"),
            ColumnDescription("latency_ms_avg", .double),
            ColumnDescription("avg_stars", .double),
        ],
        key: ["day", "tenant", "agent", "model"],
        doc: "per agent, model and day")

    /// 12 rows: 3 days × 2 tenants × 2 agents, one model each.
    static func agentDays() -> InMemoryTable {
        var rows: [[QueryValue]] = []
        let days = ["2026-01-01", "2026-01-02", "2026-01-03"]
        for (d, dayText) in days.enumerated() {
            for (t, tenant) in ["acme", "globex"].enumerated() {
                for (a, agent) in ["billing", "support"].enumerated() {
                    let n = Int64(10 * (d + 1) + t + a)
                    let cost = "0.\(d + 1)\(t)\(a)000000001"
                    let stars: QueryValue = a == 0 ? .double(Double(3 + t) + 0.5) : .null
                    rows.append([
                        day(dayText), .text(tenant), .text(agent), .text(a == 0 ? "gpt-4o" : "claude-sonnet"),
                        .integer(n), .integer(Int64(d + a)), .integer(n * 1000), money(cost),
                        .double(Double(100 * (d + 1) + 10 * a)), stars,
                    ])
                }
            }
        }
        return try! InMemoryTable(schema: agentDaysSchema, rows: rows)
    }

    static let conversationsSchema = try! TableSchema(
        name: "conversations",
        columns: [
            ColumnDescription("conversation_id", .text),
            ColumnDescription("tenant", .text),
            ColumnDescription("user_id", .text),
            ColumnDescription("started_at", .timestamp),
            ColumnDescription("interactions", .integer),
            ColumnDescription("cost_usd", .money),
            ColumnDescription("primary_agent", .text),
            ColumnDescription("avg_stars", .double),
            ColumnDescription("experiment", .text),
            ColumnDescription("escalated", .bool),
        ],
        key: ["conversation_id"],
        doc: "one row per conversation")

    static func conversations() -> InMemoryTable {
        var rows: [[QueryValue]] = []
        for i in 1...20 {
            rows.append([
                .text("c\(String(i).count == 1 ? "0" : "")\(i)"),
                .text(i % 3 == 0 ? "globex" : "acme"),
                .text("u\(i % 4)"),
                ts("2026-01-0\(1 + i % 3)T\(10 + i % 10):15:00Z"),
                .integer(Int64(i % 5 + 1)),
                money("0.\(String(repeating: "0", count: i % 4))\(i)"),
                .text(i % 2 == 0 ? "billing" : "support"),
                i % 5 == 0 ? .null : .double(Double(i % 5) + 0.5),
                i % 7 == 0 ? .text("exp-a") : .null,
                .bool(i % 6 == 0),
            ])
        }
        return try! InMemoryTable(schema: conversationsSchema, rows: rows)
    }

    static let eventsSchema = try! TableSchema(
        name: "events",
        columns: [
            ColumnDescription("position", .integer),
            ColumnDescription("ts", .timestamp),
            ColumnDescription("tenant", .text),
            ColumnDescription("type", .text),
            ColumnDescription("conversation_id", .text),
            ColumnDescription("latency_ms", .integer),
        ],
        key: ["position"],
        doc: "the raw log")

    /// `count` events, one a minute from 2026-01-01T00:00Z.
    static func events(count: Int = 1000) -> InMemoryTable {
        var rows: [[QueryValue]] = []
        let start = Timestamp(rfc3339: "2026-01-01T00:00:00Z")!.milliseconds
        for i in 0..<count {
            rows.append([
                .integer(Int64(i)),
                .timestamp(Timestamp(milliseconds: start + Int64(i) * 60_000)),
                .text(i % 2 == 0 ? "acme" : "globex"),
                .text(i % 10 == 0 ? "rating" : "interaction"),
                .text("c\(i % 20)"),
                i % 10 == 0 ? .null : .integer(Int64(100 + (i * 37) % 900)),
            ])
        }
        return try! InMemoryTable(schema: eventsSchema, rows: rows)
    }

    static func catalog() -> InMemoryCatalog {
        InMemoryCatalog(tables: [agentDays(), conversations(), events()])
    }

    static func engine() -> QueryEngine {
        QueryEngine(catalog: catalog())
    }
}

/// A table wrapper that records every request and counts the rows it hands out.
final class SpyTable: QueryTable {
    let inner: any QueryTable
    var requests: [ScanRequest] = []
    var rowsDelivered = 0

    init(_ inner: any QueryTable) { self.inner = inner }

    var schema: TableSchema { inner.schema }

    func scan(_ request: ScanRequest, visit: (_ row: [QueryValue]) throws(QueryError) -> ScanStep) throws(QueryError) -> ScanOutcome {
        requests.append(request)
        return try inner.scan(request) { (row: [QueryValue]) throws(QueryError) -> ScanStep in
            rowsDelivered += 1
            return try visit(row)
        }
    }
}

/// A catalog over spy tables.
final class SpyCatalog: QueryCatalog {
    let tables: [String: SpyTable]
    var snapshots = 0

    init(_ tables: [InMemoryTable]) {
        var map: [String: SpyTable] = [:]
        for t in tables { map[t.schema.name] = SpyTable(t) }
        self.tables = map
    }

    func withSnapshot<R>(_ body: (any QuerySnapshot) throws(QueryError) -> R) throws(QueryError) -> R {
        snapshots += 1
        return try body(Snapshot(tables: tables))
    }

    struct Snapshot: QuerySnapshot {
        let tables: [String: SpyTable]
        func tableSchemas() throws(QueryError) -> [TableSchema] { tables.values.map(\.schema).sorted { $0.name < $1.name } }
        func table(named name: String) throws(QueryError) -> (any QueryTable)? { tables[name] }
    }
}

extension QueryEngine {
    /// Rows rendered as text, for compact assertions.
    func texts(_ sql: String, options: QueryOptions = QueryOptions()) throws -> [[String]] {
        try run(sql: sql, options: options).rows.map { $0.map { $0.isNull ? "NULL" : $0.description } }
    }

    /// The first value of the first row.
    func scalar(_ sql: String, options: QueryOptions = QueryOptions()) throws -> QueryValue {
        try run(sql: sql, options: options).rows.first?.first ?? .null
    }

    /// The error a statement raises (nil when it succeeds).
    func error(_ sql: String, options: QueryOptions = QueryOptions()) -> QueryError? {
        do {
            _ = try run(sql: sql, options: options)
            return nil
        } catch {
            return error
        }
    }
}
