import Testing
@testable import Tally

/// Hand-computed expectations on small logs: seed 001's success rate, SLA breach rate and average
/// rating; re-ratings; ratings before their interaction; handoffs.
@Suite struct ProjectionRulesTests {
    func ts(_ minute: Int) -> String {
        "2026-11-01T10:\(minute < 10 ? "0" : "")\(minute):00.000Z"
    }

    func rating(_ id: String, conversation: String = "c1", message: String?, rater: String, score: RatingScore, success: Bool? = nil, minute: Int, tags: [String] = []) -> Event {
        Event(id: id, ts: Timestamp(rfc3339: ts(minute)) ?? Timestamp(milliseconds: 0), payload: .rating(Rating(
            conversationID: conversation, messageID: message, raterID: rater, score: score, success: success, failureTags: tags
        )))
    }

    @Test func seedMetricsHoldExactly() throws {
        let store = TemporaryStore()
        let log = try store.open()
        // 4 interactions; latencies 800, 6000, 5000 (not a breach: > 5000 is), 12000 → 2 breaches of 4.
        try log.append([
            interaction("i1", message: "m1", ts: ts(1), latency: 800),
            interaction("i2", message: "m2", ts: ts(2), latency: 6000),
            interaction("i3", message: "m3", ts: ts(3), latency: 5000, status: .error),
            interaction("i4", message: "m4", ts: ts(4), latency: 12_000),
            rating("r1", message: "m1", rater: "a", score: .stars(5), success: true, minute: 5),
            rating("r2", message: "m2", rater: "a", score: .stars(2), success: false, minute: 6, tags: ["slow"]),
            rating("r3", message: "m3", rater: "b", score: .thumbs(-1), success: false, minute: 7),
        ])
        try log.readProjections { p in
            let c = try #require(try p.conversation("c1"))
            #expect(c.usage.interactions == 4)
            #expect(c.usage.errors == 1)
            #expect(c.usage.slaBreaches == 2)                    // SLA breach rate 2/4 = 50 %
            #expect(c.usage.latencyCount == 4)
            #expect(c.ratings.ratings == 3)
            #expect(c.ratings.averageStars == 3.5)              // (5 + 2) / 2
            #expect(c.ratings.judgedSuccess == 1 && c.ratings.judgedTotal == 3) // success rate 1/3
            #expect(c.ratings.thumbsDown == 1)
            var days: [AgentDayRow] = []
            try p.agentDays { _, row in days.append(row); return true }
            #expect(days.count == 1)
            #expect(days[0].usage.slaBreaches == 2)
            let slow = try #require(try p.log.symbols.symbol(of: "slow"))
            #expect(days[0].failureTags.count(of: slow) == 1)
            #expect(days[0].latency.quantile(0.5).map { abs($0 - 5000) / 5000 < 0.01 } == true)
        }
    }

    @Test func laterRatingBySameRaterReplacesEarlierOne() throws {
        let store = TemporaryStore()
        let log = try store.open()
        try log.append([interaction("i1", message: "m1", ts: ts(1))])
        try log.append([rating("r1", message: "m1", rater: "a", score: .stars(1), minute: 2)])
        try log.append([rating("r2", message: "m1", rater: "a", score: .stars(4), minute: 3)])
        // An older rating arriving late does not replace the newer one.
        try log.append([rating("r3", message: "m1", rater: "a", score: .stars(2), minute: 2)])
        // Another rater adds a rating.
        try log.append([rating("r4", message: "m1", rater: "b", score: .stars(2), minute: 4)])
        try log.readProjections { p in
            let c = try #require(try p.conversation("c1"))
            #expect(c.ratings.ratings == 2)
            #expect(c.ratings.starsSum == 6)
            let m = try #require(try p.model("gpt-4o"))
            #expect(m.ratings.ratings == 2)
            let u = try #require(try p.user("u1"))
            #expect(u.ratings.starsSum == 6)
        }
        #expect(try log.verify().isClean)
    }

