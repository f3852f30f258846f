/// An agent passes a conversation on to another agent.
public struct Handoff: Hashable, Sendable {
    public var conversationID: String
    public var fromAgent: String
    public var toAgent: String
    /// `escalation`, `routing`, `fallback`, or another reason.
    public var reason: String
    public var messageID: String?

    /// The reason counted as an escalation.
    public static let escalation = "escalation"

    public init(conversationID: String, fromAgent: String, toAgent: String, reason: String, messageID: String? = nil) {
        self.conversationID = conversationID
        self.fromAgent = fromAgent
        self.toAgent = toAgent
        self.reason = reason
        self.messageID = messageID
    }
}
