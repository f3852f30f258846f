#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// The NDJSON member name, as static UTF-8 (for byte comparison without a `String`).
    @inline(__always)
    var staticName: StaticString {
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

    /// The NDJSON member name.
    var name: String { staticName.description }

    /// The field that most often follows this one in canonical lines (the encoder's order, the
    /// interaction type first): the decoder tries it with one `memcmp` before a full key scan.
    @inline(__always)
    var likelySuccessor: NDJSONField? {
        switch self {
        case .type: .id
        case .id: .ts
        case .ts: .tenant
        case .tenant: .conversationID
        case .conversationID: .messageID
        case .messageID: .userID
        case .userID: .agent
        case .agent: .model
        case .model: .provider
        case .provider: .taskType
        case .taskType: .inputTokens
        case .inputTokens: .outputTokens
        case .outputTokens: .cachedInputTokens
        case .cachedInputTokens: .cacheWriteTokens
        case .cacheWriteTokens: .reasoningTokens
        case .reasoningTokens: .latencyMs
        case .latencyMs: .ttftMs
        case .ttftMs: .status
        case .status: .errorType
        case .errorType: .toolCalls
        case .toolCalls: .toolFailures
        case .toolFailures: .contextTokens
        case .contextTokens: .escalationSuggested
        case .escalationSuggested: .confidence
        case .confidence: .experiment
        case .experiment: .reportedCostUSD
        case .reportedCostUSD: .attributes
        case .raterID: .stars
        case .stars: .thumbs
        case .thumbs: .success
        case .success: .failureTags
        case .failureTags: .comment
        case .fromAgent: .toAgent
        case .toAgent: .reason
        case .reason: .messageID
        case .action: .trainingMethod
        case .trainingMethod: .baseModel
        case .baseModel: .version
        case .version: .endpoint
        case .scope: .scopeID
        case .scopeID: .period
        case .period: .amountUSD
        case .amountUSD: .thresholds
        default: nil
        }
    }

    /// Names that repeat across lines (worth sharing through `NDJSONStringTable`).
    var isRepetitiveName: Bool {
        switch self {
        case .tenant, .agent, .model, .provider, .taskType, .errorType, .experiment, .fromAgent, .toAgent, .reason,
             .trainingMethod, .baseModel, .version, .scopeID:
            true
        default:
            false
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

    /// The field whose NDJSON name is exactly `key` (unescaped UTF-8), if any.
    ///
    /// A switch on the length and first byte, then one `memcmp` against a static string: no
    /// hashing, no allocation, no reference counting.
    static func lookup(_ key: UnsafeRawBufferPointer) -> NDJSONField? {
        guard let p = key.baseAddress, key.count >= 2 else { return nil }
        let first = p.load(as: UInt8.self)
        switch key.count {
        case 2:
            switch first {
            case UInt8(ascii: "i"):
                if same(p, "id") { return .id }
                return nil
            case UInt8(ascii: "t"):
                if same(p, "ts") { return .ts }
                return nil
            default: return nil
            }
        case 4:
            switch first {
            case UInt8(ascii: "b"):
                if same(p, "book") { return .book }
                return nil
            case UInt8(ascii: "t"):
                if same(p, "type") { return .type }
                return nil
            default: return nil
            }
        case 5:
            switch first {
            case UInt8(ascii: "a"):
                if same(p, "agent") { return .agent }
                return nil
            case UInt8(ascii: "m"):
                if same(p, "model") { return .model }
                return nil
            case UInt8(ascii: "s"):
                if same(p, "stars") { return .stars }
                if same(p, "scope") { return .scope }
                return nil
            default: return nil
            }
        case 6:
            switch first {
            case UInt8(ascii: "a"):
                if same(p, "action") { return .action }
                return nil
            case UInt8(ascii: "p"):
                if same(p, "period") { return .period }
                return nil
            case UInt8(ascii: "r"):
                if same(p, "reason") { return .reason }
                return nil
            case UInt8(ascii: "s"):
                if same(p, "status") { return .status }
                return nil
            case UInt8(ascii: "t"):
                if same(p, "tenant") { return .tenant }
                if same(p, "thumbs") { return .thumbs }
                return nil
            default: return nil
            }
        case 7:
            switch first {
            case UInt8(ascii: "c"):
                if same(p, "comment") { return .comment }
                return nil
            case UInt8(ascii: "s"):
                if same(p, "success") { return .success }
                return nil
            case UInt8(ascii: "t"):
                if same(p, "ttft_ms") { return .ttftMs }
                return nil
            case UInt8(ascii: "u"):
                if same(p, "user_id") { return .userID }
                return nil
            case UInt8(ascii: "v"):
                if same(p, "version") { return .version }
                return nil
            default: return nil
            }
        case 8:
            switch first {
            case UInt8(ascii: "e"):
                if same(p, "endpoint") { return .endpoint }
                return nil
            case UInt8(ascii: "p"):
                if same(p, "provider") { return .provider }
                return nil
            case UInt8(ascii: "r"):
                if same(p, "rater_id") { return .raterID }
                return nil
            case UInt8(ascii: "s"):
                if same(p, "scope_id") { return .scopeID }
                return nil
            case UInt8(ascii: "t"):
                if same(p, "to_agent") { return .toAgent }
                return nil
            default: return nil
            }
        case 9:
            switch first {
            case UInt8(ascii: "t"):
                if same(p, "task_type") { return .taskType }
                return nil
            default: return nil
            }
        case 10:
            switch first {
            case UInt8(ascii: "a"):
                if same(p, "attributes") { return .attributes }
                if same(p, "amount_usd") { return .amountUSD }
                return nil
            case UInt8(ascii: "b"):
                if same(p, "base_model") { return .baseModel }
                return nil
            case UInt8(ascii: "c"):
                if same(p, "confidence") { return .confidence }
                return nil
            case UInt8(ascii: "e"):
                if same(p, "error_type") { return .errorType }
                if same(p, "experiment") { return .experiment }
                return nil
            case UInt8(ascii: "f"):
                if same(p, "from_agent") { return .fromAgent }
                return nil
            case UInt8(ascii: "l"):
                if same(p, "latency_ms") { return .latencyMs }
                return nil
            case UInt8(ascii: "m"):
                if same(p, "message_id") { return .messageID }
                return nil
            case UInt8(ascii: "t"):
                if same(p, "tool_calls") { return .toolCalls }
                if same(p, "thresholds") { return .thresholds }
                return nil
            default: return nil
            }
        case 12:
            switch first {
            case UInt8(ascii: "f"):
                if same(p, "failure_tags") { return .failureTags }
                return nil
            case UInt8(ascii: "i"):
                if same(p, "input_tokens") { return .inputTokens }
                return nil
            default: return nil
            }
        case 13:
            switch first {
            case UInt8(ascii: "o"):
                if same(p, "output_tokens") { return .outputTokens }
                return nil
            case UInt8(ascii: "t"):
                if same(p, "tool_failures") { return .toolFailures }
                return nil
            default: return nil
            }
        case 14:
            switch first {
            case UInt8(ascii: "c"):
                if same(p, "context_tokens") { return .contextTokens }
                return nil
            default: return nil
            }
        case 15:
            switch first {
            case UInt8(ascii: "c"):
                if same(p, "conversation_id") { return .conversationID }
                return nil
            case UInt8(ascii: "t"):
                if same(p, "training_method") { return .trainingMethod }
                return nil
            default: return nil
            }
        case 16:
            switch first {
            case UInt8(ascii: "r"):
                if same(p, "reasoning_tokens") { return .reasoningTokens }
                return nil
            default: return nil
            }
        case 17:
            switch first {
            case UInt8(ascii: "r"):
                if same(p, "reported_cost_usd") { return .reportedCostUSD }
                return nil
            default: return nil
            }
        case 18:
            switch first {
            case UInt8(ascii: "c"):
                if same(p, "cache_write_tokens") { return .cacheWriteTokens }
                return nil
            default: return nil
            }
        case 19:
            switch first {
            case UInt8(ascii: "c"):
                if same(p, "cached_input_tokens") { return .cachedInputTokens }
                return nil
            default: return nil
            }
        case 20:
            switch first {
            case UInt8(ascii: "e"):
                if same(p, "escalation_suggested") { return .escalationSuggested }
                return nil
            default: return nil
            }
        default: return nil
        }
    }

    @inline(__always)
    private static func same(_ p: UnsafeRawPointer, _ name: StaticString) -> Bool {
        memcmp(p, name.utf8Start, name.utf8CodeUnitCount) == 0
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
