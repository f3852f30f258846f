/// What running a statement cost, for `.stats`-style reporting and tests.
public struct QueryStats: Hashable, Sendable {
    /// Rows the table delivered (before the `WHERE` filter).
    public var rowsScanned = 0
    /// Rows that passed the `WHERE` filter.
    public var rowsMatched = 0
    /// Separate key scans issued (one per point of an `IN` list on a key column).
    public var scans = 0
    /// Whether every scan honoured its key constraint exactly.
    public var exact = true

    public init() {}
}

/// Runs a `QueryPlan` against its table, streaming rows to a callback.
///
/// Three shapes: a plain statement with no sort streams (stopping the scan once `LIMIT` rows are
/// out); a plain statement with a sort keeps `OFFSET + LIMIT` rows in a heap (or all rows without
/// `LIMIT`); an aggregate statement folds rows into per-group accumulators (hash on the group key)
/// and sorts the groups. Nothing else is materialised.
struct Executor {
    let plan: QueryPlan
    let table: (any QueryTable)?
    let options: QueryOptions

    /// How often (in rows) the interrupt callback is polled.
    static let interruptInterval = 4096

    func run(_ emit: (_ row: [QueryValue]) throws(QueryError) -> Void) throws(QueryError) -> QueryStats {
        var stats = QueryStats()
        if plan.limit == 0 { return stats }
        if let grouping = plan.grouping {
            try runGrouped(grouping, &stats, emit)
        } else if plan.sortKeys.isEmpty {
            try runStreaming(&stats, emit)
        } else {
            try runSorted(&stats, emit)
        }
        return stats
    }

    /// Calls `body` for each input row that passes the filter, until it returns `.stop`.
    private func forEachRow(
        _ stats: inout QueryStats, _ body: (_ row: [QueryValue]) throws(QueryError) -> ScanStep
    ) throws(QueryError) {
        guard let table else {
            // No FROM: one empty row.
            stats.rowsScanned = 1
            if let filter = plan.filter, try !filter.holds([]) { return }
            stats.rowsMatched = 1
            _ = try body([])
            return
        }
        let filter = plan.filter
        let isInterrupted = options.isInterrupted
        var stopped = false
        var scanned = 0
        var matched = 0
        for constraint in plan.scans where !stopped {
            let request = ScanRequest(index: plan.index, constraint: constraint, descending: plan.descending, columns: plan.columns)
            stats.scans += 1
            let outcome = try table.scan(request) { (row: [QueryValue]) throws(QueryError) -> ScanStep in
                scanned += 1
                if scanned % Executor.interruptInterval == 0, let isInterrupted, isInterrupted() {
                    throw QueryError(.interrupted, "interrupted")
                }
                if let filter, try !filter.holds(row) { return .next }
                matched += 1
                let step = try body(row)
                if step == .stop { stopped = true }
                return step
            }
            if !outcome.exact { stats.exact = false }
        }
        stats.rowsScanned = scanned
        stats.rowsMatched = matched
    }

    private func outputRow(_ row: [QueryValue]) throws(QueryError) -> [QueryValue] {
        var out: [QueryValue] = []
        out.reserveCapacity(plan.outputs.count)
        for e in plan.outputs { out.append(try e.evaluate(row)) }
        return out
    }

    private func sortValues(_ row: [QueryValue], _ out: [QueryValue]) throws(QueryError) -> [QueryValue] {
        var keys: [QueryValue] = []
        keys.reserveCapacity(plan.sortKeys.count)
        for key in plan.sortKeys {
            switch key.source {
            case let .output(i): keys.append(out[i])
            case let .expression(e): keys.append(try e.evaluate(row))
            }
        }
        return keys
    }

    private func runStreaming(_ stats: inout QueryStats, _ emit: (_ row: [QueryValue]) throws(QueryError) -> Void) throws(QueryError) {
        var skipped = 0
        var emitted = 0
        var seen = Set<[QueryValue]>()
        let limit = plan.limit
        try forEachRow(&stats) { (row: [QueryValue]) throws(QueryError) -> ScanStep in
            let out = try outputRow(row)
            if plan.distinct, !seen.insert(out).inserted { return .next }
            if skipped < plan.offset {
                skipped += 1
                return .next
            }
            try emit(out)
            emitted += 1
            if let limit, emitted >= limit { return .stop }
            return .next
        }
    }

    private func runSorted(_ stats: inout QueryStats, _ emit: (_ row: [QueryValue]) throws(QueryError) -> Void) throws(QueryError) {
        var collector = ResultCollector(sortKeys: plan.sortKeys, distinct: plan.distinct, limit: plan.limit, offset: plan.offset)
        try forEachRow(&stats) { (row: [QueryValue]) throws(QueryError) -> ScanStep in
            let out = try outputRow(row)
            collector.add(output: out, keys: try sortValues(row, out))
            return .next
        }
        try collector.finish(emit)
    }

    private func runGrouped(_ grouping: Grouping, _ stats: inout QueryStats, _ emit: (_ row: [QueryValue]) throws(QueryError) -> Void) throws(QueryError) {
        // count(*) has no argument: it reads a constant (never NULL, so every row counts).
        let arguments = grouping.aggregates.map { $0.argument ?? .constant(.bool(true)) }
        let fresh = grouping.aggregates.map(Accumulator.init)
        let width = fresh.count
        let keys = grouping.keys
        var groupKeys: [[QueryValue]] = []
        // Every group's accumulators, side by side: group g's aggregate j is at g × width + j.
        var states: [Accumulator] = []
        var indexByKey: [[QueryValue]: Int] = [:]
        var indexBySingleKey: [QueryValue: Int] = [:]

        func newGroup(_ key: [QueryValue]) -> Int {
            groupKeys.append(key)
            states.append(contentsOf: fresh)
            return groupKeys.count - 1
        }
        if keys.isEmpty { _ = newGroup([]) }

        try forEachRow(&stats) { (row: [QueryValue]) throws(QueryError) -> ScanStep in
            let group: Int
            switch keys.count {
            case 0:
                group = 0
            case 1:
                let value = try keys[0].evaluate(row)
                if let existing = indexBySingleKey[value] {
                    group = existing
                } else {
                    group = newGroup([value])
                    indexBySingleKey[value] = group
                }
            default:
                var key: [QueryValue] = []
                key.reserveCapacity(keys.count)
                for k in keys { key.append(try k.evaluate(row)) }
                if let existing = indexByKey[key] {
                    group = existing
                } else {
                    group = newGroup(key)
                    indexByKey[key] = group
                }
            }
            let base = group * width
            for j in 0..<width {
                states[base + j].add(try arguments[j].evaluate(row))
            }
            return .next
        }

        var collector = ResultCollector(sortKeys: plan.sortKeys, distinct: plan.distinct, limit: plan.limit, offset: plan.offset)
        for (g, key) in groupKeys.enumerated() {
            var groupedRow = key
            groupedRow.reserveCapacity(key.count + width)
            for j in 0..<width { groupedRow.append(try states[g * width + j].result()) }
            if let having = grouping.having, try !having.holds(groupedRow) { continue }
            let out = try outputRow(groupedRow)
            collector.add(output: out, keys: try sortValues(groupedRow, out))
        }
        try collector.finish(emit)
    }
}
