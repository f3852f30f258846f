import TallyStore

extension EventLog {
    /// The id conflicts appending `events` as one batch would meet, found without appending: each
    /// event whose id is stored with different content, or used by an earlier event of `events`
    /// with different content. Unlike `append`, which stops at the first, this lists them all —
    /// what an importer needs to report every bad line before storing anything.
    ///
    /// Events without an id have no conflict (they get a fresh one). The check reads one
    /// snapshot: another writer may store a conflicting event before a later `append`, which
    /// therefore checks again.
    ///
    /// - Complexity: one id lookup per event (none when the store holds no events yet); contents
    ///   are compared only for ids seen before.
    public func idConflicts(in events: [Event]) throws -> [IDConflict] {
        try idConflicts(inCollection: events)
    }

    /// `idConflicts(in:)` over any collection of events indexed from 0 (the importer passes a
    /// view of its batch, avoiding a copy).
    func idConflicts<C: RandomAccessCollection<Event>>(inCollection events: C) throws -> [IDConflict] where C.Index == Int {
        try read { reader in
            let txn = reader.txn
            let storeHasIDs = try txn.count(schema.ids) > 0
            var comparer = StoredEventComparer(symbols: SnapshotSymbolLookup(resolver: reader.symbols))
            var earlier = EarlierIDs(capacity: events.count)
            var conflicts: [IDConflict] = []
            var idKey = [UInt8]()
            idKey.reserveCapacity(72)
            for index in events.indices {
                guard let id = events[index].id else { continue }
                idKey.removeAll(keepingCapacity: true)
                EventID.appendStoredForm(of: id, to: &idKey)
                let first = earlier.firstIndex(of: idKey, at: index, in: events)
                if storeHasIDs, let position = try idKey.withUnsafeBytes({ try txn.get(schema.ids, key: $0) }).flatMap({ BigEndianKey.uint64($0) }) {
                    guard let record = try reader.record(at: position) else {
                        throw StoreError(
                            kind: .corrupted, operation: "check ids",
                            detail: "the id index points at position \(position), which holds no event; run `tally verify`")
                    }
                    let differing = try comparer.differences(
                        record: record, position: position, event: events[index], storedID: idKey, resolver: reader.symbols)
                    if !differing.isEmpty {
                        conflicts.append(IDConflict(index: index, id: id, holder: .stored(position: position), differingFields: differing))
                    }
                } else if let first {
                    let differing = EventContentDifference.fields(events[first], events[index])
                    if !differing.isEmpty {
                        conflicts.append(IDConflict(index: index, id: id, holder: .earlierInBatch(index: first), differingFields: differing))
                    }
                }
            }
            return conflicts
        }
    }
}

/// The first index of each id in a list, keyed by a hash of the id's stored form (ids are
/// compared by their bytes, as the id index compares them; colliding hashes fall back to a
/// table keyed by the bytes).
private struct EarlierIDs {
    private var byHash: [UInt64: Int] = [:]
    private var collided: [[UInt8]: Int] = [:]

    init(capacity: Int) {
        byHash.reserveCapacity(capacity)
    }

    /// The first index before `index` whose id has the stored form `idKey`, recording `index`
    /// as the first when there is none.
    mutating func firstIndex<C: RandomAccessCollection<Event>>(of idKey: [UInt8], at index: Int, in events: C) -> Int? where C.Index == Int {
        let hash = idKey.withUnsafeBytes { NameTable.hash($0) }
        guard let holder = byHash[hash] else {
            byHash[hash] = index
            return nil
        }
        if let other = events[holder].id, other.utf8.elementsEqual(events[index].id?.utf8 ?? "".utf8) {
            return holder
        }
        if let first = collided[idKey] { return first }
        collided[idKey] = index
        return nil
    }
}
