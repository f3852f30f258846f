/// The answer of a price lookup: which entry applies, its resolved prices, and for how long the
/// same answer holds.
///
/// Callers on the hot path cache one `PriceMatch` per (model, provider) and reuse it while an
/// event's timestamp lies in `validity`; `cost(_:)` is then pure integer math.
public struct PriceMatch: Hashable, Sendable {
    /// How the model name was recognized.
    public enum Kind: String, Hashable, Sendable {
        /// Equal to the entry's model, an alias, or an `equals` clause.
        case exact
        /// A prefix (the entry's model or alias, or a `starts_with` clause).
        case prefix
        /// Another clause (`contains`, `ends_with`, `regex`, `and`).
        case clause
    }

    /// The entry's position in the book.
    public let entryIndex: Int
    /// The entry that applies.
    public let entry: PriceEntry
    /// How it matched.
    public let kind: Kind
    /// How much of the model name the match accounts for (UTF-8 bytes); longer wins.
    public let matchLength: Int
    /// The entry's prices with every fallback applied.
    public let prices: ResolvedPrices
    /// The span around the lookup's instant in which the same lookup gives this same answer
    /// (effective ranges and time-of-day windows of every candidate entry accounted for).
    public let validity: Range<Timestamp>

    /// Creates a match (the resolver's path).
    public init(entryIndex: Int, entry: PriceEntry, kind: Kind, matchLength: Int, prices: ResolvedPrices, validity: Range<Timestamp>) {
        self.entryIndex = entryIndex
        self.entry = entry
        self.kind = kind
        self.matchLength = matchLength
        self.prices = prices
        self.validity = validity
    }

    /// First instant of `validity`.
    public var validFrom: Timestamp { validity.lowerBound }
    /// First instant after `validity`.
    public var validUntil: Timestamp { validity.upperBound }

    /// The exact cost of one request under this entry (tier chosen by input tokens).
    @inlinable
    public func cost(_ usage: TokenUsage) -> Money {
        prices.cost(usage)
    }
}

/// The full answer of `PriceResolver.lookup`: a match (or none) and the span in which that
/// answer holds — so "this model has no price" can be cached as well as a price.
public struct PriceLookup: Hashable, Sendable {
    /// The entry that applies, if any.
    public let match: PriceMatch?
    /// The span around the lookup's instant in which the answer holds.
    public let validity: Range<Timestamp>
}
