/// A token price: an integer count of micro-dollars (10⁻⁶ $) per one million tokens.
///
/// One micro-dollar per million tokens is one picodollar per token, so the cost of any whole
/// number of tokens is `tokens × microdollars` picodollars — an exact `Money` with no rounding.
/// `"2.50"` $/Mtok is `2_500_000`; `"0.075"` is `75_000`; `"0.000001"` is `1`, the resolution.
@frozen
public struct PerMillionPrice: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Micro-dollars per one million tokens (equivalently, picodollars per token).
    public var microdollars: Int64

    /// The largest price a book may hold: $1,000,000,000 per million tokens. Far above any real
    /// price, and small enough that token counts × prices never overflow `Int128` sums.
    public static let maximumMicrodollars: Int64 = 1_000_000_000_000_000
    /// Digits after the decimal point that a price can carry exactly.
    public static let fractionDigits = 6

    /// A price of `microdollars` micro-dollars per one million tokens.
    @inlinable public init(microdollars: Int64) { self.microdollars = microdollars }

    /// Free.
    public static let zero = PerMillionPrice(microdollars: 0)

    @inlinable public static func < (a: PerMillionPrice, b: PerMillionPrice) -> Bool { a.microdollars < b.microdollars }

    /// Parses an exact, non-negative decimal price in dollars per million tokens, as price books
    /// write them: `"2.50"`, `"10"`, `"0.075"`, `"3.125"`. At most 6 digits after the point, no
    /// sign, exponent or spaces, at most `maximumMicrodollars`. Returns `nil` otherwise.
    public init?(decimal text: some StringProtocol) {
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionCount = 0
        var sawDigit = false
        var sawPoint = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
                let digit = Int64(byte - UInt8(ascii: "0"))
                if sawPoint {
                    fractionCount += 1
                    guard fractionCount <= PerMillionPrice.fractionDigits else { return nil }
                    fraction = fraction * 10 + digit
                } else {
                    guard whole <= PerMillionPrice.maximumMicrodollars / 1_000_000 else { return nil }
                    whole = whole * 10 + digit
                }
            case UInt8(ascii: "."):
                guard !sawPoint, sawDigit else { return nil }
                sawPoint = true
            default:
                return nil
            }
        }
        guard sawDigit, !(sawPoint && fractionCount == 0) else { return nil }
        for _ in fractionCount..<PerMillionPrice.fractionDigits { fraction *= 10 }
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: 1_000_000)
        guard !overflow, scaled <= PerMillionPrice.maximumMicrodollars - fraction else { return nil }
        microdollars = scaled + fraction
    }

    /// The price in dollars per million tokens as exact decimal text with at least two digits
    /// after the point and no trailing zeros beyond them: `"2.50"`, `"0.075"`, `"3.125"`, `"0.00"`.
    public var decimalString: String {
        let negative = microdollars < 0
        let magnitude = microdollars.magnitude
        let whole = magnitude / 1_000_000
        var fraction = magnitude % 1_000_000
        var digits = PerMillionPrice.fractionDigits
        while digits > 2, fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        var fractionText = String(fraction)
        if fractionText.count < digits {
            fractionText = String(repeating: "0", count: digits - fractionText.count) + fractionText
        }
        return (negative ? "-" : "") + String(whole) + "." + fractionText
    }

    public var description: String { decimalString }

    /// The cost of `tokens` tokens at this price.
    @inlinable public func cost(ofTokens tokens: Int64) -> Money {
        Money(picodollars: Int128(tokens) * Int128(microdollars))
    }

    /// This price scaled by `numerator / denominator`, rounded half to even to the micro-dollar
    /// (for what-if books such as "everything 50 % off"). `nil` if the denominator is not
    /// positive or the result is negative or out of range.
    public func scaled(by numerator: Int64, over denominator: Int64) -> PerMillionPrice? {
        guard denominator > 0 else { return nil }
        let product = Int128(microdollars) * Int128(numerator)
        let d = Int128(denominator)
        var quotient = product / d
        let remainder = product % d
        let twice = remainder * 2
        if twice > d || (twice == d && quotient % 2 != 0) { quotient += 1 }
        guard quotient >= 0, quotient <= Int128(PerMillionPrice.maximumMicrodollars) else { return nil }
        return PerMillionPrice(microdollars: Int64(quotient))
    }
}
