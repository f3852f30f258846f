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

    init(environment: Environment) throws(StoreError) {
        events = try environment.database("events")
        ids = try environment.database("ids")
        symbols = try environment.database("symbols")
        symbolIDs = try environment.database("symbol_ids")
        conversationEvents = try environment.database("conversation_events")
        batches = try environment.database("batches")
        meta = try environment.database("meta")
    }
}
