/// One `ORDER BY` key, resolved.
struct SortKey: Hashable, Sendable {
    enum Source: Hashable, Sendable {
        /// An output column (by alias or ordinal, or a matching expression).
        case output(Int)
        /// An expression over the input row (plain queries) or the grouped row.
        case expression(BoundExpr)
    }

    var source: Source
    var descending: Bool
    /// Where NULLs go; by default they sort as the smallest value (first ascending, last descending).
    var nullsFirst: Bool
}

/// The grouping part of an aggregate query.
struct Grouping: Hashable, Sendable {
    /// Group keys, over the input row.
    var keys: [BoundExpr]
    /// Aggregates; their arguments are over the input row. In the grouped row, aggregate `j`
    /// is at index `keys.count + j`.
    var aggregates: [AggregateCall]
    /// Over the grouped row.
    var having: BoundExpr?
}

/// Everything needed to run a statement, decided once before the first row is read.
struct QueryPlan: Sendable {
    /// The table's schema (`nil` for a statement without `FROM`: one empty input row).
    var schema: TableSchema?
    /// The access path: `nil` for the table's key, `i` for `schema.indexes[i]`.
    var index: Int?
    /// The key ranges to scan, in scan order. `[.all]` is a full scan; `[]` means no row can
    /// match (a contradiction was found), so nothing is scanned.
    var scans: [KeyConstraint]
    var descending: Bool
    /// Columns the statement reads.
    var columns: ColumnSet
    /// The whole `WHERE` (plus the tenant scope), re-applied to every row.
    var filter: BoundExpr?
    var grouping: Grouping?
    /// Output expressions, over the input row (plain) or the grouped row (aggregate).
    var outputs: [BoundExpr]
    var resultColumns: [ResultColumn]
    /// `ORDER BY` keys; empty when there is no `ORDER BY` or the scan already delivers the order.
    var sortKeys: [SortKey]
    /// `ORDER BY` was satisfied by scanning in key order.
    var orderedByScan: Bool
    var distinct: Bool
    var limit: Int?
    var offset: Int
    var explain: Bool

    /// A human-readable plan (`EXPLAIN`): one line per step.
    var explanation: [String] {
        var lines: [String] = []
        if let schema {
            let pathColumns = index.map { schema.indexes[$0].columns } ?? schema.keyColumns
            let names = pathColumns.map { schema.columns[$0].name }.joined(separator: ", ")
            let path = index.map { "index \(schema.indexes[$0].name) (\(names))" } ?? "key (\(names))"
            if scans.isEmpty {
                lines.append("SCAN \(schema.name): none (the condition admits no row)")
            } else if scans.count == 1, scans[0].isUnconstrained {
                lines.append("SCAN \(schema.name) (full scan, \(path))" + (descending ? " descending" : ""))
            } else {
                let kind = scans.allSatisfy { $0.equal.count == pathColumns.count && $0.lower == nil && $0.upper == nil } ? "LOOKUP" : "RANGE"
                lines.append("\(kind) \(schema.name) \(path)" + (descending ? " descending" : ""))
                for scan in scans.prefix(8) { lines.append("  \(scan)") }
                if scans.count > 8 { lines.append("  … \(scans.count - 8) more") }
            }
            let read = columns.indices.compactMap { $0 < schema.columns.count ? schema.columns[$0].name : nil }
            lines.append("READ " + (read.isEmpty ? "(no columns)" : read.joined(separator: ", ")))
        } else {
            lines.append("ONE ROW (no FROM)")
        }
        if filter != nil { lines.append("FILTER (WHERE re-checked on every row)") }
        if let grouping {
            lines.append("GROUP BY \(grouping.keys.count) key(s), \(grouping.aggregates.count) aggregate(s)")
            if grouping.having != nil { lines.append("HAVING") }
        }
        if distinct { lines.append("DISTINCT") }
        if orderedByScan {
            lines.append("ORDER BY: key order, no sort")
        } else if !sortKeys.isEmpty {
            lines.append(limit.map { "SORT top \($0 + offset)" } ?? "SORT")
        }
        if let limit { lines.append("LIMIT \(limit)" + (offset > 0 ? " OFFSET \(offset)" : "")) } else if offset > 0 { lines.append("OFFSET \(offset)") }
        return lines
    }
}
