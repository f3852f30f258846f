import TallyStore
#if canImport(Glibc)
import Glibc
#endif

/// The append-only event log of one store, with its projections kept caught up.
///
/// - Every stored event gets the next gap-free position (1, 2, 3, …); the log has no update or
///   delete path.
/// - A batch is atomic: it is validated whole before anything is written, and written in one LMDB
///   transaction together with the projections' updates, so a query right after `append` returns
///   sees it, and a crash leaves either all of the batch or none of it.
/// - Idempotent by id: an event whose id is already stored with the same content is reported as
///   a duplicate; the same id with different content is a conflict that rejects the batch.
/// - Safe to use from many threads and tasks; one writer at a time, readers never block.
public final class EventLog: @unchecked Sendable {
    /// The LMDB environment (the store).
    public let environment: Environment
    /// The log's tables.
    public let schema: StoreSchema
    /// The projections maintained with every append (`nil` when opened without them).
    public let projections: ProjectionEngine?

    let symbols: SymbolTable
    /// What-if sets and verification scratch, beside the log (opened on first use).
    let derived: DerivedEnvironment
    /// Serialises whole commits — the transaction and the in-memory caches it updates (symbols,
    /// projection caches) — across threads, including the group committer's.
    private let commitLock = Lock()
    private var committer: GroupCommitter?
    private let committerLock = Lock()

    /// Opens (creating if needed) the store at `path`.
    ///
    /// - Throws: `StoreError` (cannot open, newer format, read-only…).
    public init(path: String, options: LogOptions = LogOptions()) throws {
        environment = try Environment(path: path, options: options.environment)
        derived = DerivedEnvironment(storePath: path, options: options.environment)
        schema = try StoreSchema(environment: environment)
        symbols = SymbolTable(schema: schema)
        try EventLog.checkFormat(environment: environment, schema: schema, readOnly: options.environment.readOnly)
        if options.projections {
            projections = try ProjectionEngine(environment: environment, schema: schema, configuration: options.configuration)
            if !options.environment.readOnly {
                try projections?.catchUp(log: self, progress: nil)
            }
        } else {
            projections = nil
        }
    }

    deinit {
        committer?.stop()
    }

    private static func checkFormat(environment: Environment, schema: StoreSchema, readOnly: Bool) throws {
        let stored: UInt8? = try environment.read { txn in
            try txn.get(schema.meta, key: Array(StoreSchema.formatKey.utf8)).flatMap { $0.first }
        }
        if let stored {
            guard stored <= EventCodec.newestReadableVersion else {
                throw StoreError(
                    kind: .versionMismatch, operation: "open store at \(environment.path)",
                    detail: "written by a newer Tally (store format \(stored); this build reads up to \(EventCodec.newestReadableVersion))"
                )
            }
        } else if !readOnly {
            _ = try environment.write { txn in
                try txn.put(schema.meta, key: Array(StoreSchema.formatKey.utf8), value: [EventCodec.currentVersion])
            }
        }
    }

    // MARK: Appending

    /// Appends a batch atomically and returns what was stored and what was a duplicate.
    ///
    /// `durability` `.durable` and `.bulk` commit on the calling thread; `.grouped` hands the batch
    /// to the group committer and blocks until its shared commit is on disk (prefer the `async`
    /// overload from tasks).
    ///
    /// An event whose id is already stored (or used earlier in the batch) is a duplicate when its
    /// content is the same — it is not stored again, and its position is the stored one — and a
    /// conflict when its content differs: the batch is then rejected with an `AppendError` whose
    /// `conflict` names the stored position and the differing fields.
    ///
    /// - Throws: `AppendError` when an event is invalid or its id conflicts (nothing stored),
    ///   `StoreError` on storage failure (nothing stored).
    @discardableResult
    public func append(_ events: [Event], durability: Durability = .durable) throws -> AppendResult {
        let prepared = try PreparedBatch(events)
        switch durability {
        case .durable, .bulk:
            return try commit([prepared], durability: durability == .durable ? .synced : .unsynced)[0].get()
        case .grouped:
            let waiter = BlockingWaiter()
            groupCommitter().enqueue(prepared) { waiter.finish($0) }
            return try waiter.wait()
        }
    }

