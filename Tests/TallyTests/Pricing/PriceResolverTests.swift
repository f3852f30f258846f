import Testing
@testable import Tally

@Suite("Price lookup")
struct PriceResolverTests {
    private func p(_ text: String) -> PerMillionPrice { PerMillionPrice(decimal: text) ?? .zero }
    private func ts(_ text: String) -> Timestamp { Timestamp(rfc3339: text) ?? Timestamp(milliseconds: 0) }
    private let now = Timestamp(rfc3339: "2026-11-21T12:00:00Z") ?? Timestamp(milliseconds: 0)

    private func entry(
        _ model: String, provider: String? = "openai", aliases: [String] = [], match: ModelMatch = .exact,
        input: String = "1", from: String? = nil, to: String? = nil, window: TimeOfDayWindow? = nil
    ) -> PriceEntry {
        PriceEntry(
            provider: provider, model: model, aliases: aliases, match: match, input: p(input), output: p("1"),
            effectiveFrom: from.flatMap { Timestamp(rfc3339: $0) }, effectiveTo: to.flatMap { Timestamp(rfc3339: $0) },
            timeOfDay: window
        )
    }

    private func resolver(_ entries: [PriceEntry]) -> PriceResolver {
        PriceResolver(book: PriceBook(id: "test", entries: entries))
    }

    @Test func exactAndAliasMatches() throws {
        let r = resolver([entry("gpt-4o", aliases: ["gpt-4o-2024-08-06"], input: "2.50")])
        let direct = try #require(r.match(model: "gpt-4o", provider: "openai", at: now))
        #expect(direct.kind == .exact)
        #expect(direct.prices.base.input == p("2.50"))
        #expect(r.match(model: "gpt-4o-2024-08-06", provider: nil, at: now)?.entryIndex == 0)
        #expect(r.match(model: "GPT-4o", provider: "OpenAI", at: now)?.entryIndex == 0)   // case-insensitive
        #expect(r.match(model: "gpt-4o-mini", provider: nil, at: now) == nil)               // exact is exact
        #expect(r.match(model: "gpt-4", provider: nil, at: now) == nil)
    }

    @Test func unknownModelHasNoPrice() {
        let r = resolver([entry("gpt-4o")])
        #expect(r.match(model: "llama-3-70b", provider: nil, at: now) == nil)
        #expect(r.match(model: "", provider: nil, at: now) == nil)
        let lookup = r.lookup(model: "llama-3-70b", provider: nil, at: now)
        #expect(lookup.match == nil)
        #expect(lookup.validity == Timestamp(milliseconds: .min)..<Timestamp(milliseconds: .max))
    }

    @Test func longestMatchWins() throws {
        let r = resolver([
            entry("claude-", provider: "anthropic", match: .prefix, input: "1"),
            entry("claude-sonnet-4", provider: "anthropic", match: .prefix, input: "3"),
            entry("claude-sonnet-4-5", provider: "anthropic", match: .prefix, input: "4"),
        ])
        #expect(r.match(model: "claude-sonnet-4-5-20250929", provider: nil, at: now)?.entryIndex == 2)
        #expect(r.match(model: "claude-sonnet-4-20250514", provider: nil, at: now)?.entryIndex == 1)
        #expect(r.match(model: "claude-haiku", provider: nil, at: now)?.entryIndex == 0)
        let m = try #require(r.match(model: "claude-sonnet-4-5", provider: nil, at: now))
        #expect(m.kind == .prefix)
        #expect(m.matchLength == 17)
        #expect(r.match(model: "claud", provider: nil, at: now) == nil)
    }

    @Test func exactBeatsPrefixAtEqualLengthAndEarlierEntryBreaksTies() {
        let r = resolver([
            entry("gpt-4o", match: .prefix, input: "9"),
            entry("gpt-4o", input: "2.50"),
            entry("gpt-4o", input: "7"),
        ])
        #expect(r.match(model: "gpt-4o", provider: nil, at: now)?.entryIndex == 1)
        #expect(r.match(model: "gpt-4o-mini", provider: nil, at: now)?.entryIndex == 0)
    }

