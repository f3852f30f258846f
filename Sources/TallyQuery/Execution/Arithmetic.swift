import Tally

/// The arithmetic of the language: result types (checked when binding) and values (per row).
///
/// Money rules, chosen so sums and differences stay exact:
///
/// | operation | result |
/// |---|---|
/// | money ± money, money ± integer (whole dollars) | money, exact |
/// | money × integer | money, exact |
/// | money × or ÷ a decimal literal (`cost_usd * 1.1`) | money, rounded half away from zero to the picodollar |
/// | money ÷ integer | money, rounded half away from zero to the picodollar (10⁻¹² $, the resolution of `Money`) |
/// | money ÷ money, integer ÷ money | double (a ratio) |
/// | money with a double (not a literal) | double (approximate: display arithmetic only) |
/// | integer ÷ integer | double (`errors / interactions` is a rate, not 0) |
///
/// Division by zero gives `NULL`. Integer overflow is an error, never a wrapped value.
/// Timestamps and days move by integers (milliseconds, days); their differences are integers.
enum Arithmetic {
    /// The result type of `lhs op rhs`, or `nil` when the operator does not apply to these types.
    static func resultType(_ op: BinaryOperator, _ lhs: QueryType, _ rhs: QueryType) -> QueryType? {
        if lhs == .null && rhs == .null { return .null }
        if lhs == .null { return resultType(op, rhs, rhs) ?? (rhs.isNumeric ? rhs : nil) }
        if rhs == .null { return resultType(op, lhs, lhs) ?? (lhs.isNumeric ? lhs : nil) }
        switch (op, lhs, rhs) {
        case (.add, .integer, .integer), (.subtract, .integer, .integer), (.multiply, .integer, .integer),
            (.remainder, .integer, .integer):
            return .integer
        case (.divide, .integer, .integer):
            return .double
        case (.add, .money, .money), (.subtract, .money, .money),
            (.add, .money, .integer), (.add, .integer, .money), (.subtract, .money, .integer), (.subtract, .integer, .money),
            (.multiply, .money, .integer), (.multiply, .integer, .money), (.divide, .money, .integer):
            return .money
        case (.divide, .money, .money), (.divide, .integer, .money):
            return .double
        case (.add, .double, _), (.add, _, .double), (.subtract, .double, _), (.subtract, _, .double),
            (.multiply, .double, _), (.multiply, _, .double), (.divide, .double, _), (.divide, _, .double):
            return lhs.isNumeric && rhs.isNumeric ? .double : nil
        case (.remainder, .double, .double), (.remainder, .double, .integer), (.remainder, .integer, .double):
            return .double
        case (.add, .timestamp, .integer), (.add, .integer, .timestamp), (.subtract, .timestamp, .integer):
            return .timestamp
        case (.add, .day, .integer), (.add, .integer, .day), (.subtract, .day, .integer):
            return .day
        case (.subtract, .timestamp, .timestamp), (.subtract, .day, .day):
            return .integer
        default:
            return nil
        }
    }

    /// `lhs op rhs` for values of types `resultType` accepted. `NULL` in, `NULL` out.
    static func apply(_ op: BinaryOperator, _ lhs: QueryValue, _ rhs: QueryValue, at span: SourceSpan) throws(QueryError) -> QueryValue {
        if lhs.isNull || rhs.isNull { return .null }
        switch op {
        case .add: return try add(lhs, rhs, span)
        case .subtract: return try subtract(lhs, rhs, span)
        case .multiply: return try multiply(lhs, rhs, span)
        case .divide: return divide(lhs, rhs)
        case .remainder: return try remainder(lhs, rhs, span)
        default: return .null
        }
    }

    static func overflow(_ span: SourceSpan) -> QueryError {
        QueryError(.overflow, "integer overflow", at: span)
    }

    static func picos(_ dollars: Int64) -> Int128 { Int128(dollars) * Money.picosPerDollar }

    static func double(_ v: QueryValue) -> Double? {
        switch v {
        case let .integer(i): Double(i)
        case let .double(d): d
        case let .money(m): m.approximateDollars
        default: nil
        }
    }

