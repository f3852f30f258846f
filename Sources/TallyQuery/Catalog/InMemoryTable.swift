/// A table held in memory, rows sorted by key: the reference implementation of `QueryTable`.
///
/// Used by the query tests and by anyone who wants to query values they already hold. Scans
/// binary-search the key range, so they honour every constraint exactly.
public struct InMemoryTable: QueryTable, Sendable {
    /// The table's columns, key and indexes.
    public let schema: TableSchema
    /// The rows in ascending key order.
    public private(set) var rows: [[QueryValue]]
    /// For each secondary index, row positions in index order (ties in key order).
    private let indexOrders: [[Int]]

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
        let sorted = rows.sorted { a, b in InMemoryTable.compareKeys(a, b, key) < 0 }
        self.rows = sorted
        indexOrders = schema.indexes.map { index in
            Array(sorted.indices).sorted { a, b in
                let c = InMemoryTable.compareKeys(sorted[a], sorted[b], index.columns)
                return c != 0 ? c < 0 : a < b
            }
        }
    }

    static func compareKeys(_ a: [QueryValue], _ b: [QueryValue], _ key: [Int]) -> Int {
        for k in key {
            let c = QueryValue.compare(a[k], b[k])
            if c != 0 { return c }
        }
        return 0
    }

    /// Positions `0..<count` of an order, and the row at each.
    private struct Order {
        let rows: [[QueryValue]]
        let permutation: [Int]?
        let columns: [Int]

        var count: Int { rows.count }
        func row(_ i: Int) -> [QueryValue] { rows[permutation?[i] ?? i] }

        /// The first position whose row is not `.before` (or, `past: true`, is `.after`) the constraint.
        func boundary(_ constraint: KeyConstraint, past: Bool) -> Int {
            var low = 0
            var high = count
            while low < high {
                let mid = (low + high) / 2
                let position = constraint.position(ofRow: row(mid), keyColumns: columns)
                if past ? position != .after : position == .before { low = mid + 1 } else { high = mid }
            }
            return low
        }
    }

    public func scan(
        _ request: ScanRequest,
        visit: (_ row: [QueryValue]) throws(QueryError) -> ScanStep
    ) throws(QueryError) -> ScanOutcome {
        let order: Order
        if let index = request.index {
            guard index >= 0, index < indexOrders.count else {
                throw QueryError(.storage, "table \(schema.name) has no index \(index)")
            }
            order = Order(rows: rows, permutation: indexOrders[index], columns: schema.indexes[index].columns)
        } else {
            order = Order(rows: rows, permutation: nil, columns: schema.keyColumns)
        }
        let constraint = request.constraint
        let range: Range<Int>
        if constraint.isUnconstrained {
            range = 0..<order.count
        } else if constraint.isEmptyRange {
            range = 0..<0
        } else {
            let start = order.boundary(constraint, past: false)
            range = start..<max(start, order.boundary(constraint, past: true))
        }
        if request.descending {
            for i in range.reversed() where try visit(order.row(i)) == .stop { break }
        } else {
            for i in range where try visit(order.row(i)) == .stop { break }
        }
        return ScanOutcome(exact: true)
    }
}
