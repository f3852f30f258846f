import TallyStore

/// The overlay of one batch: every row a batch touches is loaded once, updated in memory for each
/// event in log order, and written back once by `flush`.
final class ProjectionBatch {
    let engine: ProjectionEngine
    let tables: ProjectionTables
    /// Writes this set's tables.
    let txn: UnsafeWriteTransactionReference
    /// Reads the log (events, symbols): `txn` itself for the main set, a read transaction of the
    /// log's environment for a set kept in another environment.
    let logTxn: UnsafeReadTransactionReference
    let slaMs: Int64

    // The overlays skip the runtime exclusivity check (about a tenth of the apply path's time): a batch
    // lives on one thread inside one transaction, and no code reaches an overlay while a row of
    // that same overlay is being updated (a new series reads its agent's other series *before*
    // it is inserted). Debug builds of the tests ran with the checks on when this was set.
    @exclusivity(unchecked) var conversations: OverlayTable<Symbol, ConversationRow>
    @exclusivity(unchecked) var users: OverlayTable<Symbol, UserRow>
    @exclusivity(unchecked) var agentDays = OverlayTable<AgentDayKey, AgentDayRow>(capacity: 256)
    @exclusivity(unchecked) var models = OverlayTable<Symbol, ModelRow>()
    @exclusivity(unchecked) var modelTasks = OverlayTable<ModelTaskKey, ModelTaskRow>()
    @exclusivity(unchecked) var anomalies = OverlayTable<UInt64, AnomalyRow>()
    @exclusivity(unchecked) var series = OverlayTable<SeriesKey, SeriesState>()
    @exclusivity(unchecked) var budgets = OverlayTable<BudgetKey, BudgetState>()
    /// The rating in force per (target, rater); `nil` when known to be absent.
    @exclusivity(unchecked) var ratings: OverlayTable<ByteKey, AppliedRating?>
    /// Ratings held for an interaction not seen yet, by target prefix (conversation + message).
    var pendingAdded: [ByteKey: [PendingRating]] = [:]
    /// The change this batch made to the number of held ratings per conversation.
    @exclusivity(unchecked) var pendingDelta = OverlayTable<Symbol, Int64>()
    /// The engine's held-rating counts per conversation, as stored when the batch began (taken
    /// on first use; `storedPendingTaken` says whether it was).
    @exclusivity(unchecked) var storedPending = OverlayTable<Symbol, Int64>(capacity: 0)
    var storedPendingTaken = false
    /// Where this batch's interactions count, by message id (for message-level ratings).
    @exclusivity(unchecked) var recentMessages: RecentMessages
    var pendingDeleted: [[UInt8]] = []
    var pendingCount: Int64
    var nextAnomalyID: UInt64
    /// The largest key stored in `conversations` and `users` when the batch began, read on first
    /// use. Symbols are interned in increasing order, so a new conversation or user sorts after
    /// it: its row is known to be absent (no lookup) and is appended at the table's end on flush.
    var conversationsEnd: Symbol?
    var usersEnd: Symbol?

    init(engine: ProjectionEngine, txn: UnsafeWriteTransactionReference, logTxn: UnsafeReadTransactionReference? = nil) {
        self.engine = engine
        tables = engine.tables
        self.txn = txn
        self.logTxn = logTxn ?? txn.readReference
        slaMs = engine.configuration.slaMs
        pendingCount = engine.cache.pendingCount ?? -1
        nextAnomalyID = engine.cache.nextAnomalyID ?? 0
        let spare = engine.cache.spareOverlays ?? SpareOverlays()
        engine.cache.spareOverlays = nil // the batch's copies are then the only ones: no copy on write
        conversations = spare.conversations
        users = spare.users
        ratings = spare.ratings
        recentMessages = spare.recentMessages
    }

    /// Empties the overlays that grow with the batch and hands their storage to the engine's next
    /// batch. The batch must not be used afterwards.
    func recycle() {
        conversations.removeAll()
        users.removeAll()
        ratings.removeAll()
        recentMessages.removeAll()
        engine.cache.spareOverlays = SpareOverlays(conversations: conversations, users: users, ratings: ratings, recentMessages: recentMessages)
    }

