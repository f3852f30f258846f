import Tally

/// One value in a row: what a table hands the executor and what a query returns.
///
/// Money stays exact (`Money`, picodollars in an `Int128`) from the table through `sum`, `+`, `-`
/// and `money × integer` to the renderer, which prints every digit. Days are their own kind so that
/// `agent_days.day` sorts and compares as a date while it prints as `YYYY-MM-DD`.
///
/// `Hashable` is structural: `.integer(1)` and `.double(1)` are different values. That is what
/// `GROUP BY` and `DISTINCT` need, since a column has one type; use `QueryValue.compare` to order
/// values, which compares numbers across kinds.
@frozen
public enum QueryValue: Hashable, Sendable {
    /// SQL `NULL`: unknown or absent.
    case null
    /// A 64-bit signed integer.
    case integer(Int64)
    /// Exact dollars.
    case money(Money)
    /// An IEEE double.
    case double(Double)
    /// UTF-8 text.
    case text(String)
    /// A point in time (UTC, milliseconds).
    case timestamp(Timestamp)
    /// A UTC calendar day, as days since 1970-01-01.
    case day(Int64)
    /// A boolean.
    case bool(Bool)

    /// The type of this value (`.null` for `NULL`).
    @inlinable public var type: QueryType {
        switch self {
        case .null: .null
        case .integer: .integer
        case .money: .money
        case .double: .double
        case .text: .text
        case .timestamp: .timestamp
        case .day: .day
        case .bool: .bool
        }
    }

    /// Whether this is `NULL`.
    @inlinable public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension QueryValue: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByNilLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByFloatLiteral
{
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension QueryValue {
    /// A day value from a `YYYY-MM-DD` string (`nil` when the text is not a valid date).
    public static func day(_ text: String) -> QueryValue? {
        guard let day = TimeCoercion.epochDay(text) else { return nil }
        return .day(day)
    }

    /// A timestamp value from RFC 3339 text or `YYYY-MM-DD[ HH:MM[:SS]]` (UTC); `nil` when invalid.
    public static func timestamp(_ text: String) -> QueryValue? {
        guard let ts = TimeCoercion.timestamp(text) else { return nil }
        return .timestamp(ts)
    }

    /// A money value from exact decimal text such as `"0.000125"`; `nil` when invalid.
    public static func money(_ text: String) -> QueryValue? {
        guard let money = Money(decimal: text) else { return nil }
        return .money(money)
    }
}
