import TallyStore

/// The tables of the log inside one store, and the store-level facts kept in `meta`.
///
/// | table | key | value |
/// |---|---|---|
/// | `events` | position (u64 BE) | the event's record (`EventCodec`) |
/// | `ids` | stored id (tag + bytes) | position (u64 BE) |
/// | `symbols` | symbol (u32 BE) | name (UTF-8) |
/// | `symbol_ids` | name (UTF-8) | symbol (u32 BE) |
/// | `conversation_events` | conversation symbol (u32 BE) + position (u64 BE) | empty |
/// | `batches` | first position of a batch (u64 BE) | append time ms (i64 LE), event count (u64 LE) |
/// | `meta` | name | value |
public struct StoreSchema: Sendable {
    public let events: Database
    public let ids: Database
    public let symbols: Database
    public let symbolIDs: Database
    public let conversationEvents: Database
    public let batches: Database
    public let meta: Database

    /// The `meta` key holding the store's format version (one byte).
    public static let formatKey = "format_version"
    /// The `meta` key prefix of the per-type event counters (`count.<type>` → u64 LE).
    public static let countPrefix = "count."

    /// The log's tables, in the order they are created.
    static let logTables = ["events", "ids", "symbols", "symbol_ids", "conversation_events", "batches", "meta"]

    init(environment: Environment) throws(StoreError) {
        let initialised = try StoreSchema.checkTableDirectory(environment)
        events = try environment.database("events")
        ids = try environment.database("ids")
        symbols = try environment.database("symbols")
        symbolIDs = try environment.database("symbol_ids")
        conversationEvents = try environment.database("conversation_events")
        batches = try environment.database("batches")
        meta = try environment.database("meta")
        if !initialised {
            let stored = try StoreSchema.reading(environment) { txn throws(StoreError) in try txn.count(events) }
            if stored > 0 { throw StoreSchema.damagedDirectory(environment, "events are stored but the store has no meta table") }
        }
    }

    /// Whether the store was initialised (its `meta` table exists). A store without one is new —
    /// or was interrupted while it was being created — so its table directory (LMDB's main
    /// database) may hold only the log's own tables. Anything else means the directory is damaged
    /// (its root points at the wrong page): opening it as new would show an empty store and
    /// create fresh tables over the old data, so it is refused as `corrupted`.
    static func checkTableDirectory(_ environment: Environment) throws(StoreError) -> Bool {
        let main = try environment.database("")
        return try reading(environment) { txn throws(StoreError) -> Bool in
            if try txn.get(main, key: Array("meta".utf8)) != nil { return true }
            var known = 0
            for name in logTables where try txn.get(main, key: Array(name.utf8)) != nil { known += 1 }
            let entries = try txn.count(main)
            if entries != known {
                throw damagedDirectory(environment, "it lists \(entries) tables, \(known) of them the log's, and no meta table")
            }
            return false
        }
    }

    static func damagedDirectory(_ environment: Environment, _ detail: String) -> StoreError {
        StoreError(kind: .corrupted, operation: "open store at \(environment.path)", detail: "the table directory is damaged: \(detail)")
    }

    /// `Environment.read` with its error typed.
    static func reading<R>(_ environment: Environment, _ body: (borrowing ReadTransaction) throws(StoreError) -> R) throws(StoreError) -> R {
        do {
            return try environment.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(kind: .other, operation: "read \(environment.path)", detail: "\(error)")
        }
    }
}
