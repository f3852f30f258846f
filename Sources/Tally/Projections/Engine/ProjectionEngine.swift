import TallyStore

/// Maintains one set of projections — conversations, users, agent_days, anomalies, models — in
/// the store's LMDB environment.
///
/// - Caught up in the same write transaction as the append that produced the events, so they
///   are visible as soon as `append` returns; checkpoints are written once per batch.
/// - Each batch is applied through an in-memory overlay: every touched row is read once, updated
///   for each event in log order, and written once. The result equals applying events one by one,
///   so rebuilt and incremental projections are identical whatever the batch boundaries.
/// - Everything time-based uses the event's `ts`, never the wall clock.
/// - A projection whose version changed is rebuilt on open.
public final class ProjectionEngine: @unchecked Sendable {
    /// The environment holding this set's tables.
    public let environment: Environment
    /// The environment holding the log: the same as `environment` for the main set; another one
    /// for scratch and what-if sets, which then never take the log's writer lock and whose
    /// pages a durable append never has to flush.
    public let logEnvironment: Environment
    public let schema: StoreSchema
    public let tables: ProjectionTables
    public let configuration: StoreConfiguration
    let pricer: Pricer

    /// Called for every interaction applied, with its cost under this set's pricing (replays use it
    /// to report baseline against what-if in the same pass).
    var observer: ((EventRecord, InteractionRecord, Money?, UnsafeReadTransactionReference) throws -> Void)?
    /// Called when a replay chunk's transaction starts (again, if it is retried after the map grew)
    /// and after it commits, so observers can keep per-chunk figures and count each event once.
    var chunkStarted: (() -> Void)?
    var chunkCommitted: (() -> Void)?
    /// Only events whose `ts` falls in this range are applied (replays with `--from`/`--to`).
    var timeFilter: Range<Int64>?

    /// Cached state that survives between batches; dropped whenever a transaction aborts.
    /// Touched only under the log's commit lock, by one thread at a time (no runtime
    /// exclusivity check: it is read for every interaction).
    @exclusivity(unchecked) var cache = EngineCache()

    /// Opens the main projection set (prefix `p.`) with baseline pricing.
    init(environment: Environment, schema: StoreSchema, configuration: StoreConfiguration) throws {
        self.environment = environment
        logEnvironment = environment
        self.schema = schema
        self.configuration = configuration
        tables = try ProjectionTables(environment: environment, prefix: "p.")
        pricer = Pricer(source: .baseline, schema: schema, tables: tables)
    }

    /// Opens the main projection set of a log that was opened without projections (for
    /// `tally rebuild`, which must not catch up before it clears).
    public convenience init(log: EventLog, configuration: StoreConfiguration = StoreConfiguration()) throws {
        try self.init(environment: log.environment, schema: log.schema, configuration: configuration)
    }

    /// Opens a projection set with its own prefix and pricing (what-if replays, verification),
    /// kept in `environment` and fed from the log in `logEnvironment`.
    init(environment: Environment, logEnvironment: Environment, schema: StoreSchema, configuration: StoreConfiguration, prefix: String, pricing: PricingSource) throws {
        self.environment = environment
        self.logEnvironment = logEnvironment
        self.schema = schema
        self.configuration = configuration
        tables = try ProjectionTables(environment: environment, prefix: prefix)
        pricer = Pricer(source: pricing, schema: schema, tables: tables)
    }

    // MARK: Transactions

    /// Forgets every cache (after an aborted transaction, or when another process wrote).
    func abort() {
        cache = EngineCache()
        pricer.reset()
    }

    // MARK: Applying

    /// Applies records appended in the current transaction.
    func apply(_ records: AppendedRecords, txn: UnsafeWriteTransactionReference) throws {
        guard let first = records.positions.first, let lastPosition = records.positions.last else { return }
        let stored = try checkpoint(txn)
        if stored != cache.checkpoint {
            // Another process appended (or rebuilt) since this process last applied: caches are stale.
            abort()
        }
        guard stored < first else {
            throw StoreError(kind: .corrupted, operation: "apply projections", detail: "projections are at position \(stored), beyond the batch starting at \(first); run `tally rebuild`")
        }
        let batch = ProjectionBatch(engine: self, txn: txn)
        if stored + 1 < first {
            // Events appended without projections (another process, or projections disabled): apply them first.
            try applyStored(from: stored + 1, through: first - 1, batch: batch)
        }
        try records.bytes.withUnsafeBytes { all in
            for index in 0..<records.count {
                let record = UnsafeRawBufferPointer(rebasing: all[records.offsets[index]..<records.offsets[index + 1]])
                try batch.apply(record, position: records.positions[index])
            }
        }
        try batch.flush()
        try writeCheckpoints(lastPosition, txn)
        batch.recycle()
    }

