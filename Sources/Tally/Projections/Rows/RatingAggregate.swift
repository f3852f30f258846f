/// The ratings currently in force on some row (a conversation, an agent-day, a user, a model).
///
/// Ratings replace one another (the latest by the same rater of the same target wins), so each
/// contribution can be added and later subtracted exactly.
public struct RatingAggregate: Hashable, Sendable {
    public var ratings: Int64 = 0
    public var starsSum: Int64 = 0
    public var starsCount: Int64 = 0
    public var thumbsUp: Int64 = 0
    public var thumbsDown: Int64 = 0
    public var judgedSuccess: Int64 = 0
    public var judgedTotal: Int64 = 0
    /// Satisfied ratings: thumbs up, or 4–5 stars (seed 002's satisfaction).
    public var satisfied: Int64 = 0

    public init() {}

    /// Adds (`sign` = 1) or removes (`sign` = −1) one rating's contribution.
    @inlinable
    public mutating func add(_ c: RatingContribution, sign: Int64 = 1) {
        ratings += sign
        if c.stars > 0 {
            starsSum += sign * Int64(c.stars)
            starsCount += sign
        }
        if c.thumbs > 0 || c.stars >= 4 { satisfied += sign }
        if c.thumbs > 0 { thumbsUp += sign }
        if c.thumbs < 0 { thumbsDown += sign }
        if c.success != 0 {
            judgedTotal += sign
            if c.success == 2 { judgedSuccess += sign }
        }
    }

    /// Average stars, or `nil` with no star ratings.
    public var averageStars: Double? { starsCount > 0 ? Double(starsSum) / Double(starsCount) : nil }

    func encode(into w: inout ByteWriter) {
        w.writeSignedVarint(ratings); w.writeSignedVarint(starsSum); w.writeSignedVarint(starsCount); w.writeSignedVarint(thumbsUp)
        w.writeSignedVarint(thumbsDown); w.writeSignedVarint(judgedSuccess); w.writeSignedVarint(judgedTotal); w.writeSignedVarint(satisfied)
    }

    init?(from r: inout ByteReader) {
        guard let a = r.readSignedVarint(), let b = r.readSignedVarint(), let c = r.readSignedVarint(),
              let d = r.readSignedVarint(), let e = r.readSignedVarint(), let f = r.readSignedVarint(),
              let g = r.readSignedVarint(), let h = r.readSignedVarint() else { return nil }
        (ratings, starsSum, starsCount, thumbsUp, thumbsDown, judgedSuccess, judgedTotal, satisfied) = (a, b, c, d, e, f, g, h)
    }
}

/// What one rating adds to the rows it counts on.
public struct RatingContribution: Hashable, Sendable {
    /// 1–5, or 0 for a thumbs rating.
    public var stars: Int8
    /// ±1, or 0 for a stars rating.
    public var thumbs: Int8
    /// 0 no judgment, 1 failure, 2 success.
    public var success: UInt8
    public var failureTags: [Symbol]

    public init(stars: Int8, thumbs: Int8, success: UInt8, failureTags: [Symbol]) {
        self.stars = stars
        self.thumbs = thumbs
        self.success = success
        self.failureTags = failureTags
    }
}
