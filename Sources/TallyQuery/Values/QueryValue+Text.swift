import Tally

extension QueryValue: CustomStringConvertible {
    /// The value as plain text, as the table, csv, markdown and line modes print it.
    ///
    /// Money prints every exact digit (no exponent, no trailing zeros), timestamps as RFC 3339 with
    /// milliseconds, days as `YYYY-MM-DD`, booleans as `true`/`false`, doubles in their shortest
    /// round-trip form. `NULL` is the empty string here; renderers choose how to show it.
    public var description: String {
        switch self {
        case .null: ""
        case let .integer(v): String(v)
        case let .money(m): m.description
        case let .double(d): QueryValue.format(d)
        case let .text(s): s
        case let .timestamp(ts): Conversion.timestampRange.contains(ts.milliseconds) ? ts.rfc3339 : "timestamp(\(ts.milliseconds))"
        case let .day(d): Conversion.dayRange.contains(d) ? TimeCoercion.dayString(d) : "day(\(d))"
        case let .bool(b): b ? "true" : "false"
        }
    }

    /// A double in its shortest round-trip form: `2.0`, `0.125`, `1e-07`, `nan`, `inf`.
    static func format(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return d.description
    }

    /// The value as a SQL literal (for `EXPLAIN` output and messages): text quoted, `NULL` spelled.
    public var sqlLiteral: String {
        switch self {
        case .null: "NULL"
        case let .text(s): "'" + s.replacingAll("'", with: "''") + "'"
        case .timestamp, .day: "'" + description + "'"
        default: description
        }
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation needed).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var out = ""
        out.reserveCapacity(utf8.count + 8)
        for ch in self {
            if ch == target { out += replacement } else { out.append(ch) }
        }
        return out
    }
}
