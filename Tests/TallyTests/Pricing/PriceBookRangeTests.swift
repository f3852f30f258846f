import Foundation
import Testing
@testable import Tally

/// Price books with gapped or overlapping effective ranges: what Tally does, pinned down.
///
/// - A gap (no entry applies) leaves the model unpriced: the lookup answers no match, with a
///   validity span that is exactly the gap, and the interaction counts in `unpriced`, never as $0.
/// - An overlap between equally good matches is resolved by book order: the earlier entry wins
///   wherever both apply. Not an error (books list a narrower override before the broad entry on
///   purpose); `PriceBook.overlaps` reports the suspicious cases, which the CLI prints as warnings.
@Suite struct PriceBookRangeTests {
    func entry(_ model: String, _ input: String, from: String? = nil, to: String? = nil, window: (String, String)? = nil,
               provider: String? = nil, match: String = "exact") -> String {
        var fields = [#""model":"\#(model)""#, #""match":"\#(match)""#, #""input_per_mtok":"\#(input)""#, #""output_per_mtok":"1""#]
        if let provider { fields.append(#""provider":"\#(provider)""#) }
        if let from { fields.append(#""effective_from":"\#(from)""#) }
        if let to { fields.append(#""effective_to":"\#(to)""#) }
        if let window { fields.append(#""time_of_day":{"start":"\#(window.0)","end":"\#(window.1)"}"#) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    func book(_ entries: [String]) throws -> PriceBook {
        try PriceBook.parse(bytes: Array((#"{"id":"t","currency":"USD","models":["# + entries.joined(separator: ",") + "]}").utf8))
    }

    func at(_ text: String) -> Timestamp { Timestamp(rfc3339: text) ?? Timestamp(milliseconds: 0) }

    func price(_ book: PriceBook, _ model: String, _ when: String, provider: String? = nil) -> String? {
        PriceResolver(book: book).match(model: model, provider: provider, at: at(when))?.entry.input.decimalString
    }

    @Test func aGapLeavesTheModelUnpriced() throws {
        let b = try book([entry("m", "1", to: "2026-03-01"), entry("m", "2", from: "2026-04-01")])
        #expect(price(b, "m", "2026-02-28T23:59:59.999Z") == "1.00")
        #expect(price(b, "m", "2026-03-15T00:00:00Z") == nil)
        #expect(price(b, "m", "2026-04-01T00:00:00Z") == "2.00")
        let gap = PriceResolver(book: b).lookup(model: "m", provider: nil, at: at("2026-03-15T00:00:00Z"))
        #expect(gap.validity == at("2026-03-01T00:00:00Z")..<at("2026-04-01T00:00:00Z"))
        #expect(b.overlaps.isEmpty)
    }

    @Test func anInteractionInAGapIsCountedUnpricedNotFree() throws {
        let store = TemporaryStore()
        let log = try store.open()
        let gapped = try book([entry("gpt-4o", "1", to: "2026-11-02"), entry("gpt-4o", "2", from: "2026-11-03")])
        try log.append([
            Event(id: "b", ts: at("2026-11-01T00:00:00Z"), payload: .priceBook(PriceBookChange(book: gapped))),
            interaction("before", ts: "2026-11-01T10:00:00.000Z", input: 1_000_000, output: 0),
            interaction("inside", ts: "2026-11-02T10:00:00.000Z", input: 1_000_000, output: 0),
            interaction("after", ts: "2026-11-03T10:00:00.000Z", input: 1_000_000, output: 0),
        ])
        try log.readProjections { p in
            let c = try #require(try p.conversation("c1"))
            #expect(c.usage.unpriced == 1)
            #expect(c.usage.cost == Money(decimal: "3")) // $1 before, $2 after, nothing for the gap
        }
    }

    @Test func aPartialOverlapIsResolvedByBookOrderAndReported() throws {
        let b = try book([entry("m", "1", from: "2026-01-01", to: "2026-06-01"), entry("m", "2", from: "2026-05-01")])
        #expect(price(b, "m", "2026-05-15T00:00:00Z") == "1.00") // both apply: the earlier entry
        #expect(price(b, "m", "2026-06-15T00:00:00Z") == "2.00")
        // The answer's validity ends where the earlier entry does, so cached lookups switch there.
        let may = PriceResolver(book: b).lookup(model: "m", provider: nil, at: at("2026-05-15T00:00:00Z"))
        #expect(may.validity.upperBound == at("2026-06-01T00:00:00Z"))
        #expect(b.overlaps == [PriceOverlap(used: 0, shadowed: 1, name: "m", shadowedEverywhere: false)])
        #expect(b.overlaps[0].description.contains("models[0] (earlier in the book) is used"))
    }

    @Test func aNarrowerEntryListedFirstOverridesWithoutAWarning() throws {
        let promo = try book([entry("m", "0.5", from: "2026-05-01", to: "2026-06-01"), entry("m", "2")])
        #expect(price(promo, "m", "2026-05-15T00:00:00Z") == "0.50")
        #expect(price(promo, "m", "2026-07-01T00:00:00Z") == "2.00")
        #expect(promo.overlaps.isEmpty)
        let offPeak = try book([entry("m", "0.5", window: ("16:30", "00:30")), entry("m", "2")])
        #expect(price(offPeak, "m", "2026-05-15T17:00:00Z") == "0.50")
        #expect(price(offPeak, "m", "2026-05-15T12:00:00Z") == "2.00")
        #expect(offPeak.overlaps.isEmpty)
    }

    @Test func anEntryHiddenByAnEarlierBroaderOneIsReportedAsNeverUsed() throws {
        let b = try book([entry("m", "2"), entry("m", "0.5", from: "2026-05-01", to: "2026-06-01")])
        #expect(price(b, "m", "2026-05-15T00:00:00Z") == "2.00")
        #expect(b.overlaps == [PriceOverlap(used: 0, shadowed: 1, name: "m", shadowedEverywhere: true)])
        #expect(b.overlaps[0].description.contains("never used"))
    }

    @Test func overlapsNeedTheSameNameKindAndCompatibleProviders() throws {
        // Different providers, exact against prefix, disjoint windows: no ambiguity.
        #expect(try book([entry("m", "1", provider: "a"), entry("m", "2", provider: "b")]).overlaps.isEmpty)
        #expect(try book([entry("m", "1"), entry("m", "2", match: "prefix")]).overlaps.isEmpty)
        #expect(try book([entry("m", "1", window: ("00:00", "12:00")), entry("m", "2", window: ("12:00", "00:00"))]).overlaps.isEmpty)
        // An entry without a provider overlaps one with.
        #expect(try book([entry("m", "1", from: "2026-01-01", to: "2026-03-01", provider: "a"), entry("m", "2", from: "2026-02-01")]).overlaps.count == 1)
    }

    /// Nor do the books imported from the real genai-prices (1,481 entries) and LiteLLM files.
    @Test func theRealImportsHaveNone() throws {
        for name in [SharedData.genaiPrices, SharedData.litellm] {
            let b = try PriceBook.read(path: try SharedData.path(name), options: PriceImportOptions(date: "2026-11-21")).book
            #expect(b.entries.count > 1_000)
            #expect(b.overlaps.isEmpty, "\(name): \(b.overlaps.prefix(3))")
        }
    }

    /// The books Tally ships have no suspicious overlaps.
    @Test func theShippedBooksHaveNone() throws {
        let folder = FuzzCorpusReplayTests.repository.appendingPathComponent("Replay/books")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".json") && name != "sources.json" {
            let b = try PriceBook.load(path: folder.appendingPathComponent(name).path)
            #expect(b.overlaps.isEmpty, "\(name): \(b.overlaps.prefix(3))")
        }
    }
}
