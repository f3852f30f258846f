/// The entry point: runs SQL statements against a catalog.
///
/// ```swift
/// let engine = QueryEngine(catalog: catalog)
/// let result = try engine.run(sql: "SELECT agent, sum(cost_usd) FROM agent_days GROUP BY agent")
/// ```
///
/// Each statement is parsed, planned and run inside one snapshot of the catalog, so it sees one
/// consistent state; the next statement sees whatever was appended meanwhile. An engine holds no
/// state between statements (the REPL keeps `.tenant` and `.whatif` in `QueryOptions`).
public final class QueryEngine {
    /// The tables.
    public let catalog: any QueryCatalog

    public init(catalog: any QueryCatalog) {
        self.catalog = catalog
    }

    /// Runs one statement and collects its rows.
    ///
    /// - Parameter sql: one `SELECT` (or `EXPLAIN SELECT`), with an optional trailing `;`.
    /// - Throws: `QueryError`, whose `span` points into `sql`.
    public func run(sql: String, options: QueryOptions = QueryOptions()) throws(QueryError) -> QueryResult {
        var columns: [ResultColumn] = []
        var rows: [[QueryValue]] = []
        var notice: String?
        let stats = try stream(
            sql: sql, options: options,
            columns: { (c: [ResultColumn]) throws(QueryError) in columns = c },
            row: { (r: [QueryValue]) throws(QueryError) in rows.append(r) },
            notice: { notice = $0 })
        return QueryResult(columns: columns, rows: rows, stats: stats, notice: rows.isEmpty ? notice : nil)
    }

    /// Runs one statement, handing rows over one at a time as they are produced (a plain statement
    /// without `ORDER BY` never holds more than one row). `columns` is called once, before the
    /// first row. `notice` receives the store's empty-store note when the statement found no rows.
    @discardableResult
    public func stream(
        sql: String, options: QueryOptions = QueryOptions(),
        columns: ([ResultColumn]) throws(QueryError) -> Void,
        row: ([QueryValue]) throws(QueryError) -> Void,
        notice: ((String) -> Void)? = nil
    ) throws(QueryError) -> QueryStats {
        let statement = try Parser.parse(sql)
        return try catalog.withSnapshot { (snapshot: any QuerySnapshot) throws(QueryError) -> QueryStats in
            let (plan, table) = try Planner.plan(statement, sql: sql, snapshot: snapshot, options: options)
            if plan.explain {
                try columns([ResultColumn(name: "plan", type: .text)])
                for line in plan.explanation { try row([.text(line)]) }
                return QueryStats()
            }
            try columns(plan.resultColumns)
            var produced = 0
            let stats = try Executor(plan: plan, table: table, options: options).run { (r: [QueryValue]) throws(QueryError) in
                produced += 1
                try row(r)
            }
            if produced == 0, stats.rowsScanned == 0, let text = snapshot.emptyStoreNotice() { notice?(text) }
            return stats
        }
    }

    /// The plan of a statement, one step per line (what `EXPLAIN` prints).
    public func explain(sql: String, options: QueryOptions = QueryOptions()) throws(QueryError) -> [String] {
        let statement = try Parser.parse(sql)
        return try catalog.withSnapshot { (snapshot: any QuerySnapshot) throws(QueryError) -> [String] in
            try Planner.plan(statement, sql: sql, snapshot: snapshot, options: options).0.explanation
        }
    }

    /// Every table's schema, sorted by name (`.tables`, `.schema`).
    public func tableSchemas() throws(QueryError) -> [TableSchema] {
        try catalog.withSnapshot { (snapshot: any QuerySnapshot) throws(QueryError) -> [TableSchema] in
            try snapshot.tableSchemas()
        }
    }

    /// The schema of the table a name denotes under `options` (honouring the what-if set), or `nil`.
    public func tableSchema(named name: String, options: QueryOptions = QueryOptions()) throws(QueryError) -> TableSchema? {
        try catalog.withSnapshot { (snapshot: any QuerySnapshot) throws(QueryError) -> TableSchema? in
            for candidate in Planner.candidateNames(name, tableSet: options.tableSet) {
                if let table = try snapshot.table(named: candidate) { return table.schema }
            }
            return nil
        }
    }
}
