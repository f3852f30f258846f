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

/// The shape of a table: its name, its columns in display order, its key, and any secondary
/// indexes.
///
/// The key is the order the table is stored in (for LMDB tables, the order of the LMDB keys). The
/// planner turns `WHERE` conditions on a prefix of the key into a `KeyConstraint`, so a table must
/// be able to seek on that prefix cheaply. Key values are never `NULL`.
///
/// A secondary index is another order the table can be scanned in (for LMDB, a second database
/// mapping index columns to the primary key), e.g. `events` by `ts`. When a `WHERE` condition
/// constrains an index better than the key, the planner scans the index instead.
public struct TableSchema: Hashable, Sendable {
    /// Lower-case name, possibly qualified: `agent_days`, `whatif.agent_days`.
    public var name: String
    /// The columns, in the order `SELECT *` shows them.
    public var columns: [ColumnDescription]
    /// Indices into `columns` of the key columns, in key order.
    public var keyColumns: [Int]
    /// Secondary indexes: other column orders the table can be scanned in.
    public var indexes: [TableIndex]
    /// How many leading key columns the stored order follows. A store may key rows by interned
    /// ids (fast point lookups) whose order is not the columns' value order: such key columns
    /// still serve equality lookups, but the planner neither relies on their order for
    /// `ORDER BY` nor expects ranges on them to be seeks. Defaults to the whole key.
    public var orderedKeyColumns: Int
    /// One line on what the table holds, shown by `.schema`.
    public var doc: String

    /// A schema whose key (and indexes) are given by column names, in order.
    ///
    /// - Parameters:
    ///   - key: the key columns, in key order (at least one).
    ///   - indexes: secondary indexes, each a list of column names in index order; the index of
    ///     position `i` here is `ScanRequest.index == i`.
    /// - Throws: `QueryError` with code `.invalidSchema` when a key or index column is not one of
    ///   `columns` or is named twice in one key, the key is empty, or two columns share a name.
    public init(
        name: String, columns: [ColumnDescription], key: [String], indexes: [[String]] = [], doc: String = "",
        orderedKeyColumns: Int? = nil
    ) throws(QueryError) {
        var seen = Set<String>()
        for column in columns where !seen.insert(column.name.lowercased()).inserted {
            throw QueryError(.invalidSchema, "table \(name): column \(column.name) is defined twice")
        }
        func resolve(_ names: [String], _ what: String) throws(QueryError) -> [Int] {
            guard !names.isEmpty else { throw QueryError(.invalidSchema, "table \(name): the \(what) has no columns") }
            var indices: [Int] = []
            for columnName in names {
                guard let index = columns.firstIndex(where: { $0.name.lowercased() == columnName.lowercased() }) else {
                    throw QueryError(.invalidSchema, "table \(name): \(what) column \(columnName) is not a column")
                }
                guard !indices.contains(index) else {
                    throw QueryError(.invalidSchema, "table \(name): \(what) column \(columnName) is named twice")
                }
                indices.append(index)
            }
            return indices
        }
        let lowerName = name.lowercased()
        self.name = lowerName
        self.columns = columns
        self.keyColumns = try resolve(key, "key")
        self.orderedKeyColumns = min(orderedKeyColumns ?? key.count, key.count)
        var resolved: [TableIndex] = []
        for index in indexes {
            let columnIndices = try resolve(index, "index")
            let indexName = lowerName.split(separator: ".").last.map(String.init) ?? lowerName
            resolved.append(TableIndex(name: indexName + "_by_" + columnIndices.map { columns[$0].name }.joined(separator: "_"), columns: columnIndices))
        }
        self.indexes = resolved
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

/// A secondary index: a second order a table can be scanned in.
public struct TableIndex: Hashable, Sendable {
    /// A name for `EXPLAIN` and `.schema`, e.g. `events_by_ts`.
    public var name: String
    /// Indices into the table's columns, in index order. Rows scanned through the index arrive
    /// ordered by these columns; rows equal on all of them arrive in any order. Index column
    /// values may be `NULL` (sorted first).
    public var columns: [Int]

    public init(name: String, columns: [Int]) {
        self.name = name
        self.columns = columns
    }
}
