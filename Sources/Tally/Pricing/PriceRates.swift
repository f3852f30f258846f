/// The four token prices that apply to one request, all resolved (no fallbacks left).
@frozen
public struct PriceRates: Hashable, Sendable {
    /// Uncached input tokens.
    public var input: PerMillionPrice
    /// Output tokens.
    public var output: PerMillionPrice
    /// Input tokens read from the cache.
    public var cachedInput: PerMillionPrice
    /// Input tokens written to the cache.
    public var cacheWrite: PerMillionPrice

    @inlinable
    public init(input: PerMillionPrice, output: PerMillionPrice, cachedInput: PerMillionPrice, cacheWrite: PerMillionPrice) {
        self.input = input
        self.output = output
        self.cachedInput = cachedInput
        self.cacheWrite = cacheWrite
    }

    /// The exact cost of `usage` at these rates:
    /// `(input − cached − cacheWrite) × input + cached × cachedInput + cacheWrite × cacheWrite
    /// + output × output`, in picodollars.
    ///
    /// Integer arithmetic in `Int128`; no allocation. Assumes a valid usage (`TokenUsage.isValid`).
    @inlinable @inline(__always)
    public func cost(_ usage: TokenUsage) -> Money {
        let uncached = Int128(usage.input &- usage.cachedInput &- usage.cacheWrite) * Int128(input.microdollars)
        let cached = Int128(usage.cachedInput) * Int128(cachedInput.microdollars)
        let written = Int128(usage.cacheWrite) * Int128(cacheWrite.microdollars)
        let produced = Int128(usage.output) * Int128(output.microdollars)
        return Money(picodollars: uncached + cached + written + produced)
    }
}
