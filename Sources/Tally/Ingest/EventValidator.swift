/// Checks every rule of the SPEC that the Swift types cannot express by themselves.
///
/// The same checks run for events decoded from NDJSON and for events built in Swift, so the log
/// never holds an event that one path would have refused. Errors name the field by its NDJSON
/// name (with a path like `attributes.region` or `failure_tags[1]` where useful).
///
/// - Complexity: O(n) in the event's total string size; no allocation unless an error is thrown.
public enum EventValidator {
    /// Throws the first rule the event breaks, checking the envelope first, then the payload in
    /// field order.
    public static func validate(_ event: Event) throws(EventValidationError) {
        try validateEnvelope(id: event.id, ts: event.ts, tenant: event.tenant)
        switch event.payload {
        case .interaction(let i): try validate(i)
        case .rating(let r): try validate(r)
        case .handoff(let h): try validate(h)
        case .deployment(let d): try validate(d)
        case .priceBook(let p): try validate(p)
        case .budget(let b): try validate(b, tenant: event.tenant)
        }
    }

    /// The envelope's rules: `id` (when set) 1–64 bytes, `tenant` 1–128 bytes, neither with
    /// control characters; `ts` within years 0000–9999 (what RFC 3339 can write).
    static func validateEnvelope(id: String?, ts: Timestamp, tenant: String) throws(EventValidationError) {
        if let id {
            try checkText(id, "id", maxBytes: EventLimits.maxIDBytes)
        }
        try checkText(tenant, "tenant", maxBytes: EventLimits.maxTenantBytes)
        try checkTimestamp(ts)
    }

    static func checkTimestamp(_ ts: Timestamp) throws(EventValidationError) {
        guard ts >= EventLimits.earliestTimestamp, ts <= EventLimits.latestTimestamp else {
            throw EventValidationError(field: "ts", reason: "must lie between years 0000 and 9999")
        }
    }

    // MARK: - Payloads

    static func validate(_ i: Interaction) throws(EventValidationError) {
        try checkText(i.conversationID, "conversation_id", maxBytes: EventLimits.maxIDBytes)
        try checkOptionalText(i.messageID, "message_id", maxBytes: EventLimits.maxIDBytes)
        try checkOptionalText(i.userID, "user_id", maxBytes: EventLimits.maxIDBytes)
        try checkText(i.agent, "agent", maxBytes: EventLimits.maxNameBytes)
        try checkText(i.model, "model", maxBytes: EventLimits.maxNameBytes)
        try checkOptionalText(i.provider, "provider", maxBytes: EventLimits.maxNameBytes)
        try checkOptionalText(i.taskType, "task_type", maxBytes: EventLimits.maxNameBytes)
        try checkOptionalText(i.errorType, "error_type", maxBytes: EventLimits.maxNameBytes)
        try checkOptionalText(i.experiment, "experiment", maxBytes: EventLimits.maxNameBytes)
        try validateValues(i)
    }

    /// The size limits of an interaction's text fields, by field (what `validate(_:)` checks
    /// first; the NDJSON decoder checks them as it reads each string).
    static func textLimit(of field: NDJSONField) -> Int {
        switch field {
        case .id, .conversationID, .messageID, .userID, .raterID: EventLimits.maxIDBytes
        case .tenant: EventLimits.maxTenantBytes
        case .endpoint: EventLimits.maxEndpointBytes
        default: EventLimits.maxNameBytes
        }
    }

