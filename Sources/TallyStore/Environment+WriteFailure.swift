import CLMDB
#if canImport(Glibc)
import Glibc
#endif

extension Environment {
    /// Free bytes on the store's file system below which a failed write is put down to a full disk.
    static let nearlyFullBytes: UInt64 = 1 << 20

    /// The error for a failed commit or sync.
    ///
    /// LMDB reports a short `pwrite` — which is how a full file system shows up — as `EIO`, not
    /// `ENOSPC`. When the store's file system has (almost) no space left after such a failure, the
    /// error says the disk is full (`StoreError.Kind.diskFull`), with the free space, instead of
    /// "Input/output error".
    func writeFailure(_ code: Int32, operation: String) -> StoreError {
        guard code == EIO || code == ENOSPC || code == EDQUOT else { return StoreError(code: code, operation: operation) }
        var fs = statvfs()
        guard statvfs(path, &fs) == 0 else { return StoreError(code: code, operation: operation) }
        let free = UInt64(fs.f_bavail) * UInt64(fs.f_frsize)
        guard code != EIO || free < Environment.nearlyFullBytes else { return StoreError(code: code, operation: operation) }
        return StoreError(
            kind: .diskFull, code: code, operation: operation,
            detail: "the file system holding the store is full: \(free) bytes free")
    }
}