    @Test func ratingBeforeItsInteractionIsHeldThenApplied() throws {
        let store = TemporaryStore()
        let log = try store.open()
        try log.append([rating("r1", message: "m9", rater: "a", score: .stars(5), minute: 9)])
        try log.readProjections { p in
            let held = try p.conversation("c1")?.ratings.ratings ?? 0
            #expect(held == 0)
        }
        try log.append([interaction("i9", message: "m9", agent: "billing", ts: ts(8))])
        try log.readProjections { p in
            let c = try #require(try p.conversation("c1"))
            #expect(c.ratings.ratings == 1)
            var rows: [(AgentDayKey, AgentDayRow)] = []
            try p.agentDays { rows.append(($0, $1)); return true }
            #expect(rows.count == 1)
            #expect(rows[0].1.ratings.starsSum == 5)
            let agent = try p.name(rows[0].0.agent)
            #expect(agent == "billing")
        }
        #expect(try log.verify().isClean)
    }

    @Test func handoffsAndEscalationsAreCountedPerAgent() throws {
        let store = TemporaryStore()
        let log = try store.open()
        let t = Timestamp(rfc3339: ts(5)) ?? Timestamp(milliseconds: 0)
        try log.append([
            interaction("i1", agent: "general", ts: ts(1)),
            Event(id: "h1", ts: t, payload: .handoff(Handoff(conversationID: "c1", fromAgent: "general", toAgent: "technical", reason: "escalation"))),
            Event(id: "h2", ts: t, payload: .handoff(Handoff(conversationID: "c1", fromAgent: "technical", toAgent: "billing", reason: "routing"))),
        ])
        try log.readProjections { p in
            let c = try #require(try p.conversation("c1"))
            #expect(c.handoffs == 2)
            #expect(c.escalations == 1)
            var out: [String: (Int64, Int64, Int64)] = [:]
            try p.agentDays { key, row in
                let name = try p.name(key.agent)
                let e = out[name] ?? (0, 0, 0)
                out[name] = (e.0 + row.handoffsIn, e.1 + row.handoffsOut, e.2 + row.escalations)
                return true
            }
            #expect(out["general"].map { $0 == (0, 1, 1) } == true)
            #expect(out["technical"].map { $0 == (1, 1, 0) } == true)
            #expect(out["billing"].map { $0 == (1, 0, 0) } == true)
        }
    }

    @Test func deploymentIsRegistered() throws {
        let store = TemporaryStore()
        let log = try store.open()
        try log.append([Event(id: "d1", ts: Timestamp(rfc3339: ts(1)) ?? Timestamp(milliseconds: 0), payload: .deployment(Deployment(
            model: "ft:gpt-4o-mini:acme", provider: "openai", action: .deployed, trainingMethod: "sft", baseModel: "gpt-4o-mini", version: "v2"
        )))])
        try log.readProjections { p in
            let m = try #require(try p.model("ft:gpt-4o-mini:acme"))
            #expect(m.state == 1)
            #expect(m.version == "v2")
            let method = try p.name(m.trainingMethod)
            #expect(method == "sft")
            #expect(m.recentDeployments.count == 1)
        }
    }
}

/// Baseline cost in the projections: exact, priced by the tenant's book in force at `ts`.
@Suite struct ProjectionCostTests {
    let book1 = #"{"id":"b1","currency":"USD","models":[{"provider":"openai","model":"gpt-4o","match":"exact","input_per_mtok":"2.50","output_per_mtok":"10.00","cached_input_per_mtok":"1.25","tiers":[{"above_input_tokens":200000,"input_per_mtok":"5.00","output_per_mtok":"15.00"}]}]}"#
    let book2 = #"{"id":"b2","currency":"USD","models":[{"provider":"openai","model":"gpt-4o","match":"exact","input_per_mtok":"2.00","output_per_mtok":"8.00"}]}"#

    func at(_ text: String) -> Timestamp { Timestamp(rfc3339: text) ?? Timestamp(milliseconds: 0) }

