/// The four per-token prices of a model, as integers of micro-dollars per million tokens.
///
/// A price of `p` micro-dollars per 1M tokens is `p` picodollars per token, so `tokens × p` is an
/// exact `Money` amount. `nil` cache prices fall back to the input price, as in a price book.
public struct DemoPrices: Hashable, Sendable {
    /// Uncached input, µ$ per 1M tokens.
    public var input: Int64
    /// Output (reasoning included), µ$ per 1M tokens.
    public var output: Int64
    /// Input read from the prompt cache, µ$ per 1M tokens.
    public var cachedInput: Int64?
    /// Input written to the prompt cache, µ$ per 1M tokens.
    public var cacheWrite: Int64?

    /// Prices in µ$ per 1M tokens (2.50 $/Mtok is `2_500_000`).
    public init(input: Int64, output: Int64, cachedInput: Int64? = nil, cacheWrite: Int64? = nil) {
        self.input = input
        self.output = output
        self.cachedInput = cachedInput
        self.cacheWrite = cacheWrite
    }

    /// The exact cost of one call under these prices (SPEC "Price books": input includes cached
    /// and cache-write tokens; reasoning is part of output).
    @inlinable
    public func cost(input inputTokens: Int64, cached: Int64, cacheWrite writeTokens: Int64, output outputTokens: Int64) -> Money {
        let uncached = Int128(inputTokens - cached - writeTokens)
        var picos = uncached * Int128(input)
        picos += Int128(cached) * Int128(cachedInput ?? input)
        picos += Int128(writeTokens) * Int128(cacheWrite ?? input)
        picos += Int128(outputTokens) * Int128(output)
        return Money(picodollars: picos)
    }
}

/// A price tier: from `aboveInputTokens` input tokens on, these prices replace the base ones.
public struct DemoPriceTier: Hashable, Sendable {
    /// The tier applies when the request's input tokens exceed this.
    public var aboveInputTokens: Int64
    public var prices: DemoPrices

    /// A tier replacing the base prices above `aboveInputTokens` input tokens.
    public init(aboveInputTokens: Int64, prices: DemoPrices) {
        self.aboveInputTokens = aboveInputTokens
        self.prices = prices
    }
}
