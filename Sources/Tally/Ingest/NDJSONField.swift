/// Every top-level member name an NDJSON event line may carry, across all six types.
///
/// The decoder maps a key's bytes to one of these with a small open-addressing table (no string
/// is built), records where its value lies, and checks afterwards that the field belongs to the
/// line's type. `name` is the NDJSON spelling used in errors and by the encoder.
enum NDJSONField: UInt8, CaseIterable, Sendable {
    // Envelope.
    case type, id, ts, tenant
    // Shared by several types.
    case conversationID, messageID, agent, model, provider
    // Interaction.
    case userID, taskType, inputTokens, outputTokens, cachedInputTokens, cacheWriteTokens
    case reasoningTokens, latencyMs, ttftMs, status, errorType, toolCalls, toolFailures
    case contextTokens, escalationSuggested, confidence, experiment, reportedCostUSD, attributes
    // Rating.
    case raterID, stars, thumbs, success, failureTags, comment
    // Handoff.
    case fromAgent, toAgent, reason
    // Deployment.
    case action, trainingMethod, baseModel, version, endpoint
    // Price book.
    case book
    // Budget.
    case scope, scopeID, period, amountUSD, thresholds

    /// The NDJSON member name.
    var name: String {
        switch self {
        case .type: "type"
        case .id: "id"
        case .ts: "ts"
        case .tenant: "tenant"
        case .conversationID: "conversation_id"
        case .messageID: "message_id"
        case .agent: "agent"
        case .model: "model"
        case .provider: "provider"
        case .userID: "user_id"
        case .taskType: "task_type"
        case .inputTokens: "input_tokens"
        case .outputTokens: "output_tokens"
        case .cachedInputTokens: "cached_input_tokens"
        case .cacheWriteTokens: "cache_write_tokens"
        case .reasoningTokens: "reasoning_tokens"
        case .latencyMs: "latency_ms"
        case .ttftMs: "ttft_ms"
        case .status: "status"
        case .errorType: "error_type"
        case .toolCalls: "tool_calls"
        case .toolFailures: "tool_failures"
        case .contextTokens: "context_tokens"
        case .escalationSuggested: "escalation_suggested"
        case .confidence: "confidence"
        case .experiment: "experiment"
        case .reportedCostUSD: "reported_cost_usd"
        case .attributes: "attributes"
        case .raterID: "rater_id"
        case .stars: "stars"
        case .thumbs: "thumbs"
        case .success: "success"
        case .failureTags: "failure_tags"
        case .comment: "comment"
        case .fromAgent: "from_agent"
        case .toAgent: "to_agent"
        case .reason: "reason"
        case .action: "action"
        case .trainingMethod: "training_method"
        case .baseModel: "base_model"
        case .version: "version"
        case .endpoint: "endpoint"
        case .book: "book"
        case .scope: "scope"
        case .scopeID: "scope_id"
        case .period: "period"
        case .amountUSD: "amount_usd"
        case .thresholds: "thresholds"
        }
    }

    @inline(__always)
    var bit: UInt64 { 1 << UInt64(rawValue) }

    /// The payload fields of each type, in canonical (SPEC table) order.
    static func payloadFields(of type: EventType) -> [NDJSONField] {
        switch type {
        case .interaction:
            [.conversationID, .messageID, .userID, .agent, .model, .provider, .taskType, .inputTokens,
             .outputTokens, .cachedInputTokens, .cacheWriteTokens, .reasoningTokens, .latencyMs, .ttftMs,
             .status, .errorType, .toolCalls, .toolFailures, .contextTokens, .escalationSuggested,
             .confidence, .experiment, .reportedCostUSD, .attributes]
        case .rating:
            [.conversationID, .messageID, .raterID, .stars, .thumbs, .success, .failureTags, .comment]
        case .handoff:
            [.conversationID, .fromAgent, .toAgent, .reason, .messageID]
        case .deployment:
            [.model, .provider, .action, .trainingMethod, .baseModel, .version, .endpoint]
        case .priceBook:
            [.book]
        case .budget:
            [.scope, .scopeID, .period, .amountUSD, .thresholds]
        }
    }

    static let envelopeMask: UInt64 = NDJSONField.type.bit | NDJSONField.id.bit | NDJSONField.ts.bit | NDJSONField.tenant.bit

    /// Bit masks of the fields allowed per type (envelope included), indexed by `EventType.rawValue`.
    static let allowedMasks: [UInt64] = {
        var masks = [UInt64](repeating: 0, count: 8)
        for type in EventType.allCases {
            masks[Int(type.rawValue)] = payloadFields(of: type).reduce(envelopeMask) { $0 | $1.bit }
        }
        return masks
    }()

    // MARK: - Lookup by bytes

    private static let tableSize = 256

    /// Open-addressing table: slot → field raw value + 1 (0 = empty).
    private static let table: [UInt8] = {
        var slots = [UInt8](repeating: 0, count: tableSize)
        for field in NDJSONField.allCases {
            let bytes = Array(field.name.utf8)
            var slot = bytes.withUnsafeBytes { hash($0) } & (tableSize - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (tableSize - 1) }
            slots[slot] = field.rawValue + 1
        }
        return slots
    }()

    /// The names as contiguous UTF-8, for byte comparison without building strings.
    private static let names: [[UInt8]] = NDJSONField.allCases.map { Array($0.name.utf8) }

    @inline(__always)
    private static func hash(_ key: UnsafeRawBufferPointer) -> Int {
        var h: UInt32 = 2_166_136_261
        for b in key { h = (h ^ UInt32(b)) &* 16_777_619 }
        return Int(h ^ (h >> 15))
    }

    /// The field whose NDJSON name is exactly `key` (unescaped UTF-8), if any.
    static func lookup(_ key: UnsafeRawBufferPointer) -> NDJSONField? {
        guard key.count <= 24 else { return nil }
        var slot = hash(key) & (tableSize - 1)
        while true {
            let entry = table[slot]
            if entry == 0 { return nil }
            let candidate = names[Int(entry - 1)]
            if candidate.count == key.count, candidate.withUnsafeBytes({ $0.elementsEqual(key) }) {
                return NDJSONField(rawValue: entry - 1)
            }
            slot = (slot + 1) & (tableSize - 1)
        }
    }

    /// The allowed field of `type` closest to a misspelled `key`, for a "did you mean" hint.
    static func suggestion(for key: String, type: EventType?) -> String? {
        let candidates = type.map { [.type, .id, .ts, .tenant] + payloadFields(of: $0) } ?? NDJSONField.allCases
        var best: (distance: Int, name: String)?
        for field in candidates {
            let d = editDistance(Array(key.utf8), Array(field.name.utf8))
            if d <= max(2, field.name.utf8.count / 4), d < (best?.distance ?? Int.max) {
                best = (d, field.name)
            }
        }
        return best?.name
    }
}

/// Levenshtein distance of two byte strings (error path only).
func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var row = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        row[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
        }
        swap(&previous, &row)
    }
    return previous[b.count]
}