    /// Appends a batch with group commit: concurrent callers share one transaction and one fsync,
    /// and each returns only after that commit is durable. A batch rejected for a conflicting id
    /// fails alone; the others of its commit are stored.
    ///
    /// - Throws: as `append(_:durability:)`.
    @discardableResult
    public func append(_ events: [Event]) async throws -> AppendResult {
        let prepared = try PreparedBatch(events)
        let committer = groupCommitter()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<AppendResult, any Error>) in
            committer.enqueue(prepared) { continuation.resume(with: $0) }
        }
    }

    /// Flushes every commit so far to disk (after `.bulk` appends).
    public func sync() throws {
        try environment.sync()
    }

    private func groupCommitter() -> GroupCommitter {
        committerLock.withLock {
            if let committer { return committer }
            let made = GroupCommitter { [unowned self] batches in
                try self.commit(batches, durability: .synced)
            }
            committer = made
            return made
        }
    }

    /// Writes prepared batches in one transaction, each batch all or nothing. A batch with a
    /// conflicting id is rejected alone: the transaction is abandoned and the other batches are
    /// written again without it (conflicts are rare; the common path writes once). A storage
    /// failure fails them all (throws).
    func commit(_ batches: [PreparedBatch], durability: CommitDurability) throws -> [Result<AppendResult, AppendError>] {
        commitLock.lock()
        defer { commitLock.unlock() }
        var outcomes = [Result<AppendResult, AppendError>](repeating: .success(AppendResult()), count: batches.count)
        var remaining = Array(batches.indices)
        while !remaining.isEmpty {
            do {
                let results = try commitOnce(remaining.count == batches.count ? batches : remaining.map { batches[$0] }, durability: durability)
                for (k, batch) in remaining.enumerated() { outcomes[batch] = .success(results[k]) }
                remaining = []
            } catch let conflict as BatchConflict {
                outcomes[remaining[conflict.batch]] = .failure(conflict.error)
                remaining.remove(at: conflict.batch)
            }
        }
        return outcomes
    }

    /// Writes prepared batches in one transaction; throws `BatchConflict` for the first batch with a
    /// conflicting id (nothing is then written).
    private func commitOnce(_ batches: [PreparedBatch], durability: CommitDurability) throws -> [AppendResult] {
        let appendTime = EventLog.wallClockMilliseconds()
        var results: [AppendResult] = []
        var attempts = 0
        do {
            results = try environment.write(durability: durability) { txn in
                attempts += 1
                // A retry (the map grew) must not see caches filled by the abandoned attempt; the
                // first attempt keeps them — `ProjectionEngine.apply` drops them if another process wrote.
                if attempts > 1 { self.projections?.abort() }
                return try self.write(batches, appendTime: appendTime, txn.unsafeReference)
            }
        } catch {
            symbols.abort()
            projections?.abort()
            throw error
        }
        symbols.commit()
        return results
    }

    private func write(_ batches: [PreparedBatch], appendTime: Int64, _ txn: UnsafeWriteTransactionReference) throws -> [AppendResult] {
        try symbols.begin(txn)
        var interner = TransactionInterner(table: symbols, txn: txn)
        var last = try EventLog.lastPosition(schema: schema, txn)
        let first = last + 1
        var appended = AppendedRecords()
        var writer = ByteWriter(capacity: 256)
        var idKey = [UInt8]()
        idKey.reserveCapacity(72)
        var conversationKey = [UInt8]()
        conversationKey.reserveCapacity(12)
        var conversationValue = [UInt8]()
        conversationValue.reserveCapacity(5)
        var typeCounts = [Int](repeating: 0, count: 8)
        var results: [AppendResult] = []
        results.reserveCapacity(batches.count)
        // Used only for ids already stored (retries and conflicts); allocates nothing until then.
        var comparer = StoredEventComparer(symbols: TransactionSymbolLookup(table: symbols, txn: txn))
        // Events, ids and index entries go in through one cursor per table: each put skips the
        // cursor setup, and consecutive appends the descent to the last page.
        try txn.withCursor(schema.events) { eventsCursor in
        try txn.withCursor(schema.ids) { idsCursor in
        try txn.withCursor(schema.conversationEvents) { conversationCursor in
            for (batchIndex, batch) in batches.enumerated() {
                let batchFirst = last + 1
                var result = AppendResult()
                result.positions.reserveCapacity(batch.events.count)
                // Events are read in place through the buffer's address, never bound to a local nor
                // read through the array's getter: copying an `Event` retains and releases every
                // string it holds.
                try batch.events.withUnsafeBufferPointer { events in
                for index in events.indices {
                    let id = batch.ids[index]
                    idKey.removeAll(keepingCapacity: true)
                    EventID.appendStoredForm(of: id, to: &idKey)
                    let candidate = last + 1
                    // Stored unless the id is known; a duplicate gets the stored event's position.
                    let existingPosition: UInt64? = try BigEndianKey.with(candidate) { positionBytes in
                        try idKey.withUnsafeBytes { key in
                            try idsCursor.insertIfAbsent(key: key, value: positionBytes).map { BigEndianKey.uint64($0) ?? 0 }
                        }
                    }
                    if let existingPosition {
                        // Same content: a retry. Different content: a conflict that rejects the batch.
                        let differing = try storedDifferences(events[index], idKey: idKey, at: existingPosition, comparer: &comparer, txn)
                        if !differing.isEmpty {
                            let holder: IDConflict.Holder = existingPosition >= batchFirst
                                ? .earlierInBatch(index: result.positions.firstIndex(of: existingPosition) ?? 0)
                                : .stored(position: existingPosition)
                            let conflict = IDConflict(index: index, id: id, holder: holder, differingFields: differing)
                            throw BatchConflict(batch: batchIndex, error: AppendError(conflict))
                        }
                        result.duplicates += 1
                        result.positions.append(existingPosition)
                        continue
                    }
                    last = candidate
                    writer.reset()
                    try EventCodec.encode(events[index], storedID: idKey, into: &writer, symbols: &interner)
                    _ = try BigEndianKey.with(last) { key in
                        try writer.withUnsafeBytes { value in
                            try eventsCursor.put(key: key, value: value, options: .append)
                        }
                    }
                    let conversation = try writer.withUnsafeBytes { record throws(DecodingError) in
                        try ConversationIndexValue.entry(ofRecord: record, into: &conversationValue)
                    }
                    if let conversation {
                        conversationKey.removeAll(keepingCapacity: true)
                        BigEndianKey.append(conversation, to: &conversationKey)
                        BigEndianKey.append(last, to: &conversationKey)
                        _ = try conversationKey.withUnsafeBytes { k in
                            try conversationValue.withUnsafeBytes { v in try conversationCursor.put(key: k, value: v) }
                        }
                    }
                    writer.withUnsafeBytes { appended.append(position: last, record: $0) }
                    typeCounts[Int(writer.withUnsafeBytes { $0[EventCodec.typeOffset] } & 7)] += 1
                    result.appended += 1
                    result.positions.append(last)
                }
                }
                results.append(result)
            }
        }
        }
        }
        if last >= first {
            var value = ByteWriter(capacity: 16)
            value.writeUInt64LE(UInt64(bitPattern: appendTime))
            value.writeUInt64LE(last - first + 1)
            _ = try BigEndianKey.with(first) { key in
                try value.withUnsafeBytes { v in try txn.put(schema.batches, key: key, value: v, options: .append) }
            }
            for type in EventType.allCases where typeCounts[Int(type.rawValue)] > 0 {
                try EventLog.addToCounter(type, typeCounts[Int(type.rawValue)], schema: schema, txn)
            }
            try projections?.apply(appended, txn: txn)
        }
        for index in results.indices { results[index].lastPosition = last }
        return results
    }

    /// The fields in which `event` differs from the record stored at `position` under its id.
    private func storedDifferences(
        _ event: Event, idKey: [UInt8], at position: UInt64,
        comparer: inout StoredEventComparer<TransactionSymbolLookup>, _ txn: UnsafeWriteTransactionReference
    ) throws -> [String] {
        try BigEndianKey.with(position) { key in
            guard let record = try txn.get(schema.events, key: key) else {
                throw StoreError(
                    kind: .corrupted, operation: "append",
                    detail: "the id index points at position \(position), which holds no event; run `tally verify`")
            }
            return try comparer.differences(
                record: record, position: position, event: event, storedID: idKey,
                resolver: SymbolResolver(schema: schema, txn: txn.readReference))
        }
    }

    private static func addToCounter(_ type: EventType, _ delta: Int, schema: StoreSchema, _ txn: UnsafeWriteTransactionReference) throws {
        let key = Array((StoreSchema.countPrefix + type.name).utf8)
        let current = try key.withUnsafeBytes { k in try txn.get(schema.meta, key: k) }
        var value = current.map { $0.count >= 8 ? UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) : 0 } ?? 0
        value += UInt64(delta)
        var writer = ByteWriter(capacity: 8)
        writer.writeUInt64LE(value)
        try txn.put(schema.meta, key: key, value: writer.bytes)
    }

    /// The last position in the log as seen by `txn` (0 when empty).
    static func lastPosition(schema: StoreSchema, _ txn: some TransactionReading) throws -> UInt64 {
        try txn.withCursor(schema.events) { cursor in
            guard let last = try cursor.last() else { return 0 }
            return BigEndianKey.uint64(last.key) ?? 0
        }
    }

    static func wallClockMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    // MARK: Reading

    /// Runs `body` with a consistent snapshot of the log (and projections).
    public func read<R>(_ body: (LogReader) throws -> R) throws -> R {
        try environment.read { txn in
            try body(LogReader(schema: schema, txn: txn.unsafeReference))
        }
    }

    /// The position of the last event (0 when the log is empty).
    public var lastPosition: UInt64 {
        get throws { try read { try $0.lastPosition() } }
    }
}

