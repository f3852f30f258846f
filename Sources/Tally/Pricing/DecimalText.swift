/// Exact scaling and rounding of decimal number text, for importing prices written as JSON
/// numbers (`2.9999900000000002e-06`, `0.18000000000000002`) without ever forming a `Double`.
///
/// The rule importers use: take the number's exact decimal text, shift it by a power of ten
/// (× 10⁶ for $/token → $/Mtok, then × 10⁶ for $/Mtok → µ$/Mtok), and round half to even to an
/// integer. So `2.9999900000000002e-06` $/token becomes 2.999990 $/Mtok = 2,999,990 µ$/Mtok, and
/// `0.18000000000000002` $/Mtok becomes 0.180000 $/Mtok = 180,000 µ$/Mtok. Float noise of that
/// kind is far below the micro-dollar, so rounding removes it and keeps every real digit.
public enum DecimalText {
    /// The outcome of scaling one number.
    public struct Scaled: Hashable, Sendable {
        /// The rounded integer.
        public var value: Int64
        /// Whether the value is exact (no non-zero digit was rounded away).
        public var isExact: Bool
    }

    /// Why a number could not be scaled.
    public enum Failure: Error, Hashable, Sendable {
        /// The text is not a JSON number.
        case notANumber
        /// The number is negative (prices never are).
        case negative
        /// The result does not fit the allowed range.
        case outOfRange
    }

    /// Scales the decimal number `text` by 10^`shift` and rounds half to even to an integer.
    ///
    /// `text` follows the JSON number grammar (optionally with a leading `+`, which never occurs
    /// in JSON). Negative numbers fail (`-0` is zero). The result must be ≤ `limit`.
    public static func scaleRoundingHalfEven(_ text: String, shift: Int, limit: Int64 = .max) -> Result<Scaled, Failure> {
        var bytes = Array(text.utf8)
        if bytes.first == UInt8(ascii: "+") { bytes.removeFirst() }
        guard JSONNumber.isValid(bytes) else { return .failure(.notANumber) }
        var negative = false
        var i = 0
        if bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        var digits: [UInt8] = []
        var fractionCount = 0
        var inFraction = false
        var exponent = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: ".") {
                inFraction = true
            } else if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                i += 1
                var expNegative = false
                if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                    expNegative = bytes[i] == UInt8(ascii: "-")
                    i += 1
                }
                var magnitude = 0
                while i < bytes.count {
                    // Clamp: anything beyond ±100,000 is already far out of every range.
                    magnitude = min(magnitude * 10 + Int(bytes[i] - UInt8(ascii: "0")), 100_000)
                    i += 1
                }
                exponent = expNegative ? -magnitude : magnitude
                break
            } else {
                digits.append(b - UInt8(ascii: "0"))
                if inFraction { fractionCount += 1 }
            }
            i += 1
        }
        // Strip leading zeros; an all-zero number is exactly zero.
        let firstNonZero = digits.firstIndex(where: { $0 != 0 }) ?? digits.count
        digits.removeFirst(firstNonZero)
        if digits.isEmpty { return .success(Scaled(value: 0, isExact: true)) }
        if negative { return .failure(.negative) }
        // value = digits × 10^(exponent − fractionCount + shift)
        let power = exponent - fractionCount + shift
        let kept: ArraySlice<UInt8>
        let dropped: [UInt8]
        if power >= 0 {
            guard digits.count + power <= 19 else { return .failure(.outOfRange) }
            kept = ArraySlice(digits + Array(repeating: 0, count: power))
            dropped = []
        } else {
            let drop = -power
            if drop > digits.count {
                // Every digit is below the kept unit; a leading zero says "less than half".
                kept = []
                dropped = [0] + digits
            } else {
                kept = digits[0..<(digits.count - drop)]
                dropped = Array(digits[(digits.count - drop)...])
            }
        }
        guard kept.count <= 19 else { return .failure(.outOfRange) }
        var value: Int64 = 0
        for d in kept {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(d))
            guard !o1, !o2 else { return .failure(.outOfRange) }
            value = s
        }
        let exact = dropped.allSatisfy { $0 == 0 }
        if let first = dropped.first {
            let restNonZero = dropped.dropFirst().contains(where: { $0 != 0 })
            let roundUp = first > 5 || (first == 5 && (restNonZero || value % 2 != 0))
            if roundUp {
                let (s, o) = value.addingReportingOverflow(1)
                guard !o else { return .failure(.outOfRange) }
                value = s
            }
        }
        guard value <= limit else { return .failure(.outOfRange) }
        return .success(Scaled(value: value, isExact: exact))
    }
}
