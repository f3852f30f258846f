import TallyStore

/// Where a projection set takes its prices from.
public enum PricingSource: Sendable {
    /// Each tenant's `price_book` events: an interaction is priced by the latest book of its
    /// tenant at or before its `ts` (falling back to the `default` tenant's books).
    case baseline
    /// One book for everything, with the scenario's model remaps applied first (`--map old=new`):
    /// what-if replays.
    case fixed(PriceBook, scenario: WhatIfScenario)
}

/// Prices interactions for a projection set, caching per (tenant, model, provider) the match and
/// the time span in which it holds, so the hot path is a dictionary lookup and integer math.
final class Pricer: @unchecked Sendable {
    let source: PricingSource
    private var fixedResolver: PriceResolver?
    private var timelines: [Symbol: [TimelineEntry]] = [:]
    private var names: [Symbol: String] = [:]
    /// Read for every interaction, under the log's commit lock only (no runtime exclusivity check).
    @exclusivity(unchecked) private var matches = OverlayTable<PriceKey, CachedMatch>()
    private var defaultTenant: Symbol? = nil

    struct TimelineEntry {
        var ts: Int64
        var position: UInt64
        var resolver: PriceResolver?
    }

    struct PriceKey: Hashable, OverlayKey {
        var tenant: Symbol
        var model: Symbol
        var provider: Symbol
        /// The agent, only when the scenario remaps some agents' calls (else 0).
        var agent: Symbol

        var overlayHash: UInt64 { overlayMix(UInt64(tenant) << 32 | UInt64(model), UInt64(provider) << 32 | UInt64(agent)) }
    }

    /// The prices that apply (none: unpriced) and the span in which they hold.
    struct CachedMatch {
        var prices: ResolvedPrices?
        var validFrom: Int64
        var validUntil: Int64
    }

    let schema: StoreSchema
    let tables: ProjectionTables

    /// Whether prices depend on the agent (a scenario that remaps only some agents' calls).
    private let keyedByAgent: Bool

    init(source: PricingSource, schema: StoreSchema, tables: ProjectionTables) {
        self.source = source
        self.schema = schema
        self.tables = tables
        if case .fixed(let book, let scenario) = source {
            fixedResolver = PriceResolver(book: book)
            keyedByAgent = scenario.agents != nil
        } else {
            keyedByAgent = false
        }
    }

    /// Drops every cache (after an aborted transaction).
    func reset() {
        timelines = [:]
        names = [:]
        matches.removeAll()
        defaultTenant = nil
    }

    /// Records a `price_book` event: from `ts` on, the tenant's baseline uses this book.
    func add(book json: String, tenant: Symbol, ts: Timestamp, position: UInt64, txn: UnsafeWriteTransactionReference) throws {
        var key = [UInt8]()
        BigEndianKey.append(tenant, to: &key)
        BigEndianKey.append(UInt64(bitPattern: ts.milliseconds) ^ (1 << 63), to: &key)
        BigEndianKey.append(position, to: &key)
        try txn.put(tables.priceBooks, key: key, value: Array(json.utf8))
        if timelines[tenant] != nil {
            timelines[tenant]?.append(TimelineEntry(ts: ts.milliseconds, position: position, resolver: Pricer.resolver(json)))
            timelines[tenant]?.sort { ($0.ts, $0.position) < ($1.ts, $1.position) }
        }
        matches.removeAll()
    }

    static func resolver(_ json: String) -> PriceResolver? {
        // The book was validated when appended; a book that no longer parses prices nothing.
        (try? PriceBook.parse(bytes: Array(json.utf8))).map { PriceResolver(book: $0) }
    }

