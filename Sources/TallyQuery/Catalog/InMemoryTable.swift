/// A table held in memory, rows sorted by key: the reference implementation of `QueryTable`.
///
/// Used by the query tests and by anyone who wants to query values they already hold. Scans
/// binary-search the key range, so they honour every constraint exactly.
public struct InMemoryTable: QueryTable, Sendable {
    public let schema: TableSchema
    /// The rows in ascending key order.
    public private(set) var rows: [[QueryValue]]

    /// A table of `rows`, which are sorted here by key.
    ///
    /// - Throws: `QueryError` `.invalidSchema` when a row has the wrong number of values, a value's
    ///   type differs from its column's, or a key value is `NULL`.
    public init(schema: TableSchema, rows: [[QueryValue]]) throws(QueryError) {
        for (r, row) in rows.enumerated() {
            guard row.count == schema.columns.count else {
                throw QueryError(.invalidSchema, "table \(schema.name): row \(r) has \(row.count) values, expected \(schema.columns.count)")
            }
            for (c, value) in row.enumerated() where !value.isNull && value.type != schema.columns[c].type {
                throw QueryError(.invalidSchema, "table \(schema.name): row \(r), column \(schema.columns[c].name): \(value.type) value in a \(schema.columns[c].type) column")
            }
            for k in schema.keyColumns where row[k].isNull {
                throw QueryError(.invalidSchema, "table \(schema.name): row \(r) has a NULL key column \(schema.columns[k].name)")
            }
        }
        self.schema = schema
        let key = schema.keyColumns
        self.rows = rows.sorted { a, b in InMemoryTable.compareKeys(a, b, key) < 0 }
    }

    static func compareKeys(_ a: [QueryValue], _ b: [QueryValue], _ key: [Int]) -> Int {
        for k in key {
            let c = QueryValue.compare(a[k], b[k])
            if c != 0 { return c }
        }
        return 0
    }

    /// The first index whose key is not `.before` the constraint.
    private func firstInside(_ constraint: KeyConstraint) -> Int {
        let key = schema.keyColumns
        var low = 0
        var high = rows.count
        while low < high {
            let mid = (low + high) / 2
            if constraint.position(ofRow: rows[mid], keyColumns: key) == .before { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The first index whose key is `.after` the constraint.
    private func firstAfter(_ constraint: KeyConstraint) -> Int {
        let key = schema.keyColumns
        var low = 0
        var high = rows.count
        while low < high {
            let mid = (low + high) / 2
            if constraint.position(ofRow: rows[mid], keyColumns: key) != .after { low = mid + 1 } else { high = mid }
        }
        return low
    }

    public func scan(
        _ request: ScanRequest,
        visit: (_ row: [QueryValue]) throws(QueryError) -> ScanStep
    ) throws(QueryError) -> ScanOutcome {
        let constraint = request.constraint
        let range: Range<Int>
        if constraint.isUnconstrained {
            range = 0..<rows.count
        } else if constraint.isEmptyRange {
            range = 0..<0
        } else {
            let start = firstInside(constraint)
            range = start..<max(start, firstAfter(constraint))
        }
        if request.descending {
            for i in range.reversed() where try visit(rows[i]) == .stop { break }
        } else {
            for i in range where try visit(rows[i]) == .stop { break }
        }
        return ScanOutcome(exact: true)
    }
}
