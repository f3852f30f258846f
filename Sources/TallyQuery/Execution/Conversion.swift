import Tally

/// Conversions between kinds (`CAST`), rounding, date truncation and the supported date range.
enum Conversion {
    /// Days from 0001-01-01 to 9999-12-31: the dates the language can compute and print.
    static let dayRange: ClosedRange<Int64> = CivilDate.toEpochDay(1, 1, 1)...CivilDate.toEpochDay(9999, 12, 31)
    /// Milliseconds from 0001-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z.
    static let timestampRange: ClosedRange<Int64> =
        (dayRange.lowerBound * Timestamp.dayMs)...((dayRange.upperBound + 1) * Timestamp.dayMs - 1)

    /// Midnight UTC of a day, or `nil` outside `dayRange`.
    static func milliseconds(ofDay day: Int64) -> Int64? {
        dayRange.contains(day) ? day * Timestamp.dayMs : nil
    }

    /// A timestamp value, or an overflow error when it leaves `timestampRange`.
    static func timestamp(_ ms: Int64, at span: SourceSpan) throws(QueryError) -> QueryValue {
        guard timestampRange.contains(ms) else { throw QueryError(.overflow, "timestamp out of range (years 1 to 9999)", at: span) }
        return .timestamp(Timestamp(milliseconds: ms))
    }

    /// A day value, or an overflow error when it leaves `dayRange`.
    static func day(_ day: Int64, at span: SourceSpan) throws(QueryError) -> QueryValue {
        guard dayRange.contains(day) else { throw QueryError(.overflow, "day out of range (years 1 to 9999)", at: span) }
        return .day(day)
    }

    /// The start of the hour, day, ISO week (Monday), month or year holding `ts` (UTC).
    static func truncate(_ ts: Timestamp, _ unit: TruncationUnit) -> Timestamp {
        switch unit {
        case .hour:
            return Timestamp(milliseconds: ts.epochHour * Timestamp.hourMs)
        case .day:
            return Timestamp(milliseconds: ts.epochDay * Timestamp.dayMs)
        case .week:
            let day = ts.epochDay
            return Timestamp(milliseconds: (day - CivilDate.isoWeekday(day)) * Timestamp.dayMs)
        case .month, .year:
            let (y, m, _) = CivilDate.fromEpochDay(ts.epochDay)
            return Timestamp(milliseconds: CivilDate.toEpochDay(y, unit == .year ? 1 : m, 1) * Timestamp.dayMs)
        }
    }

    /// `round(x, digits)`, half away from zero. Money stays exact; integers round to tens,
    /// hundreds… for negative `digits` and are unchanged otherwise.
    static func round(_ value: QueryValue, digits: Int, at span: SourceSpan) throws(QueryError) -> QueryValue {
        switch value {
        case let .integer(i):
            guard digits < 0 else { return value }
            guard digits >= -18 else { return .integer(0) }
            var unit: Int64 = 1
            for _ in 0..<(-digits) { unit *= 10 }
            let q = Arithmetic.dividedRounded(Int128(i), Int128(unit)) * Int128(unit)
            guard let r = Int64(exactly: q) else { throw Arithmetic.overflow(span) }
            return .integer(r)
        case let .money(m):
            if digits >= 0 { return .money(m.rounded(toFractionDigits: digits)) }
            guard digits >= -24 else { return .money(.zero) }
            var unit = Money.picosPerDollar
            for _ in 0..<(-digits) { unit *= 10 }
            return .money(Money(picodollars: Arithmetic.dividedRounded(m.picodollars, unit) * unit))
        case let .double(d):
            let n = max(-300, min(300, digits))
            let factor = pow10(n)
            let scaled = d * factor
            guard scaled.isFinite, factor.isFinite, factor != 0 else { return value }
            return .double(scaled.rounded(.toNearestOrAwayFromZero) / factor)
        default:
            return .null
        }
    }

    static func pow10(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(n) { result *= 10 }
        return n < 0 ? 1 / result : result
    }

