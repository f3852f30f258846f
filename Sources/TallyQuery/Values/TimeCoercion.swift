import Tally

/// Reading dates and times out of SQL string literals, and printing days.
///
/// A string literal compared with a timestamp or a day is converted once, when the query is bound,
/// never per row. Accepted forms: RFC 3339 (`2026-01-01T09:30:00Z`, with fraction or offset),
/// `YYYY-MM-DD HH:MM[:SS[.fff]]` and `YYYY-MM-DDTHH:MM[:SS]` without a zone (taken as UTC), and a bare
/// `YYYY-MM-DD` (midnight UTC).
public enum TimeCoercion {
    /// The timestamp a literal names, or `nil` when it is not one of the accepted forms.
    public static func timestamp(_ text: String) -> Timestamp? {
        if let ts = Timestamp(rfc3339: text) { return ts }
        if let day = epochDay(text) { return Timestamp(milliseconds: day * Timestamp.dayMs) }
        let bytes = Array(text.utf8)
        // No zone: take as UTC.
        if bytes.count >= 16, let ts = Timestamp(rfc3339: text + "Z") { return ts }
        if bytes.count == 16, let ts = Timestamp(rfc3339: text + ":00Z") { return ts }
        return nil
    }

    /// The epoch day a `YYYY-MM-DD` literal names, or `nil`.
    public static func epochDay(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for i in range {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                value = value * 10 + Int64(b[i] - 48)
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        guard (1...12).contains(m), d >= 1, d <= CivilDate.daysInMonth(y, m) else { return nil }
        return CivilDate.toEpochDay(y, m, d)
    }

    /// `YYYY-MM-DD` for an epoch day.
    public static func dayString(_ epochDay: Int64) -> String {
        let (y, m, d) = CivilDate.fromEpochDay(epochDay)
        var out = ""
        out.reserveCapacity(10)
        appendPadded(&out, y, 4)
        out += "-"
        appendPadded(&out, m, 2)
        out += "-"
        appendPadded(&out, d, 2)
        return out
    }

    static func appendPadded(_ out: inout String, _ value: Int64, _ width: Int) {
        let text = String(value)
        if text.utf8.count < width { out += String(repeating: "0", count: width - text.utf8.count) }
        out += text
    }
}
