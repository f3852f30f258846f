/// What the executor asks of a table: which rows, in which direction, which columns.
public struct ScanRequest: Hashable, Sendable {
    /// Which order to scan and constrain: `nil` for the table's key, `i` for `schema.indexes[i]`
    /// (the constraint then applies to that index's columns, and rows come in its order).
    public var index: Int?
    /// The key range to visit. The executor re-applies the whole `WHERE` clause to every row it
    /// receives, so a table may deliver more rows than the constraint admits (and say so in
    /// `ScanOutcome.exact`), but never fewer.
    public var constraint: KeyConstraint
    /// `false`: ascending key (or index) order; `true`: descending. Rows must arrive in this order: the
    /// executor relies on it to answer `ORDER BY <key> [DESC] LIMIT n` without sorting, stopping
    /// after `n` rows.
    public var descending: Bool
    /// The columns the query reads. The table must fill these; it may leave the others `NULL`
    /// (so a table can skip decoding what nobody reads).
    public var columns: ColumnSet

    public init(index: Int? = nil, constraint: KeyConstraint = .all, descending: Bool = false, columns: ColumnSet) {
        self.index = index
        self.constraint = constraint
        self.descending = descending
        self.columns = columns
    }
}
