/// Derives the key ranges a table must scan from the conjuncts of a `WHERE` clause.
///
/// Conjuncts of the form `key_column op constant` (`=`, `<`, `<=`, `>`, `>=`, `BETWEEN`, which the
/// binder desugars to two comparisons) and `key_column IN (constants…)` are used; everything else
/// is left to the filter, which is always applied anyway. Walking the key columns in order: an
/// equality extends the pinned prefix; an `IN` list multiplies it (up to `maximumScans` lookups, in
/// ascending order); the first column with neither ends the prefix, with its range bounds if any.
enum KeyAccess {
    /// At most this many separate key scans come out of `IN` lists; beyond, the prefix stops there.
    static let maximumScans = 1024

    struct Facts {
        var equal: QueryValue?
        var inValues: [QueryValue]?
        var lower: KeyBound?
        var upper: KeyBound?
    }

    struct Result {
        /// The scans in ascending key order; `[.all]` for a full scan, `[]` when nothing can match.
        var scans: [KeyConstraint]
        /// Columns fixed to one value by an equality conjunct (constant over every matching row).
        var pinned: Set<Int>
        /// Key columns fixed per scan (equality or IN), as a count of leading key columns.
        var prefixLength: Int
    }

    static func derive(from filter: BoundExpr?, keyColumns: [Int], schema: TableSchema) -> Result {
        var facts: [Int: Facts] = [:]
        var contradiction = false
        for conjunct in filter?.conjuncts ?? [] {
            switch conjunct {
            case .constant(.bool(false)), .constant(.null):
                contradiction = true
            case let .compare(op, .column(i), .constant(v)):
                apply(op, i, v, schema, &facts, &contradiction)
            case let .compare(op, .constant(v), .column(i)):
                apply(op.mirrored, i, v, schema, &facts, &contradiction)
            case let .inList(.column(i), items, negated: false):
                var values: [QueryValue] = []
                var usable = true
                for item in items {
                    guard case let .constant(v) = item else {
                        usable = false
                        break
                    }
                    if v.isNull { continue }
                    guard v.type == schema.columns[i].type else {
                        usable = false
                        break
                    }
                    values.append(v)
                }
                guard usable else { continue }
                var f = facts[i] ?? Facts()
                if let existing = f.inValues {
                    values = values.filter { v in existing.contains { QueryValue.compare($0, v) == 0 } }
                }
                f.inValues = values
                if values.isEmpty { contradiction = true }
                facts[i] = f
            default:
                continue
            }
        }
        let pinned = Set(facts.compactMap { $0.value.equal == nil ? nil : $0.key })
        if contradiction { return Result(scans: [], pinned: pinned, prefixLength: 0) }

        var prefixes: [[QueryValue]] = [[]]
        var lower: KeyBound?
        var upper: KeyBound?
        for column in keyColumns {
            let f = facts[column] ?? Facts()
            if let eq = f.equal {
                if let values = f.inValues, !values.contains(where: { QueryValue.compare($0, eq) == 0 }) {
                    return Result(scans: [], pinned: pinned, prefixLength: 0)
                }
                for i in prefixes.indices { prefixes[i].append(eq) }
            } else if let values = f.inValues, prefixes.count * values.count <= maximumScans {
                var sorted = values.sorted { QueryValue.compare($0, $1) < 0 }
                sorted = sorted.enumerated().filter { $0.offset == 0 || QueryValue.compare(sorted[$0.offset - 1], $0.element) != 0 }.map(\.element)
                prefixes = prefixes.flatMap { p in sorted.map { p + [$0] } }
            } else {
                lower = f.lower
                upper = f.upper
                break
            }
        }
        let prefixLength = prefixes.first?.count ?? 0
        var scans = prefixes.map { KeyConstraint(equal: $0, lower: lower, upper: upper) }
        scans.removeAll { $0.isEmptyRange }
        return Result(scans: scans, pinned: pinned, prefixLength: prefixLength)
    }

    /// How well an access path narrows the scan, for choosing between the key and the indexes:
    /// a contradiction beats everything, then a lookup on the whole key, then a longer equal
    /// prefix, then a range.
    static func rank(_ result: Result, columnCount: Int) -> [Int] {
        guard let first = result.scans.first else { return [1, 0, 0, 0] }
        let bounded = first.lower != nil || first.upper != nil
        let unique = result.prefixLength == columnCount && !bounded
        return [0, unique ? 1 : 0, result.prefixLength, bounded ? 1 : 0]
    }

    private static func apply(_ op: BinaryOperator, _ i: Int, _ v: QueryValue, _ schema: TableSchema, _ facts: inout [Int: Facts], _ contradiction: inout Bool) {
        if v.isNull {
            contradiction = true
            return
        }
        guard i < schema.columns.count, v.type == schema.columns[i].type else { return }
        var f = facts[i] ?? Facts()
        switch op {
        case .equal:
            if let existing = f.equal, QueryValue.compare(existing, v) != 0 { contradiction = true }
            f.equal = v
            if let lower = f.lower, !admits(lower: lower, v) { contradiction = true }
            if let upper = f.upper, !admits(upper: upper, v) { contradiction = true }
        case .greater, .greaterEqual:
            let bound = KeyBound(v, inclusive: op == .greaterEqual)
            if let existing = f.lower {
                let c = QueryValue.compare(v, existing.value)
                if c > 0 || (c == 0 && !bound.inclusive) { f.lower = bound }
            } else {
                f.lower = bound
            }
            if let eq = f.equal, !admits(lower: bound, eq) { contradiction = true }
        case .less, .lessEqual:
            let bound = KeyBound(v, inclusive: op == .lessEqual)
            if let existing = f.upper {
                let c = QueryValue.compare(v, existing.value)
                if c < 0 || (c == 0 && !bound.inclusive) { f.upper = bound }
            } else {
                f.upper = bound
            }
            if let eq = f.equal, !admits(upper: bound, eq) { contradiction = true }
        default:
            return
        }
        facts[i] = f
    }

    private static func admits(lower: KeyBound, _ v: QueryValue) -> Bool {
        let c = QueryValue.compare(v, lower.value)
        return c > 0 || (c == 0 && lower.inclusive)
    }

    private static func admits(upper: KeyBound, _ v: QueryValue) -> Bool {
        let c = QueryValue.compare(v, upper.value)
        return c < 0 || (c == 0 && upper.inclusive)
    }
}
