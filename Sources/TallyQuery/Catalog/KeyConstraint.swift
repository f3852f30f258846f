/// One end of a key range.
public struct KeyBound: Hashable, Sendable {
    /// The bound, of the key column's type (never `NULL`).
    public var value: QueryValue
    /// Whether rows equal to `value` are inside the range.
    public var inclusive: Bool

    public init(_ value: QueryValue, inclusive: Bool) {
        self.value = value
        self.inclusive = inclusive
    }
}

/// The part of a `WHERE` clause a table can answer by seeking in its key order.
///
/// With key columns `k0, k1, …, kn`, a constraint pins `k0 … k(p-1)` to the values in `equal`
/// (`p = equal.count`, a prefix of the key) and optionally bounds `kp` by `lower`/`upper`. Examples,
/// for `agent_days` keyed `(day, tenant, agent, model)`:
///
/// | WHERE | equal | lower | upper |
/// |---|---|---|---|
/// | `day = '2026-03-01' AND tenant = 'acme'` | `[day 2026-03-01, 'acme']` | – | – |
/// | `day BETWEEN '2026-01-01' AND '2026-03-31'` | `[]` | `2026-01-01` incl. | `2026-03-31` incl. |
/// | `day = '2026-03-01' AND tenant > 'b'` | `[day 2026-03-01]` | `'b'` excl. | – |
///
/// Values are already converted to the column's type (a day column receives `.day`, a timestamp
/// column `.timestamp`). Rows inside the constraint form one contiguous run of the key order.
public struct KeyConstraint: Hashable, Sendable, CustomStringConvertible {
    /// Values of the first `equal.count` key columns, in key order.
    public var equal: [QueryValue]
    /// Lower bound of the key column after the equal prefix, if any.
    public var lower: KeyBound?
    /// Upper bound of the key column after the equal prefix, if any.
    public var upper: KeyBound?

    public init(equal: [QueryValue] = [], lower: KeyBound? = nil, upper: KeyBound? = nil) {
        self.equal = equal
        self.lower = lower
        self.upper = upper
    }

    /// No constraint: the whole table.
    public static let all = KeyConstraint()

    /// Whether this constraint admits every row.
    public var isUnconstrained: Bool { equal.isEmpty && lower == nil && upper == nil }

    /// Where a row with these key values (in key order) lies relative to the constraint, in
    /// ascending key order: before its first row, inside it, or after its last row.
    ///
    /// A scan in ascending order can seek to the first candidate, skip `.before`, stop at the first
    /// `.after`; a descending scan the reverse. Extra key values beyond the constrained ones are
    /// ignored; `keyValues` must hold at least `equal.count` values (plus one when bounded).
    public func position(ofKey keyValues: [QueryValue]) -> KeyPosition {
        for (i, value) in equal.enumerated() {
            guard i < keyValues.count else { return .inside }
            let c = QueryValue.compare(keyValues[i], value)
            if c < 0 { return .before }
            if c > 0 { return .after }
        }
        let i = equal.count
        guard i < keyValues.count else { return .inside }
        return rangePosition(keyValues[i])
    }

    /// Where a whole row lies relative to the constraint, reading its key columns (indices into
    /// `row`, in key order) in place — no key array is built.
    public func position(ofRow row: [QueryValue], keyColumns: [Int]) -> KeyPosition {
        for (i, value) in equal.enumerated() {
            guard i < keyColumns.count else { return .inside }
            let c = QueryValue.compare(row[keyColumns[i]], value)
            if c < 0 { return .before }
            if c > 0 { return .after }
        }
        let i = equal.count
        guard i < keyColumns.count else { return .inside }
        return rangePosition(row[keyColumns[i]])
    }

    /// Where the value of the bounded key column lies relative to `lower`/`upper`.
    private func rangePosition(_ v: QueryValue) -> KeyPosition {
        if let lower {
            let c = QueryValue.compare(v, lower.value)
            if c < 0 || (c == 0 && !lower.inclusive) { return .before }
        }
        if let upper {
            let c = QueryValue.compare(v, upper.value)
            if c > 0 || (c == 0 && !upper.inclusive) { return .after }
        }
        return .inside
    }

    /// Whether the constraint can admit no row at all (an empty range such as `x > 5 AND x < 3`).
    public var isEmptyRange: Bool {
        guard let lower, let upper else { return false }
        let c = QueryValue.compare(lower.value, upper.value)
        return c > 0 || (c == 0 && !(lower.inclusive && upper.inclusive))
    }

    /// A compact rendering for `EXPLAIN` and test messages, e.g. `[='c1'] (>= 3, < 9)`.
    public var description: String {
        var parts: [String] = []
        if !equal.isEmpty { parts.append("= (" + equal.map(\.sqlLiteral).joined(separator: ", ") + ")") }
        if let lower { parts.append((lower.inclusive ? ">= " : "> ") + lower.value.sqlLiteral) }
        if let upper { parts.append((upper.inclusive ? "<= " : "< ") + upper.value.sqlLiteral) }
        return parts.isEmpty ? "all" : parts.joined(separator: " ")
    }
}

/// Where a key lies relative to a `KeyConstraint`, in ascending key order.
public enum KeyPosition: Hashable, Sendable {
    case before, inside, after
}