    /// An interaction's rules other than its text fields' (counts, sums, confidence, money,
    /// attributes).
    static func validateValues(_ i: Interaction) throws(EventValidationError) {
        try checkCount(i.inputTokens, "input_tokens")
        try checkCount(i.outputTokens, "output_tokens")
        try checkCount(i.cachedInputTokens, "cached_input_tokens")
        try checkCount(i.cacheWriteTokens, "cache_write_tokens")
        try checkCount(i.reasoningTokens, "reasoning_tokens")
        if i.cachedInputTokens > i.inputTokens {
            throw EventValidationError(
                field: "cached_input_tokens",
                reason: "\(i.cachedInputTokens) exceeds input_tokens (\(i.inputTokens)), which counts cached input too")
        }
        if i.cachedInputTokens + i.cacheWriteTokens > i.inputTokens {
            throw EventValidationError(
                field: "cache_write_tokens",
                reason: "cached_input_tokens + cache_write_tokens (\(i.cachedInputTokens + i.cacheWriteTokens)) exceeds input_tokens (\(i.inputTokens)), which counts both")
        }
        if i.reasoningTokens > i.outputTokens {
            throw EventValidationError(
                field: "reasoning_tokens",
                reason: "\(i.reasoningTokens) exceeds output_tokens (\(i.outputTokens)), which counts reasoning too")
        }
        if let latency = i.latencyMs { try checkCount(latency, "latency_ms") }
        if let ttft = i.ttftMs { try checkCount(ttft, "ttft_ms") }
        try checkCount(i.toolCalls, "tool_calls")
        try checkCount(i.toolFailures, "tool_failures")
        if i.toolFailures > i.toolCalls {
            throw EventValidationError(field: "tool_failures", reason: "\(i.toolFailures) exceeds tool_calls (\(i.toolCalls))")
        }
        if let context = i.contextTokens { try checkCount(context, "context_tokens") }
        if let confidence = i.confidence {
            guard confidence.isFinite, confidence >= 0, confidence <= 1 else {
                throw EventValidationError(field: "confidence", reason: "must be a number from 0 to 1, got \(confidence)")
            }
        }
        if let cost = i.reportedCost {
            try checkMoney(cost, "reported_cost_usd", allowZero: true)
        }
        try checkAttributes(i.attributes)
    }

    static func validate(_ r: Rating) throws(EventValidationError) {
        try checkText(r.conversationID, "conversation_id", maxBytes: EventLimits.maxIDBytes)
        try checkOptionalText(r.messageID, "message_id", maxBytes: EventLimits.maxIDBytes)
        try checkOptionalText(r.raterID, "rater_id", maxBytes: EventLimits.maxIDBytes)
        switch r.score {
        case .stars(let stars):
            guard (1...5).contains(stars) else {
                throw EventValidationError(field: "stars", reason: "must be an integer from 1 to 5, got \(stars)")
            }
        case .thumbs(let thumbs):
            guard thumbs == 1 || thumbs == -1 else {
                throw EventValidationError(field: "thumbs", reason: "must be 1 (up) or -1 (down), got \(thumbs)")
            }
        }
        guard r.failureTags.count <= EventLimits.maxFailureTags else {
            throw EventValidationError(field: "failure_tags", reason: "at most \(EventLimits.maxFailureTags) tags, got \(r.failureTags.count)")
        }
        for (index, tag) in r.failureTags.enumerated() {
            try checkText(tag, "failure_tags[\(index)]", maxBytes: EventLimits.maxNameBytes)
            for earlier in 0..<index where r.failureTags[earlier] == tag {
                throw EventValidationError(field: "failure_tags[\(index)]", reason: "repeats tag \"\(tag)\" (tags must be distinct)")
            }
        }
        if let comment = r.comment, comment.utf8.count > EventLimits.maxCommentBytes {
            throw EventValidationError(field: "comment", reason: "at most \(EventLimits.maxCommentBytes) bytes, got \(comment.utf8.count)")
        }
    }

    static func validate(_ h: Handoff) throws(EventValidationError) {
        try checkText(h.conversationID, "conversation_id", maxBytes: EventLimits.maxIDBytes)
        try checkText(h.fromAgent, "from_agent", maxBytes: EventLimits.maxNameBytes)
        try checkText(h.toAgent, "to_agent", maxBytes: EventLimits.maxNameBytes)
        try checkText(h.reason, "reason", maxBytes: EventLimits.maxNameBytes)
        try checkOptionalText(h.messageID, "message_id", maxBytes: EventLimits.maxIDBytes)
    }