    @Test func providersMustAgreeWhenBothAreKnown() {
        let r = resolver([
            entry("gpt-4o", provider: "azure", input: "3"),
            entry("gpt-4o", provider: "openai", input: "2.50"),
            entry("gpt-4o", provider: nil, input: "9"),
        ])
        #expect(r.match(model: "gpt-4o", provider: "openai", at: now)?.entryIndex == 1)
        #expect(r.match(model: "gpt-4o", provider: "Azure", at: now)?.entryIndex == 0)
        #expect(r.match(model: "gpt-4o", provider: "bedrock", at: now)?.entryIndex == 2)  // provider-less entry
        #expect(r.match(model: "gpt-4o", provider: nil, at: now)?.entryIndex == 0)        // any provider; book order
        let strict = resolver([entry("gpt-4o", provider: "openai")])
        #expect(strict.match(model: "gpt-4o", provider: "azure", at: now) == nil)
    }

    @Test func effectiveRangeBoundaries() throws {
        let r = resolver([
            entry("o3", input: "10", to: "2025-06-10T00:00:00Z"),
            entry("o3", input: "2", from: "2025-06-10T00:00:00Z"),
        ])
        let before = try #require(r.match(model: "o3", provider: nil, at: ts("2025-06-09T23:59:59.999Z")))
        #expect(before.entryIndex == 0)
        #expect(before.validity == Timestamp(milliseconds: .min)..<ts("2025-06-10T00:00:00Z"))
        let at = try #require(r.match(model: "o3", provider: nil, at: ts("2025-06-10T00:00:00Z")))
        #expect(at.entryIndex == 1)
        #expect(at.validity == ts("2025-06-10T00:00:00Z")..<Timestamp(milliseconds: .max))
        // A longer match that is not yet effective gives way to a shorter one that is.
        let r2 = resolver([
            entry("o3", match: .prefix, input: "1"),
            entry("o3-pro", input: "20", from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z"),
        ])
        let early = try #require(r2.match(model: "o3-pro", provider: nil, at: ts("2025-12-31T00:00:00Z")))
        #expect(early.entryIndex == 0)
        #expect(early.validUntil == ts("2026-01-01T00:00:00Z"))
        #expect(r2.match(model: "o3-pro", provider: nil, at: ts("2026-01-15T00:00:00Z"))?.entryIndex == 1)
        let late = try #require(r2.match(model: "o3-pro", provider: nil, at: ts("2026-02-01T00:00:00Z")))
        #expect(late.entryIndex == 0)
        #expect(late.validFrom == ts("2026-02-01T00:00:00Z"))
    }

    @Test func timeOfDayWindowsAndTheirValidity() throws {
        let offPeak = try #require(TimeOfDayWindow(start: 16 * 3_600_000 + 1_800_000, end: 1_800_000))   // 16:30–00:30
        let peak = try #require(TimeOfDayWindow(start: 1_800_000, end: 16 * 3_600_000 + 1_800_000))      // 00:30–16:30
        let r = resolver([
            entry("deepseek-chat", provider: "deepseek", input: "0.135", window: offPeak),
            entry("deepseek-chat", provider: "deepseek", input: "0.27", window: peak),
        ])
        let noon = try #require(r.match(model: "deepseek-chat", provider: nil, at: ts("2026-11-21T12:00:00Z")))
        #expect(noon.prices.base.input == p("0.27"))
        #expect(noon.validity == ts("2026-11-21T00:30:00Z")..<ts("2026-11-21T16:30:00Z"))
        let night = try #require(r.match(model: "deepseek-chat", provider: nil, at: ts("2026-11-21T23:00:00Z")))
        #expect(night.prices.base.input == p("0.135"))
        #expect(night.validity == ts("2026-11-21T16:30:00Z")..<ts("2026-11-22T00:30:00Z"))
        #expect(r.match(model: "deepseek-chat", provider: nil, at: ts("2026-11-22T00:29:59.999Z"))?.entryIndex == 0)
        #expect(r.match(model: "deepseek-chat", provider: nil, at: ts("2026-11-22T00:30:00Z"))?.entryIndex == 1)
        #expect(r.match(model: "deepseek-chat", provider: nil, at: ts("2026-11-21T16:30:00Z"))?.entryIndex == 0)
    }

    /// Whatever the lookup instant, the answer must hold at every instant of its validity span
    /// (checked at the span's ends and at random instants inside).
    @Test func validitySpansAreTruthful() throws {
        let window = try #require(TimeOfDayWindow(start: 22 * 3_600_000, end: 6 * 3_600_000))
        let r = resolver([
            entry("m", match: .prefix, input: "1"),
            entry("m-1", input: "2", from: "2026-03-01T00:00:00Z", to: "2026-03-05T00:00:00Z"),
            entry("m-1", input: "3", window: window),
            entry("m-", match: .prefix, input: "4", from: "2026-03-03T12:00:00Z"),
        ])
        var rng = SeededRandom(seed: 7)
        let start = ts("2026-02-27T00:00:00Z").milliseconds
        for _ in 0..<500 {
            let at = Timestamp(milliseconds: start + Int64(rng.next() % UInt64(8 * Timestamp.dayMs)))
            let lookup = r.lookup(model: "m-1", provider: nil, at: at)
            let answer = lookup.match?.entryIndex
            let lo = max(lookup.validity.lowerBound.milliseconds, start - Timestamp.dayMs)
            let hi = min(lookup.validity.upperBound.milliseconds, start + 10 * Timestamp.dayMs)
            for probe in [lo, hi - 1, lo + Int64(rng.next() % UInt64(max(1, hi - lo)))] {
                #expect(r.match(model: "m-1", provider: nil, at: Timestamp(milliseconds: probe))?.entryIndex == answer)
            }
        }
    }

    @Test func clauseEntries() throws {
        let clauses: [(String, MatchClause)] = [
            ("deepseek-chat", .or([.startsWith("deepseek-chat"), .equals("deepseek-chat-v3-0324")])),
            ("gemini-2.0-flash", .or([.endsWith("gemini-2.0-flash"), .contains("gemini-2.0-flash-0")])),
            ("gpt-5.6-luna", .or([.equals("gpt-5.6-luna"), .regex(#"^gpt-5\.6-luna-\d{4}-\d{2}-\d{2}$"#)])),
            ("both", .and([.contains("alpha"), .contains("beta")])),
        ]
        let r = resolver(clauses.map { entry($0.0, provider: nil, match: .clauses($0.1)) })
        #expect(r.match(model: "deepseek-chat-v3-0324", provider: nil, at: now)?.kind == .exact)
        #expect(r.match(model: "deepseek-chat-latest", provider: nil, at: now)?.kind == .prefix)
        #expect(r.match(model: "models/gemini-2.0-flash", provider: nil, at: now)?.entryIndex == 1)
        #expect(r.match(model: "gemini-2.0-flash-001", provider: nil, at: now)?.entryIndex == 1)
        #expect(r.match(model: "gemini-2.0-flash-lite", provider: nil, at: now) == nil)
        let dated = try #require(r.match(model: "GPT-5.6-Luna-2026-07-30", provider: nil, at: now))
        #expect(dated.entryIndex == 2)
        #expect(dated.kind == .clause)
        #expect(r.match(model: "gpt-5.6-luna-preview", provider: nil, at: now) == nil)
        #expect(r.match(model: "beta-alpha", provider: nil, at: now)?.entryIndex == 3)
        #expect(r.match(model: "alpha", provider: nil, at: now) == nil)
    }
}
