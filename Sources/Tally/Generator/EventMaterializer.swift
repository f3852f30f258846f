/// Turns `PendingRecord`s into `Event`s: the interned text of a generated stream, and the one
/// place where strings are attached to generated numbers.
struct EventMaterializer: Sendable {
    let seed: UInt64
    let tenantNames: [String]
    let users: [[String]]
    let reviewers: [[String]]
    let experimentArms: [[String]]
    let fixedEvents: [Event]
    // Interned names, by index, held here so building an event reads plain arrays.
    private let modelNames = DemoCatalog.models.map(\.name)
    private let providers = DemoCatalog.models.map(\.provider)
    private let agentNames = DemoAgent.names
    private let taskNames = TaskType.names
    private let errorNames = EventMaterializer.errorTypes
    private let conversationIDs: CompactID
    private let messageIDs: CompactID
    /// Recently made conversation ids (direct-mapped by counter): a conversation's events are
    /// close together in the log, so most of them reuse the id text instead of making it again.
    private var recentConversations: [UInt64]
    private var recentConversationIDs: [String]
    private static let recentSlots = 4096

    init(seed: UInt64, tenantNames: [String], users: [[String]], reviewers: [[String]], experimentArms: [[String]], fixedEvents: [Event]) {
        self.seed = seed
        self.tenantNames = tenantNames
        self.users = users
        self.reviewers = reviewers
        self.experimentArms = experimentArms
        self.fixedEvents = fixedEvents
        conversationIDs = CompactID(kind: UInt8(ascii: "c"), seed: seed)
        messageIDs = CompactID(kind: UInt8(ascii: "m"), seed: seed)
        recentConversations = Array(repeating: UInt64.max, count: EventMaterializer.recentSlots)
        recentConversationIDs = Array(repeating: "", count: EventMaterializer.recentSlots)
    }

    /// Every error type any model returns, then the generator's own (index + 1 in records).
    static let errorTypes: [String] = {
        var names: [String] = []
        for model in DemoCatalog.models {
            for name in model.errorTypes where !names.contains(name) { names.append(name) }
        }
        return names + [timeoutErrorType, toolErrorType]
    }()
    static let timeoutErrorType = "request_timeout"
    static let toolErrorType = "tool_error"

    /// For each catalog model, the record codes (index + 1) of its error types.
    static let modelErrorCodes: [[UInt8]] = DemoCatalog.models.map { model in
        model.errorTypes.map { name in UInt8(1 + (errorTypes.firstIndex(of: name) ?? 0)) }
    }
    static func code(ofErrorType name: String) -> UInt8 {
        UInt8(1 + (errorTypes.firstIndex(of: name) ?? 0))
    }

    /// Failure tags, by bit.
    static let failureTagNames = ["api_error", "tool_error", "too_slow", "hallucination", "incomplete", "incorrect_format", "off_topic", "wrong_tone"]
    /// Canned rater comments (the log holds no free text from users).
    static let comments = ["answer was cut off", "took too long", "did not answer the question", "wrong figures", "had to ask twice"]
    static let clients = ["web", "ios", "android", "api"]
    static let regions = ["us-east-1", "eu-west-1", "ap-southeast-1"]

    /// The event a record stands for, with the id the iterator assigns in log order.
    mutating func event(from record: PendingRecord, id: String) -> Event {
        let tenant = Int(record.tenant)
        let ts = Timestamp(milliseconds: record.ts)
        switch record.kind {
        case .fixed:
            var event = fixedEvents[Int(record.conversation)]
            event.id = id
            return event
        case .interaction:
            return interactionEvent(record, id: id, tenant: tenant, ts: ts)
        case .rating:
            return ratingEvent(record, id: id, tenant: tenant, ts: ts)
        case .handoff:
            return handoffEvent(record, id: id, tenant: tenant, ts: ts)
        }
    }

