/// The aggregate functions.
enum AggregateKind: String, Hashable, Sendable {
    case countRows, count, sum, avg, min, max, percentile

    /// The aggregate a call name denotes (`median` is `percentile` at 0.5); `nil` for other names.
    init?(name: String) {
        switch name {
        case "count": self = .count
        case "sum": self = .sum
        case "avg": self = .avg
        case "min": self = .min
        case "max": self = .max
        case "percentile", "median": self = .percentile
        default: return nil
        }
    }
}

/// One aggregate of a grouped query, bound and typed.
///
/// Result types: `count` → integer; `sum` → the argument's type (integer, money or double);
/// `avg` → money for money (rounded half away from zero to the picodollar), else double;
/// `min`/`max` → the argument's type; `percentile` → double for numbers, money for money,
/// timestamp for timestamps (linear interpolation between the two nearest ranks, as DuckDB's
/// `quantile_cont`).
struct AggregateCall: Hashable, Sendable {
    var kind: AggregateKind
    /// The argument (`nil` for `count(*)`), bound over the input row.
    var argument: BoundExpr?
    var distinct: Bool
    /// The `p` of `percentile(x, p)`.
    var fraction: Double
    var argumentType: QueryType
    var resultType: QueryType
    var location: Located
}
