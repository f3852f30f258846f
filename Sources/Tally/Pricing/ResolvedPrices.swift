/// An entry's prices with every fallback applied: base rates plus fully resolved tiers.
///
/// This is what the hot path keeps per (model, provider): `cost(_:)` picks the tier by input
/// tokens and multiplies, with no allocation, no existential and integer math only.
///
/// Fallbacks, applied once when an entry is resolved:
/// - a missing cached-input or cache-write price is the input price (of the entry, or of the
///   tier when the tier sets an input price and the entry has no cache price of its own);
/// - a price a tier omits keeps the entry's own price.
@frozen
public struct ResolvedPrices: Hashable, Sendable {
    /// One resolved tier.
    @frozen
    public struct Tier: Hashable, Sendable {
        /// The tier applies when input tokens are strictly greater than this.
        public var aboveInputTokens: Int64
        /// The rates the whole request pays in this tier.
        public var rates: PriceRates

        @inlinable public init(aboveInputTokens: Int64, rates: PriceRates) {
            self.aboveInputTokens = aboveInputTokens
            self.rates = rates
        }
    }

    /// Rates below the first tier.
    public var base: PriceRates
    /// Tiers in ascending threshold order (thresholds are distinct).
    public var tiers: [Tier]

    @inlinable public init(base: PriceRates, tiers: [Tier] = []) {
        self.base = base
        self.tiers = tiers
    }

    /// Resolves an entry's prices and tiers (tiers may come in any order; thresholds must be
    /// distinct, which book parsing checks).
    public init(
        input: PerMillionPrice, output: PerMillionPrice, cachedInput: PerMillionPrice?,
        cacheWrite: PerMillionPrice?, tiers: [PriceTier]
    ) {
        base = PriceRates(input: input, output: output, cachedInput: cachedInput ?? input, cacheWrite: cacheWrite ?? input)
        self.tiers = tiers.sorted { $0.aboveInputTokens < $1.aboveInputTokens }.map { tier in
            let tierInput = tier.input ?? input
            return Tier(
                aboveInputTokens: tier.aboveInputTokens,
                rates: PriceRates(
                    input: tierInput,
                    output: tier.output ?? output,
                    cachedInput: tier.cachedInput ?? cachedInput ?? tierInput,
                    cacheWrite: tier.cacheWrite ?? cacheWrite ?? tierInput
                )
            )
        }
    }

    /// The rates a request with `inputTokens` input tokens pays: the highest tier whose
    /// threshold it exceeds, else the base rates.
    @inlinable
    public func rates(forInputTokens inputTokens: Int64) -> PriceRates {
        var i = tiers.count
        while i > 0 {
            i &-= 1
            if inputTokens > tiers[i].aboveInputTokens { return tiers[i].rates }
        }
        return base
    }

    /// The exact cost of one request (see `PriceRates.cost(_:)` and the tier rule above).
    @inlinable
    public func cost(_ usage: TokenUsage) -> Money {
        rates(forInputTokens: usage.input).cost(usage)
    }
}