    // MARK: Dispatch

    func apply(_ bytes: UnsafeRawBufferPointer, position: UInt64) throws {
        var (record, interaction) = try ProjectionBatch.decode(bytes, position: position)
        try apply(record, &interaction, position: position)
    }

    /// Decodes a stored record, and its payload when it is an interaction (an empty
    /// `InteractionRecord` otherwise); a failure names `position`.
    @inline(__always)
    static func decode(_ bytes: UnsafeRawBufferPointer, position: UInt64) throws(DecodingError) -> (EventRecord, InteractionRecord) {
        do {
            let record = try EventRecord(bytes)
            return (record, record.type == .interaction ? try InteractionRecord(record.payload) : InteractionRecord())
        } catch var error {
            error.position = position
            throw error
        }
    }

    /// Applies a decoded record (`interaction` is its payload when it is an interaction). The
    /// payload is passed `inout` only so that it is read where it lies: a struct this large
    /// passed by value is copied at each call.
    func apply(_ record: EventRecord, _ interaction: inout InteractionRecord, position: UInt64) throws {
        if let range = engine.timeFilter, !range.contains(record.ts.milliseconds),
           record.type == .interaction || record.type == .rating || record.type == .handoff {
            return // outside a replay's window (registry, budgets and books still apply)
        }
        switch record.type {
        case .interaction: try applyInteraction(record, &interaction, position: position)
        case .rating: try applyRating(record, position: position)
        case .handoff: try applyHandoff(record)
        case .deployment: try applyDeployment(record)
        case .priceBook: try engine.pricer.add(book: try PriceBookRecord(record.payload).bookJSON, tenant: record.tenant, ts: record.ts, position: position, txn: txn)
        case .budget: try applyBudget(record)
        }
    }

    // MARK: Interactions

    func applyInteraction(_ record: EventRecord, _ i: inout InteractionRecord, position: UInt64) throws {
        let ts = record.ts.milliseconds
        let day = record.ts.epochDay
        let cost = try engine.pricer.cost(of: i, tenant: record.tenant, at: record.ts, txn: txn.readReference, logTxn: logTxn)
        if let observer = engine.observer { try observer(record, i, cost, logTxn) }

        var newUserOfConversation = false
        var conversationIsNew = false
        let conversationRow = try withConversation(i.conversation) { c in
            if c.usage.interactions == 0 && c.tenant == 0 {
                c.tenant = record.tenant
                conversationIsNew = true
            }
            if c.user == 0 && i.user != 0 {
                c.user = i.user
                newUserOfConversation = true
            }
            c.startedAt = min(c.startedAt, ts)
            c.lastAt = max(c.lastAt, ts)
            c.usage.add(i, cost: cost, slaMs: slaMs)
            c.agents.add(i.agent)
            c.agentModels.set(i.agent, Int64(i.model))
            if c.experiment == 0 { c.experiment = i.experiment }
            c.lastDay = day
            c.lastAgent = i.agent
            c.lastModel = i.model
            c.lastTask = i.taskType
        }
        if i.user != 0 {
            try withUser(i.user) { u in
                if u.tenant == 0 { u.tenant = record.tenant }
                u.firstSeen = min(u.firstSeen, ts)
                u.lastSeen = max(u.lastSeen, ts)
                if newUserOfConversation { u.conversations += 1 }
                u.usage.add(i, cost: cost, slaMs: slaMs)
                u.withAgent(i.agent) { $0.interactions += 1 }
                if i.taskType != 0 { u.tasks.add(i.taskType) }
            }
        }
        let key = AgentDayKey(day: Int32(clamping: day), tenant: record.tenant, agent: i.agent, model: i.model)
        try withAgentDay(key) { r in
            r.usage.add(i, cost: cost, slaMs: slaMs)
            if i.latencyMs >= 0 { r.latency.record(i.latencyMs) }
        }
        try withModel(i.model) { m in
            if m.provider == 0 { m.provider = i.provider }
            m.usage.add(i, cost: cost, slaMs: slaMs)
            m.firstSeen = min(m.firstSeen, ts)
            m.lastSeen = max(m.lastSeen, ts)
        }
        try withModelTask(ModelTaskKey(tenant: record.tenant, model: i.model, task: i.taskType)) { r in
            r.usage.add(i, cost: cost, slaMs: slaMs)
        }
        try observeSeries(record: record, interaction: i, cost: cost)
        if let cost { try chargeBudgets(tenant: record.tenant, agent: i.agent, model: i.model, user: i.user, ts: record.ts, cost: cost) }

        let attribution = Attribution(day: day, tenant: record.tenant, agent: i.agent, model: i.model, user: i.user, task: i.taskType)
        if i.hasMessageID && engine.timeFilter == nil {
            recentMessages.record(conversationRow: conversationRow, id: i.messageID, attribution: attribution)
        }
        if (i.hasMessageID || conversationIsNew), try hasPending(in: i.conversation) {
            if i.hasMessageID {
                try releasePending(target: ProjectionBatch.targetKey(conversation: i.conversation, message: i.messageID), attribution: attribution)
            }
            if conversationIsNew {
                try releasePending(target: ProjectionBatch.targetKey(conversation: i.conversation, message: nil), attribution: attribution)
            }
        }
    }