    /// The exact cost of an interaction, or `nil` when its model has no price.
    ///
    /// `txn` reads this set's own tables (its price-book timeline), `logTxn` the log's symbols;
    /// they differ when the set lives in another environment than the log (what-if sets).
    @inline(__always)
    func cost(of i: InteractionRecord, tenant: Symbol, at ts: Timestamp, txn: UnsafeReadTransactionReference,
              logTxn: UnsafeReadTransactionReference) throws -> Money? {
        let key = PriceKey(tenant: tenant, model: i.model, provider: i.provider, agent: keyedByAgent ? i.agent : 0)
        let t = ts.milliseconds
        let slot: Int
        if let found = matches.index(of: key) {
            slot = found
            if !(matches.rows[slot].validFrom <= t && t < matches.rows[slot].validUntil) {
                matches.rows[slot] = try lookUp(key, at: ts, txn: txn, logTxn: logTxn)
            }
        } else {
            slot = matches.insert(key, try lookUp(key, at: ts, txn: txn, logTxn: logTxn))
        }
        return matches.rows[slot].prices?.cost(TokenUsage(input: i.inputTokens, output: i.outputTokens, cachedInput: i.cachedInputTokens, cacheWrite: i.cacheWriteTokens))
    }

    private func lookUp(_ key: PriceKey, at ts: Timestamp, txn: UnsafeReadTransactionReference, logTxn: UnsafeReadTransactionReference) throws -> CachedMatch {
        var model = try name(key.model, logTxn) ?? ""
        var provider = key.provider == 0 ? nil : try name(key.provider, logTxn)
        var from = Int64.min
        var until = Int64.max
        let resolver: PriceResolver?
        switch source {
        case .fixed(_, let scenario):
            let agent = keyedByAgent ? try name(key.agent, logTxn) ?? "" : ""
            if let mapped = scenario.remap(model: model, agent: agent) {
                model = mapped.model
                provider = mapped.provider // the calls move to another model, possibly of another provider
            }
            resolver = fixedResolver
        case .baseline:
            var timeline = try self.timeline(key.tenant, txn)
            if timeline.isEmpty, let fallback = try defaultTenantSymbol(logTxn), fallback != key.tenant {
                timeline = try self.timeline(fallback, txn)
            }
            let t = ts.milliseconds
            if let index = timeline.lastIndex(where: { $0.ts <= t }) {
                from = timeline[index].ts
                if let next = timeline[(index + 1)...].first(where: { $0.ts > t }) { until = next.ts }
                resolver = timeline[index].resolver
            } else {
                if let first = timeline.first { until = first.ts }
                resolver = nil
            }
        }
        guard let resolver else { return CachedMatch(prices: nil, validFrom: from, validUntil: until) }
        let lookup = resolver.lookup(model: model, provider: provider, at: ts)
        return CachedMatch(
            prices: lookup.match?.prices,
            validFrom: max(from, lookup.validity.lowerBound.milliseconds),
            validUntil: min(until, lookup.validity.upperBound.milliseconds)
        )
    }

    private func name(_ symbol: Symbol, _ txn: UnsafeReadTransactionReference) throws -> String? {
        if let known = names[symbol] { return known }
        let found = try SymbolResolver(schema: schema, txn: txn).name(of: symbol)
        if let found { names[symbol] = found }
        return found
    }

    private func defaultTenantSymbol(_ txn: UnsafeReadTransactionReference) throws -> Symbol? {
        if let known = defaultTenant { return known == 0 ? nil : known }
        let found = try SymbolResolver(schema: schema, txn: txn).symbol(of: Event.defaultTenant) ?? 0
        defaultTenant = found
        return found == 0 ? nil : found
    }

    private func timeline(_ tenant: Symbol, _ txn: UnsafeReadTransactionReference) throws -> [TimelineEntry] {
        if let known = timelines[tenant] { return known }
        var entries: [TimelineEntry] = []
        try txn.withCursor(tables.priceBooks) { cursor in
            try BigEndianKey.with(tenant) { prefix in
                try cursor.scan(prefix: prefix) { entry in
                    guard entry.key.count == 20, let rawTs = BigEndianKey.uint64(UnsafeRawBufferPointer(rebasing: entry.key[4..<12])),
                          let position = BigEndianKey.uint64(UnsafeRawBufferPointer(rebasing: entry.key[12..<20])) else { return true }
                    let json = String(decoding: entry.value, as: UTF8.self)
                    entries.append(TimelineEntry(ts: Int64(bitPattern: rawTs ^ (1 << 63)), position: position, resolver: Pricer.resolver(json)))
                    return true
                }
            }
        }
        timelines[tenant] = entries
        return entries
    }

}
