/// An event sent under an id that already names an event with different content.
///
/// Ids make retries idempotent: an event sent again with the same content is a duplicate and is
/// not stored twice. The same id with *different* content is not a retry but another event that
/// reuses the id: rather than drop it silently, the log rejects its batch with this conflict.
/// "Content" is everything the client sent (`type`, `ts`, `tenant`, every payload field and
/// attribute), compared as values; what the log stamps itself (the append time) takes no part.
public struct IDConflict: Hashable, Sendable, CustomStringConvertible {
    /// Where the event that already holds the id is.
    public enum Holder: Hashable, Sendable {
        /// Stored in the log at this position.
        case stored(position: UInt64)
        /// An earlier event of the same batch (or list), by index.
        case earlierInBatch(index: Int)
    }

    /// The index of the conflicting event in its batch (0-based).
    public var index: Int
    /// The id both events carry.
    public var id: String
    /// The event that holds the id.
    public var holder: Holder
    /// The NDJSON names of the fields that differ (`model`, `input_tokens`, `attributes.region`…),
    /// in a fixed order: envelope first, then payload fields in schema order.
    public var differingFields: [String]

    public init(index: Int, id: String, holder: Holder, differingFields: [String]) {
        self.index = index
        self.id = id
        self.holder = holder
        self.differingFields = differingFields
    }

    /// `id "d1" is already stored at position 17 with different content (model differs); a retry
    /// must resend the same event`.
    public var reason: String {
        switch holder {
        case .stored(let position): reason(holderDescription: "is already stored at position \(position)")
        case .earlierInBatch(let index): reason(holderDescription: "is already used by event \(index) of this batch")
        }
    }

    public var description: String { "event \(index): id: \(reason)" }

    /// The reason with the holder described by the caller (the importer names input lines).
    func reason(holderDescription: String) -> String {
        let advice: String
        switch holder {
        case .stored: advice = "a retry must resend the same event"
        case .earlierInBatch: advice = "each event needs its own id"
        }
        return "id \(quoted(id)) \(holderDescription) with different content (\(differenceSummary)); \(advice)"
    }

    /// `model differs`, `model, input_tokens differ`, or at most eight names and a count.
    var differenceSummary: String {
        let shown = 8
        if differingFields.isEmpty { return "content differs" }
        if differingFields.count == 1 { return "\(differingFields[0]) differs" }
        if differingFields.count <= shown { return differingFields.joined(separator: ", ") + " differ" }
        return differingFields.prefix(shown).joined(separator: ", ") + " and \(differingFields.count - shown) more fields differ"
    }
}
