import CLMDB

/// One occupied reader slot of the lock file (`mdb_reader_list`).
public struct ReaderSlot: Hashable, Sendable {
    /// The process holding it.
    public var pid: Int32
    /// The snapshot (transaction id) it reads, or `nil` when the slot is held but idle.
    public var transaction: UInt64?
}

/// Collects the text `mdb_reader_list` hands its callback.
private final class ReaderListText {
    var text = ""
}

extension Environment {
    /// The reader slots in use across all processes. The slot of a process that died inside a
    /// read transaction stays listed until `clearStaleReaders()` (or the next open) reclaims it.
    public func readerSlots() -> [ReaderSlot] {
        let collected = ReaderListText()
        _ = withExtendedLifetime(collected) {
            mdb_reader_list(handle, { message, context in
                guard let message, let context else { return 0 }
                Unmanaged<ReaderListText>.fromOpaque(context).takeUnretainedValue().text += String(cString: message)
                return 0
            }, Unmanaged.passUnretained(collected).toOpaque())
        }
        // A header line, then "pid thread txnid" per slot (txnid "-" when idle), or
        // "(no active readers)".
        return collected.text.split(separator: "\n").compactMap { line -> ReaderSlot? in
            let fields = line.split(separator: " ")
            guard fields.count == 3, let pid = Int32(fields[0]) else { return nil }
            return ReaderSlot(pid: pid, transaction: UInt64(fields[2]))
        }
    }
}
