import TallyStore

/// A rating held until the interaction (or, for a conversation-level rating, the conversation) it
/// rates appears in the log.
struct PendingRating {
    var position: UInt64
    var ts: Timestamp
    var tenant: Symbol
    /// The rating's payload bytes (a copy: the overlay outlives the record buffer).
    var payload: [UInt8]
}

extension ProjectionBatch {
    /// `conversation (4) | message length (1) | message bytes`; a conversation-level target has length 0.
    static func targetKey(conversation: Symbol, message: UnsafeRawBufferPointer?) -> [UInt8] {
        var key = [UInt8]()
        let count = min(message?.count ?? 0, 255)
        key.reserveCapacity(5 + count)
        BigEndianKey.append(conversation, to: &key)
        key.append(UInt8(count))
        if let message, count > 0 { key.append(contentsOf: UnsafeRawBufferPointer(rebasing: message[0..<count])) }
        return key
    }

    func applyRating(_ record: EventRecord, position: UInt64) throws {
        let r = try RatingRecord(record.payload)
        let target = ProjectionBatch.targetKey(conversation: r.conversation, message: r.messageID)
        // Where does it count?
        let attribution: Attribution?
        if let messageID = r.messageID {
            attribution = try message(conversation: r.conversation, id: messageID, before: position)
        } else {
            attribution = try conversationAttribution(r.conversation)
        }
        guard let attribution else {
            try holdRating(target: target, position: position, record: record)
            return
        }
        try place(r, ts: record.ts.milliseconds, position: position, target: target, attribution: attribution)
    }

    /// Applies a rating whose target is known, replacing the same rater's earlier rating.
    func place(_ r: RatingRecord, ts: Int64, position: UInt64, target: [UInt8], attribution: Attribution) throws {
        var key = target
        if r.rater != 0 {
            BigEndianKey.append(r.rater, to: &key)
        } else {
            // Anonymous ratings never replace each other: each is its own rater.
            key.append(0xFF)
            BigEndianKey.append(position, to: &key)
        }
        let previous = try appliedRating(key, conversation: r.conversation)
        if let previous, (previous.ts, previous.position) > (ts, position) {
            return // an older rating that arrived late: the newer one stays in force
        }
        if let previous { try count(previous, sign: -1) }
        let applied = AppliedRating(
            ts: ts, position: position,
            contribution: RatingContribution(stars: r.stars, thumbs: r.thumbs, success: r.success, failureTags: r.failureTags),
            attribution: attribution, conversation: r.conversation
        )
        try count(applied, sign: 1)
        let ratingKey = ByteKey(key)
        if let i = ratings.index(of: ratingKey) { ratings.rows[i] = applied } else { ratings.insert(ratingKey, applied) }
        try observeRating(applied)
    }

    /// Adds or removes a rating's contribution on every row it counts on.
    func count(_ a: AppliedRating, sign: Int64) throws {
        let c = a.contribution
        let at = a.attribution
        try withConversation(a.conversation) { $0.ratings.add(c, sign: sign) }
        try withAgentDay(AgentDayKey(day: Int32(clamping: at.day), tenant: at.tenant, agent: at.agent, model: at.model)) { row in
            row.ratings.add(c, sign: sign)
            for tag in c.failureTags { row.failureTags.add(tag, sign) }
        }
        if at.user != 0 {
            try withUser(at.user) { u in
                u.ratings.add(c, sign: sign)
                u.withAgent(at.agent) { $0.ratings.add(c, sign: sign) }
            }
        }
        try withModel(at.model) { $0.ratings.add(c, sign: sign) }
        try withModelTask(ModelTaskKey(tenant: at.tenant, model: at.model, task: at.task)) { $0.ratings.add(c, sign: sign) }
    }

