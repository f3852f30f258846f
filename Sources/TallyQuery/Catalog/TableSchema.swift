/// One column of a table, as `.schema` shows it.
public struct ColumnDescription: Hashable, Sendable {
    /// Lower-case column name, e.g. `cost_usd`.
    public var name: String
    /// The type of every value of the column (each value is of this type or `NULL`).
    public var type: QueryType
    /// One line on what the column holds, shown by `.schema`.
    public var doc: String

    public init(_ name: String, _ type: QueryType, _ doc: String = "") {
        self.name = name
        self.type = type
        self.doc = doc
    }
}

/// The shape of a table: its name, its columns in display order, and its key.
///
/// The key is the order the table is stored in (for LMDB tables, the order of the LMDB keys). The
/// planner turns `WHERE` conditions on a prefix of the key into a `KeyConstraint`, so a table must
/// be able to seek on that prefix cheaply. Key values are never `NULL`.
public struct TableSchema: Hashable, Sendable {
    /// Lower-case name, possibly qualified: `agent_days`, `whatif.agent_days`.
    public var name: String
    /// The columns, in the order `SELECT *` shows them.
    public var columns: [ColumnDescription]
    /// Indices into `columns` of the key columns, in key order.
    public var keyColumns: [Int]
    /// One line on what the table holds, shown by `.schema`.
    public var doc: String

    /// A schema whose key is given by column names, in key order.
    ///
    /// - Throws: `QueryError` with code `.invalidSchema` when a key column is not one of `columns`,
    ///   is named twice, or two columns share a name.
    public init(name: String, columns: [ColumnDescription], key: [String], doc: String = "") throws(QueryError) {
        var seen = Set<String>()
        for column in columns where !seen.insert(column.name.lowercased()).inserted {
            throw QueryError(.invalidSchema, "table \(name): column \(column.name) is defined twice")
        }
        var indices: [Int] = []
        for keyName in key {
            guard let index = columns.firstIndex(where: { $0.name.lowercased() == keyName.lowercased() }) else {
                throw QueryError(.invalidSchema, "table \(name): key column \(keyName) is not a column")
            }
            guard !indices.contains(index) else {
                throw QueryError(.invalidSchema, "table \(name): key column \(keyName) is named twice")
            }
            indices.append(index)
        }
        self.name = name.lowercased()
        self.columns = columns
        self.keyColumns = indices
        self.doc = doc
    }

    /// The same columns and key under another name (e.g. the `whatif.` copy of a projection).
    public func renamed(_ newName: String) -> TableSchema {
        var copy = self
        copy.name = newName.lowercased()
        return copy
    }

    /// The index of the column with this name (case-insensitive), or `nil`.
    public func columnIndex(named name: String) -> Int? {
        if let exact = columns.firstIndex(where: { $0.name == name }) { return exact }
        let lower = name.lowercased()
        return columns.firstIndex(where: { $0.name.lowercased() == lower })
    }

    /// The index of the `tenant` column, if the table has one (`.tenant` scoping filters on it).
    public var tenantColumn: Int? { columnIndex(named: "tenant") }
}
