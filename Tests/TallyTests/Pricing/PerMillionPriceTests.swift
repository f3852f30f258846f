import Testing
@testable import Tally

@Suite("Per-million prices and exact decimal scaling")
struct PerMillionPriceTests {
    @Test func parsesExactDecimalStrings() {
        #expect(PerMillionPrice(decimal: "2.50")?.microdollars == 2_500_000)
        #expect(PerMillionPrice(decimal: "10")?.microdollars == 10_000_000)
        #expect(PerMillionPrice(decimal: "3.125")?.microdollars == 3_125_000)
        #expect(PerMillionPrice(decimal: "0.075")?.microdollars == 75_000)
        #expect(PerMillionPrice(decimal: "0.000001")?.microdollars == 1)
        #expect(PerMillionPrice(decimal: "0")?.microdollars == 0)
        #expect(PerMillionPrice(decimal: "1000000000")?.microdollars == PerMillionPrice.maximumMicrodollars)
        for bad in ["", ".", "1.", ".5", "-1", "+1", "1e3", "0.0000001", " 1", "1,5", "1000000000.000001", "99999999999999999999"] {
            #expect(PerMillionPrice(decimal: bad) == nil, "accepted \(bad)")
        }
    }

    @Test func writesCanonicalDecimalText() {
        #expect(PerMillionPrice(microdollars: 2_500_000).decimalString == "2.50")
        #expect(PerMillionPrice(microdollars: 10_000_000).decimalString == "10.00")
        #expect(PerMillionPrice(microdollars: 3_125_000).decimalString == "3.125")
        #expect(PerMillionPrice(microdollars: 75_000).decimalString == "0.075")
        #expect(PerMillionPrice(microdollars: 1).decimalString == "0.000001")
        #expect(PerMillionPrice(microdollars: 0).decimalString == "0.00")
        for micro: Int64 in [0, 1, 10, 99, 2_500_000, 2_999_990, 123_456_789, PerMillionPrice.maximumMicrodollars] {
            let price = PerMillionPrice(microdollars: micro)
            #expect(PerMillionPrice(decimal: price.decimalString) == price)
        }
    }

    @Test func scalingRoundsHalfToEven() {
        let price = PerMillionPrice(microdollars: 5)
        #expect(price.scaled(by: 1, over: 2)?.microdollars == 2)   // 2.5 → 2
        #expect(PerMillionPrice(microdollars: 7).scaled(by: 1, over: 2)?.microdollars == 4) // 3.5 → 4
        #expect(PerMillionPrice(microdollars: 2_500_000).scaled(by: 50, over: 100)?.microdollars == 1_250_000)
        #expect(price.scaled(by: 1, over: 0) == nil)
        #expect(price.scaled(by: -1, over: 1) == nil)
    }

    private func scale(_ text: String, _ shift: Int) -> DecimalText.Scaled? {
        try? DecimalText.scaleRoundingHalfEven(text, shift: shift).get()
    }

    /// The importers' rule: exact decimal text → µ$/Mtok, rounded half to even.
    @Test func floatNoiseIsRoundedAwayFromTheExactText() {
        // LiteLLM: USD per token → × 10¹² to µ$/Mtok.
        #expect(scale("2.9999900000000002e-06", 12) == .init(value: 2_999_990, isExact: false))
        #expect(scale("2.5e-06", 12) == .init(value: 2_500_000, isExact: true))
        #expect(scale("1e-05", 12) == .init(value: 10_000_000, isExact: true))
        #expect(scale("7.5e-08", 12) == .init(value: 75_000, isExact: true))
        #expect(scale("0.0", 12) == .init(value: 0, isExact: true))
        // genai-prices: USD per Mtok → × 10⁶.
        #expect(scale("0.18000000000000002", 6) == .init(value: 180_000, isExact: false))
        #expect(scale("0.08333333333333334", 6) == .init(value: 83_333, isExact: false))
        #expect(scale("0.01875", 6) == .init(value: 18_750, isExact: true))
        #expect(scale("2.5", 6) == .init(value: 2_500_000, isExact: true))
        #expect(scale("30", 6) == .init(value: 30_000_000, isExact: true))
        #expect(scale("1E+2", 0) == .init(value: 100, isExact: true))
    }

    @Test func ties() {
        #expect(scale("0.0000005", 6)?.value == 0)   // 0.5 → 0
        #expect(scale("0.0000015", 6)?.value == 2)   // 1.5 → 2
        #expect(scale("0.0000025", 6)?.value == 2)   // 2.5 → 2
        #expect(scale("0.00000250000001", 6)?.value == 3)
        #expect(scale("0.0000024999", 6)?.value == 2)
        #expect(scale("1e-13", 12) == .init(value: 0, isExact: false))
        #expect(scale("5e-13", 12) == .init(value: 0, isExact: false))
        #expect(scale("5e-1000", 12) == .init(value: 0, isExact: false))
        #expect(scale("9.9e-13", 12) == .init(value: 1, isExact: false))
    }

    @Test func failures() {
        #expect(DecimalText.scaleRoundingHalfEven("-1e-6", shift: 12) == .failure(.negative))
        #expect(DecimalText.scaleRoundingHalfEven("-0", shift: 12) == .success(.init(value: 0, isExact: true)))
        #expect(DecimalText.scaleRoundingHalfEven("abc", shift: 12) == .failure(.notANumber))
        #expect(DecimalText.scaleRoundingHalfEven("1e400", shift: 12) == .failure(.outOfRange))
        #expect(DecimalText.scaleRoundingHalfEven("1e99999999999999999999", shift: 0) == .failure(.outOfRange))
        #expect(DecimalText.scaleRoundingHalfEven("2000", shift: 12, limit: PerMillionPrice.maximumMicrodollars) == .failure(.outOfRange))
    }
}
