import Foundation
import Tally

/// The events both engines receive: the demo generator at a fixed seed, over `days` days.
enum Dataset {
    static func generator(_ options: BenchOptions, count: Int? = nil) throws -> DemoGenerator {
        try DemoGenerator(seed: options.seed, eventCount: count ?? options.events, days: options.days)
    }

    /// The first `count` events, in memory (for the durable phases, generated before timing).
    static func events(_ options: BenchOptions, count: Int) throws -> [Event] {
        var iterator = try generator(options, count: count).makeIterator()
        var events: [Event] = []
        events.reserveCapacity(count)
        while case let batch = iterator.next(upTo: 10_000), !batch.isEmpty { events.append(contentsOf: batch) }
        return events
    }

    /// The what-if book: the demo's revised book (the `o3` price cut) in force from the first day,
    /// i.e. "what if the cut had applied all period". Built from the generator's own books.
    static func whatIfBookJSON(_ scenario: DemoScenario) -> String {
        var json = scenario.revisedPriceBook
        json = json.replacingOccurrences(of: "\"effective_from\":\"\(scenario.priceChangeAt.rfc3339)\"",
                                         with: "\"effective_from\":\"\(scenario.start.rfc3339)\"")
        if let range = json.range(of: #""id":"[^"]*""#, options: .regularExpression) {
            json.replaceSubrange(range, with: #""id":"whatif-o3-cut-all-period""#)
        }
        return json
    }

    /// Log positions to sample (the same for both engines: both stores hold the events in the same
    /// order, Tally at positions 1…N and SQLite at rowids 1…N).
    static func samplePositions(count: Int, of total: Int, seed: UInt64) -> [UInt64] {
        var state = seed &+ 0x9E37_79B9_7F4A_7C15
        var out: [UInt64] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            out.append(1 + z % UInt64(max(total, 1)))
        }
        return out
    }
}

/// What the generator itself says the totals are (a third witness beside the two engines).
struct ReferenceTotals {
    var events = 0
    var interactions = 0
    var inputTokens: Int64 = 0
    var outputTokens: Int64 = 0
    var cachedInputTokens: Int64 = 0
    var cacheWriteTokens: Int64 = 0
    var reasoningTokens: Int64 = 0
    var listCost = Money.zero
    var unlisted = 0

    mutating func add(_ batch: [Event], scenario: DemoScenario) {
        events += batch.count
        for event in batch {
            guard case let .interaction(i) = event.payload else { continue }
            interactions += 1
            inputTokens += i.inputTokens
            outputTokens += i.outputTokens
            cachedInputTokens += i.cachedInputTokens
            cacheWriteTokens += i.cacheWriteTokens
            reasoningTokens += i.reasoningTokens
            if let cost = scenario.listCost(of: i, at: event.ts) { listCost += cost } else { unlisted += 1 }
        }
    }

    func report(into lines: inout ResultLines) {
        lines.add("ref.events", events)
        lines.add("ref.interactions", interactions)
        lines.add("ref.input_tokens", String(inputTokens))
        lines.add("ref.output_tokens", String(outputTokens))
        lines.add("ref.cached_input_tokens", String(cachedInputTokens))
        lines.add("ref.cache_write_tokens", String(cacheWriteTokens))
        lines.add("ref.reasoning_tokens", String(reasoningTokens))
        lines.add("ref.cost", listCost.description)
    }
}
