/// Writes an `Event` as one canonical NDJSON line.
///
/// Canonical means: envelope first (`type`, `id` if set, `ts` as `Timestamp.rfc3339`, `tenant`),
/// then the payload fields in the SPEC table's order; absent optionals, zero counts that default
/// to zero (`cached_input_tokens`, `cache_write_tokens`, `reasoning_tokens`, `tool_calls`,
/// `tool_failures`), `escalation_suggested: false`, and empty `attributes` / `failure_tags` are
/// omitted; money as exact decimal strings; `attributes` keys sorted by their UTF-8 bytes; a
/// price book as its JSON text exactly; budget thresholds as exact decimals. No whitespace.
///
/// For every event that passes `EventValidator`, `NDJSONEventDecoder` reads the line back to an
/// equal event, and encoding that event again gives the same bytes.
public struct NDJSONEventEncoder: Sendable {
    public init() {}

    /// Appends the event's line to `out`, followed by `\n` when `newline` is set.
    public func encode(_ event: Event, into out: inout [UInt8], newline: Bool = true) {
        out.append(UInt8(ascii: "{"))
        JSONWriter.appendKey("type", to: &out)
        JSONWriter.appendString(event.type.name, to: &out)
        if let id = event.id {
            out.append(UInt8(ascii: ","))
            JSONWriter.appendKey("id", to: &out)
            JSONWriter.appendString(id, to: &out)
        }
        out.append(UInt8(ascii: ","))
        JSONWriter.appendKey("ts", to: &out)
        JSONWriter.appendString(event.ts.rfc3339, to: &out)
        out.append(UInt8(ascii: ","))
        JSONWriter.appendKey("tenant", to: &out)
        JSONWriter.appendString(event.tenant, to: &out)
        switch event.payload {
        case .interaction(let i): encode(i, into: &out)
        case .rating(let r): encode(r, into: &out)
        case .handoff(let h): encode(h, into: &out)
        case .deployment(let d): encode(d, into: &out)
        case .priceBook(let p):
            out.append(UInt8(ascii: ","))
            JSONWriter.appendKey("book", to: &out)
            JSONWriter.appendRaw(p.bookJSON, to: &out)
        case .budget(let b): encode(b, into: &out)
        }
        out.append(UInt8(ascii: "}"))
        if newline { out.append(UInt8(ascii: "\n")) }
    }

    /// The event's line as a `String`, without the trailing newline.
    public func encode(_ event: Event) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        encode(event, into: &out, newline: false)
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - Payloads

    private func encode(_ i: Interaction, into out: inout [UInt8]) {
        string("conversation_id", i.conversationID, &out)
        string("message_id", i.messageID, &out)
        string("user_id", i.userID, &out)
        string("agent", i.agent, &out)
        string("model", i.model, &out)
        string("provider", i.provider, &out)
        string("task_type", i.taskType, &out)
        int("input_tokens", i.inputTokens, &out)
        int("output_tokens", i.outputTokens, &out)
        int("cached_input_tokens", i.cachedInputTokens, &out, omitZero: true)
        int("cache_write_tokens", i.cacheWriteTokens, &out, omitZero: true)
        int("reasoning_tokens", i.reasoningTokens, &out, omitZero: true)
        int("latency_ms", i.latencyMs, &out)
        int("ttft_ms", i.ttftMs, &out)
        string("status", i.status.name, &out)
        string("error_type", i.errorType, &out)
        int("tool_calls", i.toolCalls, &out, omitZero: true)
        int("tool_failures", i.toolFailures, &out, omitZero: true)
        int("context_tokens", i.contextTokens, &out)
        if i.escalationSuggested {
            out.append(UInt8(ascii: ","))
            JSONWriter.appendKey("escalation_suggested", to: &out)
            JSONWriter.appendRaw("true", to: &out)
        }
        if let confidence = i.confidence {
            out.append(UInt8(ascii: ","))
            JSONWriter.appendKey("confidence", to: &out)
            // Swift's description is the shortest text that reads back to the same Double, and
            // its forms ("0.85", "1.0", "1e-05") are all valid JSON numbers for finite values.
            JSONWriter.appendRaw(confidence.description, to: &out)
        }
        string("experiment", i.experiment, &out)
        string("reported_cost_usd", i.reportedCost?.description, &out)
        if !i.attributes.isEmpty {
            out.append(UInt8(ascii: ","))
            JSONWriter.appendKey("attributes", to: &out)
            out.append(UInt8(ascii: "{"))
            let keys = i.attributes.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (n, key) in keys.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.appendString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                JSONWriter.appendString(i.attributes[key] ?? "", to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private func encode(_ r: Rating, into out: inout [UInt8]) {
        string("conversation_id", r.conversationID, &out)
        string("message_id", r.messageID, &out)
        string("rater_id", r.raterID, &out)
        switch r.score {
        case .stars(let stars): int("stars", Int64(stars), &out)
        case .thumbs(let thumbs): int("thumbs", Int64(thumbs), &out)
        }
        if let success = r.success {
            out.append(UInt8(ascii: ","))
            JSONWriter.appendKey("success", to: &out)
            JSONWriter.appendRaw(success ? "true" : "false", to: &out)
        }
        if !r.failureTags.isEmpty {
            out.append(UInt8(ascii: ","))
            JSONWriter.appendKey("failure_tags", to: &out)
            out.append(UInt8(ascii: "["))
            for (n, tag) in r.failureTags.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.appendString(tag, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        string("comment", r.comment, &out)
    }

    private func encode(_ h: Handoff, into out: inout [UInt8]) {
        string("conversation_id", h.conversationID, &out)
        string("from_agent", h.fromAgent, &out)
        string("to_agent", h.toAgent, &out)
        string("reason", h.reason, &out)
        string("message_id", h.messageID, &out)
    }

    private func encode(_ d: Deployment, into out: inout [UInt8]) {
        string("model", d.model, &out)
        string("provider", d.provider, &out)
        string("action", d.action.name, &out)
        string("training_method", d.trainingMethod, &out)
        string("base_model", d.baseModel, &out)
        string("version", d.version, &out)
        string("endpoint", d.endpoint, &out)
    }

    private func encode(_ b: Budget, into out: inout [UInt8]) {
        string("scope", b.scope.name, &out)
        string("scope_id", b.scopeID, &out)
        string("period", b.period.name, &out)
        string("amount_usd", b.amount.description, &out)
        out.append(UInt8(ascii: ","))
        JSONWriter.appendKey("thresholds", to: &out)
        out.append(UInt8(ascii: "["))
        for (n, bp) in b.thresholdsBasisPoints.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.appendRaw(basisPointsText(bp), to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    // MARK: - Members

    @inline(__always)
    private func string(_ key: StaticString, _ value: String?, _ out: inout [UInt8]) {
        guard let value else { return }
        out.append(UInt8(ascii: ","))
        JSONWriter.appendKey(key, to: &out)
        JSONWriter.appendString(value, to: &out)
    }

    @inline(__always)
    private func int(_ key: StaticString, _ value: Int64?, _ out: inout [UInt8], omitZero: Bool = false) {
        guard let value, !(omitZero && value == 0) else { return }
        out.append(UInt8(ascii: ","))
        JSONWriter.appendKey(key, to: &out)
        JSONWriter.appendInt(value, to: &out)
    }
}
