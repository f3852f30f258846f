/// A generated event waiting for its turn, as plain numbers: indices into the generator's interned
/// tables (tenants, users, agents, models, error types…) and counters for ids.
///
/// Trivially copyable on purpose: records move through the pending queue as plain memory, and the
/// `Event` (with its strings) is built once, when the record leaves the queue.
struct PendingRecord {
    enum Kind: UInt8 { case interaction, rating, handoff, fixed }

    var kind: Kind
    /// Handoff reason (`HandoffReason`), or rating score kind (0 stars, 1 thumbs).
    var variant: UInt8 = 0
    var tenant: Int32
    var ts: Int64
    /// Conversation counter; for `fixed`, the index of the fixed event.
    var conversation: UInt64
    /// Message counter, or `PendingRecord.none`.
    var message: UInt64 = PendingRecord.none
    /// User index in the tenant (interactions, user ratings) or reviewer index (reviewer ratings).
    var person: Int32 = 0

    // Interaction.
    var agent: UInt8 = 0
    var model: UInt8 = 0
    var task: UInt8 = 0
    var status: UInt8 = 0
    /// 0: none; else 1 + index in `ConversationBuilder.errorTypes`.
    var errorType: UInt8 = 0
    /// 0: none; else 1 + experiment arm.
    var experiment: UInt8 = 0
    /// 0: none; else 1 + attribute combination.
    var attributes: UInt8 = 0
    var flags: UInt8 = 0
    var toolCalls: UInt8 = 0
    var toolFailures: UInt8 = 0
    var input: Int32 = 0
    var output: Int32 = 0
    var cached: Int32 = 0
    var cacheWrite: Int32 = 0
    var reasoning: Int32 = 0
    var latency: Int32 = 0
    var ttft: Int32 = 0
    var context: Int32 = 0
    var confidence: Double = 0
    /// Picodollars, or -1 when not reported.
    var reportedCost: Int64 = -1

    // Rating (score kind in `variant`).
    var score: Int8 = 0
    /// 0: no judgment, 1: failure, 2: success.
    var success: UInt8 = 0
    /// Bit `k` set: `ConversationBuilder.failureTagNames[k]`.
    var failureTags: UInt8 = 0
    /// 0: none; else 1 + index in `ConversationBuilder.comments`.
    var comment: UInt8 = 0

    // Handoff (reason in `variant`).
    var fromAgent: UInt8 = 0
    /// An agent, or `PendingRecord.humanQueue`.
    var toAgent: UInt8 = 0

    static let none = UInt64.max
    static let humanQueue: UInt8 = 255

    // Interaction flags.
    static let hasTTFT: UInt8 = 1
    static let hasConfidence: UInt8 = 2
    static let escalationSuggested: UInt8 = 4
    // Rating flag.
    static let byReviewer: UInt8 = 8

    init(kind: Kind, tenant: Int32, ts: Int64, conversation: UInt64) {
        self.kind = kind
        self.tenant = tenant
        self.ts = ts
        self.conversation = conversation
    }
}

/// Why a handoff happens (the `reason` text is `name`).
enum HandoffReason: UInt8 {
    case routing, fallback, escalation

    var name: String {
        switch self {
        case .routing: "routing"
        case .fallback: "fallback"
        case .escalation: Handoff.escalation
        }
    }
}
