import Tally
import TallyStore

/// `agent_days`: per UTC day, tenant, agent and model. Stored by day first, so day ranges seek.
struct AgentDaysTable: QueryTable {
    static let columns: [ColumnDescription] = [
        .init("day", .day, "UTC day of the events"),
        .init("tenant", .text, "tenant"),
        .init("agent", .text, "agent"),
        .init("model", .text, "model (NULL for handoffs before the agent used a model)"),
        .init("interactions", .integer, "interactions"),
        .init("errors", .integer, "interactions with status error or timeout"),
        .init("input_tokens", .integer, "input tokens"),
        .init("output_tokens", .integer, "output tokens"),
        .init("cached_input_tokens", .integer, "cached input tokens"),
        .init("cost_usd", .money, "baseline cost, exact"),
        .init("unpriced_interactions", .integer, "interactions whose model had no price"),
        .init("reported_cost_usd", .money, "billed cost where reported"),
        .init("cost_per_interaction", .money, "cost_usd / interactions"),
        .init("tokens_per_interaction", .double, "(input + output) / interactions"),
        .init("latency_ms_avg", .double, "average latency"),
        .init("latency_ms_p50", .double, "median latency (histogram, ≤ 0.4 % error)"),
        .init("latency_ms_p90", .double, "p90 latency"),
        .init("latency_ms_p95", .double, "p95 latency"),
        .init("latency_ms_p99", .double, "p99 latency"),
        .init("sla_breaches", .integer, "interactions over the SLA threshold"),
        .init("ratings", .integer, "ratings of these interactions"),
        .init("avg_stars", .double, "average stars"),
        .init("thumbs_up", .integer, "thumbs up"),
        .init("thumbs_down", .integer, "thumbs down"),
        .init("judged_success", .integer, "ratings judging success"),
        .init("judged_total", .integer, "ratings with a success judgment"),
        .init("handoffs_in", .integer, "handoffs to this agent"),
        .init("handoffs_out", .integer, "handoffs from this agent"),
        .init("escalations", .integer, "handoffs out with reason escalation"),
        .init("failure_tags", .text, "failure tags with counts"),
        .init("tool_calls", .integer, "tool calls"),
        .init("tool_failures", .integer, "failed tool calls"),
        .init("stars_sum", .integer, "sum of star ratings (for weighted roll-ups)"),
        .init("star_ratings", .integer, "star ratings (avg_stars = stars_sum / star_ratings)"),
        .init("latency_ms_total", .integer, "sum of latencies (for weighted roll-ups)"),
        .init("latencies", .integer, "interactions with a latency"),
    ]
    static let schema = StoreSchemas.make("agent_days", columns, key: ["day", "tenant", "agent", "model"], ordered: 1, doc: "Per UTC day, tenant, agent and model.")

    let schema: TableSchema
    let context: StoreContext

