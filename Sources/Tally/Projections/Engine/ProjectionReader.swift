import TallyStore

/// Reads a projection set's rows inside one snapshot (valid only inside `EventLog.read`).
public struct ProjectionReader {
    public let tables: ProjectionTables
    public let log: LogReader
    /// Reads `tables`: the log's own transaction for the main set, a transaction of the derived
    /// environment for a what-if set.
    public let txn: UnsafeReadTransactionReference

    /// A reader of the main set, whose tables live in the log's environment.
    public init(tables: ProjectionTables, log: LogReader) {
        self.init(tables: tables, log: log, txn: log.txn)
    }

    /// A reader of a set whose tables `txn` reads (what-if sets, in the derived environment).
    public init(tables: ProjectionTables, log: LogReader, txn: UnsafeReadTransactionReference) {
        self.tables = tables
        self.log = log
        self.txn = txn
    }

    func row<Row>(_ table: Database, _ key: UnsafeRawBufferPointer, _ decode: (inout ByteReader) -> Row?) throws -> Row? {
        guard let raw = try txn.get(table, key: key) else { return nil }
        var reader = ByteReader(raw)
        guard let row = decode(&reader) else {
            throw StoreError(kind: .decoding, operation: "read \(table.name)", detail: "a stored row does not decode; run `tally rebuild`")
        }
        return row
    }

    /// Visits every row of `table` in key order (from `start` when given) until `visit` says stop.
    func scan<Row>(_ table: Database, from start: [UInt8]? = nil, _ decode: (inout ByteReader) -> Row?, _ visit: (UnsafeRawBufferPointer, Row) throws -> Bool) throws {
        try txn.withCursor(table) { cursor in
            try withoutActuallyEscaping(decode) { decode in
                try withoutActuallyEscaping(visit) { visit in
                    let body: (Cursor.Entry) throws -> Bool = { entry in
                        var reader = ByteReader(entry.value)
                        guard let row = decode(&reader) else {
                            throw StoreError(kind: .decoding, operation: "read \(table.name)", detail: "a stored row does not decode; run `tally rebuild`")
                        }
                        return try visit(entry.key, row)
                    }
                    if let start {
                        try start.withUnsafeBytes { try cursor.scan(from: $0, body) }
                    } else {
                        try cursor.scan(body)
                    }
                }
            }
        }
    }

    /// The conversation with this id.
    public func conversation(_ id: String) throws -> ConversationRow? {
        guard let symbol = try log.symbols.symbol(of: id) else { return nil }
        return try conversation(symbol: symbol)
    }

    /// The conversation with this symbol.
    public func conversation(symbol: Symbol) throws -> ConversationRow? {
        try BigEndianKey.with(symbol) { try row(tables.conversations, $0) { ConversationRow(from: &$0) } }
    }

    /// Every conversation, by symbol.
    public func conversations(_ visit: (Symbol, ConversationRow) throws -> Bool) throws {
        try scan(tables.conversations, { ConversationRow(from: &$0) }) { key, row in try visit(BigEndianKey.uint32(key) ?? 0, row) }
    }

    /// The user with this id.
    public func user(_ id: String) throws -> UserRow? {
        guard let symbol = try log.symbols.symbol(of: id) else { return nil }
        return try user(symbol: symbol)
    }

    /// The user with this symbol.
    public func user(symbol: Symbol) throws -> UserRow? {
        try BigEndianKey.with(symbol) { try row(tables.users, $0) { UserRow(from: &$0) } }
    }

    /// Every user, by symbol.
    public func users(_ visit: (Symbol, UserRow) throws -> Bool) throws {
        try scan(tables.users, { UserRow(from: &$0) }) { key, row in try visit(BigEndianKey.uint32(key) ?? 0, row) }
    }

    /// The model with this name.
    public func model(_ name: String) throws -> ModelRow? {
        guard let symbol = try log.symbols.symbol(of: name) else { return nil }
        return try BigEndianKey.with(symbol) { try row(tables.models, $0) { ModelRow(from: &$0) } }
    }

    /// Every model, by symbol.
    public func models(_ visit: (Symbol, ModelRow) throws -> Bool) throws {
        try scan(tables.models, { ModelRow(from: &$0) }) { key, row in try visit(BigEndianKey.uint32(key) ?? 0, row) }
    }

    /// Agent-day rows in key order, from `fromDay` on (all when `nil`).
    ///
    /// With `latency: false` the rows' latency histograms are skipped (left empty), which makes
    /// roll-ups of counters and cost several times cheaper.
    public func agentDays(fromDay: Int32? = nil, latency: Bool = true, _ visit: (AgentDayKey, AgentDayRow) throws -> Bool) throws {
        let start = fromDay.map { AgentDayKey(day: $0, tenant: 0, agent: 0, model: 0).bytes }
        try scan(tables.agentDays, from: start, { AgentDayRow(from: &$0, latency: latency) }) { key, row in
            guard let k = AgentDayKey(bytes: key) else { return true }
            return try visit(k, row)
        }
    }

    /// Every (tenant, model, task) row.
    public func modelTasks(_ visit: (ModelTaskKey, ModelTaskRow) throws -> Bool) throws {
        try scan(tables.modelTasks, { ModelTaskRow(from: &$0) }) { key, row in
            guard let k = ModelTaskKey(bytes: key) else { return true }
            return try visit(k, row)
        }
    }

    /// Every anomaly, by id.
    public func anomalies(_ visit: (UInt64, AnomalyRow) throws -> Bool) throws {
        try scan(tables.anomalies, { AnomalyRow(from: &$0) }) { key, row in try visit(BigEndianKey.uint64(key) ?? 0, row) }
    }

    /// A symbol's name ("" for 0).
    public func name(_ symbol: Symbol) throws -> String {
        symbol == 0 ? "" : try log.symbols.name(of: symbol) ?? "#\(symbol)"
    }
}

extension EventLog {
    /// Runs `body` with the main projections and the log in one snapshot.
    public func readProjections<R>(_ body: (ProjectionReader) throws -> R) throws -> R {
        guard let projections else {
            throw StoreError(kind: .other, operation: "read projections", detail: "the log was opened without projections")
        }
        return try read { reader in try body(ProjectionReader(tables: projections.tables, log: reader)) }
    }
}
