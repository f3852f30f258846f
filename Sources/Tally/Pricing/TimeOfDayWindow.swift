/// A daily window of UTC time in which a price entry applies, e.g. DeepSeek's off-peak hours.
///
/// The window is `[start, end)` in milliseconds since midnight UTC. When `start > end` it wraps
/// midnight (`22:00`–`06:00` covers the night). `start == end` is not a window (rejected).
/// In a book it is written `"time_of_day": {"start": "16:30", "end": "00:30"}` (UTC; seconds and
/// milliseconds optional, a trailing `Z` accepted).
public struct TimeOfDayWindow: Hashable, Sendable {
    /// Start, milliseconds since midnight UTC (inclusive).
    public let start: Int64
    /// End, milliseconds since midnight UTC (exclusive).
    public let end: Int64

    /// A window, or `nil` if a bound is outside `0..<86_400_000` or the bounds are equal.
    public init?(start: Int64, end: Int64) {
        guard (0..<Timestamp.dayMs).contains(start), (0..<Timestamp.dayMs).contains(end), start != end else { return nil }
        self.start = start
        self.end = end
    }

    /// Whether the window crosses midnight.
    public var wrapsMidnight: Bool { start > end }

    /// Whether `ts` falls in the window.
    @inlinable public func contains(_ ts: Timestamp) -> Bool {
        let ms = TimeOfDayWindow.millisecondOfDay(ts)
        return start < end ? (ms >= start && ms < end) : (ms >= start || ms < end)
    }

    /// Milliseconds since midnight UTC of `ts` (overflow-free for any instant).
    @inlinable static func millisecondOfDay(_ ts: Timestamp) -> Int64 {
        let r = ts.milliseconds % Timestamp.dayMs
        return r < 0 ? r + Timestamp.dayMs : r
    }

    /// The nearest window boundaries around `ts`: the last one at or before it and the first one
    /// after it. Between them, `contains` gives the same answer.
    public func boundaries(around ts: Timestamp) -> (previous: Int64, next: Int64) {
        // Int128, so instants near the ends of Int64 cannot overflow; boundaries beyond them
        // are left out.
        let t = Int128(ts.milliseconds)
        let midnight = t - Int128(TimeOfDayWindow.millisecondOfDay(ts))
        var previous = Int128(Int64.min)
        var next = Int128(Int64.max)
        for dayOffset in [-Timestamp.dayMs, 0, Timestamp.dayMs] {
            for edge in [start, end] {
                let b = midnight + Int128(dayOffset) + Int128(edge)
                guard b >= Int128(Int64.min), b <= Int128(Int64.max) else { continue }
                if b <= t { previous = max(previous, b) } else { next = min(next, b) }
            }
        }
        return (Int64(previous), Int64(next))
    }

    /// Parses `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff`, with an optional trailing `Z`, as
    /// milliseconds since midnight UTC.
    public static func parseTime(_ text: String) -> Int64? {
        var bytes = Array(text.utf8)
        if bytes.last == UInt8(ascii: "Z") || bytes.last == UInt8(ascii: "z") { bytes.removeLast() }
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= bytes.count else { return nil }
            var v: Int64 = 0
            for k in range {
                guard bytes[k] >= 48, bytes[k] <= 57 else { return nil }
                v = v * 10 + Int64(bytes[k] - 48)
            }
            return v
        }
        guard bytes.count >= 5, bytes[2] == UInt8(ascii: ":"), let h = number(0..<2), let m = number(3..<5), h < 24, m < 60 else { return nil }
        var ms = (h * 60 + m) * 60_000
        if bytes.count == 5 { return ms }
        guard bytes.count >= 8, bytes[5] == UInt8(ascii: ":"), let s = number(6..<8), s < 60 else { return nil }
        ms += s * 1000
        if bytes.count == 8 { return ms }
        guard bytes.count == 12, bytes[8] == UInt8(ascii: "."), let f = number(9..<12) else { return nil }
        return ms + f
    }

    /// Formats milliseconds since midnight as `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff` (the
    /// shortest that is exact).
    public static func formatTime(_ ms: Int64) -> String {
        let h = ms / 3_600_000, m = (ms / 60_000) % 60, s = (ms / 1000) % 60, f = ms % 1000
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var text = two(h) + ":" + two(m)
        if s != 0 || f != 0 { text += ":" + two(s) }
        if f != 0 { text += "." + (f < 10 ? "00" : f < 100 ? "0" : "") + "\(f)" }
        return text
    }
}
