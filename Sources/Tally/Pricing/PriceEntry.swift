/// One model's prices in a price book.
///
/// JSON (all prices are decimal strings in US dollars per one million tokens):
///
/// ```json
/// {"provider": "openai", "model": "gpt-4o", "aliases": ["gpt-4o-2024-08-06"], "match": "exact",
///  "input_per_mtok": "2.50", "output_per_mtok": "10.00",
///  "cached_input_per_mtok": "1.25", "cache_write_per_mtok": "3.125",
///  "tiers": [{"above_input_tokens": 200000, "input_per_mtok": "5.00", "output_per_mtok": "15.00"}],
///  "effective_from": "2026-01-01T00:00:00Z", "effective_to": null}
/// ```
///
/// Extensions beyond that core: `"match": "clauses"` with a `"clauses"` tree (genai-prices
/// syntax), `"time_of_day": {"start": "16:30", "end": "00:30"}` (a daily UTC window),
/// `"name"` (a display name) and `"notes"` (free text, e.g. what an importer dropped).
public struct PriceEntry: Hashable, Sendable {
    /// The provider the prices are for; `nil` matches events of any provider.
    public var provider: String?
    /// The model name (for `exact`/`prefix` the name or prefix matched; for `clauses` an id).
    public var model: String
    /// Other names (or prefixes) of the same model.
    public var aliases: [String]
    /// How model names are matched.
    public var match: ModelMatch
    /// A display name.
    public var name: String?
    /// Uncached input tokens.
    public var input: PerMillionPrice
    /// Output tokens.
    public var output: PerMillionPrice
    /// Input tokens read from the cache; `nil` means the input price.
    public var cachedInput: PerMillionPrice?
    /// Input tokens written to the cache; `nil` means the input price.
    public var cacheWrite: PerMillionPrice?
    /// Context-size tiers (see `PriceTier`).
    public var tiers: [PriceTier]
    /// First instant the entry applies (inclusive); `nil` means always in the past.
    public var effectiveFrom: Timestamp?
    /// First instant it no longer applies (exclusive); `nil` means open-ended.
    public var effectiveTo: Timestamp?
    /// A daily UTC window outside which the entry does not apply.
    public var timeOfDay: TimeOfDayWindow?
    /// Free text (where the prices come from, what an importer dropped).
    public var notes: String?

    public init(
        provider: String?, model: String, aliases: [String] = [], match: ModelMatch = .exact,
        name: String? = nil, input: PerMillionPrice, output: PerMillionPrice,
        cachedInput: PerMillionPrice? = nil, cacheWrite: PerMillionPrice? = nil, tiers: [PriceTier] = [],
        effectiveFrom: Timestamp? = nil, effectiveTo: Timestamp? = nil, timeOfDay: TimeOfDayWindow? = nil,
        notes: String? = nil
    ) {
        self.provider = provider
        self.model = model
        self.aliases = aliases
        self.match = match
        self.name = name
        self.input = input
        self.output = output
        self.cachedInput = cachedInput
        self.cacheWrite = cacheWrite
        self.tiers = tiers
        self.effectiveFrom = effectiveFrom
        self.effectiveTo = effectiveTo
        self.timeOfDay = timeOfDay
        self.notes = notes
    }

    /// The prices with every fallback applied (see `ResolvedPrices`).
    public var resolvedPrices: ResolvedPrices {
        ResolvedPrices(input: input, output: output, cachedInput: cachedInput, cacheWrite: cacheWrite, tiers: tiers)
    }

    /// Whether the entry applies at `ts` (effective range and daily window).
    public func applies(at ts: Timestamp) -> Bool {
        if let from = effectiveFrom, ts < from { return false }
        if let to = effectiveTo, ts >= to { return false }
        if let window = timeOfDay, !window.contains(ts) { return false }
        return true
    }
}
