import Tally

/// The running state of one aggregate in one group.
///
/// Integer and money sums accumulate in `Int128` (picodollars for money), so they are exact and
/// independent of the order rows arrive in; double sums use Neumaier's compensated summation.
/// A value type kept in one flat array per query (group × aggregate), updated in place.
struct Accumulator {
    private let kind: AggregateKind
    private let distinct: Bool
    private let fraction: Double
    private let argumentType: QueryType
    private let span: SourceSpan
    private var count: Int64 = 0
    private var exactSum: Int128 = 0
    private var doubleSum: Double = 0
    private var compensation: Double = 0
    private var best: QueryValue = .null
    private var values: [QueryValue] = []
    private var seen: Set<QueryValue> = []
    private var overflowed = false

    init(_ call: AggregateCall) {
        kind = call.kind
        distinct = call.distinct
        fraction = call.fraction
        argumentType = call.argumentType
        span = call.location.span
    }

    /// Feeds one input value (ignored when `NULL`, except by `count(*)`).
    @inline(__always)
    mutating func add(_ value: QueryValue) {
        if kind == .countRows {
            count += 1
            return
        }
        if value.isNull { return }
        if distinct, !seen.insert(value).inserted { return }
        switch kind {
        case .countRows, .count:
            count += 1
        case .sum, .avg:
            count += 1
            switch value {
            case let .integer(i): addExact(Int128(i))
            case let .money(m): addExact(m.picodollars)
            case let .double(d): addDouble(d)
            default: break
            }
        case .min:
            if best.isNull || QueryValue.compare(value, best) < 0 { best = value }
        case .max:
            if best.isNull || QueryValue.compare(value, best) > 0 { best = value }
        case .percentile:
            values.append(value)
        }
    }

    private mutating func addExact(_ value: Int128) {
        let (sum, overflow) = exactSum.addingReportingOverflow(value)
        if overflow { overflowed = true } else { exactSum = sum }
    }

    private mutating func addDouble(_ d: Double) {
        let t = doubleSum + d
        if Swift.abs(doubleSum) >= Swift.abs(d) {
            compensation += (doubleSum - t) + d
        } else {
            compensation += (d - t) + doubleSum
        }
        doubleSum = t
    }

    /// The aggregate's value for the rows fed so far.
    mutating func result() throws(QueryError) -> QueryValue {
        switch kind {
        case .countRows, .count:
            return .integer(count)
        case .sum:
            guard count > 0 else { return .null }
            return try total()
        case .avg:
            guard count > 0 else { return .null }
            if overflowed { throw QueryError(.overflow, "overflow in avg()", at: span) }
            switch argumentType {
            case .money: return .money(Money(picodollars: Arithmetic.dividedRounded(exactSum, Int128(count))))
            case .integer: return .double(Double(exactSum) / Double(count))
            default: return .double((doubleSum + compensation) / Double(count))
            }
        case .min, .max:
            return best
        case .percentile:
            return percentile()
        }
    }

    private func total() throws(QueryError) -> QueryValue {
        if overflowed { throw QueryError(.overflow, argumentType == .money ? "money overflow in sum()" : "integer overflow in sum()", at: span) }
        switch argumentType {
        case .integer:
            guard let value = Int64(exactly: exactSum) else {
                throw QueryError(.overflow, "integer overflow in sum()", at: span)
            }
            return .integer(value)
        case .money:
            return try Arithmetic.checkedMoney(exactSum, span)
        default:
            return .double(doubleSum + compensation)
        }
    }

    /// `a + (b − a) × weight` for `a ≤ b`, rounded half away from zero, never outside `a…b`.
    /// Exact for the median's weight ½; other weights go through a double (an error far below
    /// one unit for differences under 2⁵³ units).
    static func interpolate(_ a: Int128, _ b: Int128, _ weight: Double) -> Int128 {
        guard weight > 0, a != b else { return a }
        let (diff, diffOverflow) = b.subtractingReportingOverflow(a)
        if !diffOverflow, weight == 0.5 { return a + Arithmetic.dividedRounded(diff, 2) }
        let step = ((Double(b) - Double(a)) * weight).rounded(.toNearestOrAwayFromZero)
        guard let whole = Int128(exactly: step) else { return b }
        let (sum, overflow) = a.addingReportingOverflow(whole)
        return overflow ? b : Swift.min(Swift.max(sum, a), b)
    }

    private mutating func percentile() -> QueryValue {
        guard !values.isEmpty else { return .null }
        values.sort { QueryValue.compare($0, $1) < 0 }
        let position = fraction * Double(values.count - 1)
        let lowIndex = Int(position.rounded(.down))
        let highIndex = Swift.min(lowIndex + 1, values.count - 1)
        let weight = position - Double(lowIndex)
        let low = values[lowIndex]
        let high = values[highIndex]
        switch (low, high) {
        case let (.money(a), .money(b)):
            return .money(Money(picodollars: Accumulator.interpolate(a.picodollars, b.picodollars, weight)))
        case let (.timestamp(a), .timestamp(b)):
            let ms = Accumulator.interpolate(Int128(a.milliseconds), Int128(b.milliseconds), weight)
            return .timestamp(Timestamp(milliseconds: Int64(exactly: ms) ?? b.milliseconds))
        default:
            guard let a = Arithmetic.double(low), let b = Arithmetic.double(high) else { return low }
            return .double(weight == 0 ? a : a + (b - a) * weight)
        }
    }
}
