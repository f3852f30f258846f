/// One of the four token prices of an entry.
public enum PriceField: String, CaseIterable, Hashable, Sendable {
    case input = "input"
    case output = "output"
    case cachedInput = "cached-input"
    case cacheWrite = "cache-write"
}

/// A price change for what-if books: scale some prices of some entries by an exact fraction.
public struct PriceScaling: Hashable, Sendable {
    /// Only entries of this provider (case-insensitive); `nil` for all.
    public var provider: String?
    /// Only entries whose model, an alias or the name matched by these strings (case-insensitive
    /// equality with the entry's `model` or an alias); `nil` for all.
    public var models: Set<String>?
    /// The prices to change.
    public var fields: Set<PriceField>
    /// The factor is `numerator / denominator`; results are rounded half to even to the
    /// micro-dollar per 1M tokens.
    public var numerator: Int64
    /// Positive.
    public var denominator: Int64

    public init(provider: String? = nil, models: Set<String>? = nil, fields: Set<PriceField> = Set(PriceField.allCases), numerator: Int64, denominator: Int64) {
        self.provider = provider
        self.models = models
        self.fields = fields
        self.numerator = numerator
        self.denominator = denominator
    }

    /// A scaling by a percentage change written as exact decimal text: `"-50"` halves prices,
    /// `"12.5"` raises them by an eighth. `nil` if the text is not a decimal with at most 6
    /// digits after the point, or the change is below −100 %.
    public init?(percentChange text: String, provider: String? = nil, models: Set<String>? = nil, fields: Set<PriceField> = Set(PriceField.allCases)) {
        var digits = Substring(text)
        var negative = false
        if digits.first == "-" || digits.first == "+" {
            negative = digits.first == "-"
            digits = digits.dropFirst()
        }
        guard let magnitude = PerMillionPrice(decimal: digits) else { return nil }
        // percent × 10⁶ as an integer: factor = (100·10⁶ ± that) / (100·10⁶)
        let change = negative ? -magnitude.microdollars : magnitude.microdollars
        let numerator = 100_000_000 + change
        guard numerator >= 0 else { return nil }
        self.init(provider: provider, models: models, fields: fields, numerator: numerator, denominator: 100_000_000)
    }

    func applies(to entry: PriceEntry) -> Bool {
        if let provider, entry.provider?.lowercased() != provider.lowercased() { return false }
        if let models {
            let names = ([entry.model] + entry.aliases).map { $0.lowercased() }
            guard models.contains(where: { names.contains($0.lowercased()) }) else { return false }
        }
        return true
    }
}

extension PriceBook {
    /// Why a book could not be scaled.
    public struct ScalingError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The entry's position in the book.
        public var entry: Int
        /// The entry's model.
        public var model: String
        public var description: String { "scaling entry \(entry) (\(model)) gives a price out of range" }
    }

    /// A what-if copy of the book with `scaling` applied, under a new id and description.
    ///
    /// The copy prices every request exactly as the original would with the chosen prices
    /// multiplied by the factor (each rounded half to even to the micro-dollar per 1M tokens).
    /// Fallbacks are made explicit where needed: halving only the input price does not halve a
    /// cache price that used to fall back to it.
    public func scaled(_ scalings: [PriceScaling], id: String, description: String?) throws(ScalingError) -> PriceBook {
        var copy = self
        copy.id = id
        copy.description = description
        for (i, entry) in entries.enumerated() {
            let applicable = scalings.filter { $0.applies(to: entry) }
            guard !applicable.isEmpty else { continue }
            let resolved = entry.resolvedPrices
            func scale(_ rates: PriceRates) throws(ScalingError) -> PriceRates {
                var r = rates
                for s in applicable {
                    func apply(_ p: PerMillionPrice) throws(ScalingError) -> PerMillionPrice {
                        guard let v = p.scaled(by: s.numerator, over: s.denominator) else { throw ScalingError(entry: i, model: entry.model) }
                        return v
                    }
                    if s.fields.contains(.input) { r.input = try apply(r.input) }
                    if s.fields.contains(.output) { r.output = try apply(r.output) }
                    if s.fields.contains(.cachedInput) { r.cachedInput = try apply(r.cachedInput) }
                    if s.fields.contains(.cacheWrite) { r.cacheWrite = try apply(r.cacheWrite) }
                }
                return r
            }
            let base = try scale(resolved.base)
            var updated = entry
            updated.input = base.input
            updated.output = base.output
            // Keep a cache price implicit only while it still equals the input price.
            updated.cachedInput = entry.cachedInput == nil && base.cachedInput == base.input ? nil : base.cachedInput
            updated.cacheWrite = entry.cacheWrite == nil && base.cacheWrite == base.input ? nil : base.cacheWrite
            var tiers: [PriceTier] = []
            for tier in resolved.tiers {
                let r = try scale(tier.rates)
                // Write each price the tier needs: those differing from what the entry would give.
                let fallbackCached = updated.cachedInput ?? r.input
                let fallbackWrite = updated.cacheWrite ?? r.input
                tiers.append(PriceTier(
                    aboveInputTokens: tier.aboveInputTokens,
                    input: r.input == updated.input ? nil : r.input,
                    output: r.output == updated.output ? nil : r.output,
                    cachedInput: r.cachedInput == fallbackCached ? nil : r.cachedInput,
                    cacheWrite: r.cacheWrite == fallbackWrite ? nil : r.cacheWrite
                ))
            }
            // A tier that now changes nothing is dropped.
            updated.tiers = tiers.filter { $0.input != nil || $0.output != nil || $0.cachedInput != nil || $0.cacheWrite != nil }
            copy.entries[i] = updated
        }
        return copy
    }
}
