import TallyStore

/// A consistent snapshot of the log, valid only inside `EventLog.read`.
public struct LogReader {
    public let schema: StoreSchema
    /// The snapshot's transaction (valid only inside the `read` closure).
    public let txn: UnsafeReadTransactionReference

    /// Resolves symbols to names in this snapshot.
    public var symbols: SymbolResolver { SymbolResolver(schema: schema, txn: txn) }

    /// The last position (0 when the log is empty).
    public func lastPosition() throws -> UInt64 {
        try EventLog.lastPosition(schema: schema, txn)
    }

    /// The number of stored events.
    public func count() throws -> Int {
        try txn.count(schema.events)
    }

    /// The stored record at `position`, pointing into the map.
    public func record(at position: UInt64) throws -> UnsafeRawBufferPointer? {
        try BigEndianKey.with(position) { key in try txn.get(schema.events, key: key) }
    }

    /// The full event at `position`.
    public func event(at position: UInt64) throws -> Event? {
        guard let bytes = try record(at: position) else { return nil }
        do {
            return try EventDecoder.decode(bytes, symbols: symbols)
        } catch var error as DecodingError {
            error.position = position
            throw error
        }
    }

    /// Visits stored records in position order from `start`, until `visit` returns `false`.
    public func scan(from start: UInt64 = 1, _ visit: (UInt64, UnsafeRawBufferPointer) throws -> Bool) throws {
        try txn.withCursor(schema.events) { cursor in
            try BigEndianKey.with(start) { key in
                try cursor.scan(from: key) { entry in
                    guard let position = BigEndianKey.uint64(entry.key) else { return false }
                    return try visit(position, entry.value)
                }
            }
        }
    }

    /// The positions of the events of one conversation, in order.
    public func positions(ofConversation conversationID: String) throws -> [UInt64] {
        guard let symbol = try symbols.symbol(of: conversationID) else { return [] }
        var positions: [UInt64] = []
        try txn.withCursor(schema.conversationEvents) { cursor in
            try BigEndianKey.with(symbol) { prefix in
                try cursor.scan(prefix: prefix) { entry in
                    if let p = BigEndianKey.uint64(UnsafeRawBufferPointer(rebasing: entry.key[4...])) { positions.append(p) }
                    return true
                }
            }
        }
        return positions
    }

    /// The events of one conversation, in log order.
    public func events(ofConversation conversationID: String) throws -> [Event] {
        try positions(ofConversation: conversationID).compactMap { try event(at: $0) }
    }

    /// The position stored under an event id, if any.
    public func position(ofID id: String) throws -> UInt64? {
        var key = [UInt8]()
        EventID.appendStoredForm(of: id, to: &key)
        return try key.withUnsafeBytes { k in try txn.get(schema.ids, key: k) }.flatMap { BigEndianKey.uint64($0) }
    }

    /// Stored events per type.
    public func countsByType() throws -> [EventType: Int] {
        var counts: [EventType: Int] = [:]
        for type in EventType.allCases {
            let key = Array((StoreSchema.countPrefix + type.name).utf8)
            if let raw = try key.withUnsafeBytes({ k in try txn.get(schema.meta, key: k) }), raw.count >= 8 {
                counts[type] = Int(UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)))
            } else {
                counts[type] = 0
            }
        }
        return counts
    }

    /// When the event at `position` was appended (wall clock of the appending process, ms).
    public func appendTime(of position: UInt64) throws -> Timestamp? {
        try txn.withCursor(schema.batches) { cursor in
            try BigEndianKey.with(position) { key in
                var entry = try cursor.seek(atOrAfter: key)
                if let e = entry, BigEndianKey.uint64(e.key) != position { entry = try cursor.previous() }
                else if entry == nil { entry = try cursor.last() }
                guard let found = entry, let first = BigEndianKey.uint64(found.key), first <= position, found.value.count >= 16 else { return nil }
                let count = UInt64(littleEndian: found.value.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                guard position < first + count else { return nil }
                return Timestamp(milliseconds: Int64(bitPattern: UInt64(littleEndian: found.value.loadUnaligned(as: UInt64.self))))
            }
        }
    }
}
