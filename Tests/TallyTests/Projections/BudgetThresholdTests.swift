import Testing
@testable import Tally

/// Budget alerts against a reference written from the rule itself: a threshold t of a budget
/// alerts on the charge that takes the period's spend s from 10,000 × (s + 1) ≤ amount × t to
/// above it, once per period — over days, ISO weeks and months, several thresholds, and an
/// amount lowered mid-period.
@Suite struct BudgetThresholdTests {
    let book = #"{"id":"b","currency":"USD","models":[{"provider":"openai","model":"gpt-4o","match":"exact","input_per_mtok":"2.50","output_per_mtok":"10.00"}]}"#

    struct Alert: Hashable, Comparable {
        var period: UInt8
        var threshold: Int64
        var openedAt: Int64
        static func < (a: Alert, b: Alert) -> Bool { (a.openedAt, a.period, a.threshold) < (b.openedAt, b.period, b.threshold) }
    }

    @Test func alertsMatchTheRuleForEveryPeriodAndThreshold() throws {
        let start = try #require(Timestamp(rfc3339: "2026-11-01T00:00:00Z")).milliseconds
        let dayMs: Int64 = 86_400_000
        var random = SeededRandom(seed: 20261122)
        var events: [Event] = [
            Event(id: "book", ts: Timestamp(milliseconds: start), payload: .priceBook(PriceBookChange(bookJSON: book))),
            Event(id: "day", ts: Timestamp(milliseconds: start), payload: .budget(Budget(scope: .tenant, period: .day, amount: Money(picodollars: 50_000_000_000), thresholdsBasisPoints: [2_500, 5_000, 8_000, 10_000]))),
            Event(id: "week", ts: Timestamp(milliseconds: start), payload: .budget(Budget(scope: .tenant, period: .week, amount: Money(picodollars: 300_000_000_000), thresholdsBasisPoints: [5_000, 10_000]))),
            Event(id: "month", ts: Timestamp(milliseconds: start), payload: .budget(Budget(scope: .tenant, period: .month, amount: Money(picodollars: 1_000_000_000_000), thresholdsBasisPoints: [5_000, 9_000]))),
        ]
        // Interactions over 45 days (a month boundary and seven week boundaries), a few a day.
        var times: [Int64] = []
        for _ in 0..<400 { times.append(start + Int64.random(in: 0..<(45 * dayMs), using: &random)) }
        times.sort()
        // The daily amount is lowered in the middle of day 10 (crossed thresholds stay crossed).
        let change = start + 10 * dayMs + dayMs / 2
        var changed = false
        for (n, t) in times.enumerated() {
            if !changed && t >= change {
                events.append(Event(id: "day-lowered", ts: Timestamp(milliseconds: change), payload: .budget(Budget(scope: .tenant, period: .day, amount: Money(picodollars: 20_000_000_000), thresholdsBasisPoints: [2_500, 5_000, 8_000, 10_000]))))
                changed = true
            }
            let input = Int64.random(in: 100...3_000, using: &random)
            let output = Int64.random(in: 0...500, using: &random)
            events.append(interaction("i\(n)", conversation: "c\(n % 37)", ts: Timestamp(milliseconds: t).rfc3339, input: input, output: output))
        }

        // The reference: input × 2.5 + output × 10 µ$ per token… per million tokens, in picodollars.
        struct Budgeted { var amount: Int128; var thresholds: [Int]; var period: Int64 = .min; var spend: Int128 = 0; var crossed: Set<Int> = [] }
        var budgets: [UInt8: Budgeted] = [:]
        var expected: [Alert] = []
        for event in events {
            switch event.payload {
            case .budget(let b):
                var state = budgets[b.period.rawValue] ?? Budgeted(amount: 0, thresholds: [])
                state.amount = b.amount.picodollars
                state.thresholds = b.thresholdsBasisPoints.sorted()
                budgets[b.period.rawValue] = state
            case .interaction(let i):
                let cost = Int128(i.inputTokens) * 2_500_000 + Int128(i.outputTokens) * 10_000_000
                let day = event.ts.milliseconds / dayMs
                let text = event.ts.rfc3339
                let month = (Int64(text.prefix(4)) ?? 0) * 12 + (Int64(text.dropFirst(5).prefix(2)) ?? 0)
                for (period, index) in [(UInt8(0), day), (1, (day + 3) / 7), (2, month)] {
                    guard var state = budgets[period] else { continue }
                    if index != state.period { state.period = index; state.spend = 0; state.crossed = [] }
                    let before = state.spend
                    state.spend += cost
                    for t in state.thresholds where !state.crossed.contains(t) {
                        let scaled = state.amount * Int128(t)
                        if 10_000 * (before + 1) <= scaled && 10_000 * (state.spend + 1) > scaled {
                            state.crossed.insert(t)
                            expected.append(Alert(period: period, threshold: Int64(t), openedAt: event.ts.milliseconds))
                        }
                    }
                    budgets[period] = state
                }
            default: break
            }
        }
        #expect(expected.count > 60) // the stream really crosses many thresholds

        for split in [events.count, 13] {
            let store = TemporaryStore()
            let log = try store.open()
            try log.append(events, inBatchesOf: split)
            var alerts: [Alert] = []
            try log.readProjections { p in
                try p.anomalies { _, row in
                    if row.kind == .budget { alerts.append(Alert(period: row.budgetPeriod, threshold: row.threshold, openedAt: row.openedAt)) }
                    return true
                }
            }
            let missing = Set(expected).subtracting(alerts).sorted()
            let extra = Set(alerts).subtracting(expected).sorted()
            #expect(alerts.count == expected.count && missing.isEmpty && extra.isEmpty,
                    "batches of \(split): \(alerts.count) alerts, \(expected.count) expected; missing \(missing.prefix(3)), extra \(extra.prefix(3))")
            #expect(try log.verify().isClean)
        }
    }
}