    static func validate(_ d: Deployment) throws(EventValidationError) {
        try checkText(d.model, "model", maxBytes: EventLimits.maxNameBytes)
        try checkOptionalText(d.provider, "provider", maxBytes: EventLimits.maxNameBytes)
        try checkOptionalText(d.trainingMethod, "training_method", maxBytes: EventLimits.maxNameBytes)
        try checkOptionalText(d.baseModel, "base_model", maxBytes: EventLimits.maxNameBytes)
        try checkOptionalText(d.version, "version", maxBytes: EventLimits.maxNameBytes)
        try checkOptionalText(d.endpoint, "endpoint", maxBytes: EventLimits.maxEndpointBytes)
    }

    static func validate(_ p: PriceBookChange) throws(EventValidationError) {
        try PriceBookJSONCheck.check(p.bookJSON)
    }

    static func validate(_ b: Budget, tenant: String) throws(EventValidationError) {
        if let scopeID = b.scopeID {
            try checkText(scopeID, "scope_id", maxBytes: EventLimits.maxNameBytes)
            if b.scope == .tenant, scopeID != tenant {
                throw EventValidationError(
                    field: "scope_id",
                    reason: "a tenant budget covers the event's own tenant \"\(tenant)\"; omit scope_id or set it to the tenant")
            }
        } else if b.scope != .tenant {
            throw EventValidationError(field: "scope_id", reason: "is required when scope is \(b.scope.name)")
        }
        try checkMoney(b.amount, "amount_usd", allowZero: false)
        let thresholds = b.thresholdsBasisPoints
        guard !thresholds.isEmpty, thresholds.count <= EventLimits.maxThresholds else {
            throw EventValidationError(field: "thresholds", reason: "must hold 1 to \(EventLimits.maxThresholds) fractions, got \(thresholds.count)")
        }
        for (index, bp) in thresholds.enumerated() {
            guard bp > 0, bp <= EventLimits.maxThresholdBasisPoints else {
                throw EventValidationError(
                    field: "thresholds[\(index)]",
                    reason: "must be a fraction of the amount in (0, 10], got \(basisPointsText(bp))")
            }
            if index > 0, bp <= thresholds[index - 1] {
                throw EventValidationError(
                    field: "thresholds[\(index)]",
                    reason: "must be ascending: \(basisPointsText(bp)) does not exceed \(basisPointsText(thresholds[index - 1]))")
            }
        }
    }

    // MARK: - Rules shared by many fields

    /// A required string: 1…`maxBytes` bytes of UTF-8 with no control characters.
    @inline(__always)
    static func checkText(_ text: String, _ field: @autoclosure () -> String, maxBytes: Int) throws(EventValidationError) {
        let count = text.utf8.count
        guard count > 0 else { throw emptyError(field()) }
        guard count <= maxBytes else { throw tooLongError(field(), maxBytes: maxBytes, count: count) }
        if let (scalar, offset) = firstControlCharacter(text) {
            throw EventValidationError(
                field: field(),
                reason: "must not contain control characters (U+\(hex4Text(scalar)) at byte \(offset))")
        }
    }

    static func emptyError(_ field: String) -> EventValidationError {
        EventValidationError(field: field, reason: "must not be empty")
    }

    static func tooLongError(_ field: String, maxBytes: Int, count: Int) -> EventValidationError {
        EventValidationError(field: field, reason: "must be at most \(maxBytes) bytes of UTF-8, got \(count)")
    }

    @inline(__always)
    static func checkOptionalText(_ text: String?, _ field: @autoclosure () -> String, maxBytes: Int) throws(EventValidationError) {
        if let text { try checkText(text, field(), maxBytes: maxBytes) }
    }

    @inline(__always)
    static func checkCount(_ value: Int64, _ field: @autoclosure () -> String) throws(EventValidationError) {
        guard value >= 0 else {
            throw EventValidationError(field: field(), reason: "must not be negative, got \(value)")
        }
        guard value <= EventLimits.maxCount else {
            throw EventValidationError(field: field(), reason: "must be at most 2^40 (\(EventLimits.maxCount)), got \(value)")
        }
    }

    static func checkMoney(_ amount: Money, _ field: String, allowZero: Bool) throws(EventValidationError) {
        if allowZero {
            guard amount >= .zero else {
                throw EventValidationError(field: field, reason: "must not be negative, got \(amount)")
            }
        } else {
            guard amount > .zero else {
                throw EventValidationError(field: field, reason: "must be greater than 0, got \(amount)")
            }
        }
        guard amount < EventLimits.moneyBound else {
            throw EventValidationError(field: field, reason: "must be below 1000000000000 (10^12) dollars, got \(amount)")
        }
    }