    /// Applies stored events `start...end` through `batch` (reading them in `txn`); with a
    /// `deadline`, stops early once it has passed (checked every 1,024 events). Returns the last
    /// position applied.
    @discardableResult
    private func applyStored(from start: UInt64, through end: UInt64, batch: ProjectionBatch,
                             deadline: ContinuousClock.Instant? = nil) throws -> UInt64 {
        var applied = start &- 1
        try batch.logTxn.withCursor(schema.events) { cursor in
            try BigEndianKey.with(start) { key in
                try cursor.scan(from: key) { entry in
                    guard let position = BigEndianKey.uint64(entry.key), position <= end else { return false }
                    try batch.apply(entry.value, position: position)
                    applied = position
                    if position & 1023 == 0, let deadline, ContinuousClock.now >= deadline { return false }
                    return true
                }
            }
        }
        return applied
    }

    /// The last position applied (0 when none).
    func checkpoint(_ txn: some TransactionReading) throws -> UInt64 {
        let key = Array(("checkpoint." + ProjectionName.conversations.rawValue).utf8)
        guard let raw = try key.withUnsafeBytes({ try txn.get(tables.meta, key: $0) }), raw.count >= 8 else { return 0 }
        return UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
    }

    /// The last position applied, in a fresh read transaction.
    public func checkpoint() throws -> UInt64 {
        try environment.read { txn in try checkpoint(txn.unsafeReference) }
    }

    private func writeCheckpoints(_ position: UInt64, _ txn: UnsafeWriteTransactionReference) throws {
        var w = ByteWriter(capacity: 8)
        w.writeUInt64LE(position)
        for name in ProjectionName.allCases {
            try txn.put(tables.meta, key: Array(("checkpoint." + name.rawValue).utf8), value: w.bytes)
        }
        cache.checkpoint = position
    }

