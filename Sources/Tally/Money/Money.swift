/// An exact amount of US dollars, held as an integer count of picodollars (10⁻¹² $).
///
/// Prices are kept per million tokens at micro-dollar resolution (10⁻⁶ $ per 1M tokens), so the
/// cost of any whole number of tokens is a whole number of picodollars: `tokens × price` is exact
/// and needs no rounding. Sums are `Int128`, so totals equal the sum of their parts in any order.
/// `Double` never takes part in money arithmetic; conversion to text happens only at the edge.
@frozen
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Picodollars: 1 $ = 1,000,000,000,000.
    public var picodollars: Int128

    /// The number of picodollars in one dollar.
    public static let picosPerDollar: Int128 = 1_000_000_000_000
    /// Decimal digits after the point that `Money` can hold exactly.
    public static let fractionDigits = 12

    @inlinable public init(picodollars: Int128) { self.picodollars = picodollars }

    /// Zero dollars.
    public static let zero = Money(picodollars: 0)

    @inlinable public static func + (a: Money, b: Money) -> Money { Money(picodollars: a.picodollars + b.picodollars) }
    @inlinable public static func - (a: Money, b: Money) -> Money { Money(picodollars: a.picodollars - b.picodollars) }
    @inlinable public static func += (a: inout Money, b: Money) { a.picodollars += b.picodollars }
    @inlinable public static func -= (a: inout Money, b: Money) { a.picodollars -= b.picodollars }
    @inlinable public static prefix func - (a: Money) -> Money { Money(picodollars: -a.picodollars) }
    @inlinable public static func < (a: Money, b: Money) -> Bool { a.picodollars < b.picodollars }

    /// Parses an exact decimal string such as `"12"`, `"0.000125"` or `"-3.5"`.
    ///
    /// Accepts an optional sign, digits, and at most 12 digits after the point; no exponent, no
    /// spaces. Returns `nil` for anything else (callers turn that into a field-level error).
    public init?(decimal text: some StringProtocol) {
        guard let value = Money.parse(utf8: Array(text.utf8)) else { return nil }
        self = value
    }

    /// Parses the UTF-8 bytes of a decimal string (see `init?(decimal:)`).
    public static func parse(utf8 bytes: some Collection<UInt8>) -> Money? {
        var negative = false
        var whole: Int128 = 0
        var fraction: Int128 = 0
        var fractionCount = 0
        var sawDigit = false
        var sawPoint = false
        var index = bytes.startIndex
        if index != bytes.endIndex, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index = bytes.index(after: index)
        }
        while index != bytes.endIndex {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
                let digit = Int128(byte &- UInt8(ascii: "0"))
                if sawPoint {
                    fractionCount += 1
                    guard fractionCount <= fractionDigits else { return nil }
                    fraction = fraction * 10 + digit
                } else {
                    // 10^24 dollars is far beyond any real amount, and keeps the product in range.
                    guard whole < 1_000_000_000_000_000_000_000_000 else { return nil }
                    whole = whole * 10 + digit
                }
            case UInt8(ascii: "."):
                guard !sawPoint else { return nil }
                sawPoint = true
            default:
                return nil
            }
            index = bytes.index(after: index)
        }
        guard sawDigit else { return nil }
        if sawPoint && fractionCount == 0 { return nil }
        var scale: Int128 = 1
        for _ in fractionCount..<fractionDigits { scale *= 10 }
        let picos = whole * picosPerDollar + fraction * scale
        return Money(picodollars: negative ? -picos : picos)
    }

    /// The exact decimal text: no exponent, no trailing zeros after the point, `"0"` for zero.
    public var description: String { decimalString() }

    /// The exact decimal text, with at least `minimumFractionDigits` digits after the point.
    public func decimalString(minimumFractionDigits: Int = 0) -> String {
        let negative = picodollars < 0
        let magnitude = negative ? (0 - picodollars).magnitude : picodollars.magnitude
        let whole = magnitude / UInt128(Money.picosPerDollar)
        var fraction = magnitude % UInt128(Money.picosPerDollar)
        var digits = Money.fractionDigits
        while digits > minimumFractionDigits, fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        var text = negative ? "-" : ""
        text += String(whole)
        if digits > 0 {
            var fractionText = String(fraction)
            if fractionText.count < digits {
                fractionText = String(repeating: "0", count: digits - fractionText.count) + fractionText
            }
            text += "." + fractionText
        }
        return text
    }

    /// The amount rounded half away from zero to `digits` decimal places (0...12), as exact text.
    public func rounded(toFractionDigits digits: Int) -> Money {
        let clamped = max(0, min(Money.fractionDigits, digits))
        var unit: Int128 = 1
        for _ in clamped..<Money.fractionDigits { unit *= 10 }
        guard unit > 1 else { return self }
        let half = unit / 2
        let q = picodollars >= 0 ? (picodollars + half) / unit : (picodollars - half) / unit
        return Money(picodollars: q * unit)
    }

    /// An approximate `Double` for display arithmetic (ratios, charts) only — never for sums.
    public var approximateDollars: Double {
        Double(picodollars) / 1e12
    }
}