/// Options for opening an `EventLog`.
public struct LogOptions: Sendable {
    /// The LMDB environment options (map size, readers, read-only…).
    public var environment = EnvironmentOptions()
    /// Maintain the projections with every append (and catch them up on open).
    public var projections = true
    /// The store's analytic configuration (SLA threshold, anomaly bounds).
    public var configuration = StoreConfiguration()

    public init() {}
}

/// The batch at `batch` (in one commit's list) has a conflicting id; the transaction is abandoned.
struct BatchConflict: Error {
    var batch: Int
    var error: AppendError
}

/// Records appended in one transaction, handed to the projections.
struct AppendedRecords {
    var positions: [UInt64] = []
    var offsets: [Int] = [0]
    var bytes: [UInt8] = []

    mutating func append(position: UInt64, record: UnsafeRawBufferPointer) {
        positions.append(position)
        bytes.append(contentsOf: record)
        offsets.append(bytes.count)
    }

    var count: Int { positions.count }
}

extension Event {
    /// The conversation an event belongs to, if its type has one.
    public var conversationID: String? {
        switch payload {
        case .interaction(let i): i.conversationID
        case .rating(let r): r.conversationID
        case .handoff(let h): h.conversationID
        case .deployment, .priceBook, .budget: nil
        }
    }
}
