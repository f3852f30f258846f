/// A decoding failure: which record and why.
public struct DecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The log position of the record, when known.
    public var position: UInt64?
    public var reason: String

    public init(position: UInt64? = nil, reason: String) {
        self.position = position
        self.reason = reason
    }

    public var description: String {
        if let position { return "event at position \(position): \(reason)" }
        return reason
    }
}

/// The envelope of a stored record, decoded without touching strings. The payload is decoded on
/// demand by the typed views (`InteractionRecord`, `RatingRecord`, …).
public struct EventRecord {
    public var version: UInt8
    public var type: EventType
    public var ts: Timestamp
    public var tenant: Symbol
    /// The id's stored form (tag + bytes), pointing into the record.
    public var storedID: UnsafeRawBufferPointer
    /// A reader positioned at the payload.
    public var payload: ByteReader

    /// Decodes the envelope of `bytes`.
    @inlinable
    public init(_ bytes: UnsafeRawBufferPointer) throws(DecodingError) {
        var r = ByteReader(bytes)
        guard let version = r.readByte() else { throw DecodingError(reason: "empty record") }
        guard version >= 1 else { throw DecodingError(reason: "format version 0 is not a Tally format") }
        guard version <= EventCodec.newestReadableVersion else {
            throw DecodingError(reason: "written by a newer Tally (format version \(version); this build reads up to \(EventCodec.newestReadableVersion)): upgrade Tally to read it")
        }
        guard let rawType = r.readByte(), let type = EventType(rawValue: rawType) else {
            throw DecodingError(reason: "unknown event type code")
        }
        guard let ts = r.readLongSignedVarint() else { throw DecodingError(reason: "truncated timestamp") }
        guard let tenant = r.readVarint32() else { throw DecodingError(reason: "truncated tenant") }
        guard let id = r.readLengthPrefixed(), !id.isEmpty else { throw DecodingError(reason: "truncated id") }
        self.version = version
        self.type = type
        self.ts = Timestamp(milliseconds: ts)
        self.tenant = tenant
        self.storedID = id
        self.payload = r
    }

    /// The id as text.
    public var idText: String? { EventID.text(ofStoredForm: storedID) }
}

