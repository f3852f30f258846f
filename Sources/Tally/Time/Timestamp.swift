/// A point in time: milliseconds since the Unix epoch, UTC.
///
/// Tally never reads the wall clock when it derives anything: every bucket (hour, day, week, month)
/// comes from an event's `Timestamp`. Parsing and formatting RFC 3339 is hand-written so the
/// import path allocates no Foundation objects.
@frozen
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var milliseconds: Int64

    @inlinable public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    @inlinable public static func < (a: Timestamp, b: Timestamp) -> Bool { a.milliseconds < b.milliseconds }

    /// Milliseconds in one hour and one day.
    public static let hourMs: Int64 = 3_600_000
    public static let dayMs: Int64 = 86_400_000

    /// Days since 1970-01-01 (UTC), rounding towards negative infinity. Defined for every
    /// `Int64` (the negative branch is written so that it cannot overflow near `Int64.min`).
    @inlinable public var epochDay: Int64 {
        milliseconds >= 0 ? milliseconds / Timestamp.dayMs : -(-(milliseconds + 1) / Timestamp.dayMs) - 1
    }

    /// Hours since the epoch (UTC), rounding towards negative infinity (every `Int64`).
    @inlinable public var epochHour: Int64 {
        milliseconds >= 0 ? milliseconds / Timestamp.hourMs : -(-(milliseconds + 1) / Timestamp.hourMs) - 1
    }

    /// RFC 3339 text in UTC with milliseconds, e.g. `2026-11-21T09:30:00.000Z`.
    public var description: String { rfc3339 }

    /// RFC 3339 text in UTC with milliseconds, e.g. `2026-11-21T09:30:00.000Z`. Instants outside
    /// years 0000–9999 (which the log never stores) get a year of more digits or a sign rather
    /// than a trap.
    public var rfc3339: String {
        let day = epochDay
        let remainder = milliseconds % Timestamp.dayMs
        let msOfDay = remainder < 0 ? remainder + Timestamp.dayMs : remainder
        let (y, m, d) = CivilDate.fromEpochDay(day)
        let h = msOfDay / 3_600_000
        let mi = (msOfDay / 60_000) % 60
        let s = (msOfDay / 1000) % 60
        let ms = msOfDay % 1000
        var out = ""
        out.reserveCapacity(24)
        out += pad(y, 4); out += "-"; out += pad(m, 2); out += "-"; out += pad(d, 2)
        out += "T"; out += pad(h, 2); out += ":"; out += pad(mi, 2); out += ":"; out += pad(s, 2)
        out += "."; out += pad(ms, 3); out += "Z"
        return out
    }

    /// The UTC calendar day as `YYYY-MM-DD`.
    public var dayString: String {
        let (y, m, d) = CivilDate.fromEpochDay(epochDay)
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    /// Parses RFC 3339 (`2026-11-21T09:30:00Z`, `…00.123Z`, `…00.123456+02:00`, a space instead of `T`).
    ///
    /// Offsets are converted to UTC. Fractions finer than a millisecond are truncated to the
    /// millisecond (the log's resolution). Returns `nil` when the text is not a valid date-time.
    public init?(rfc3339 text: some StringProtocol) {
        var utf8 = Array(text.utf8)
        guard let value = utf8.withUnsafeMutableBufferPointer({ Timestamp.parse(UnsafeBufferPointer($0)) }) else { return nil }
        self = value
    }

    /// Parses RFC 3339 from UTF-8 bytes (see `init?(rfc3339:)`).
    public static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        var i = 0
        func digits(_ n: Int) -> Int64? {
            guard i + n <= b.count else { return nil }
            var v: Int64 = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int64(c - 48)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let y = digits(4), expect(45), let mo = digits(2), expect(45), let d = digits(2) else { return nil }
        guard i < b.count, b[i] == 84 || b[i] == 116 || b[i] == 32 else { return nil }
        i += 1
        guard let h = digits(2), expect(58), let mi = digits(2), expect(58), let s = digits(2) else { return nil }
        guard (1...12).contains(mo), d >= 1, d <= CivilDate.daysInMonth(y, mo), h <= 23, mi <= 59, s <= 60 else { return nil }
        var ms: Int64 = 0
        if i < b.count, b[i] == 46 {
            i += 1
            var count = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if count < 3 { ms = ms * 10 + Int64(b[i] - 48) }
                count += 1
                i += 1
            }
            guard count > 0, count <= 9 else { return nil }
            if count < 3 { for _ in count..<3 { ms *= 10 } }
        }
        var offsetMinutes: Int64 = 0
        guard i < b.count else { return nil }
        if b[i] == 90 || b[i] == 122 {
            i += 1
        } else if b[i] == 43 || b[i] == 45 {
            let sign: Int64 = b[i] == 45 ? -1 : 1
            i += 1
            guard let oh = digits(2), expect(58), let om = digits(2), oh <= 23, om <= 59 else { return nil }
            offsetMinutes = sign * (oh * 60 + om)
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let second = min(s, 59) // a leap second is folded onto :59
        let day = CivilDate.toEpochDay(y, mo, d)
        let local = ((day * 24 + h) * 60 + mi) * 60 + second
        return Timestamp(milliseconds: (local - offsetMinutes * 60) * 1000 + ms)
    }
}

@inline(__always)
func pad(_ value: Int64, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}

/// Proleptic Gregorian calendar arithmetic on epoch days (Howard Hinnant's civil-date algorithms).
public enum CivilDate {
    /// Days since 1970-01-01 for a calendar date.
    public static func toEpochDay(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The calendar date of an epoch day.
    public static func fromEpochDay(_ epochDay: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = epochDay + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Days in a month of a year.
    public static func daysInMonth(_ year: Int64, _ month: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Day of week for an epoch day, 0 = Monday … 6 = Sunday (ISO 8601).
    public static func isoWeekday(_ epochDay: Int64) -> Int64 {
        // 1970-01-01 was a Thursday (ISO weekday index 3).
        let r = (epochDay + 3) % 7
        return r < 0 ? r + 7 : r
    }
}