    // MARK: Handoffs and deployments

    func applyHandoff(_ record: EventRecord) throws {
        let h = try HandoffRecord(record.payload)
        let escalation = try escalationSymbol() == h.reason && h.reason != 0
        var fromModel: Symbol = 0
        var toModel: Symbol = 0
        try withConversation(h.conversation) { c in
            if c.tenant == 0 { c.tenant = record.tenant }
            c.handoffs += 1
            if escalation { c.escalations += 1 }
            fromModel = Symbol(truncatingIfNeeded: c.agentModels.count(of: h.fromAgent))
            toModel = Symbol(truncatingIfNeeded: c.agentModels.count(of: h.toAgent))
        }
        let day = Int32(clamping: record.ts.epochDay)
        try withAgentDay(AgentDayKey(day: day, tenant: record.tenant, agent: h.fromAgent, model: fromModel)) { r in
            r.handoffsOut += 1
            if escalation { r.escalations += 1 }
        }
        try withAgentDay(AgentDayKey(day: day, tenant: record.tenant, agent: h.toAgent, model: toModel)) { r in
            r.handoffsIn += 1
        }
    }

    func applyDeployment(_ record: EventRecord) throws {
        let d = try DeploymentRecord(record.payload)
        try withModel(d.model) { m in
            if d.provider != 0 { m.provider = d.provider }
            m.state = d.action == .deployed ? 1 : 2
            if d.trainingMethod != 0 { m.trainingMethod = d.trainingMethod }
            if d.baseModel != 0 { m.baseModel = d.baseModel }
            if let v = d.version { m.version = v }
            if let e = d.endpoint { m.endpoint = e }
            if d.action == .deployed {
                m.deployments += 1
                if m.firstDeployedAt == .min { m.firstDeployedAt = record.ts.milliseconds }
                m.recentDeployments.append(record.ts.milliseconds)
                m.recentDeployments.sort()
                if m.recentDeployments.count > 16 { m.recentDeployments.removeFirst(m.recentDeployments.count - 16) }
            }
        }
    }

    func escalationSymbol() throws -> Symbol {
        if let known = engine.cache.escalationSymbol, known != 0 { return known }
        let found = try SymbolResolver(schema: engine.schema, txn: logTxn).symbol(of: Handoff.escalation) ?? 0
        engine.cache.escalationSymbol = found
        return found
    }

    // MARK: Row access

    /// Runs `body` on the conversation's row; returns the row's number in the overlay.
    @inline(__always)
    @discardableResult
    func withConversation(_ key: Symbol, _ body: (inout ConversationRow) -> Void) throws -> Int {
        let i = try conversations.index(of: key) {
            if key > (try conversationsEnd ?? storedEnd(tables.conversations, &conversationsEnd)) { return ConversationRow() }
            return try BigEndianKey.with(key) { k in try load(tables.conversations, k) { ConversationRow(from: &$0) } } ?? ConversationRow()
        }
        body(&conversations.rows[i])
        return i
    }

