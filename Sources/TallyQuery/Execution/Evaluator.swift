import Tally

extension BoundExpr {
    /// The expression's value for one row (values addressed by index; no name lookup).
    ///
    /// SQL's three-valued logic: comparisons with `NULL` are `NULL`; `AND` is false when either side
    /// is false, `OR` true when either side is true, `NULL` otherwise when either side is `NULL`.
    @inline(__always)
    func evaluate(_ row: [QueryValue]) throws(QueryError) -> QueryValue {
        // The commonest nodes first, without entering the general switch.
        if case let .column(i) = self { return row[i] }
        if case let .constant(v) = self { return v }
        return try evaluateNode(row)
    }

    private func evaluateNode(_ row: [QueryValue]) throws(QueryError) -> QueryValue {
        switch self {
        case let .constant(v):
            return v
        case let .column(i):
            return row[i]
        case let .negate(e, at):
            switch try e.evaluate(row) {
            case let .integer(i):
                let (r, o) = Int64(0).subtractingReportingOverflow(i)
                if o { throw Arithmetic.overflow(at.span) }
                return .integer(r)
            case let .money(m): return try Arithmetic.checkedMoney(0 - m.picodollars.clampedToMoneyLimit, at.span)
            case let .double(d): return .double(-d)
            default: return .null
            }
        case let .not(e):
            if case let .bool(b) = try e.evaluate(row) { return .bool(!b) }
            return .null
        case let .arithmetic(op, a, b, at):
            return try Arithmetic.apply(op, a.evaluate(row), b.evaluate(row), at: at.span)
        case let .scaleMoney(e, numerator, denominator, at):
            guard case let .money(m) = try e.evaluate(row) else { return .null }
            return try Arithmetic.scale(m, numerator, denominator, at: at.span)
        case let .concat(a, b):
            let x = try a.evaluate(row)
            let y = try b.evaluate(row)
            if x.isNull || y.isNull { return .null }
            return .text(x.description + y.description)
        case let .compare(op, a, b):
            let x = try a.evaluate(row)
            if x.isNull { return .null }
            let y = try b.evaluate(row)
            if y.isNull { return .null }
            let c = QueryValue.compare(x, y)
            switch op {
            case .equal: return .bool(c == 0)
            case .notEqual: return .bool(c != 0)
            case .less: return .bool(c < 0)
            case .lessEqual: return .bool(c <= 0)
            case .greater: return .bool(c > 0)
            case .greaterEqual: return .bool(c >= 0)
            default: return .null
            }
        case let .and(a, b):
            let x = try a.evaluate(row)
            if case .bool(false) = x { return .bool(false) }
            let y = try b.evaluate(row)
            if case .bool(false) = y { return .bool(false) }
            if x.isNull || y.isNull { return .null }
            return .bool(true)
        case let .or(a, b):
            let x = try a.evaluate(row)
            if case .bool(true) = x { return .bool(true) }
            let y = try b.evaluate(row)
            if case .bool(true) = y { return .bool(true) }
            if x.isNull || y.isNull { return .null }
            return .bool(false)
        case let .isNull(e, negated):
            return .bool(try e.evaluate(row).isNull != negated)
        case let .inList(e, list, negated):
            let x = try e.evaluate(row)
            if x.isNull { return .null }
            var sawNull = false
            for item in list {
                let v = try item.evaluate(row)
                if v.isNull {
                    sawNull = true
                } else if QueryValue.compare(x, v) == 0 {
                    return .bool(!negated)
                }
            }
            return sawNull ? .null : .bool(negated)
        case let .like(e, pattern, negated):
            guard case let .text(s) = try e.evaluate(row) else { return .null }
            return .bool(pattern.matches(s) != negated)
        case let .likeDynamic(e, p, negated):
            guard case let .text(s) = try e.evaluate(row), case let .text(pattern) = try p.evaluate(row) else { return .null }
            return .bool(LikePattern(pattern).matches(s) != negated)
        case let .caseWhen(branches, otherwise):
            for branch in branches {
                if case .bool(true) = try branch.when.evaluate(row) { return try branch.then.evaluate(row) }
            }
            return try otherwise?.evaluate(row) ?? .null
        case let .function(f, args, at):
            return try f.evaluate(args, row, at.span)
        case let .cast(e, type, at):
            return try Conversion.cast(e.evaluate(row), to: type, at: at.span)
        }
    }

