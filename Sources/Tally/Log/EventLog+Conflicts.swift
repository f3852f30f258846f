import TallyStore

/// What appending an event would find about its id (see `EventLog.checkIDs(_:)`).
public enum IDCheck: Hashable, Sendable {
    /// The id is not stored, or the event has none: the event would be stored — unless an earlier
    /// event of the same list has the id and the same content, whose duplicate it then is.
    case new
    /// Stored at this position with the same content: a duplicate, now and on any later append
    /// (a stored event never changes).
    case stored(position: UInt64)
    /// The id names another event: the batch would be rejected.
    case conflict(IDConflict)
}

extension EventLog {
    /// What appending `events` as one batch would find about each id, found without appending:
    /// new, already stored with the same content (a duplicate), or a conflict — stored with
    /// different content, or used by an earlier event of `events` with different content.
    /// Unlike `append`, which stops at the first conflict, this reports them all: what an importer
    /// needs to report every bad line before storing anything, and to skip what is stored.
    ///
    /// The check reads one snapshot. A `.stored` verdict is final (stored events never change);
    /// `.new` may not be by the time of a later `append` (another writer), which checks again.
    ///
    /// - Complexity: one id lookup per event (none when the store holds no events yet); contents
    ///   are compared only for ids seen before.
    public func checkIDs(_ events: [Event]) throws -> [IDCheck] {
        try checkIDs(of: events)
    }

    /// The conflicts among `checkIDs(events)`.
    public func idConflicts(in events: [Event]) throws -> [IDConflict] {
        try checkIDs(events).compactMap { check in
            if case .conflict(let conflict) = check { return conflict }
            return nil
        }
    }

    /// `checkIDs(_:)` over anything that holds events (the importer passes its lines), reading each
    /// event in place.
    func checkIDs<Holder: EventHolding>(of events: [Holder]) throws -> [IDCheck] {
        try read { reader in
            let txn = reader.txn
            let storeHasIDs = try txn.count(schema.ids) > 0
            var comparer = StoredEventComparer(symbols: SnapshotSymbolLookup(resolver: reader.symbols))
            // Stored id form → index of its first event in the list.
            var firstIndexes = NameTable()
            var checks: [IDCheck] = []
            checks.reserveCapacity(events.count)
            var idKey = [UInt8]()
            idKey.reserveCapacity(72)
            for index in events.indices {
                guard let id = events[index].heldEvent.id else {
                    checks.append(.new)
                    continue
                }
                idKey.removeAll(keepingCapacity: true)
                EventID.appendStoredForm(of: id, to: &idKey)
                let first: Int? = idKey.withUnsafeBytes { key in
                    let hash = NameTable.hash(key)
                    if let found = firstIndexes.symbol(of: key, hash: hash) { return Int(found) }
                    firstIndexes.insert(key, hash: hash, symbol: Symbol(truncatingIfNeeded: index))
                    return nil
                }
                if storeHasIDs, let position = try idKey.withUnsafeBytes({ try txn.get(schema.ids, key: $0) }).flatMap({ BigEndianKey.uint64($0) }) {
                    guard let record = try reader.record(at: position) else {
                        throw StoreError(
                            kind: .corrupted, operation: "check ids",
                            detail: "the id index points at position \(position), which holds no event; run `tally verify`")
                    }
                    let differing = try comparer.differences(
                        record: record, position: position, event: events[index].heldEvent, storedID: idKey, resolver: reader.symbols)
                    checks.append(differing.isEmpty
                        ? .stored(position: position)
                        : .conflict(IDConflict(index: index, id: id, holder: .stored(position: position), differingFields: differing)))
                } else if let first {
                    let differing = EventContentDifference.fields(events[first].heldEvent, events[index].heldEvent)
                    checks.append(differing.isEmpty
                        ? .new
                        : .conflict(IDConflict(index: index, id: id, holder: .earlierInBatch(index: first), differingFields: differing)))
                } else {
                    checks.append(.new)
                }
            }
            return checks
        }
    }
}

/// A value that carries an event (an `Event`, an imported line), so the id check reads events
/// where they are.
protocol EventHolding {
    var heldEvent: Event { get }
}

extension Event: EventHolding {
    var heldEvent: Event { self }
}
