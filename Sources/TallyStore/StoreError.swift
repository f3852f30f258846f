import CLMDB
#if canImport(Glibc)
import Glibc
#endif

/// An error from the storage layer: an LMDB or operating-system result code, what was being done,
/// and what the user can do about it.
///
/// Match on `kind` to handle a class of failure (`catch let e as StoreError where e.kind == .mapFull`).
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The class of failure.
    public enum Kind: Hashable, Sendable {
        /// The map is full and could not (or may not) grow.
        case mapFull
        /// Another process grew the map; the operation should be retried (handled internally).
        case mapResized
        /// All reader slots are taken (long-lived or leaked readers).
        case readersFull
        /// The write transaction touched more pages than LMDB allows in one transaction.
        case transactionFull
        /// The store's files are damaged or not an LMDB store.
        case corrupted
        /// The store was written by an incompatible LMDB or Tally format version.
        case versionMismatch
        /// The store is read-only (file permissions, a read-only mount, or opened read-only).
        case readOnly
        /// The disk is full.
        case diskFull
        /// No such file or directory.
        case notFound
        /// Permission denied.
        case permissionDenied
        /// Too many named databases for the environment's limit.
        case databasesFull
        /// A key or value was malformed or too large.
        case invalidArgument
        /// A value could not be decoded.
        case decoding
        /// Anything else.
        case other
    }

    /// The class of failure.
    public let kind: Kind
    /// The LMDB or errno result code (0 when the error did not come from a call).
    public let code: Int32
    /// What was being done, e.g. `"open store at ./tally.lmdb"`.
    public let operation: String
    /// Extra detail (e.g. the decoder's reason).
    public let detail: String

    public init(kind: Kind, code: Int32 = 0, operation: String, detail: String = "") {
        self.kind = kind
        self.code = code
        self.operation = operation
        self.detail = detail
    }

    /// Builds the error for an LMDB return code.
    public init(code: Int32, operation: String) {
        self.code = code
        self.operation = operation
        self.detail = ""
        switch code {
        case MDB_MAP_FULL: kind = .mapFull
        case MDB_MAP_RESIZED: kind = .mapResized
        case MDB_READERS_FULL: kind = .readersFull
        case MDB_TXN_FULL, MDB_CURSOR_FULL, MDB_PAGE_FULL: kind = .transactionFull
        case MDB_CORRUPTED, MDB_PAGE_NOTFOUND, MDB_INVALID, MDB_BAD_TXN: kind = .corrupted
        case MDB_VERSION_MISMATCH: kind = .versionMismatch
        case MDB_DBS_FULL: kind = .databasesFull
        case MDB_BAD_VALSIZE, MDB_BAD_DBI, MDB_INCOMPATIBLE, EINVAL: kind = .invalidArgument
        case EACCES: kind = .permissionDenied
        case EROFS: kind = .readOnly
        case ENOSPC: kind = .diskFull
        case ENOENT: kind = .notFound
        default: kind = .other
        }
    }

    /// What the user can do about it.
    public var advice: String {
        switch kind {
        case .mapFull: "the store's map is full; reopen it with automatic growth or a larger map size"
        case .mapResized: "another process grew the store; retry"
        case .readersFull: "all reader slots are in use; close idle readers (stale slots of dead processes are cleared on open)"
        case .transactionFull: "the batch is too large for one transaction; append it in smaller batches"
        case .corrupted: "the store's files are damaged or not a Tally store; restore from a backup or re-import an export"
        case .versionMismatch: "the store was written by an incompatible version; open it with a matching Tally"
        case .readOnly: "the store is read-only; check file permissions and the mount, or open it for reading only"
        case .diskFull: "the disk is full; free space and retry (nothing acknowledged was lost)"
        case .notFound: "no store there; check --store or TALLY_STORE"
        case .permissionDenied: "permission denied; check the store directory's owner and mode"
        case .databasesFull: "too many tables for this store; raise maxDatabases"
        case .invalidArgument: "a key or value was invalid (keys are at most 511 bytes)"
        case .decoding: "a stored value could not be decoded; run `tally verify`"
        case .other: "unexpected storage error"
        }
    }

    public var description: String {
        var text = "\(operation): "
        if code != 0, let message = mdb_strerror(code) {
            text += String(cString: message)
        } else {
            text += "\(kind)"
        }
        if !detail.isEmpty { text += " (\(detail))" }
        text += " — \(advice)"
        return text
    }
}

/// Throws a `StoreError` for a non-zero LMDB result.
@inline(__always)
func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(StoreError) {
    if code != 0 { throw StoreError(code: code, operation: operation()) }
}
