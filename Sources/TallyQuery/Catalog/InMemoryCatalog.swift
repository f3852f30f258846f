/// A catalog of in-memory tables: the reference implementation of `QueryCatalog`.
///
/// Tables can be added or replaced at any time (a test's what-if hook adds `whatif.` tables);
/// each statement's snapshot is a copy of the table set taken when the statement starts, so a
/// statement never sees a half-changed catalog.
public final class InMemoryCatalog: QueryCatalog {
    private var tables: [String: InMemoryTable]
    /// The note snapshots report when a statement returns no rows (see `QuerySnapshot`).
    public var emptyStoreNotice: String?

    /// A catalog holding `tables` (keyed by their lower-case schema names).
    public init(tables: [InMemoryTable] = [], emptyStoreNotice: String? = nil) {
        var byName: [String: InMemoryTable] = [:]
        for table in tables { byName[table.schema.name] = table }
        self.tables = byName
        self.emptyStoreNotice = emptyStoreNotice
    }

    /// Adds a table, replacing any table of the same name.
    public func add(_ table: InMemoryTable) {
        tables[table.schema.name] = table
    }

    /// Removes the table with this name, if any.
    public func remove(named name: String) {
        tables[name.lowercased()] = nil
    }

    /// The names of the tables, sorted.
    public var tableNames: [String] { tables.keys.sorted() }

    public func withSnapshot<R>(_ body: (any QuerySnapshot) throws(QueryError) -> R) throws(QueryError) -> R {
        try body(InMemorySnapshot(tables: tables, notice: emptyStoreNotice))
    }
}

/// One statement's view of an `InMemoryCatalog`.
struct InMemorySnapshot: QuerySnapshot {
    let tables: [String: InMemoryTable]
    let notice: String?

    func tableSchemas() throws(QueryError) -> [TableSchema] {
        tables.values.map(\.schema).sorted { $0.name < $1.name }
    }

    func table(named name: String) throws(QueryError) -> (any QueryTable)? {
        tables[name]
    }

    func emptyStoreNotice() -> String? { notice }
}
