/// What happened to one appended batch.
public struct AppendResult: Sendable, Hashable {
    /// Events newly stored.
    public var appended: Int = 0
    /// Events whose id was already in the store (or earlier in the same batch) with the same
    /// content — retries: not stored again. (The same id with other content is an `IDConflict`.)
    public var duplicates: Int = 0
    /// The position of each event of the batch, in order: the new position, or for a duplicate
    /// the position of the event already stored under that id.
    public var positions: [UInt64] = []
    /// The log's last position after the append.
    public var lastPosition: UInt64 = 0

    public init() {}

    /// Adds another batch's counts (used by `tally import`).
    public mutating func merge(_ other: AppendResult) {
        appended += other.appended
        duplicates += other.duplicates
        lastPosition = max(lastPosition, other.lastPosition)
    }
}

/// A batch was rejected: nothing of it was stored. Names the event's index in the batch, the field
/// and the reason: an invalid event, or an id that already names an event with different content
/// (`field` is then `id`, and `conflict` tells which event holds it and what differs).
public struct AppendError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The index of the offending event in its batch (0-based).
    public var index: Int
    public var field: String
    public var reason: String
    /// The id conflict behind the error, when that is what it is.
    public var conflict: IDConflict?

    public init(index: Int, field: String, reason: String) {
        self.index = index
        self.field = field
        self.reason = reason
        self.conflict = nil
    }

    /// The error for a conflicting id: field `id`, the conflict's reason.
    public init(_ conflict: IDConflict) {
        self.index = conflict.index
        self.field = "id"
        self.reason = conflict.reason
        self.conflict = conflict
    }

    public var description: String { "event \(index): \(field): \(reason)" }
}
