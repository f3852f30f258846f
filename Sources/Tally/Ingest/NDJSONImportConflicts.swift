extension EventLog {
    /// The lines of `events` whose id already names another event with different content —
    /// stored in the log, or on an earlier line of `events` — as import errors with field `id`.
    /// `tally import` runs this as `NDJSONImportReader`'s screen, so such lines are reported like
    /// other bad lines before anything is stored. Events without an id are never reported.
    ///
    /// - Complexity: one id lookup per event; see `idConflicts(in:)`.
    public func importConflicts(in events: [NDJSONImportedEvent]) throws -> [IngestError] {
        try idConflicts(inCollection: events.lazy.map(\.event)).map { IngestError($0, in: events) }
    }
}

extension IngestError {
    /// The error for `conflict`, found among `events` (`conflict.index` indexes `events`): the
    /// line of the conflicting event, field `id`, and a reason naming the stored position or the
    /// earlier line that holds the id.
    public init(_ conflict: IDConflict, in events: [NDJSONImportedEvent]) {
        let line = events.indices.contains(conflict.index) ? events[conflict.index].line : 0
        let reason: String
        switch conflict.holder {
        case .earlierInBatch(let index) where events.indices.contains(index):
            reason = conflict.reason(holderDescription: "is already used on line \(events[index].line)")
        default:
            reason = conflict.reason
        }
        self.init(line: line, field: "id", reason: reason)
    }
}

extension NDJSONImportBatch {
    /// The import error for an `AppendError` of this batch appended as one: the offending event's
    /// line, the field and the reason (an id conflict within the batch names the earlier line).
    public func ingestError(for error: AppendError) -> IngestError {
        if let conflict = error.conflict { return IngestError(conflict, in: events) }
        let line = events.indices.contains(error.index) ? events[error.index].line : 0
        return IngestError(line: line, field: error.field, reason: error.reason)
    }
}