    private static func add(_ a: QueryValue, _ b: QueryValue, _ span: SourceSpan) throws(QueryError) -> QueryValue {
        switch (a, b) {
        case let (.integer(x), .integer(y)):
            let (r, o) = x.addingReportingOverflow(y)
            if o { throw overflow(span) }
            return .integer(r)
        case let (.money(x), .money(y)): return try money(x.picodollars, y.picodollars, span, +)
        case let (.money(x), .integer(y)): return try money(x.picodollars, picos(y), span, +)
        case let (.integer(x), .money(y)): return try money(picos(x), y.picodollars, span, +)
        case let (.timestamp(t), .integer(n)), let (.integer(n), .timestamp(t)):
            let (r, o) = t.milliseconds.addingReportingOverflow(n)
            if o { throw overflow(span) }
            return try Conversion.timestamp(r, at: span)
        case let (.day(d), .integer(n)), let (.integer(n), .day(d)):
            let (r, o) = d.addingReportingOverflow(n)
            if o { throw overflow(span) }
            return try Conversion.day(r, at: span)
        default:
            guard let x = double(a), let y = double(b) else { return .null }
            return .double(x + y)
        }
    }

    private static func subtract(_ a: QueryValue, _ b: QueryValue, _ span: SourceSpan) throws(QueryError) -> QueryValue {
        switch (a, b) {
        case let (.integer(x), .integer(y)):
            let (r, o) = x.subtractingReportingOverflow(y)
            if o { throw overflow(span) }
            return .integer(r)
        case let (.money(x), .money(y)): return try money(x.picodollars, y.picodollars, span, -)
        case let (.money(x), .integer(y)): return try money(x.picodollars, picos(y), span, -)
        case let (.integer(x), .money(y)): return try money(picos(x), y.picodollars, span, -)
        case let (.timestamp(t), .integer(n)):
            let (r, o) = t.milliseconds.subtractingReportingOverflow(n)
            if o { throw overflow(span) }
            return try Conversion.timestamp(r, at: span)
        case let (.day(d), .integer(n)):
            let (r, o) = d.subtractingReportingOverflow(n)
            if o { throw overflow(span) }
            return try Conversion.day(r, at: span)
        case let (.timestamp(x), .timestamp(y)):
            let (r, o) = x.milliseconds.subtractingReportingOverflow(y.milliseconds)
            if o { throw overflow(span) }
            return .integer(r)
        case let (.day(x), .day(y)):
            let (r, o) = x.subtractingReportingOverflow(y)
            if o { throw overflow(span) }
            return .integer(r)
        default:
            guard let x = double(a), let y = double(b) else { return .null }
            return .double(x - y)
        }
    }

    private static func multiply(_ a: QueryValue, _ b: QueryValue, _ span: SourceSpan) throws(QueryError) -> QueryValue {
        switch (a, b) {
        case let (.integer(x), .integer(y)):
            let (r, o) = x.multipliedReportingOverflow(by: y)
            if o { throw overflow(span) }
            return .integer(r)
        case let (.money(m), .integer(n)), let (.integer(n), .money(m)):
            let (r, o) = m.picodollars.multipliedReportingOverflow(by: Int128(n))
            if o { throw moneyOverflow(span) }
            return try checkedMoney(r, span)
        default:
            guard let x = double(a), let y = double(b) else { return .null }
            return .double(x * y)
        }
    }

    private static func divide(_ a: QueryValue, _ b: QueryValue) -> QueryValue {
        switch (a, b) {
        case let (.integer(x), .integer(y)):
            return y == 0 ? .null : .double(Double(x) / Double(y))
        case let (.money(m), .integer(n)):
            guard n != 0 else { return .null }
            return .money(Money(picodollars: dividedRounded(m.picodollars, Int128(n))))
        case let (.money(x), .money(y)):
            return y.picodollars == 0 ? .null : .double(ratio(x.picodollars, y.picodollars))
        case let (.integer(x), .money(y)):
            return y.picodollars == 0 ? .null : .double(ratio(picos(x), y.picodollars))
        default:
            guard let x = double(a), let y = double(b), y != 0 else { return .null }
            return .double(x / y)
        }
    }

