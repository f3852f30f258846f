/// A context-size tier of a price entry, as written in a book.
///
/// The tier applies when a request's input tokens (all of them, cached ones included) *exceed*
/// `aboveInputTokens`; among the tiers that apply, the one with the highest threshold wins, and
/// then the whole request pays its prices (a "cliff", not marginal bands). A tier may set any of
/// the four prices; those it leaves out keep the entry's own (see `ResolvedPrices`).
public struct PriceTier: Hashable, Sendable {
    /// The tier applies when input tokens are strictly greater than this.
    public var aboveInputTokens: Int64
    /// Uncached input price in the tier; `nil` keeps the entry's.
    public var input: PerMillionPrice?
    /// Output price in the tier; `nil` keeps the entry's.
    public var output: PerMillionPrice?
    /// Cache-read price in the tier; `nil` keeps the entry's (or, if it has none, the input price).
    public var cachedInput: PerMillionPrice?
    /// Cache-write price in the tier; `nil` keeps the entry's (or, if it has none, the input price).
    public var cacheWrite: PerMillionPrice?

    public init(
        aboveInputTokens: Int64, input: PerMillionPrice? = nil, output: PerMillionPrice? = nil,
        cachedInput: PerMillionPrice? = nil, cacheWrite: PerMillionPrice? = nil
    ) {
        self.aboveInputTokens = aboveInputTokens
        self.input = input
        self.output = output
        self.cachedInput = cachedInput
        self.cacheWrite = cacheWrite
    }
}