    /// The rating in force under `key` (whose target is in `conversation`).
    func appliedRating(_ key: [UInt8], conversation: Symbol) throws -> AppliedRating? {
        let ratingKey = ByteKey(key)
        if let i = ratings.index(of: ratingKey) { return ratings.rows[i] }
        // A rating is stored in the same flush as its conversation's row: a conversation beyond
        // the table's end has none.
        let isNew = try conversation > (conversationsEnd ?? storedEnd(tables.conversations, &conversationsEnd))
        let stored = isNew ? nil : try key.withUnsafeBytes { k in try load(tables.ratings, k) { AppliedRating(from: &$0) } }
        ratings.insert(ratingKey, stored)
        return stored
    }

    /// Where the latest interaction with this message id, appended before `position`, counts.
    ///
    /// Found through the log's conversation index, newest first — no per-message state is kept,
    /// and looking only before the rating's position makes a rebuild see exactly what the
    /// incremental apply saw (a later interaction is met when it arrives, through the pending ratings).
    func message(conversation: Symbol, id: UnsafeRawBufferPointer, before position: UInt64) throws -> Attribution? {
        // An interaction applied earlier in this batch is known without reading the index.
        if engine.timeFilter == nil, let row = conversations.index(of: conversation),
           let known = recentMessages.attribution(conversationRow: row, id: id) { return known }
        var key = [UInt8]()
        key.reserveCapacity(12)
        BigEndianKey.append(conversation, to: &key)
        BigEndianKey.append(position, to: &key)
        let schema = engine.schema
        let hash = ConversationIndexValue.messageHash(id)
        return try logTxn.withCursor(schema.conversationEvents) { cursor in
            let landed = try key.withUnsafeBytes { try cursor.seek(atOrAfter: $0) }
            var entry = landed == nil ? try cursor.last() : try cursor.previous()
            while let current = entry, current.key.count == 12, BigEndianKey.uint32(current.key) == conversation {
                // The index entry says whether the event can be it; only candidates are read.
                if ConversationIndexValue.mayBeMessage(current.value, hash: hash),
                   let p = BigEndianKey.uint64(UnsafeRawBufferPointer(rebasing: current.key[4...])), p < position,
                   let bytes = try BigEndianKey.with(p, { try logTxn.get(schema.events, key: $0) }) {
                    let record = try EventRecord(bytes)
                    if record.type == .interaction {
                        let i = try InteractionRecord(record.payload)
                        if i.hasMessageID && i.messageID.elementsEqual(id) {
                            return Attribution(day: record.ts.epochDay, tenant: record.tenant, agent: i.agent, model: i.model, user: i.user, task: i.taskType)
                        }
                    }
                }
                entry = try cursor.previous()
            }
            return nil
        }
    }

    /// A conversation-level rating counts where the conversation's last interaction did.
    func conversationAttribution(_ conversation: Symbol) throws -> Attribution? {
        var result: Attribution? = nil
        try withConversation(conversation) { c in
            if c.usage.interactions > 0 {
                result = Attribution(day: c.lastDay, tenant: c.tenant, agent: c.lastAgent, model: c.lastModel, user: c.user, task: c.lastTask)
            }
        }
        return result
    }

    // MARK: Pending ratings

    func hasPending() throws -> Bool {
        if pendingCount < 0 {
            let raw = try Array("pending_count".utf8).withUnsafeBytes { k in try txn.get(tables.meta, key: k) }
            pendingCount = raw.map { $0.count >= 8 ? Int64(littleEndian: $0.loadUnaligned(as: Int64.self)) : 0 } ?? 0
        }
        return pendingCount > 0
    }

    /// Whether ratings are held for targets in `conversation`.
    func hasPending(in conversation: Symbol) throws -> Bool {
        guard try hasPending() else { return false }
        if !storedPendingTaken {
            if engine.cache.pendingByConversation == nil { try loadPendingConversations() }
            // Taken once per batch: reading the engine's optional table for every interaction
            // would copy it (retaining its arrays) each time.
            storedPending = engine.cache.pendingByConversation ?? OverlayTable()
            storedPendingTaken = true
        }
        var count: Int64 = 0
        if let i = pendingDelta.index(of: conversation) { count += pendingDelta.rows[i] }
        if let i = storedPending.index(of: conversation) { count += storedPending.rows[i] }
        return count > 0
    }