    /// Whether a `WHERE`/`HAVING` condition holds (`NULL` does not).
    @inline(__always)
    func holds(_ row: [QueryValue]) throws(QueryError) -> Bool {
        if case .bool(true) = try evaluate(row) { return true }
        return false
    }
}

extension ScalarFunction {
    func evaluate(_ args: [BoundExpr], _ row: [QueryValue], _ span: SourceSpan) throws(QueryError) -> QueryValue {
        switch self {
        case .coalesce:
            for a in args {
                let v = try a.evaluate(row)
                if !v.isNull { return v }
            }
            return .null
        case .nullif:
            let x = try args[0].evaluate(row)
            let y = try args[1].evaluate(row)
            if !x.isNull, !y.isNull, QueryValue.compare(x, y) == 0 { return .null }
            return x
        case let .round(digits):
            return try Conversion.round(args[0].evaluate(row), digits: digits, at: span)
        case .abs:
            switch try args[0].evaluate(row) {
            case let .integer(i):
                guard i != .min else { throw Arithmetic.overflow(span) }
                return .integer(Swift.abs(i))
            case let .money(m): return try Arithmetic.checkedMoney(m.picodollars.clampedToMoneyLimit.magnitudeAsSigned, span)
            case let .double(d): return .double(Swift.abs(d))
            default: return .null
            }
        case .lower:
            guard case let .text(s) = try args[0].evaluate(row) else { return .null }
            return .text(s.lowercased())
        case .upper:
            guard case let .text(s) = try args[0].evaluate(row) else { return .null }
            return .text(s.uppercased())
        case .length:
            guard case let .text(s) = try args[0].evaluate(row) else { return .null }
            return .integer(Int64(s.count))
        case .substr:
            guard case let .text(s) = try args[0].evaluate(row), case let .integer(start) = try args[1].evaluate(row) else { return .null }
            var count = Int64.max
            if args.count > 2 {
                guard case let .integer(c) = try args[2].evaluate(row) else { return .null }
                count = Swift.max(0, c)
            }
            return .text(Conversion.substring(s, start: start, count: count))
        case .day:
            switch try args[0].evaluate(row) {
            case let .timestamp(ts): return .day(ts.epochDay)
            case let .day(d): return .day(d)
            default: return .null
            }
        case .hour:
            switch try args[0].evaluate(row) {
            case let .timestamp(ts): return .integer(ts.epochHour - ts.epochDay * 24)
            case .day: return .integer(0)
            default: return .null
            }
        case .year, .month:
            let day: Int64
            switch try args[0].evaluate(row) {
            case let .timestamp(ts): day = ts.epochDay
            case let .day(d): day = d
            default: return .null
            }
            guard Conversion.dayRange.contains(day) else { return .null }
            let civil = CivilDate.fromEpochDay(day)
            return .integer(self == .year ? civil.year : civil.month)
        case let .dateTrunc(unit):
            switch try args[1].evaluate(row) {
            case let .timestamp(ts): return .timestamp(Conversion.truncate(ts, unit))
            case let .day(d):
                guard let ms = Conversion.milliseconds(ofDay: d) else { return .null }
                return .day(Conversion.truncate(Timestamp(milliseconds: ms), unit).epochDay)
            default: return .null
            }
        case .epochMilliseconds:
            switch try args[0].evaluate(row) {
            case let .timestamp(ts): return .integer(ts.milliseconds)
            case let .day(d):
                guard let ms = Conversion.milliseconds(ofDay: d) else { return .null }
                return .integer(ms)
            default: return .null
            }
        }
    }
}

extension Int128 {
    /// The value, or a value just beyond the money limit when it is further out (so a checked
    /// operation reports overflow instead of trapping on `Int128.min`).
    var clampedToMoneyLimit: Int128 {
        let limit = Arithmetic.moneyLimit
        if self > limit { return limit + 1 }
        if self < -limit { return -limit - 1 }
        return self
    }

    /// `|self|` as a signed value (the caller has clamped `self` away from `Int128.min`).
    var magnitudeAsSigned: Int128 { self < 0 ? 0 - self : self }
}
