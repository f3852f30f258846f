/// Which fields of two events differ, by NDJSON name — the content a client sent, never the id.
///
/// Used to decide and explain an `IDConflict`: two events under one id are the same event when
/// this finds no difference. Values are compared as values: attribute order does not matter, and
/// numbers compare numerically.
enum EventContentDifference {
    /// The NDJSON names of the fields in which `a` and `b` differ (ids are not compared): envelope
    /// fields first, then the payload's in schema order, attributes as `attributes.<key>` in key
    /// order. Events of different types differ in `type` alone (their payloads do not compare).
    static func fields(_ a: Event, _ b: Event) -> [String] {
        var out: [String] = []
        guard a.type == b.type else { return ["type"] }
        if a.ts != b.ts { out.append("ts") }
        if a.tenant != b.tenant { out.append("tenant") }
        switch (a.payload, b.payload) {
        case (.interaction(let x), .interaction(let y)): interaction(x, y, &out)
        case (.rating(let x), .rating(let y)): rating(x, y, &out)
        case (.handoff(let x), .handoff(let y)):
            check(x.conversationID, y.conversationID, "conversation_id", &out)
            check(x.fromAgent, y.fromAgent, "from_agent", &out)
            check(x.toAgent, y.toAgent, "to_agent", &out)
            check(x.reason, y.reason, "reason", &out)
            check(x.messageID, y.messageID, "message_id", &out)
        case (.deployment(let x), .deployment(let y)):
            check(x.model, y.model, "model", &out)
            check(x.provider, y.provider, "provider", &out)
            check(x.action, y.action, "action", &out)
            check(x.trainingMethod, y.trainingMethod, "training_method", &out)
            check(x.baseModel, y.baseModel, "base_model", &out)
            check(x.version, y.version, "version", &out)
            check(x.endpoint, y.endpoint, "endpoint", &out)
        case (.priceBook(let x), .priceBook(let y)):
            check(x.bookJSON, y.bookJSON, "book", &out)
        case (.budget(let x), .budget(let y)):
            check(x.scope, y.scope, "scope", &out)
            check(x.scopeID, y.scopeID, "scope_id", &out)
            check(x.period, y.period, "period", &out)
            check(x.amount, y.amount, "amount_usd", &out)
            check(x.thresholdsBasisPoints, y.thresholdsBasisPoints, "thresholds", &out)
        default:
            out.append("type") // unreachable: the types are equal
        }
        return out
    }

    private static func check<T: Equatable>(_ x: T, _ y: T, _ name: String, _ out: inout [String]) {
        if x != y { out.append(name) }
    }

    private static func interaction(_ x: Interaction, _ y: Interaction, _ out: inout [String]) {
        check(x.conversationID, y.conversationID, "conversation_id", &out)
        check(x.messageID, y.messageID, "message_id", &out)
        check(x.userID, y.userID, "user_id", &out)
        check(x.agent, y.agent, "agent", &out)
        check(x.model, y.model, "model", &out)
        check(x.provider, y.provider, "provider", &out)
        check(x.taskType, y.taskType, "task_type", &out)
        check(x.inputTokens, y.inputTokens, "input_tokens", &out)
        check(x.outputTokens, y.outputTokens, "output_tokens", &out)
        check(x.cachedInputTokens, y.cachedInputTokens, "cached_input_tokens", &out)
        check(x.cacheWriteTokens, y.cacheWriteTokens, "cache_write_tokens", &out)
        check(x.reasoningTokens, y.reasoningTokens, "reasoning_tokens", &out)
        check(x.latencyMs, y.latencyMs, "latency_ms", &out)
        check(x.ttftMs, y.ttftMs, "ttft_ms", &out)
        check(x.status, y.status, "status", &out)
        check(x.errorType, y.errorType, "error_type", &out)
        check(x.toolCalls, y.toolCalls, "tool_calls", &out)
        check(x.toolFailures, y.toolFailures, "tool_failures", &out)
        check(x.contextTokens, y.contextTokens, "context_tokens", &out)
        check(x.escalationSuggested, y.escalationSuggested, "escalation_suggested", &out)
        check(x.confidence, y.confidence, "confidence", &out)
        check(x.experiment, y.experiment, "experiment", &out)
        check(x.reportedCost, y.reportedCost, "reported_cost_usd", &out)
        if x.attributes != y.attributes {
            let keys = Set(x.attributes.keys).union(y.attributes.keys)
                .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for key in keys where x.attributes[key] != y.attributes[key] { out.append("attributes.\(key)") }
        }
    }

    private static func rating(_ x: Rating, _ y: Rating, _ out: inout [String]) {
        check(x.conversationID, y.conversationID, "conversation_id", &out)
        check(x.messageID, y.messageID, "message_id", &out)
        check(x.raterID, y.raterID, "rater_id", &out)
        switch (x.score, y.score) {
        case (.stars(let s), .stars(let t)): check(s, t, "stars", &out)
        case (.thumbs(let s), .thumbs(let t)): check(s, t, "thumbs", &out)
        default: out.append(contentsOf: ["stars", "thumbs"])
        }
        check(x.success, y.success, "success", &out)
        check(x.failureTags, y.failureTags, "failure_tags", &out)
        check(x.comment, y.comment, "comment", &out)
    }
}
