import Testing
@testable import Tally

@Suite struct ReplayTests {
    let whatIfJSON = #"{"id":"whatif","currency":"USD","models":[{"model":"gpt-4o","match":"exact","input_per_mtok":"1.00","output_per_mtok":"4.00"},{"model":"gpt-4o-mini","match":"exact","input_per_mtok":"0.10","output_per_mtok":"0.40"},{"model":"claude","match":"prefix","input_per_mtok":"3","output_per_mtok":"15"}]}"#

    @Test(arguments: [true, false])
    func groupTotalsEqualIndependentlyPricedEventsAndMainProjectionsStayUntouched(buildProjections: Bool) throws {
        let store = TemporaryStore()
        let log = try store.open()
        let events = randomEvents(seed: 11, count: 2000)
        try log.append(events, durability: .bulk)
        let book = try PriceBook.parse(bytes: Array(whatIfJSON.utf8))
        let before = try DeterminismTests().dump(log)

        var options = ReplayOptions(book: book)
        options.groupBy = .model
        options.buildProjections = buildProjections
        options.scenario = WhatIfScenario(remaps: [.init(from: "mystery-model", to: "gpt-4o-mini")])
        let report = try log.replay(options)

        // Price every stored interaction independently with the resolver.
        let resolver = PriceResolver(book: book)
        var expected: [String: (Money, Int64, Int64)] = [:]
        try log.read { reader in
            try reader.scan { position, _ in
                guard let event = try reader.event(at: position), case .interaction(let i) = event.payload else { return true }
                let model = i.model == "mystery-model" ? "gpt-4o-mini" : i.model
                let provider = i.model == "mystery-model" ? nil : i.provider
                var entry = expected[i.model] ?? (.zero, 0, 0)
                entry.1 += 1
                if let match = resolver.match(model: model, provider: provider, at: event.ts) {
                    entry.0 += match.cost(TokenUsage(input: i.inputTokens, output: i.outputTokens, cachedInput: i.cachedInputTokens, cacheWrite: i.cacheWriteTokens))
                } else {
                    entry.2 += 1
                }
                expected[i.model] = entry
                return true
            }
        }
        #expect(report.groups.count == expected.count)
        for group in report.groups {
            let e = try #require(expected[group.group])
            #expect(group.whatIf == e.0)
            #expect(group.interactions == e.1)
            #expect(group.unpriced == e.2)
        }
        // Baseline totals equal the main projections' cost.
        let baseline = try log.projections?.summary().totals.cost
        #expect(report.total.baseline == baseline)
        #expect(report.groups.reduce(Money.zero) { $0 + $1.whatIf } == report.total.whatIf)
        #expect(try DeterminismTests().dump(log) == before)

        if buildProjections {
            let sets = try log.whatIfSets()
            #expect(sets.map(\.name) == ["whatif"])
            let engine = try #require(try ProjectionEngine.whatIf(named: "whatif", log: log))
            let totals = try engine.summary().totals
            #expect(totals.cost == report.total.whatIf)
        }
    }
}

@Suite struct ReplayMapGrowthTests {
    /// A replay whose what-if tables make the map grow mid-replay (the chunk's transaction is
    /// retried) still counts every interaction once.
    @Test func aReplayThatGrowsTheMapCountsEachEventOnce() throws {
        let store = TemporaryStore()
        do {
            let log = try store.open()
            try log.append(randomEvents(seed: 23, count: 3000), durability: .bulk)
        }
        // Reopened with a map as small as LMDB allows: the stored data fills it, so the replay's
        // first what-if writes hit MAP_FULL and the chunk is retried after growing.
        let log = try store.open { $0.environment.initialMapSize = 4096 }
        let book = try PriceBook.parse(bytes: Array(ReplayTests().whatIfJSON.utf8))
        var options = ReplayOptions(book: book)
        options.buildProjections = false
        let reportOnly = try log.replay(options)
        options.buildProjections = true
        let full = try log.replay(options)
        // The what-if tables live in the derived environment, which starts as small as the log's map.
        #expect(try #require(try log.whatIfEnvironment()).mapSize > 4096)
        #expect(full.total == reportOnly.total)
        #expect(full.eventsScanned == reportOnly.eventsScanned)
    }
}
