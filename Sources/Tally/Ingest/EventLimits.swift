/// The bounds every event must respect, whether it comes from NDJSON or the Swift API.
///
/// Sizes are in bytes of UTF-8. Counts are capped at 2⁴⁰ (about 1.1 × 10¹²) so that sums over
/// billions of events stay far inside `Int64`, and money below 10¹² dollars so that sums stay
/// far inside `Money`'s `Int128`.
public enum EventLimits {
    /// `id`, `conversation_id`, `message_id`, `user_id`, `rater_id`: 1–64 bytes.
    public static let maxIDBytes = 64
    /// `tenant`: 1–128 bytes.
    public static let maxTenantBytes = 128
    /// Agent, model, provider and other names (and `scope_id`, failure tags): 1–256 bytes.
    public static let maxNameBytes = 256
    /// A deployment's `endpoint` (often a URL): 1–1,024 bytes.
    public static let maxEndpointBytes = 1024
    /// A rating's `comment`: up to 4,096 bytes.
    public static let maxCommentBytes = 4096
    /// An interaction's `attributes`: at most 32 entries…
    public static let maxAttributes = 32
    /// …with keys of 1–64 bytes…
    public static let maxAttributeKeyBytes = 64
    /// …and values of up to 1,024 bytes.
    public static let maxAttributeValueBytes = 1024
    /// A rating's `failure_tags`: at most 32 distinct tags.
    public static let maxFailureTags = 32
    /// Token counts, latencies and tool counts: 0…2⁴⁰.
    public static let maxCount: Int64 = 1 << 40
    /// A budget's `thresholds`: 1–32 ascending fractions in (0, 10].
    public static let maxThresholds = 32
    /// The largest threshold, 10 (1,000 %), in basis points.
    public static let maxThresholdBasisPoints = 100_000
    /// Money amounts must be below this: 10¹² dollars.
    public static let moneyBound = Money(picodollars: 1_000_000_000_000 * Money.picosPerDollar)
    /// A price book inside a `price_book` event: at most 8 MiB of JSON.
    public static let maxBookBytes = 8 << 20
    /// The earliest representable `ts`: 0000-01-01T00:00:00.000Z.
    public static let earliestTimestamp = Timestamp(milliseconds: CivilDate.toEpochDay(0, 1, 1) * Timestamp.dayMs)
    /// The latest representable `ts`: 9999-12-31T23:59:59.999Z.
    public static let latestTimestamp = Timestamp(milliseconds: CivilDate.toEpochDay(10000, 1, 1) * Timestamp.dayMs - 1)
}
