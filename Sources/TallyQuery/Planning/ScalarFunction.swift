/// The scalar (row-by-row) functions, with their constant arguments already read.
enum ScalarFunction: Hashable, Sendable {
    case coalesce
    case nullif
    /// `round(x, digits)`.
    case round(Int)
    case abs
    case lower
    case upper
    case length
    case substr
    /// `day(ts)`: the UTC day of a timestamp.
    case day
    case hour
    case year
    case month
    /// `date_trunc(unit, ts)`.
    case dateTrunc(TruncationUnit)
    case epochMilliseconds
}

/// The units of `date_trunc`.
enum TruncationUnit: String, Hashable, Sendable, CaseIterable {
    case hour, day, week, month, year
}

/// One entry of the function table: name, arity and a line of help.
struct FunctionInfo: Sendable {
    var name: String
    var arity: ClosedRange<Int>
    var signature: String
    var doc: String
}

/// Every function the language knows, scalar and aggregate: the one table that drives the binder's
/// name lookup, "did you mean" for unknown functions, and the help text.
enum FunctionCatalog {
    static let scalars: [FunctionInfo] = [
        FunctionInfo(name: "coalesce", arity: 1...64, signature: "coalesce(x, y, …)", doc: "the first argument that is not NULL"),
        FunctionInfo(name: "ifnull", arity: 2...2, signature: "ifnull(x, y)", doc: "x, or y when x is NULL"),
        FunctionInfo(name: "nullif", arity: 2...2, signature: "nullif(x, y)", doc: "NULL when x = y, else x"),
        FunctionInfo(name: "round", arity: 1...2, signature: "round(x [, digits])", doc: "half away from zero; money stays exact"),
        FunctionInfo(name: "abs", arity: 1...1, signature: "abs(x)", doc: "absolute value"),
        FunctionInfo(name: "lower", arity: 1...1, signature: "lower(text)", doc: "lower case"),
        FunctionInfo(name: "upper", arity: 1...1, signature: "upper(text)", doc: "upper case"),
        FunctionInfo(name: "length", arity: 1...1, signature: "length(text)", doc: "number of characters"),
        FunctionInfo(name: "substr", arity: 2...3, signature: "substr(text, start [, count])", doc: "characters from start (1-based)"),
        FunctionInfo(name: "day", arity: 1...1, signature: "day(ts)", doc: "the UTC day, shown YYYY-MM-DD"),
        FunctionInfo(name: "date", arity: 1...1, signature: "date(ts)", doc: "same as day(ts)"),
        FunctionInfo(name: "hour", arity: 1...1, signature: "hour(ts)", doc: "hour of the day, 0–23 (UTC)"),
        FunctionInfo(name: "year", arity: 1...1, signature: "year(ts)", doc: "calendar year (UTC)"),
        FunctionInfo(name: "month", arity: 1...1, signature: "month(ts)", doc: "calendar month, 1–12 (UTC)"),
        FunctionInfo(name: "date_trunc", arity: 2...2, signature: "date_trunc('hour'|'day'|'week'|'month'|'year', ts)", doc: "start of the period (weeks start on Monday)"),
        FunctionInfo(name: "epoch_ms", arity: 1...1, signature: "epoch_ms(ts)", doc: "milliseconds since 1970-01-01T00:00:00Z"),
    ]

    static let aggregates: [FunctionInfo] = [
        FunctionInfo(name: "count", arity: 1...1, signature: "count(*) | count([DISTINCT] x)", doc: "rows, or non-NULL values"),
        FunctionInfo(name: "sum", arity: 1...1, signature: "sum([DISTINCT] x)", doc: "total; exact for money and integers"),
        FunctionInfo(name: "avg", arity: 1...1, signature: "avg([DISTINCT] x)", doc: "mean; money to the picodollar, integers as double"),
        FunctionInfo(name: "min", arity: 1...1, signature: "min(x)", doc: "smallest value"),
        FunctionInfo(name: "max", arity: 1...1, signature: "max(x)", doc: "largest value"),
        FunctionInfo(name: "percentile", arity: 2...2, signature: "percentile(x, p)", doc: "p-quantile (0 ≤ p ≤ 1), interpolated"),
        FunctionInfo(name: "median", arity: 1...1, signature: "median(x)", doc: "percentile(x, 0.5)"),
    ]

    static let byName: [String: FunctionInfo] = {
        var map: [String: FunctionInfo] = [:]
        for f in scalars + aggregates { map[f.name] = f }
        return map
    }()

    static var allNames: [String] { (scalars + aggregates).map(\.name) }
}
