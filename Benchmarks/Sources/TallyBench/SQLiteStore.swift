import Tally

/// The SQLite database of one phase, with the statements it reuses.
final class SQLiteStore: @unchecked Sendable {
    let connection: SQLiteConnection
    let path: String
    private var insert: SQLiteStatement?
    private var endBooks: SQLiteStatement?
    private var addPrice: SQLiteStatement?
    private var folds: [SQLiteStatement] = []
    let slaMs = StoreConfiguration().slaMs

    enum Sync: String { case normal = "NORMAL", full = "FULL" }

    /// Opens with WAL, the given `synchronous` level, a 256 MiB page cache, a 1 GiB memory map and
    /// in-memory temporaries: the settings a careful engineer gives a bulk-loading SQLite.
    init(path: String, sync: Sync, create: Bool) throws {
        self.path = path
        if !create { try ProcessFacts.requireStore(path) }
        connection = try SQLiteConnection(path: path)
        try connection.exec("""
            PRAGMA journal_mode = WAL; PRAGMA synchronous = \(sync.rawValue); PRAGMA cache_size = -262144;
            PRAGMA mmap_size = 1073741824; PRAGMA temp_store = MEMORY; PRAGMA busy_timeout = 10000;
            """)
        if create {
            try connection.exec(SQLSchema.events)
            try connection.exec(SQLSchema.prices("prices"))
            try connection.exec(SQLSchema.summaries(prefix: ""))
        }
    }

    /// Prepares the insert (and, with `maintained`, the price-book and summary statements).
    func prepareAppend(maintained: Bool) throws {
        insert = try connection.prepare(SQLSchema.insertEvent(priced: maintained))
        guard maintained else { return }
        endBooks = try connection.prepare("UPDATE prices SET valid_until = ?2 WHERE tenant = ?1 AND valid_from < ?2 AND valid_until > ?2")
        addPrice = try connection.prepare("INSERT OR REPLACE INTO prices VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)")
        folds = try SQLSchema.foldStatements(prefix: "", source: SQLSchema.batchSource, handoffFilter: "position > ?1", slaMs: slaMs)
            .map { try connection.prepare($0) }
    }

    /// Inserts a batch in one transaction; with summaries prepared, folds the batch into them.
    func appendBatch(_ batch: [Event]) throws {
        guard let insert else { return }
        try connection.exec("BEGIN IMMEDIATE")
        let before = connection.lastRowID
        for event in batch {
            insert.reset()
            SQLiteStore.bind(event, to: insert)
            try insert.step()
            if case let .priceBook(change) = event.payload, addPrice != nil {
                try applyBook(change.bookJSON, tenant: event.tenant, at: event.ts.milliseconds)
            }
        }
        for fold in folds {
            fold.reset()
            fold.bind(1, before)
            try fold.step()
        }
        try connection.exec("COMMIT")
    }

    /// Inserts events in autocommit mode (one synced commit per event).
    func appendEach(_ event: Event) throws {
        guard let insert else { return }
        insert.reset()
        SQLiteStore.bind(event, to: insert)
        try insert.step()
    }

    /// A `price_book` event: from `ts` on, the tenant's prices are this book's.
    private func applyBook(_ json: String, tenant: String, at ts: Int64) throws {
        guard let endBooks, let addPrice else { return }
        endBooks.reset()
        endBooks.bind(1, tenant)
        endBooks.bind(2, ts)
        try endBooks.step()
        for row in try PriceRow.rows(ofBookJSON: json) {
            let from = max(ts, row.effectiveFrom ?? ts)
            let until = row.effectiveTo ?? Int64.max
            guard from < until else { continue }
            try SQLiteStore.insert(row, tenant: tenant, from: from, until: until, into: addPrice)
        }
    }

    static func insert(_ row: PriceRow, tenant: String, from: Int64, until: Int64, into statement: SQLiteStatement) throws {
        statement.reset()
        statement.bind(1, tenant)
        statement.bind(2, row.model)
        statement.bind(3, from)
        statement.bind(4, until)
        statement.bind(5, row.input)
        statement.bind(6, row.output)
        statement.bind(7, row.cached)
        statement.bind(8, row.cacheWrite)
        statement.bind(9, row.tierAbove)
        statement.bind(10, row.tierInput)
        statement.bind(11, row.tierOutput)
        statement.bind(12, row.tierCached)
        statement.bind(13, row.tierWrite)
        try statement.step()
    }