    @Test func costFollowsTheBookInForceTiersCacheAndUnknownModels() throws {
        let store = TemporaryStore()
        let log = try store.open()
        try log.append([
            Event(id: "b1", ts: at("2026-11-01T00:00:00Z"), payload: .priceBook(PriceBookChange(bookJSON: book1))),
            // 1000 in (400 cached), 200 out: 600 × 2.50 + 400 × 1.25 + 200 × 10 = 1500 + 500 + 2000 = 4000 µ$ = $0.004
            interaction("i1", ts: "2026-11-01T10:00:00.000Z", input: 1000, output: 200, cached: 400),
            // Tier: 200,001 in, 10 out: 200001 × 5 + 10 × 15 = 1,000,155 µ$ → $1.000155
            interaction("i2", ts: "2026-11-01T11:00:00.000Z", input: 200_001, output: 10),
            // Exactly at the threshold: no tier. 200,000 × 2.5 + 0 = $0.5
            interaction("i3", ts: "2026-11-01T12:00:00.000Z", input: 200_000, output: 0),
            interaction("i4", model: "no-such-model", ts: "2026-11-01T12:30:00.000Z"),
            Event(id: "b2", ts: at("2026-11-02T00:00:00Z"), payload: .priceBook(PriceBookChange(bookJSON: book2))),
            // After the change: 1000 × 2 + 200 × 8 = 3600 µ$
            interaction("i5", ts: "2026-11-02T10:00:00.000Z", input: 1000, output: 200),
        ])
        try log.readProjections { p in
            let c = try #require(try p.conversation("c1"))
            #expect(c.usage.cost == Money(decimal: "1.507755"))
            #expect(c.usage.unpriced == 1)
            var dayCosts: [Money] = []
            try p.agentDays { _, row in dayCosts.append(row.usage.cost); return true }
            #expect(dayCosts.reduce(.zero, +) == c.usage.cost)
        }
        #expect(try log.verify().isClean)
    }

    /// A day's budget alert keeps being updated by later charges of that day, and is resolved when
    /// the next day begins — the same whether the two days arrive in one batch or several.
    @Test func budgetAlertsFollowTheirPeriodWhateverTheBatches() throws {
        // Each interaction costs 1000 × 2.50 + 200 × 10 = 4500 µ$; the budget is 10,000 µ$ a day.
        var events = [
            Event(id: "b1", ts: at("2026-11-01T00:00:00Z"), payload: .priceBook(PriceBookChange(bookJSON: book1))),
            Event(id: "bud", ts: at("2026-11-01T00:00:00Z"), payload: .budget(Budget(scope: .tenant, period: .day, amount: Money(picodollars: 10_000_000_000), thresholdsBasisPoints: [4_000]))),
        ]
        for hour in 10...13 { events.append(interaction("d1-\(hour)", ts: "2026-11-01T\(hour):00:00.000Z")) }
        for hour in 10...11 { events.append(interaction("d2-\(hour)", ts: "2026-11-02T\(hour):00:00.000Z")) }
        var results: [[AnomalyRow]] = []
        for split in [events.count, 3, 1] {
            let store = TemporaryStore()
            let log = try store.open()
            try log.append(events, inBatchesOf: split)
            var budgetAlerts: [AnomalyRow] = []
            try log.readProjections { p in
                try p.anomalies { _, row in
                    if row.kind == .budget { budgetAlerts.append(row) }
                    return true
                }
            }
            #expect(try log.verify().isClean)
            results.append(budgetAlerts)
        }
        // 40 % of $0.01 is crossed by the first interaction of each day (4500 µ$ ≥ 4000 µ$).
        let day1 = try #require(results[0].first)
        #expect(results[0].count == 2)
        #expect(day1.openedAt == at("2026-11-01T10:00:00Z").milliseconds)
        #expect(day1.lastAt == at("2026-11-01T13:00:00Z").milliseconds)  // the day's last charge
        #expect(day1.value == Money(picodollars: 18_000_000_000).approximateDollars)  // the day's whole spend
        #expect(day1.resolvedAt == at("2026-11-02T00:00:00Z").milliseconds)
        #expect(results[1] == results[0])
        #expect(results[2] == results[0])
    }
}
