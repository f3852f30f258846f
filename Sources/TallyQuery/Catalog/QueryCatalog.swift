/// The seam between the query engine and whatever stores the tables.
///
/// The engine knows nothing of LMDB, events or projections. It asks a catalog for one consistent
/// snapshot per statement, looks tables up in it by name, and scans them with a key constraint
/// and a visitor. The store implements these three protocols over one LMDB read transaction;
/// `InMemoryCatalog` implements them over sorted arrays (tests, and a reference).
///
/// ## Contract
///
/// - **One snapshot per statement.** `withSnapshot` runs `body` inside one consistent view of the
///   store (one LMDB read transaction): every table read in `body` sees the same state, whatever
///   other processes append meanwhile. The next statement opens a new snapshot and sees newer
///   events.
/// - **Nothing escapes.** The snapshot and the tables it hands out are valid only inside `body`
///   (an LMDB transaction ends when `body` returns). The engine never stores them.
/// - **Synchronous, one thread.** `body` runs on the calling thread, without `await`, so an LMDB
///   transaction never crosses a suspension point.
/// - **Errors.** Storage failures are reported as `QueryError` with code `.storage` (or
///   `.interrupted`); errors thrown by `body` pass through unchanged.
public protocol QueryCatalog {
    /// Runs `body` with one consistent snapshot of every table, then releases the snapshot.
    func withSnapshot<R>(_ body: (any QuerySnapshot) throws(QueryError) -> R) throws(QueryError) -> R
}

/// A consistent, read-only view of every table, valid only inside `QueryCatalog.withSnapshot`.
public protocol QuerySnapshot {
    /// Every table of the snapshot — projections, views, `events`, and each `whatif.` set a replay
    /// left — with their schemas, sorted by name. Used by `.tables`, `.schema` and to suggest names;
    /// a statement itself only calls `table(named:)`.
    func tableSchemas() throws(QueryError) -> [TableSchema]

    /// The table with exactly this lower-case name (`agent_days`, `whatif.agent_days`), or `nil`.
    /// This is on every statement's path: keep it cheap (no listing of all tables).
    func table(named name: String) throws(QueryError) -> (any QueryTable)?

    /// A short note shown when a statement returns no rows because nothing was ever stored, e.g.
    /// `"the store is empty: run 'tally demo' or 'tally import'"`. `nil` when the store has data.
    func emptyStoreNotice() -> String?
}

extension QuerySnapshot {
    /// By default a snapshot has no empty-store note.
    public func emptyStoreNotice() -> String? { nil }
}

/// One table of a snapshot: a schema and a way to stream rows in key (or index) order.
public protocol QueryTable {
    /// The table's columns, key and secondary indexes.
    var schema: TableSchema { get }

    /// Calls `visit` once per row of `request.constraint`, in the order of the key (or of
    /// `schema.indexes[request.index]`; descending when `request.descending`), until the rows run
    /// out or `visit` returns `.stop`. The constraint's values are in the order of those columns.
    ///
    /// - The row passed to `visit` has `schema.columns.count` values, each of its column's type or
    ///   `NULL`; columns not in `request.columns` may be left `NULL`. The table may reuse one array
    ///   for every row (the engine copies what it keeps). Timestamps and days lie within years
    ///   1–9999.
    /// - The table may ignore all or part of the constraint (visiting more rows) and must then
    ///   report `exact: false`; it must never skip a row the constraint admits.
    /// - Errors thrown by `visit` must propagate unchanged, ending the scan.
    /// - Complexity: a constrained scan costs a seek plus the rows inside the constraint; a point
    ///   lookup on the full key must not iterate other rows.
    func scan(
        _ request: ScanRequest,
        visit: (_ row: [QueryValue]) throws(QueryError) -> ScanStep
    ) throws(QueryError) -> ScanOutcome
}