    private static func remainder(_ a: QueryValue, _ b: QueryValue, _ span: SourceSpan) throws(QueryError) -> QueryValue {
        switch (a, b) {
        case let (.integer(x), .integer(y)):
            guard y != 0 else { return .null }
            let (r, o) = x.remainderReportingOverflow(dividingBy: y)
            if o { throw overflow(span) }
            return .integer(r)
        default:
            guard let x = double(a), let y = double(b), y != 0 else { return .null }
            return .double(x.truncatingRemainder(dividingBy: y))
        }
    }

    /// The largest magnitude (in picodollars, about 4.2 × 10²⁵ dollars) a computed money value may
    /// have. Keeping values well inside `Int128` leaves headroom for every operation on them.
    static let moneyLimit: Int128 = Int128.max / 4

    static func moneyOverflow(_ span: SourceSpan) -> QueryError {
        QueryError(.overflow, "money overflow", at: span)
    }

    /// A money value, or an overflow error beyond `moneyLimit`.
    static func checkedMoney(_ picos: Int128, _ span: SourceSpan) throws(QueryError) -> QueryValue {
        guard picos.magnitude <= moneyLimit.magnitude else { throw moneyOverflow(span) }
        return .money(Money(picodollars: picos))
    }

    private static func money(_ x: Int128, _ y: Int128, _ span: SourceSpan, _ op: (Int128, Int128) -> Int128) throws(QueryError) -> QueryValue {
        guard x.magnitude <= moneyLimit.magnitude, y.magnitude <= moneyLimit.magnitude else { throw moneyOverflow(span) }
        return try checkedMoney(op(x, y), span)
    }

    /// `x ÷ y` rounded half away from zero (y ≠ 0).
    static func dividedRounded(_ x: Int128, _ y: Int128) -> Int128 {
        let q = x / y
        let r = x % y
        guard r != 0 else { return q }
        // |2r| ≥ |y| means the fraction is at least one half.
        if r.magnitude * 2 >= y.magnitude {
            return (x < 0) != (y < 0) ? q - 1 : q + 1
        }
        return q
    }

    /// `x ÷ y` as a double, computed to full double precision even for huge operands.
    static func ratio(_ x: Int128, _ y: Int128) -> Double {
        Double(x) / Double(y)
    }

    /// Money scaled by an exact fraction, rounded half away from zero to the picodollar.
    static func scale(_ m: Money, _ numerator: Int128, _ denominator: Int128, at span: SourceSpan) throws(QueryError) -> QueryValue {
        guard denominator != 0 else { return .null }
        let (product, o) = m.picodollars.multipliedReportingOverflow(by: numerator)
        if o { throw moneyOverflow(span) }
        return try checkedMoney(dividedRounded(product, denominator), span)
    }

    /// An exact decimal literal (`1.1`, `-2.5e-3`) as a fraction `numerator / denominator`
    /// (denominator a power of ten), or `nil` when it does not fit comfortably in `Int128`.
    static func fraction(ofDecimal text: String) -> (numerator: Int128, denominator: Int128)? {
        var mantissa: Int128 = 0
        var scale = 0
        var exponent = 0
        var negative = false
        var sawPoint = false
        var digits = 0
        var bytes = Array(text.utf8)[...]
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") {
            negative = bytes.first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        while let c = bytes.first {
            if c == UInt8(ascii: ".") {
                guard !sawPoint else { return nil }
                sawPoint = true
            } else if c >= 48, c <= 57 {
                digits += 1
                guard digits <= 30 else { return nil }
                mantissa = mantissa * 10 + Int128(c - 48)
                if sawPoint { scale += 1 }
            } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                guard let e = Int(String(decoding: bytes.dropFirst(), as: UTF8.self)), abs(e) <= 30 else { return nil }
                exponent = e
                break
            } else {
                return nil
            }
            bytes = bytes.dropFirst()
        }
        var power = scale - exponent
        var numerator = negative ? -mantissa : mantissa
        var denominator: Int128 = 1
        while power > 0 {
            denominator *= 10
            power -= 1
            guard denominator < 1_000_000_000_000_000_000_000_000_000_000 else { return nil }
        }
        while power < 0 {
            numerator *= 10
            power += 1
            guard numerator.magnitude < 1_000_000_000_000_000_000_000_000_000_000 else { return nil }
        }
        return (numerator, denominator)
    }
}
