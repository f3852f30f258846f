/// How an LMDB environment (one Tally store) is opened.
///
/// - Map size: LMDB maps the whole store into memory up to `initialMapSize`. With `autoGrow` the
///   map doubles (up to `maximumMapSize`) whenever a write transaction hits `MDB_MAP_FULL`, and the
///   transaction is retried, so a store of tens of GB needs no tuning. The map is address space,
///   not memory: only touched pages are resident.
/// - Readers: each open read transaction holds a slot in the lock file; `maxReaders` bounds them.
///   Slots left by processes that died are reclaimed on open (`mdb_reader_check`).
/// - Long-lived read transactions stop LMDB from reusing pages freed after they began, so the
///   file grows while they stay open: keep read transactions short.
public struct EnvironmentOptions: Sendable {
    /// The map size to start with, in bytes (rounded up to the OS page size by LMDB).
    public var initialMapSize: Int = 1 << 30
    /// The largest the map may grow to, in bytes.
    public var maximumMapSize: Int = 1 << 42
    /// Whether a full map grows (doubling) instead of failing with `StoreError.Kind.mapFull`.
    public var autoGrow: Bool = true
    /// The most named databases (tables) the store may hold.
    public var maxDatabases: UInt32 = 64
    /// The most concurrent read transactions across all processes.
    public var maxReaders: UInt32 = 510
    /// Open for reading only: no write transaction can begin.
    public var readOnly: Bool = false
    /// Create the store when it does not exist (ignored when `readOnly`). When `false` (and when
    /// `readOnly`), the store must exist: a missing directory is `notFound`, and an empty data
    /// file — which LMDB would silently initialise as a new, empty store — is `corrupted`.
    public var createIfMissing: Bool = true

    public init() {}
}

/// How a write transaction's commit reaches the disk.
public enum CommitDurability: Sendable, Hashable {
    /// The commit returns after LMDB has flushed data and meta pages (`fsync` twice).
    case synced
    /// The commit leaves flushing to the OS; call `Environment.sync()` later. A process crash
    /// loses nothing committed; a power loss may lose (or, for LMDB, damage) recent commits.
    case unsynced
}