    @inline(__always)
    func withUser(_ key: Symbol, _ body: (inout UserRow) -> Void) throws {
        let i = try users.index(of: key) {
            if key > (try usersEnd ?? storedEnd(tables.users, &usersEnd)) { return UserRow() }
            return try BigEndianKey.with(key) { k in try load(tables.users, k) { UserRow(from: &$0) } } ?? UserRow()
        }
        body(&users.rows[i])
    }

    /// The largest symbol key stored in `table` (0 when empty), remembered in `end`.
    func storedEnd(_ table: Database, _ end: inout Symbol?) throws -> Symbol {
        let last = try txn.withCursor(table) { cursor in try cursor.last().map { BigEndianKey.uint32($0.key) ?? .max } } ?? 0
        end = last
        return last
    }

    @inline(__always)
    func withAgentDay(_ key: AgentDayKey, _ body: (inout AgentDayRow) -> Void) throws {
        let i = try agentDays.index(of: key) { try key.withBytes { k in try load(tables.agentDays, k) { AgentDayRow(from: &$0) } } ?? AgentDayRow() }
        body(&agentDays.rows[i])
    }

    @inline(__always)
    func withModel(_ key: Symbol, _ body: (inout ModelRow) -> Void) throws {
        let i = try models.index(of: key) { try BigEndianKey.with(key) { k in try load(tables.models, k) { ModelRow(from: &$0) } } ?? ModelRow() }
        body(&models.rows[i])
    }

    @inline(__always)
    func withModelTask(_ key: ModelTaskKey, _ body: (inout ModelTaskRow) -> Void) throws {
        let i = try modelTasks.index(of: key) { try key.withBytes { k in try load(tables.modelTasks, k) { ModelTaskRow(from: &$0) } } ?? ModelTaskRow() }
        body(&modelTasks.rows[i])
    }

    /// Reads and decodes a stored row; a row that fails to decode is a corruption error.
    func load<Row>(_ table: Database, _ key: UnsafeRawBufferPointer, _ decode: (inout ByteReader) -> Row?) throws -> Row? {
        guard let raw = try txn.get(table, key: key) else { return nil }
        var reader = ByteReader(raw)
        guard let row = decode(&reader) else {
            throw StoreError(kind: .decoding, operation: "read \(table.name)", detail: "a stored row does not decode; run `tally rebuild`")
        }
        return row
    }

    // MARK: Flush

