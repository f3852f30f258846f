extension FuzzEntry {
    /// Valid stored records of every event type, optional fields present and absent, whose
    /// symbols all resolve in the event-record target's table: the seed corpus of that target
    /// (`FuzzEventRecord --write-seeds DIR`).
    public static func eventRecordSeeds() -> [[UInt8]] {
        let t = Timestamp(milliseconds: 1_795_000_000_000)
        let book = #"{"id":"seed","currency":"USD","models":[{"model":"gpt-4o","input_per_mtok":"2.5","output_per_mtok":"10"},"#
            + #"{"model":"gpt-4o","match":"prefix","input_per_mtok":"1","output_per_mtok":"2","effective_from":"2026-01-01","time_of_day":{"start":"16:30","end":"00:30"}}]}"#
        let events: [Event] = [
            Event(id: "e1", ts: t, payload: .interaction(Interaction(
                conversationID: "c1", agent: "support", model: "gpt-4o", inputTokens: 1200, outputTokens: 300))),
            Event(id: "0f8fad5b-d9cb-469f-a165-70867728950e", ts: Timestamp(milliseconds: -5), tenant: "acme", payload: .interaction(Interaction(
                conversationID: "c2", messageID: "m-1", userID: "u1", agent: "billing", model: "claude-sonnet-4", provider: "anthropic",
                taskType: "summarize", inputTokens: 300_000, outputTokens: 20_000, cachedInputTokens: 100_000, cacheWriteTokens: 5_000,
                reasoningTokens: 7_000, latencyMs: 1_800, ttftMs: 250, status: .error, errorType: "timeout", toolCalls: 3, toolFailures: 1,
                contextTokens: 410_000, escalationSuggested: true, confidence: 0.75, experiment: "exp-a",
                reportedCost: Money(decimal: "0.123456789012"), attributes: ["region": "eu", "é": "日本"]))),
            Event(id: "e3", ts: t, tenant: "globex", payload: .rating(Rating(
                conversationID: "c1", messageID: "m-1", raterID: "u2", score: .stars(4), success: true,
                failureTags: ["slow", "wrong_answer"], comment: "fine"))),
            Event(id: "e4", ts: t, payload: .rating(Rating(conversationID: "c3", score: .thumbs(-1), success: false))),
            Event(id: "e5", ts: t, payload: .handoff(Handoff(conversationID: "c1", fromAgent: "support", toAgent: "triage", reason: "escalation", messageID: "m-2"))),
            Event(id: "e6", ts: t, payload: .deployment(Deployment(
                model: "gpt-5", provider: "openai", action: .deployed, trainingMethod: "lora", baseModel: "base-llama", version: "v2", endpoint: "https://x"))),
            Event(id: "e7", ts: t, payload: .deployment(Deployment(model: "gpt-5", action: .retired))),
            Event(id: "e8", ts: t, payload: .priceBook(PriceBookChange(bookJSON: book))),
            Event(id: "e9", ts: t, payload: .budget(Budget(scope: .agent, scopeID: "support", period: .month, amount: Money(picodollars: 5_000_000_000_000_000)))),
            Event(id: "e10", ts: t, payload: .budget(Budget(scope: .tenant, period: .day, amount: Money(picodollars: 1), thresholdsBasisPoints: [10_000]))),
        ]
        var symbols = FuzzSymbols()
        var records: [[UInt8]] = []
        for event in events {
            var writer = ByteWriter()
            do {
                try EventCodec.encode(event, id: event.id ?? "", into: &writer, symbols: &symbols)
                records.append(writer.bytes)
            } catch {
                continue
            }
        }
        return records
    }
}