/// An interaction's fields as stored: symbols and integers, no strings. Optional integers use
/// `-1` for "absent" so the struct stays flat.
public struct InteractionRecord {
    public var conversation: Symbol = 0
    /// The message id's UTF-8 bytes (empty when absent), pointing into the record.
    public var messageID: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0)
    public var hasMessageID = false
    public var user: Symbol = 0
    public var agent: Symbol = 0
    public var model: Symbol = 0
    public var provider: Symbol = 0
    public var taskType: Symbol = 0
    public var inputTokens: Int64 = 0
    public var outputTokens: Int64 = 0
    public var cachedInputTokens: Int64 = 0
    public var cacheWriteTokens: Int64 = 0
    public var reasoningTokens: Int64 = 0
    public var latencyMs: Int64 = -1
    public var ttftMs: Int64 = -1
    public var status: InteractionStatus = .ok
    public var errorType: Symbol = 0
    public var toolCalls: Int64 = 0
    public var toolFailures: Int64 = 0
    public var contextTokens: Int64 = -1
    public var escalationSuggested = false
    public var confidence: Double? = nil
    public var experiment: Symbol = 0
    public var reportedCost: Money? = nil
    /// A reader positioned at the attributes (count, then key/value strings), when present.
    public var attributes: ByteReader? = nil

    /// An empty record (the slot of an event of another type, in a batch of decoded events).
    public init() {}

    /// Decodes the payload of an interaction record.
    @inlinable
    public init(_ payload: ByteReader) throws(DecodingError) {
        var r = payload
        func fail(_ what: String) -> DecodingError { DecodingError(reason: "interaction: truncated or invalid \(what)") }
        guard let flags = r.readVarint() else { throw fail("flags") }
        guard let conversation = r.readVarint32() else { throw fail("conversation_id") }
        self.conversation = conversation
        if flags & EventCodec.hasMessage != 0 {
            guard let m = r.readLengthPrefixed() else { throw fail("message_id") }
            messageID = m
            hasMessageID = true
        }
        if flags & EventCodec.hasUser != 0 { guard let v = r.readVarint32() else { throw fail("user_id") }; user = v }
        guard let agent = r.readVarint32(), let model = r.readVarint32() else { throw fail("agent/model") }
        self.agent = agent
        self.model = model
        if flags & EventCodec.hasProvider != 0 { guard let v = r.readVarint32() else { throw fail("provider") }; provider = v }
        if flags & EventCodec.hasTask != 0 { guard let v = r.readVarint32() else { throw fail("task_type") }; taskType = v }
        guard let input = r.readVarint(), let output = r.readVarint(), input <= UInt64(Int64.max), output <= UInt64(Int64.max) else { throw fail("tokens") }
        inputTokens = Int64(input)
        outputTokens = Int64(output)
        if flags & EventCodec.hasCacheOrReasoning != 0 {
            guard let c = r.readVarint(), let w = r.readVarint(), let re = r.readVarint(),
                  c <= UInt64(Int64.max), w <= UInt64(Int64.max), re <= UInt64(Int64.max) else { throw fail("cache tokens") }
            cachedInputTokens = Int64(c)
            cacheWriteTokens = Int64(w)
            reasoningTokens = Int64(re)
        }
        if flags & EventCodec.hasLatency != 0 { guard let v = r.readVarint(), v <= UInt64(Int64.max) else { throw fail("latency_ms") }; latencyMs = Int64(v) }
        if flags & EventCodec.hasTTFT != 0 { guard let v = r.readVarint(), v <= UInt64(Int64.max) else { throw fail("ttft_ms") }; ttftMs = Int64(v) }
        guard let s = r.readByte(), let st = InteractionStatus(rawValue: s) else { throw fail("status") }
        status = st
        if flags & EventCodec.hasErrorType != 0 { guard let v = r.readVarint32() else { throw fail("error_type") }; errorType = v }
        if flags & EventCodec.hasTools != 0 {
            guard let a = r.readVarint(), let b = r.readVarint(), a <= UInt64(Int64.max), b <= UInt64(Int64.max) else { throw fail("tool counts") }
            toolCalls = Int64(a)
            toolFailures = Int64(b)
        }
        if flags & EventCodec.hasContext != 0 { guard let v = r.readVarint(), v <= UInt64(Int64.max) else { throw fail("context_tokens") }; contextTokens = Int64(v) }
        escalationSuggested = flags & EventCodec.escalationFlag != 0
        if flags & EventCodec.hasConfidence != 0 { guard let v = r.readUInt64LE() else { throw fail("confidence") }; confidence = Double(bitPattern: v) }
        if flags & EventCodec.hasExperiment != 0 { guard let v = r.readVarint32() else { throw fail("experiment") }; experiment = v }
        if flags & EventCodec.hasReportedCost != 0 { guard let v = r.readSignedVarint128() else { throw fail("reported_cost_usd") }; reportedCost = Money(picodollars: v) }
        if flags & EventCodec.hasAttributes != 0 { attributes = r }
    }
}

/// A rating's fields as stored.
public struct RatingRecord {
    static let starsKind: UInt8 = 1
    static let thumbsKind: UInt8 = 2

    public var conversation: Symbol
    public var messageID: UnsafeRawBufferPointer?
    public var rater: Symbol
    /// Stars 1–5, or 0 when the rating is thumbs.
    public var stars: Int8
    /// +1/−1, or 0 when the rating is stars.
    public var thumbs: Int8
    /// 0 absent, 1 false, 2 true.
    public var success: UInt8
    public var failureTags: [Symbol]
    public var comment: UnsafeRawBufferPointer?

