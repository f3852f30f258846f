/// One LLM call or agent turn: who, which agent and model, how many tokens, how fast, how it ended.
///
/// Token accounting follows OpenAI and the OpenTelemetry GenAI conventions: `inputTokens` counts all
/// input, including `cachedInputTokens` and `cacheWriteTokens`; `reasoningTokens` are part of
/// `outputTokens`.
public struct Interaction: Hashable, Sendable {
    public var conversationID: String
    public var messageID: String?
    public var userID: String?
    public var agent: String
    public var model: String
    public var provider: String?
    public var taskType: String?
    public var inputTokens: Int64
    public var outputTokens: Int64
    public var cachedInputTokens: Int64
    public var cacheWriteTokens: Int64
    public var reasoningTokens: Int64
    public var latencyMs: Int64?
    public var ttftMs: Int64?
    public var status: InteractionStatus
    public var errorType: String?
    public var toolCalls: Int64
    public var toolFailures: Int64
    public var contextTokens: Int64?
    public var escalationSuggested: Bool
    /// The agent's own confidence, 0–1.
    public var confidence: Double?
    public var experiment: String?
    /// What the provider or gateway billed, if known.
    public var reportedCost: Money?
    /// A small string map for anything else (bounded in count and size).
    public var attributes: [String: String]

    public init(
        conversationID: String, messageID: String? = nil, userID: String? = nil,
        agent: String, model: String, provider: String? = nil, taskType: String? = nil,
        inputTokens: Int64, outputTokens: Int64, cachedInputTokens: Int64 = 0,
        cacheWriteTokens: Int64 = 0, reasoningTokens: Int64 = 0,
        latencyMs: Int64? = nil, ttftMs: Int64? = nil, status: InteractionStatus = .ok,
        errorType: String? = nil, toolCalls: Int64 = 0, toolFailures: Int64 = 0,
        contextTokens: Int64? = nil, escalationSuggested: Bool = false, confidence: Double? = nil,
        experiment: String? = nil, reportedCost: Money? = nil, attributes: [String: String] = [:]
    ) {
        self.conversationID = conversationID
        self.messageID = messageID
        self.userID = userID
        self.agent = agent
        self.model = model
        self.provider = provider
        self.taskType = taskType
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cachedInputTokens = cachedInputTokens
        self.cacheWriteTokens = cacheWriteTokens
        self.reasoningTokens = reasoningTokens
        self.latencyMs = latencyMs
        self.ttftMs = ttftMs
        self.status = status
        self.errorType = errorType
        self.toolCalls = toolCalls
        self.toolFailures = toolFailures
        self.contextTokens = contextTokens
        self.escalationSuggested = escalationSuggested
        self.confidence = confidence
        self.experiment = experiment
        self.reportedCost = reportedCost
        self.attributes = attributes
    }
}

/// How an interaction ended.
public enum InteractionStatus: UInt8, CaseIterable, Hashable, Sendable {
    case ok = 0
    case error = 1
    case timeout = 2
    case cancelled = 3

    /// The NDJSON value.
    public var name: String {
        switch self {
        case .ok: "ok"
        case .error: "error"
        case .timeout: "timeout"
        case .cancelled: "cancelled"
        }
    }

    public init?(name: some StringProtocol) {
        guard let match = InteractionStatus.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    /// Whether the interaction counts as an error in error rates (`error` and `timeout`).
    public var isFailure: Bool { self == .error || self == .timeout }
}
