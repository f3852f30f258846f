/// A judgment of an interaction (`messageID` set) or of a whole conversation (`messageID` nil).
///
/// The latest rating by the same rater of the same target replaces the earlier one everywhere.
public struct Rating: Hashable, Sendable {
    public var conversationID: String
    /// The rated interaction's `messageID`; `nil` rates the conversation.
    public var messageID: String?
    public var raterID: String?
    /// Stars (1–5) or thumbs (+1/−1): exactly one of the two.
    public var score: RatingScore
    /// An optional success judgment.
    public var success: Bool?
    public var failureTags: [String]
    public var comment: String?

    public init(
        conversationID: String, messageID: String? = nil, raterID: String? = nil,
        score: RatingScore, success: Bool? = nil, failureTags: [String] = [], comment: String? = nil
    ) {
        self.conversationID = conversationID
        self.messageID = messageID
        self.raterID = raterID
        self.score = score
        self.success = success
        self.failureTags = failureTags
        self.comment = comment
    }
}

/// The score of a rating.
public enum RatingScore: Hashable, Sendable {
    /// 1 to 5 stars.
    case stars(Int)
    /// +1 (up) or −1 (down).
    case thumbs(Int)
}
