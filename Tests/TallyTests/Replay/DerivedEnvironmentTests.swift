import Testing
import TallyStore
@testable import Tally
#if canImport(Glibc)
import Glibc
#endif

/// What-if sets and verification scratch live in the store's second environment (`derived/`):
/// a replay never writes the log's environment, so it never holds the log's writer lock and a
/// durable append never flushes its pages.
@Suite struct DerivedEnvironmentTests {
    let book = #"{"id":"flat","currency":"USD","models":[{"model":"gpt","match":"prefix","input_per_mtok":"1","output_per_mtok":"2"}]}"#

    @Test func aReplayLeavesTheLogsEnvironmentUntouched() throws {
        let store = TemporaryStore()
        let log = try store.open()
        try log.append(randomEvents(seed: 5, count: 3000), durability: .bulk)
        try log.sync()
        let before = log.environment.info()
        var options = ReplayOptions(book: try PriceBook.parse(bytes: Array(book.utf8)))
        options.name = "flat"
        let report = try log.replay(options)
        let after = log.environment.info()
        #expect(after.lastTransaction == before.lastTransaction)
        #expect(after.lastPage == before.lastPage)
        var status = stat()
        #expect(stat(store.path + "/derived/data.mdb", &status) == 0)
        let set = try #require(try ProjectionEngine.whatIf(named: "flat", log: log))
        #expect(try set.summary().totals.cost == report.total.whatIf)
        #expect(try log.whatIfSets().map(\.name) == ["flat"])
    }

    @Test func anAppendGoesThroughWhileAReplayChunkIsOpen() throws {
        let store = TemporaryStore()
        let log = try store.open()
        let events = randomEvents(seed: 6, count: 1000)
        try log.append(events, durability: .bulk)
        let lastBefore = try log.lastPosition
        let derived = try #require(try log.derived.environment(create: true))
        let engine = try log.whatIfEngine(named: "busy", in: derived, pricing: .fixed(try PriceBook.parse(bytes: Array(book.utf8)), scenario: WhatIfScenario()))
        try engine.clearAll()
        var appendedInsideAChunk: AppendResult?
        engine.observer = { _, _, _, _ in
            // Inside the replay's write transaction (and its snapshot of the log): when replays
            // shared the log's writer lock, this append would wait for the chunk — here, deadlock.
            if appendedInsideAChunk == nil {
                appendedInsideAChunk = try log.append([Event(id: "during-replay", ts: Timestamp(milliseconds: 1_800_000_000_000), payload: .interaction(Interaction(
                    conversationID: "late", agent: "a", model: "gpt-4o", inputTokens: 10, outputTokens: 5, latencyMs: 100, status: .ok
                )))], durability: .durable)
            }
        }
        try engine.rebuild(progress: nil)
        #expect(appendedInsideAChunk?.appended == 1)
        #expect(try log.lastPosition == lastBefore + 1)
        // The replay covered the log as it was when it started.
        #expect(try engine.checkpoint() == lastBefore)
    }

    @Test func aReplayCutShortIsNotListed() throws {
        let store = TemporaryStore()
        let log = try store.open()
        try log.append(randomEvents(seed: 7, count: 500), durability: .bulk)
        let derived = try #require(try log.derived.environment(create: true))
        let engine = try log.whatIfEngine(named: "partial", in: derived, pricing: .fixed(try PriceBook.parse(bytes: Array(book.utf8)), scenario: WhatIfScenario()))
        try engine.rebuild(progress: nil) // no description written: as if the process died before the end
        #expect(try log.whatIfSets().isEmpty)
    }

    @Test func aStoreWithoutReplaysHasNoDerivedEnvironment() throws {
        let store = TemporaryStore()
        do {
            let log = try store.open()
            try log.append(randomEvents(seed: 8, count: 100), durability: .bulk)
            #expect(try log.whatIfSets().isEmpty)
            #expect(try log.whatIfEnvironment() == nil)
        }
        var status = stat()
        #expect(stat(store.path + "/derived", &status) != 0)
        let readOnly = try store.open { $0.environment.readOnly = true }
        #expect(try readOnly.whatIfSets().isEmpty)
    }

    @Test func whatIfSetsAreReadableFromAReadOnlyOpen() throws {
        let store = TemporaryStore()
        let report: ReplayReport
        do {
            let log = try store.open()
            try log.append(randomEvents(seed: 9, count: 800), durability: .bulk)
            report = try log.replay(ReplayOptions(book: try PriceBook.parse(bytes: Array(book.utf8))))
        }
        let log = try store.open { $0.environment.readOnly = true }
        #expect(try log.whatIfSets().map(\.name) == ["whatif"])
        let set = try #require(try ProjectionEngine.whatIf(named: "whatif", log: log))
        #expect(try set.summary().totals.cost == report.total.whatIf)
    }
}