    /// Characters of `text` from the 1-based `start` (negative: from the end), at most `count`.
    static func substring(_ text: String, start: Int64, count: Int64) -> String {
        let characters = Array(text)
        let n = Int64(characters.count)
        var from: Int64
        var remaining = count
        if start > 0 {
            from = start - 1
        } else if start < 0 {
            from = max(0, n + start)
        } else {
            from = 0
            if remaining != .max { remaining = max(0, remaining - 1) }
        }
        from = min(from, n)
        let to = remaining >= n - from ? n : from + remaining
        return String(characters[Int(from)..<Int(to)])
    }

    /// `CAST(value AS type)`: `NULL` when the value has no meaning in the target type (unparseable
    /// text, a double out of integer range, a date outside years 1–9999).
    static func cast(_ value: QueryValue, to type: QueryType, at span: SourceSpan) throws(QueryError) -> QueryValue {
        if value.isNull { return .null }
        switch type {
        case .null: return .null
        case .text: return .text(value.description)
        case .integer:
            switch value {
            case .integer: return value
            case let .double(d):
                guard d.isFinite, let i = Int64(exactly: d.rounded(.towardZero)) else { return .null }
                return .integer(i)
            case let .money(m):
                guard let i = Int64(exactly: m.picodollars / Money.picosPerDollar) else { return .null }
                return .integer(i)
            case let .text(s):
                if let i = Int64(s.trimmingSpaces) { return .integer(i) }
                return .null
            case let .bool(b): return .integer(b ? 1 : 0)
            case let .timestamp(ts): return .integer(ts.milliseconds)
            case let .day(d): return .integer(d)
            case .null: return .null
            }
        case .double:
            switch value {
            case let .text(s):
                guard let d = Double(s.trimmingSpaces) else { return .null }
                return .double(d)
            case let .bool(b): return .double(b ? 1 : 0)
            case let .timestamp(ts): return .double(Double(ts.milliseconds))
            case let .day(d): return .double(Double(d))
            default:
                guard let d = Arithmetic.double(value) else { return .null }
                return .double(d)
            }
        case .money:
            switch value {
            case .money: return value
            case let .integer(i): return .money(Money(picodollars: Arithmetic.picos(i)))
            case let .double(d):
                let picos = (d * 1e12).rounded(.toNearestOrAwayFromZero)
                guard picos.isFinite, abs(picos) < 1e36, let p = Int128(exactly: picos) else { return .null }
                return .money(Money(picodollars: p))
            case let .text(s):
                guard let m = Money(decimal: s.trimmingSpaces) else { return .null }
                return .money(m)
            default: return .null
            }
        case .timestamp:
            switch value {
            case .timestamp: return value
            case let .text(s):
                guard let ts = TimeCoercion.timestamp(s.trimmingSpaces), timestampRange.contains(ts.milliseconds) else { return .null }
                return .timestamp(ts)
            case let .integer(i): return timestampRange.contains(i) ? .timestamp(Timestamp(milliseconds: i)) : .null
            case let .day(d):
                guard let ms = milliseconds(ofDay: d) else { return .null }
                return .timestamp(Timestamp(milliseconds: ms))
            default: return .null
            }
        case .day:
            switch value {
            case .day: return value
            case let .timestamp(ts): return .day(ts.epochDay)
            case let .text(s):
                let trimmed = s.trimmingSpaces
                if let d = TimeCoercion.epochDay(trimmed) { return .day(d) }
                guard let ts = TimeCoercion.timestamp(trimmed), timestampRange.contains(ts.milliseconds) else { return .null }
                return .day(ts.epochDay)
            case let .integer(i): return dayRange.contains(i) ? .day(i) : .null
            default: return .null
            }
        case .bool:
            switch value {
            case .bool: return value
            case let .integer(i): return .bool(i != 0)
            case let .text(s):
                switch s.trimmingSpaces.lowercased() {
                case "true", "t", "yes", "1": return .bool(true)
                case "false", "f", "no", "0": return .bool(false)
                default: return .null
                }
            default: return .null
            }
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
