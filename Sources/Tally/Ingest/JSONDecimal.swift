/// A JSON number read exactly as `±significand × 10^exponent`, with no floating point involved.
///
/// Up to 19 significant digits are kept; `droppedNonZero` says whether any later digit that had
/// to be dropped was non-zero (so the value is not exactly representable). This is enough to
/// convert to an exact `Int64`, to exact basis points, and to decide integrality the way JSON
/// Schema does (`1.0` and `1e3` are integers, `1.5` is not).
struct JSONDecimal: Sendable {
    var negative = false
    var significand: UInt64 = 0
    var exponent = 0
    var droppedNonZero = false

    /// Why a number cannot become the requested integer.
    enum ConversionError: Error {
        case notAnInteger
        case outOfRange
    }

    /// Reads a number whose grammar the scanner already validated.
    init(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) {
        var i = start
        if i < end, bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        var inFraction = false
        while i < end {
            let b = bytes[i]
            if isDigit(b) {
                let digit = UInt64(b &- UInt8(ascii: "0"))
                if significand < 1_000_000_000_000_000_000 {
                    significand = significand * 10 + digit
                    if inFraction { exponent -= 1 }
                } else {
                    if !inFraction { exponent += 1 }
                    if digit != 0 { droppedNonZero = true }
                }
            } else if b == UInt8(ascii: ".") {
                inFraction = true
            } else {
                break // 'e' or 'E'
            }
            i += 1
        }
        if i < end {
            i += 1 // e/E
            var expNegative = false
            if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                expNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var e = 0
            while i < end, isDigit(bytes[i]) {
                if e < 1_000_000 { e = e * 10 + Int(bytes[i] &- UInt8(ascii: "0")) }
                i += 1
            }
            exponent += expNegative ? -e : e
        }
        if significand == 0 {
            exponent = 0
        } else {
            while significand % 10 == 0 {
                significand /= 10
                exponent += 1
            }
        }
    }

    /// The value scaled by `10^scale` as an exact `Int64` (scale 0: the integer itself; scale 4:
    /// basis points of a fraction).
    func exactInteger(scale: Int = 0) throws(ConversionError) -> Int64 {
        if significand == 0 { return 0 }
        let e = exponent + scale
        // Digits in front of the point after scaling (the significand has no trailing zeros).
        var digits = 0
        var s = significand
        while s > 0 { s /= 10; digits += 1 }
        if droppedNonZero {
            throw digits + e > 18 ? .outOfRange : .notAnInteger
        }
        if e < 0 { throw .notAnInteger }
        guard digits + e <= 19 else { throw .outOfRange }
        var magnitude = significand
        for _ in 0..<e {
            let (product, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            guard !overflow else { throw .outOfRange }
            magnitude = product
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw .outOfRange }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw .outOfRange }
        return Int64(magnitude)
    }

    private static let exactPowers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The nearest `Double`. Exact inputs within Clinger's fast path are converted with a single
    /// correctly rounded operation; anything else goes through the standard library's parser.
    static func double(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Double {
        let d = JSONDecimal(bytes, from: start, to: end)
        if !d.droppedNonZero, d.significand <= 1 << 53, d.exponent >= -22, d.exponent <= 22 {
            var value = Double(d.significand)
            if d.exponent >= 0 {
                value *= exactPowers[d.exponent]
            } else {
                value /= exactPowers[-d.exponent]
            }
            return d.negative ? -value : value
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        return Double(text) ?? .nan
    }
}
