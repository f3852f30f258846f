import CLMDB

/// A named LMDB database (a table) inside an environment: a handle that stays valid while the
/// environment is open. Keys sort by `memcmp`, so numeric keys are big-endian fixed width.
@frozen
public struct Database: Hashable, Sendable {
    /// The LMDB database handle.
    public let dbi: MDB_dbi
    /// The name it was opened with.
    public let name: String

    @usableFromInline init(dbi: MDB_dbi, name: String) {
        self.dbi = dbi
        self.name = name
    }
}

/// Options for `put`.
public struct PutOptions: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The key sorts after every existing key (`MDB_APPEND`): much faster for a log. Fails with
    /// `invalidArgument` (`MDB_KEYEXIST`) when it does not.
    public static let append = PutOptions(rawValue: UInt32(MDB_APPEND))
    /// Do not overwrite an existing key; `put` then returns `false`.
    public static let noOverwrite = PutOptions(rawValue: UInt32(MDB_NOOVERWRITE))
}