    func flush() throws {
        // A local writer, not a property: encoding a row held in an overlay into a property of
        // `self` would make the compiler copy the row first.
        var w = ByteWriter(capacity: 512)
        try flushBudgetAlerts()
        // The two largest overlays are written in key order: consecutive puts then land on the
        // same or neighbouring B-tree pages (new ids are interned in increasing order, so a
        // rebuild's new rows go to the right edge) instead of all over a large table. Rows beyond
        // the table's end at the batch's start are appended (`MDB_APPEND`: no search, full pages).
        let conversationsEnd = try conversationsEnd ?? storedEnd(tables.conversations, &self.conversationsEnd)
        try writeInKeyOrder(&conversations, to: tables.conversations, beyond: conversationsEnd, &w)
        let usersEnd = try usersEnd ?? storedEnd(tables.users, &self.usersEnd)
        try writeInKeyOrder(&users, to: tables.users, beyond: usersEnd, &w)
        for i in 0..<agentDays.count {
            w.reset(); agentDays.rows[i].encode(into: &w)
            try agentDays.keys[i].withBytes { k in try put(tables.agentDays, k, w) }
        }
        for i in 0..<models.count {
            w.reset(); models.rows[i].encode(into: &w)
            try BigEndianKey.with(models.keys[i]) { k in try put(tables.models, k, w) }
        }
        for i in 0..<modelTasks.count {
            w.reset(); modelTasks.rows[i].encode(into: &w)
            try modelTasks.keys[i].withBytes { k in try put(tables.modelTasks, k, w) }
        }
        for i in 0..<anomalies.count {
            w.reset(); anomalies.rows[i].encode(into: &w)
            try BigEndianKey.with(anomalies.keys[i]) { k in try put(tables.anomalies, k, w) }
        }
        for i in 0..<series.count {
            w.reset(); series.rows[i].encode(into: &w)
            try series.keys[i].withBytes { k in try put(tables.series, k, w) }
        }
        for i in 0..<budgets.count {
            w.reset(); budgets.rows[i].encode(into: &w)
            try budgets.keys[i].withBytes { k in try put(tables.budgets, k, w) }
        }
        // Ratings in key order too; a rating is stored in the flush that writes its conversation's
        // row, so those of conversations beyond that table's end go beyond this one's.
        let ratingOrder = ratings.keys.indices.sorted { ratings.keys[$0].bytes.lexicographicallyPrecedes(ratings.keys[$1].bytes) }
        try txn.withCursor(tables.ratings) { cursor in
            for i in ratingOrder {
                guard let rating = ratings.rows[i] else { continue }
                w.reset(); rating.encode(into: &w)
                try ratings.keys[i].bytes.withUnsafeBytes { k in
                    let isNew = (BigEndianKey.uint32(k) ?? 0) > conversationsEnd
                    try put(&cursor, k, w, options: isNew ? .append : [])
                }
            }
        }
        try flushPending(&w)
        if pendingCount >= 0 { engine.cache.pendingCount = pendingCount }
        storedPending = OverlayTable(capacity: 0) // so the engine's table is unshared when it merges
        storedPendingTaken = false
        engine.cache.mergePending(pendingDelta)
        if nextAnomalyID > 0 {
            w.reset()
            w.writeUInt64LE(nextAnomalyID)
            try Array("next_anomaly".utf8).withUnsafeBytes { k in try put(tables.meta, k, w) }
            engine.cache.nextAnomalyID = nextAnomalyID
        }
    }

    /// Writes every row of a symbol-keyed overlay in key order through one cursor; keys beyond
    /// `end` (the table's last key when the batch began) are appended.
    @inline(__always)
    private func writeInKeyOrder<Row: EncodableRow>(_ overlay: inout OverlayTable<Symbol, Row>, to table: Database, beyond end: Symbol,
                                                    _ w: inout ByteWriter) throws {
        let order = ProjectionBatch.keyOrder(overlay.keys)
        try txn.withCursor(table) { cursor in
            for i in order {
                w.reset()
                Row.encode(&overlay.rows[i], into: &w)
                let key = overlay.keys[i]
                try BigEndianKey.with(key) { k in try put(&cursor, k, w, options: key > end ? .append : []) }
            }
        }
    }

    /// The indices of `keys` in increasing key order (the order of their big-endian bytes).
    static func keyOrder(_ keys: [Symbol]) -> [Int] {
        // Sort (key, index) pairs packed in one integer: no closure per comparison.
        var packed = [UInt64](repeating: 0, count: keys.count)
        for i in keys.indices { packed[i] = UInt64(keys[i]) << 32 | UInt64(i) }
        packed.sort()
        return packed.map { Int($0 & 0xFFFF_FFFF) }
    }

    @inline(__always)
    func put(_ cursor: inout Cursor, _ key: UnsafeRawBufferPointer, _ value: borrowing ByteWriter, options: PutOptions) throws {
        try value.withUnsafeBytes { v in try cursor.put(key: key, value: v, options: options) }
    }

    @inline(__always)
    func put(_ table: Database, _ key: UnsafeRawBufferPointer, _ value: borrowing ByteWriter, options: PutOptions = []) throws {
        try value.withUnsafeBytes { v in _ = try txn.put(table, key: key, value: v, options: options) }
    }
}

/// The key of an anomaly series: tenant, agent, model.
struct SeriesKey: Hashable, OverlayKey {
    var tenant: Symbol
    var agent: Symbol
    var model: Symbol

    var overlayHash: UInt64 { overlayMix(UInt64(tenant), UInt64(agent) << 32 | UInt64(model)) }

    /// Runs `body` on the 12-byte big-endian key, without allocating.
    @inline(__always)
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var raw = (tenant.bigEndian, agent.bigEndian, model.bigEndian)
        return try withUnsafeBytes(of: &raw) { try body($0) }
    }
}