    public init(_ payload: ByteReader) throws(DecodingError) {
        var r = payload
        func fail(_ what: String) -> DecodingError { DecodingError(reason: "rating: truncated or invalid \(what)") }
        guard let c = r.readVarint32() else { throw fail("conversation_id") }
        conversation = c
        guard let hasMessage = r.readByte() else { throw fail("message_id") }
        if hasMessage == 1 { guard let m = r.readLengthPrefixed() else { throw fail("message_id") }; messageID = m } else { messageID = nil }
        guard let rater = r.readVarint32() else { throw fail("rater_id") }
        self.rater = rater
        guard let kind = r.readByte(), let value = r.readSignedVarint() else { throw fail("score") }
        switch kind {
        case RatingRecord.starsKind where (1...5).contains(value): stars = Int8(value); thumbs = 0
        case RatingRecord.thumbsKind where value == 1 || value == -1: thumbs = Int8(value); stars = 0
        default: throw fail("score")
        }
        guard let success = r.readByte(), success <= 2 else { throw fail("success") }
        self.success = success
        guard let count = r.readVarint(), count <= 1024 else { throw fail("failure_tags") }
        var tags = [Symbol]()
        for _ in 0..<count { guard let t = r.readVarint32() else { throw fail("failure_tags") }; tags.append(t) }
        failureTags = tags
        guard let hasComment = r.readByte() else { throw fail("comment") }
        if hasComment == 1 { guard let text = r.readLengthPrefixed() else { throw fail("comment") }; comment = text } else { comment = nil }
    }
}

/// A handoff's fields as stored.
public struct HandoffRecord {
    public var conversation: Symbol
    public var fromAgent: Symbol
    public var toAgent: Symbol
    public var reason: Symbol
    public var messageID: UnsafeRawBufferPointer?

    public init(_ payload: ByteReader) throws(DecodingError) {
        var r = payload
        guard let c = r.readVarint32(), let f = r.readVarint32(), let t = r.readVarint32(), let reason = r.readVarint32(),
              let hasMessage = r.readByte() else { throw DecodingError(reason: "handoff: truncated") }
        conversation = c
        fromAgent = f
        toAgent = t
        self.reason = reason
        if hasMessage == 1 {
            guard let m = r.readLengthPrefixed() else { throw DecodingError(reason: "handoff: truncated message_id") }
            messageID = m
        } else {
            messageID = nil
        }
    }
}

/// A deployment's fields as stored.
public struct DeploymentRecord {
    public var model: Symbol
    public var action: DeploymentAction
    public var provider: Symbol
    public var trainingMethod: Symbol
    public var baseModel: Symbol
    public var version: String?
    public var endpoint: String?

    public init(_ payload: ByteReader) throws(DecodingError) {
        var r = payload
        guard let m = r.readVarint32(), let a = r.readByte(), let action = DeploymentAction(rawValue: a),
              let p = r.readVarint32(), let t = r.readVarint32(), let b = r.readVarint32() else {
            throw DecodingError(reason: "deployment: truncated")
        }
        model = m
        self.action = action
        provider = p
        trainingMethod = t
        baseModel = b
        version = try EventDecoder.optionalString(&r, "deployment version")
        endpoint = try EventDecoder.optionalString(&r, "deployment endpoint")
    }
}

/// A budget's fields as stored.
public struct BudgetRecord {
    public var scope: BudgetScope
    public var scopeID: Symbol
    public var period: BudgetPeriod
    public var amount: Money
    public var thresholdsBasisPoints: [Int]

    public init(_ payload: ByteReader) throws(DecodingError) {
        var r = payload
        guard let s = r.readByte(), let scope = BudgetScope(rawValue: s), let id = r.readVarint32(),
              let p = r.readByte(), let period = BudgetPeriod(rawValue: p), let amount = r.readSignedVarint128(),
              let count = r.readVarint(), count <= 64 else {
            throw DecodingError(reason: "budget: truncated")
        }
        self.scope = scope
        scopeID = id
        self.period = period
        self.amount = Money(picodollars: amount)
        var thresholds = [Int]()
        for _ in 0..<count {
            guard let t = r.readVarint(), t <= 1_000_000 else { throw DecodingError(reason: "budget: truncated thresholds") }
            thresholds.append(Int(t))
        }
        thresholdsBasisPoints = thresholds
    }
}

/// A price-book change as stored: the book's JSON text.
public struct PriceBookRecord {
    public var bookJSON: String

    public init(_ payload: ByteReader) throws(DecodingError) {
        var r = payload
        guard let text = r.readString() else { throw DecodingError(reason: "price_book: truncated or invalid UTF-8") }
        bookJSON = text
    }
}