    static func checkAttributes(_ attributes: [String: String]) throws(EventValidationError) {
        guard !attributes.isEmpty else { return }
        guard attributes.count <= EventLimits.maxAttributes else {
            throw EventValidationError(field: "attributes", reason: "at most \(EventLimits.maxAttributes) entries, got \(attributes.count)")
        }
        // Dictionary order varies; when something is wrong, report the first offending key in
        // byte order, so the same input always gives the same error.
        var broken = false
        for (key, value) in attributes where attributeError(key, value) != nil {
            broken = true
            break
        }
        guard broken else { return }
        for key in attributes.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            if let error = attributeError(key, attributes[key] ?? "") { throw error }
        }
    }

    private static func attributeError(_ key: String, _ value: String) -> EventValidationError? {
        let keyBytes = key.utf8.count
        guard keyBytes > 0 else {
            return EventValidationError(field: "attributes", reason: "keys must not be empty")
        }
        guard keyBytes <= EventLimits.maxAttributeKeyBytes else {
            return EventValidationError(field: "attributes", reason: "key \(quoted(key)) is \(keyBytes) bytes; keys are at most \(EventLimits.maxAttributeKeyBytes)")
        }
        if let (scalar, _) = firstControlCharacter(key) {
            return EventValidationError(field: "attributes", reason: "key \(quoted(key)) contains control character U+\(hex4Text(scalar))")
        }
        guard value.utf8.count <= EventLimits.maxAttributeValueBytes else {
            return EventValidationError(
                field: "attributes.\(key)",
                reason: "must be at most \(EventLimits.maxAttributeValueBytes) bytes, got \(value.utf8.count)")
        }
        return nil
    }

    /// The first C0 or C1 control character (or DEL) of `text` and its byte offset.
    @inline(__always)
    static func firstControlCharacter(_ text: String) -> (UInt32, Int)? {
        let found = text.utf8.withContiguousStorageIfAvailable { utf8 -> (UInt32, Int)? in
            var i = 0
            let n = utf8.count
            while i < n {
                let b = utf8[i]
                if b < 0x20 || b == 0x7F { return (UInt32(b), i) }
                if b == 0xC2, i + 1 < n, utf8[i + 1] >= 0x80, utf8[i + 1] <= 0x9F { return (UInt32(utf8[i + 1]), i) }
                i += 1
            }
            return nil
        }
        if let found { return found }
        return firstControlCharacter(Array(text.utf8))
    }

    private static func firstControlCharacter(_ utf8: [UInt8]) -> (UInt32, Int)? {
        for (i, b) in utf8.enumerated() {
            if b < 0x20 || b == 0x7F { return (UInt32(b), i) }
            if b == 0xC2, i + 1 < utf8.count, utf8[i + 1] >= 0x80, utf8[i + 1] <= 0x9F { return (UInt32(utf8[i + 1]), i) }
        }
        return nil
    }
}

extension Event {
    /// Checks every rule of the SPEC; throws the first one broken, naming the field and reason.
    public func validate() throws(EventValidationError) {
        try EventValidator.validate(self)
    }
}

/// Basis points as decimal text: 5000 → `0.5`, 10000 → `1`, 7525 → `0.7525`.
func basisPointsText(_ bp: Int) -> String {
    let negative = bp < 0
    let magnitude = bp.magnitude
    var text = negative ? "-" : ""
    text += String(magnitude / 10_000)
    var fraction = magnitude % 10_000
    if fraction != 0 {
        var digits = 4
        while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
        let f = String(fraction)
        text += "." + String(repeating: "0", count: digits - f.count) + f
    }
    return text
}

/// A string in JSON quotes, escaped, for error messages.
func quoted(_ text: String) -> String {
    var out: [UInt8] = []
    JSONWriter.appendString(text, to: &out)
    return String(decoding: out, as: UTF8.self)
}