    private func storedVersions(_ txn: some TransactionReading) throws -> [ProjectionName: UInt32] {
        var versions: [ProjectionName: UInt32] = [:]
        for name in ProjectionName.allCases {
            let key = Array(("version." + name.rawValue).utf8)
            if let raw = try key.withUnsafeBytes({ try txn.get(tables.meta, key: $0) }), raw.count >= 4 {
                versions[name] = UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self))
            }
        }
        return versions
    }

    // MARK: Catching up and rebuilding

    /// Events per transaction while rebuilding or catching up, at most.
    static let chunkSize = 200_000
    /// Replays of at least this many events read the log on a second thread (`LogPrefetcher`).
    var prefetchThreshold: UInt64 = 20_000
    /// Events per replay transaction at most (`chunkSize`; tests make it small).
    var chunkLimit = ProjectionEngine.chunkSize
    /// How long one rebuild or replay transaction may hold the store's single writer lock before
    /// it commits and lets waiting appends in (a chunk ends at whichever limit comes first; the
    /// projections do not depend on where chunks end).
    static let chunkTimeBudget = Duration.milliseconds(250)

    /// Brings the projections up to the log's end: rebuilds from 0 when a version changed, else
    /// applies what the log has beyond the checkpoint.
    public func catchUp(log: EventLog, progress: ((UInt64, UInt64) -> Void)?) throws {
        let (versions, checkpoint) = try environment.read { txn in
            (try storedVersions(txn.unsafeReference), try self.checkpoint(txn.unsafeReference))
        }
        let last = try logEnvironment.read { txn in try EventLog.lastPosition(schema: schema, txn.unsafeReference) }
        let stale = ProjectionName.allCases.contains { versions[$0] != $0.version }
        if stale {
            try rebuild(progress: progress)
        } else if checkpoint < last {
            try replay(from: checkpoint + 1, progress: progress)
        }
    }

    /// Clears every projection table and applies the whole log again.
    public func rebuild(progress: ((UInt64, UInt64) -> Void)?) throws {
        try environment.write { txn in
            for table in tables.all { try txn.clear(table) }
            for name in ProjectionName.allCases {
                var w = ByteWriter(capacity: 4)
                let v = name.version.littleEndian
                withUnsafeBytes(of: v) { w.writeRaw($0) }
                try txn.put(tables.meta, key: Array(("version." + name.rawValue).utf8), value: w.bytes)
            }
        }
        abort()
        try replay(from: 1, progress: progress)
    }

    /// Applies the log from `start` in chunks, one transaction each.
    func replay(from start: UInt64, to end: UInt64 = .max, progress: ((UInt64, UInt64) -> Void)?) throws {
        let last = try min(end, logEnvironment.read { txn in try EventLog.lastPosition(schema: schema, txn.unsafeReference) })
        // A long stretch is read and decoded on a second thread, ahead of the projections.
        let source = last >= start && last - start >= prefetchThreshold
            ? PrefetchedEvents(environment: logEnvironment, events: schema.events, from: start, through: last) : nil
        defer { source?.stop() }
        var next = start
        while next <= last {
            let limit = min(last, next + UInt64(chunkLimit) - 1)
            var chunkEnd = limit
            do {
                if logEnvironment === environment {
                    try environment.write(durability: .unsynced) { txn in
                        chunkEnd = try applyChunk(from: next, through: limit, txn.unsafeReference, log: nil, source: source)
                    }
                } else {
                    // The log is read in a snapshot of its own environment, one per chunk so the
                    // log's writer can reuse pages between chunks.
                    try logEnvironment.read { logTxn in
                        try environment.write(durability: .unsynced) { txn in
                            chunkEnd = try applyChunk(from: next, through: limit, txn.unsafeReference, log: logTxn.unsafeReference, source: source)
                        }
                    }
                }
            } catch {
                abort()
                throw error
            }
            chunkCommitted?()
            // A chunk reads its stretch of the log once: let those pages leave the resident set.
            logEnvironment.releaseMappedPages()
            if environment !== logEnvironment { environment.releaseMappedPages() }
            progress?(chunkEnd, last)
            next = chunkEnd + 1
        }
        try environment.sync()
    }

    /// Applies stored events `start...limit` (fewer once the chunk's time budget is spent) in one
    /// transaction of this set and writes the checkpoint; returns the last position applied.
    private func applyChunk(from start: UInt64, through limit: UInt64, _ txn: UnsafeWriteTransactionReference,
                            log logTxn: UnsafeReadTransactionReference?, source: PrefetchedEvents?) throws -> UInt64 {
        chunkStarted?()
        let batch = ProjectionBatch(engine: self, txn: txn, logTxn: logTxn)
        let deadline = ContinuousClock.now.advanced(by: ProjectionEngine.chunkTimeBudget)
        let chunkEnd = try source?.apply(from: start, through: limit, to: batch, deadline: deadline)
            ?? applyStored(from: start, through: limit, batch: batch, deadline: deadline)
        // A reading thread that fell behind ends the chunk early, even empty: the next one goes on.
        guard chunkEnd >= start || source?.late == true else {
            throw StoreError(kind: .corrupted, operation: "apply projections", detail: "event \(start) is missing from the log; run `tally verify`")
        }
        try batch.flush()
        try writeCheckpoints(chunkEnd, txn)
        batch.recycle()
        return chunkEnd
    }

    /// Clears every table of this set (what-if sets are rebuilt from scratch).
    func clearAll() throws {
        try environment.write { txn in
            for table in tables.all { try txn.clear(table) }
        }
        abort()
    }
}

/// Caches the engine keeps between batches of one process.
struct EngineCache {
    /// The checkpoint the caches correspond to.
    var checkpoint: UInt64 = .max
    /// Ratings waiting for their interaction (0 lets interactions skip the lookup).
    var pendingCount: Int64? = nil
    /// Held ratings per conversation (loaded on first use; conversations whose count fell to 0
    /// stay until the table next doubles).
    var pendingByConversation: OverlayTable<Symbol, Int64>? = nil
    var pendingCompactAt = 4096
    var nextAnomalyID: UInt64? = nil
    /// Budgets per tenant (keys into the budgets table), loaded on first use.
    var budgetKeys = OverlayTable<Symbol, [BudgetKey]>()
    var budgetsLoaded = false
    /// Well-known symbols (0 when the store has none yet).
    var escalationSymbol: Symbol? = nil
    /// The previous batch's emptied overlay storage, for the next batch.
    var spareOverlays: SpareOverlays? = nil

    /// Adds a committed batch's changes to the held-rating counts, when they are loaded.
    mutating func mergePending(_ delta: OverlayTable<Symbol, Int64>) {
        guard var counts = pendingByConversation, !delta.isEmpty else { return }
        pendingByConversation = nil // unshared while it changes
        for (k, conversation) in delta.keys.enumerated() {
            let i = counts.index(of: conversation) { 0 }
            counts.rows[i] += delta.rows[k]
        }
        // Entries at 0 are dropped when the table has doubled since the last look (amortized O(1)).
        if counts.count >= pendingCompactAt {
            var kept = OverlayTable<Symbol, Int64>(capacity: counts.count)
            for (k, conversation) in counts.keys.enumerated() where counts.rows[k] != 0 { kept.insert(conversation, counts.rows[k]) }
            counts = kept
            pendingCompactAt = max(4096, counts.count * 2)
        }
        pendingByConversation = counts
    }
}
