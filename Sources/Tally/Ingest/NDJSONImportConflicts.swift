extension EventLog {
    /// The screen `tally import` runs (see `NDJSONImportReader.run(screen:_:)`): one verdict per
    /// event, in order — `reject` for a line whose id already names another event with different
    /// content (stored in the log, or on an earlier line of `events`; field `id`),
    /// `alreadyStored` for a line stored before with the same content (a duplicate: it need not
    /// be appended again), `accept` otherwise. Events without an id are accepted.
    ///
    /// - Complexity: one id lookup per event; see `checkIDs(_:)`.
    public func importVerdicts(for events: [NDJSONImportedEvent]) throws -> [NDJSONImportVerdict] {
        try checkIDs(of: events).map { check in
            switch check {
            case .new: .accept
            case .stored: .alreadyStored
            case .conflict(let conflict): .reject(IngestError(conflict, in: events))
            }
        }
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

extension NDJSONImportedEvent: EventHolding {
    var heldEvent: Event { event }
}