    /// Loads a book into `whatif_prices` (one book for every tenant).
    func loadWhatIfBook(_ json: String) throws {
        try connection.exec("DROP TABLE IF EXISTS whatif_prices; " + SQLSchema.prices("whatif_prices"))
        let statement = try connection.prepare("INSERT OR REPLACE INTO whatif_prices VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)")
        for row in try PriceRow.rows(ofBookJSON: json) {
            try SQLiteStore.insert(row, tenant: "*", from: row.effectiveFrom ?? Int64.min, until: row.effectiveTo ?? Int64.max, into: statement)
        }
    }

    /// Recomputes the summary tables with `prefix` from every event, pricing through `prices`.
    func rebuild(prefix: String, prices: String) throws {
        try connection.exec(SQLSchema.summaries(prefix: prefix))
        try connection.exec("BEGIN IMMEDIATE")
        for table in ["conversations", "users", "agent_days", "models"] {
            try connection.exec("DELETE FROM \(prefix)\(table)")
        }
        for sql in SQLSchema.foldStatements(prefix: prefix, source: SQLSchema.repricedSource(prices: prices), handoffFilter: "true", slaMs: slaMs) {
            try connection.exec(sql)
        }
        try connection.exec("COMMIT")
    }

    /// Makes everything durable and folds the WAL back (the end of a bulk load).
    func checkpoint() throws {
        try connection.exec("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    // MARK: Binding

    static func bind(_ event: Event, to s: SQLiteStatement) {
        s.bind(1, event.id)
        s.bind(2, Int64(event.type.rawValue))
        s.bind(3, event.ts.milliseconds)
        s.bind(4, event.tenant)
        switch event.payload {
        case .interaction(let i):
            s.bind(5, i.conversationID); s.bind(6, i.messageID); s.bind(7, i.userID)
            s.bind(8, i.agent); s.bind(9, i.model); s.bind(10, i.provider); s.bind(11, i.taskType)
            s.bind(12, i.inputTokens); s.bind(13, i.outputTokens); s.bind(14, i.cachedInputTokens)
            s.bind(15, i.cacheWriteTokens); s.bind(16, i.reasoningTokens)
            s.bind(17, i.latencyMs); s.bind(18, i.ttftMs); s.bind(19, Int64(i.status.rawValue)); s.bind(20, i.errorType)
            s.bind(21, i.toolCalls); s.bind(22, i.toolFailures); s.bind(23, i.contextTokens)
            s.bind(24, Int64(i.escalationSuggested ? 1 : 0)); s.bind(25, i.confidence); s.bind(26, i.experiment)
            s.bind(27, i.reportedCost.flatMap { Int64(exactly: $0.picodollars) })
            if !i.attributes.isEmpty { s.bind(28, jsonObject(i.attributes)) }
        case .rating(let r):
            s.bind(5, r.conversationID); s.bind(6, r.messageID); s.bind(29, r.raterID)
            switch r.score {
            case .stars(let n): s.bind(30, Int64(n))
            case .thumbs(let n): s.bind(31, Int64(n))
            }
            s.bind(32, r.success.map { Int64($0 ? 1 : 0) })
            if !r.failureTags.isEmpty { s.bind(33, r.failureTags.joined(separator: ",")) }
            s.bind(34, r.comment)
        case .handoff(let h):
            s.bind(5, h.conversationID); s.bind(6, h.messageID)
            s.bind(35, h.fromAgent); s.bind(36, h.toAgent); s.bind(37, h.reason)
        case .deployment(let d):
            s.bind(9, d.model); s.bind(10, d.provider)
            s.bind(38, "\(d.action.name) \(d.trainingMethod ?? "") \(d.baseModel ?? "") \(d.version ?? "") \(d.endpoint ?? "")")
        case .priceBook(let p):
            s.bind(38, p.bookJSON)
        case .budget(let b):
            s.bind(38, "\(b.scope.name) \(b.scopeID ?? "") \(b.period.name) \(b.amount)")
        }
    }

    /// A string map as a JSON object.
    static func jsonObject(_ map: [String: String]) -> String {
        var out = "{"
        for (index, (key, value)) in map.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { out += "," }
            out += quoted(key) + ":" + quoted(value)
        }
        return out + "}"
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{00}"..."\u{1F}": out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