    // One function per kind, each building its event in one expression.
    @inline(never)
    private mutating func interactionEvent(_ record: PendingRecord, id: String, tenant: Int, ts: Timestamp) -> Event {
        Event(id: id, ts: ts, tenant: tenantNames[tenant], payload: .interaction(Interaction(
            conversationID: conversationID(record.conversation),
            messageID: messageID(record.message),
            userID: users[tenant][Int(record.person)],
            agent: agentNames[Int(record.agent)],
            model: modelNames[Int(record.model)], provider: providers[Int(record.model)],
            taskType: taskNames[Int(record.task)],
            inputTokens: Int64(record.input), outputTokens: Int64(record.output),
            cachedInputTokens: Int64(record.cached), cacheWriteTokens: Int64(record.cacheWrite),
            reasoningTokens: Int64(record.reasoning),
            latencyMs: Int64(record.latency),
            ttftMs: record.flags & PendingRecord.hasTTFT != 0 ? Int64(record.ttft) : nil,
            status: InteractionStatus(rawValue: record.status) ?? .ok,
            errorType: record.errorType > 0 ? errorNames[Int(record.errorType) - 1] : nil,
            toolCalls: Int64(record.toolCalls), toolFailures: Int64(record.toolFailures),
            contextTokens: Int64(record.context),
            escalationSuggested: record.flags & PendingRecord.escalationSuggested != 0,
            confidence: record.flags & PendingRecord.hasConfidence != 0 ? record.confidence : nil,
            experiment: record.experiment > 0 ? experimentArms[tenant][Int(record.experiment) - 1] : nil,
            reportedCost: record.reportedCost >= 0 ? Money(picodollars: Int128(record.reportedCost)) : nil,
            attributes: record.attributes > 0 ? EventMaterializer.attributes(record.attributes) : [:])))
    }

    @inline(never)
    private mutating func ratingEvent(_ record: PendingRecord, id: String, tenant: Int, ts: Timestamp) -> Event {
        var tags: [String] = []
        if record.failureTags != 0 {
            for (bit, name) in EventMaterializer.failureTagNames.enumerated() where record.failureTags & (1 << bit) != 0 {
                tags.append(name)
            }
        }
        let rater = record.flags & PendingRecord.byReviewer != 0 ? reviewers[tenant][Int(record.person)] : users[tenant][Int(record.person)]
        return Event(id: id, ts: ts, tenant: tenantNames[tenant], payload: .rating(Rating(
            conversationID: conversationID(record.conversation),
            messageID: record.message == PendingRecord.none ? nil : messageID(record.message),
            raterID: rater,
            score: record.variant == 0 ? .stars(Int(record.score)) : .thumbs(Int(record.score)),
            success: record.success == 0 ? nil : record.success == 2,
            failureTags: tags,
            comment: record.comment > 0 ? EventMaterializer.comments[Int(record.comment) - 1] : nil)))
    }

    @inline(never)
    private mutating func handoffEvent(_ record: PendingRecord, id: String, tenant: Int, ts: Timestamp) -> Event {
        Event(id: id, ts: ts, tenant: tenantNames[tenant], payload: .handoff(Handoff(
            conversationID: conversationID(record.conversation),
            fromAgent: agentNames[Int(record.fromAgent)],
            toAgent: record.toAgent == PendingRecord.humanQueue ? DemoAgent.humanQueue : agentNames[Int(record.toAgent)],
            reason: (HandoffReason(rawValue: record.variant) ?? .routing).name,
            messageID: messageID(record.message))))
    }

    /// The attribute map of a record's attribute combination (1-based).
    static func attributes(_ code: UInt8) -> [String: String] {
        let combination = Int(code) - 1
        return ["client": clients[combination / regions.count], "region": regions[combination % regions.count]]
    }

    @inline(__always)
    mutating func conversationID(_ counter: UInt64) -> String {
        let slot = Int(truncatingIfNeeded: counter) & (EventMaterializer.recentSlots - 1)
        if recentConversations[slot] == counter { return recentConversationIDs[slot] }
        let id = conversationIDs.make(counter)
        recentConversations[slot] = counter
        recentConversationIDs[slot] = id
        return id
    }

    @inline(__always)
    func messageID(_ counter: UInt64) -> String? {
        counter == PendingRecord.none ? nil : messageIDs.make(counter)
    }
}
