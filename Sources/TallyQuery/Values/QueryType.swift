/// The static type of a column or of an expression.
///
/// Every column of a table has one of these types (never `.null`); the binder computes the type of
/// every expression before a single row is read, so a type mismatch is reported at the offending
/// token instead of half-way through a scan. `.null` is the type of the literal `NULL` only: it
/// unifies with every other type.
public enum QueryType: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// A 64-bit signed integer (counts, tokens, milliseconds, positions).
    case integer
    /// Exact US dollars (`Money`, picodollar resolution). Never rounded through `Double` in sums.
    case money
    /// An IEEE double (averages, ratios, percentiles of integers).
    case double
    /// UTF-8 text.
    case text
    /// A point in time, millisecond resolution, UTC. Shown as RFC 3339.
    case timestamp
    /// A UTC calendar day. Shown as `YYYY-MM-DD`.
    case day
    /// `true` or `false`.
    case bool
    /// The type of the literal `NULL`.
    case null

    /// The lower-case name shown by `.schema` and in error messages.
    public var name: String {
        switch self {
        case .integer: "integer"
        case .money: "money"
        case .double: "double"
        case .text: "text"
        case .timestamp: "timestamp"
        case .day: "day"
        case .bool: "boolean"
        case .null: "null"
        }
    }

    public var description: String { name }

    /// Whether values of this type are numbers (right-aligned in tables, usable in arithmetic).
    public var isNumeric: Bool { self == .integer || self == .money || self == .double }

    /// The type named in a `CAST(x AS name)`, case-insensitively; `nil` when unknown.
    public init?(castName: String) {
        switch castName.lowercased() {
        case "integer", "int", "bigint": self = .integer
        case "money", "decimal", "numeric": self = .money
        case "double", "real", "float": self = .double
        case "text", "varchar", "string": self = .text
        case "timestamp": self = .timestamp
        case "day", "date": self = .day
        case "bool", "boolean": self = .bool
        default: return nil
        }
    }
}