    func fill(_ row: inout [QueryValue], _ wanted: [Int], _ key: AgentDayKey, _ r: AgentDayRow) throws {
        let u = r.usage
        for i in wanted {
            switch i {
            case 0: row[i] = .day(Int64(key.day))
            case 1: row[i] = try context.text(key.tenant)
            case 2: row[i] = try context.text(key.agent)
            case 3: row[i] = try context.text(key.model)
            case 4: row[i] = .integer(u.interactions)
            case 5: row[i] = .integer(u.errors)
            case 6: row[i] = .integer(u.inputTokens)
            case 7: row[i] = .integer(u.outputTokens)
            case 8: row[i] = .integer(u.cachedInputTokens)
            case 9: row[i] = .money(u.cost)
            case 10: row[i] = .integer(u.unpriced)
            case 11: row[i] = u.reportedCount > 0 ? .money(u.reportedCost) : .null
            case 12: row[i] = Cells.perCall(u.cost, u.interactions)
            case 13: row[i] = u.interactions > 0 ? .double(Double(u.inputTokens + u.outputTokens) / Double(u.interactions)) : .null
            case 14: row[i] = Cells.double(u.averageLatency)
            case 15: row[i] = Cells.double(r.latency.quantile(0.5))
            case 16: row[i] = Cells.double(r.latency.quantile(0.9))
            case 17: row[i] = Cells.double(r.latency.quantile(0.95))
            case 18: row[i] = Cells.double(r.latency.quantile(0.99))
            case 19: row[i] = .integer(u.slaBreaches)
            case 20: row[i] = .integer(r.ratings.ratings)
            case 21: row[i] = Cells.double(r.ratings.averageStars)
            case 22: row[i] = .integer(r.ratings.thumbsUp)
            case 23: row[i] = .integer(r.ratings.thumbsDown)
            case 24: row[i] = .integer(r.ratings.judgedSuccess)
            case 25: row[i] = .integer(r.ratings.judgedTotal)
            case 26: row[i] = .integer(r.handoffsIn)
            case 27: row[i] = .integer(r.handoffsOut)
            case 28: row[i] = .integer(r.escalations)
            case 29:
                var parts: [String] = []
                for e in r.failureTags.entries where e.count > 0 {
                    if case .text(let name) = try context.text(e.symbol) { parts.append("\(name):\(e.count)") }
                }
                row[i] = parts.isEmpty ? .null : .text(parts.joined(separator: ","))
            case 30: row[i] = .integer(u.toolCalls)
            case 31: row[i] = .integer(u.toolFailures)
            case 32: row[i] = .integer(r.ratings.starsSum)
            case 33: row[i] = .integer(r.ratings.starsCount)
            case 34: row[i] = .integer(u.latencySum)
            case 35: row[i] = .integer(u.latencyCount)
            default: break
            }
        }
    }

    func scan(_ request: ScanRequest, visit: (_ row: [QueryValue]) throws(QueryError) -> ScanStep) throws(QueryError) -> ScanOutcome {
        try storage {
            let p = try context.rows()
            let wanted = request.columns.indices
            var row = [QueryValue](repeating: .null, count: schema.columns.count)
            let c = request.constraint
            // Equality on a prefix: the day, then tenant, agent, model symbols.
            var prefix: [Tally.Symbol] = []
            var day: Int64? = nil
            for (index, value) in c.equal.enumerated() {
                if index == 0 {
                    guard case .day(let d) = value else { return ScanOutcome(exact: false) }
                    day = d
                } else {
                    guard let symbol = try context.symbol(value) else { return ScanOutcome(exact: true) } // never seen: no rows
                    prefix.append(symbol)
                }
            }
            // A day range (only when no day is pinned).
            var lowDay = Int64(Int32.min)
            var highDay = Int64(Int32.max)
            var exact = true
            if let day {
                lowDay = day
                highDay = day
                if c.lower != nil || c.upper != nil { exact = false } // a range on an unordered column: filtered by the executor
            } else {
                if let lower = c.lower, case .day(let d) = lower.value { lowDay = lower.inclusive ? d : d + 1 }
                if let upper = c.upper, case .day(let d) = upper.value { highDay = upper.inclusive ? d : d - 1 }
            }
            guard lowDay <= highDay else { return ScanOutcome(exact: true) }
            let latency = wanted.contains { (15...18).contains($0) } // percentiles need the histograms
            let low = Int32(clamping: lowDay)
            let high = Int32(clamping: highDay)
            func matches(_ key: AgentDayKey) -> Bool {
                let parts = [key.tenant, key.agent, key.model]
                for (i, s) in prefix.enumerated() where parts[i] != s { return false }
                return true
            }
            if request.descending {
                var rows: [(AgentDayKey, AgentDayRow)] = []
                try p.agentDays(fromDay: low, latency: latency) { key, r in
                    guard key.day <= high else { return false }
                    if matches(key) { rows.append((key, r)) }
                    return true
                }
                for (key, r) in rows.reversed() {
                    try fill(&row, wanted, key, r)
                    if try visit(row) == .stop { break }
                }
            } else {
                try p.agentDays(fromDay: low, latency: latency) { key, r in
                    guard key.day <= high else { return false }
                    guard matches(key) else { return true }
                    try fill(&row, wanted, key, r)
                    return try visit(row) == .next
                }
            }
            return ScanOutcome(exact: exact)
        }
    }
}