    /// Counts the held ratings per conversation, as stored when this batch began.
    func loadPendingConversations() throws {
        var counts = OverlayTable<Symbol, Int64>()
        try txn.withCursor(tables.pending) { cursor in
            try cursor.scan { entry in
                guard let conversation = BigEndianKey.uint32(entry.key) else { return true }
                let i = counts.index(of: conversation) { 0 }
                counts.rows[i] += 1
                return true
            }
        }
        engine.cache.pendingByConversation = counts
    }

    func changePending(in conversation: Symbol, by delta: Int64) {
        let i = pendingDelta.index(of: conversation) { 0 }
        pendingDelta.rows[i] += delta
    }

    func holdRating(target: [UInt8], position: UInt64, record: EventRecord) throws {
        _ = try hasPending()
        if let conversation = target.withUnsafeBytes({ BigEndianKey.uint32($0) }) { changePending(in: conversation, by: 1) }
        let payload = Array(UnsafeRawBufferPointer(rebasing: record.payload.base[record.payload.offset...]))
        pendingAdded[ByteKey(target), default: []].append(PendingRating(position: position, ts: record.ts, tenant: record.tenant, payload: payload))
        pendingCount += 1
    }

    /// Applies, in log order, the ratings held for `target`.
    func releasePending(target: [UInt8], attribution: Attribution) throws {
        var held: [PendingRating] = []
        try txn.withCursor(tables.pending) { cursor in
            try target.withUnsafeBytes { prefix in
                try cursor.scan(prefix: prefix) { entry in
                    // key = target + position (8); the target itself is variable length, so match exactly.
                    guard entry.key.count == prefix.count + 8 else { return true }
                    var r = ByteReader(entry.value)
                    guard let position = BigEndianKey.uint64(UnsafeRawBufferPointer(rebasing: entry.key[prefix.count...])),
                          let ts = r.readSignedVarint(), let tenant = r.readVarint32(), let payload = r.readLengthPrefixed() else {
                        throw StoreError(kind: .decoding, operation: "read pending ratings", detail: "a held rating does not decode; run `tally rebuild`")
                    }
                    held.append(PendingRating(position: position, ts: Timestamp(milliseconds: ts), tenant: tenant, payload: Array(payload)))
                    let key = Array(entry.key)
                    pendingDeleted.append(key)
                    return true
                }
            }
        }
        if let added = pendingAdded.removeValue(forKey: ByteKey(target)) { held.append(contentsOf: added) }
        guard !held.isEmpty else { return }
        held.sort { $0.position < $1.position }
        pendingCount -= Int64(held.count)
        if let conversation = target.withUnsafeBytes({ BigEndianKey.uint32($0) }) { changePending(in: conversation, by: -Int64(held.count)) }
        for p in held {
            try p.payload.withUnsafeBytes { raw in
                let rating = try RatingRecord(ByteReader(raw))
                try place(rating, ts: p.ts.milliseconds, position: p.position, target: target, attribution: attribution)
            }
        }
    }

    func flushPending(_ w: inout ByteWriter) throws {
        for key in pendingDeleted {
            try key.withUnsafeBytes { k in _ = try txn.delete(tables.pending, key: k) }
        }
        for (target, list) in pendingAdded {
            for p in list {
                var key = target.bytes
                BigEndianKey.append(p.position, to: &key)
                w.reset()
                w.writeSignedVarint(p.ts.milliseconds)
                w.writeVarint(UInt64(p.tenant))
                w.writeLengthPrefixed(p.payload)
                try key.withUnsafeBytes { k in try put(tables.pending, k, w) }
            }
        }
        if pendingCount >= 0 {
            var w = ByteWriter(capacity: 8)
            w.writeUInt64LE(UInt64(bitPattern: pendingCount))
            try txn.put(tables.meta, key: Array("pending_count".utf8), value: w.bytes)
        }
    }
}
