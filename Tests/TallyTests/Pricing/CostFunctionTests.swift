import Testing
@testable import Tally

@Suite("Cost function")
struct CostFunctionTests {
    private func p(_ text: String) -> PerMillionPrice {
        guard let price = PerMillionPrice(decimal: text) else {
            Issue.record("bad price \(text)")
            return .zero
        }
        return price
    }

    /// The SPEC's example entry.
    private var gpt4o: ResolvedPrices {
        ResolvedPrices(
            input: p("2.50"), output: p("10.00"), cachedInput: p("1.25"), cacheWrite: p("3.125"),
            tiers: [PriceTier(aboveInputTokens: 200_000, input: p("5.00"), output: p("15.00"))]
        )
    }

    @Test func chargesEachKindOfToken() {
        let usage = TokenUsage(input: 1000, output: 500, cachedInput: 200, cacheWrite: 100)
        // 700 × 2.50 + 200 × 1.25 + 100 × 3.125 + 500 × 10.00, per 1M tokens
        #expect(gpt4o.cost(usage) == Money(picodollars: 1_750_000_000 + 250_000_000 + 312_500_000 + 5_000_000_000))
        #expect(gpt4o.cost(usage).description == "0.0073125")
        #expect(gpt4o.cost(TokenUsage(input: 100_000, output: 1_000_000)).description == "10.25")
        // A million input tokens is past the 200k tier: the whole request pays 5.00 / 15.00.
        #expect(gpt4o.cost(TokenUsage(input: 1_000_000, output: 1_000_000)).description == "20")
        #expect(gpt4o.cost(TokenUsage(input: 0, output: 0)) == .zero)
        #expect(gpt4o.cost(TokenUsage(input: 1, output: 0)) == Money(picodollars: 2_500_000))
    }

    @Test func tierAppliesOnlyAboveItsThreshold() {
        let atThreshold = TokenUsage(input: 200_000, output: 1000)
        let above = TokenUsage(input: 200_001, output: 1000)
        #expect(gpt4o.cost(atThreshold) == Money(decimal: "0.51"))            // 200,000 × 2.50 + 1,000 × 10.00
        #expect(gpt4o.cost(above) == Money(decimal: "1.015005"))              // 200,001 × 5.00 + 1,000 × 15.00
        // The whole request pays the tier, cached and cache-write tokens included. The tier sets
        // no cache prices, so the entry's own apply.
        let cachedAbove = TokenUsage(input: 300_000, output: 0, cachedInput: 100_000, cacheWrite: 50_000)
        #expect(gpt4o.cost(cachedAbove) == Money(decimal: "1.03125"))        // 150k × 5 + 100k × 1.25 + 50k × 3.125
    }

    @Test func highestExceededTierWins() {
        let prices = ResolvedPrices(
            input: p("1"), output: p("2"), cachedInput: nil, cacheWrite: nil,
            tiers: [
                PriceTier(aboveInputTokens: 200_000, input: p("4")),
                PriceTier(aboveInputTokens: 128_000, input: p("3"), output: p("5")),
            ]
        )
        #expect(prices.tiers.map(\.aboveInputTokens) == [128_000, 200_000])
        #expect(prices.rates(forInputTokens: 128_000).input == p("1"))
        #expect(prices.rates(forInputTokens: 128_001).input == p("3"))
        #expect(prices.rates(forInputTokens: 200_000).input == p("3"))
        #expect(prices.rates(forInputTokens: 200_001).input == p("4"))
        // Omitted prices keep the entry's own, not the lower tier's.
        #expect(prices.rates(forInputTokens: 200_001).output == p("2"))
        #expect(prices.rates(forInputTokens: 150_000).output == p("5"))
        // A threshold of 0 applies to any request with at least one input token.
        let zero = ResolvedPrices(input: p("1"), output: p("1"), cachedInput: nil, cacheWrite: nil, tiers: [PriceTier(aboveInputTokens: 0, input: p("9"))])
        #expect(zero.rates(forInputTokens: 0).input == p("1"))
        #expect(zero.rates(forInputTokens: 1).input == p("9"))
    }

    @Test func missingCachePricesFallBackToTheInputPrice() {
        let plain = ResolvedPrices(input: p("2"), output: p("8"), cachedInput: nil, cacheWrite: nil, tiers: [])
        #expect(plain.base.cachedInput == p("2"))
        #expect(plain.base.cacheWrite == p("2"))
        let usage = TokenUsage(input: 1000, output: 0, cachedInput: 600, cacheWrite: 400)
        #expect(plain.cost(usage) == plain.cost(TokenUsage(input: 1000, output: 0)))

        // In a tier that sets an input price, a missing cache price is the tier's input price…
        let tiered = ResolvedPrices(input: p("2"), output: p("8"), cachedInput: nil, cacheWrite: nil, tiers: [PriceTier(aboveInputTokens: 10, input: p("3"))])
        #expect(tiered.tiers[0].rates.cachedInput == p("3"))
        #expect(tiered.tiers[0].rates.cacheWrite == p("3"))
        // …but an entry's own cache price is kept.
        let own = ResolvedPrices(input: p("2"), output: p("8"), cachedInput: p("0.5"), cacheWrite: nil, tiers: [PriceTier(aboveInputTokens: 10, input: p("3"))])
        #expect(own.tiers[0].rates.cachedInput == p("0.5"))
        #expect(own.tiers[0].rates.cacheWrite == p("3"))
    }

    @Test func hugeCountsDoNotOverflow() {
        let top = PerMillionPrice(microdollars: PerMillionPrice.maximumMicrodollars)
        let rates = PriceRates(input: top, output: top, cachedInput: top, cacheWrite: top)
        let usage = TokenUsage(input: Int64.max / 2, output: Int64.max, cachedInput: Int64.max / 4, cacheWrite: Int64.max / 8)
        let expected = (Int128(usage.uncachedInput) + Int128(usage.cachedInput) + Int128(usage.cacheWrite) + Int128(usage.output)) * Int128(top.microdollars)
        #expect(rates.cost(usage).picodollars == expected)
    }

    @Test func usageValidity() {
        #expect(TokenUsage(input: 10, output: 1, cachedInput: 6, cacheWrite: 4).isValid)
        #expect(!TokenUsage(input: 10, output: 1, cachedInput: 6, cacheWrite: 5).isValid)
        #expect(!TokenUsage(input: -1, output: 1).isValid)
        #expect(TokenUsage(input: 10, output: 1, cachedInput: 6, cacheWrite: 4).uncachedInput == 0)
    }

    @Test func sumsAreExactInAnyOrder() {
        var rng = SeededRandom(seed: 42)
        var costs: [Money] = []
        for _ in 0..<2_000 {
            let input = Int64(rng.next() % 400_000)
            let cached = input == 0 ? 0 : Int64(rng.next() % UInt64(input))
            costs.append(gpt4o.cost(TokenUsage(input: input, output: Int64(rng.next() % 8000), cachedInput: cached)))
        }
        let forward = costs.reduce(Money.zero, +)
        let backward = costs.reversed().reduce(Money.zero, +)
        var shuffled = costs
        for i in stride(from: shuffled.count - 1, to: 0, by: -1) { shuffled.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        #expect(forward == backward)
        #expect(forward == shuffled.reduce(Money.zero, +))
    }
}
