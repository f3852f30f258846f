/// Where each interaction applied in this batch counts, by conversation and message id, so a
/// message-level rating of an interaction from the same batch (in a rebuild, nearly all of them)
/// is attributed without searching the log's conversation index.
///
/// Only a hint: a miss, or an id that does not match the one looked for, sends the caller to
/// the index. Entries are overwritten in log order, so a hit is the latest interaction with that
/// id before the rating — the same answer the index gives.
struct RecentMessages {
    private var table = OverlayTable<Key, Entry>(capacity: 1024)

    /// Notes that the interaction `id` of `conversation` counts at `attribution`. Ids longer
    /// than `MessageID.capacity` are not kept (their ratings use the index).
    @inline(__always)
    mutating func record(conversation: Symbol, id: UnsafeRawBufferPointer, attribution: Attribution) {
        guard let message = MessageID(id) else { return }
        let key = Key(conversation: conversation, hash: overlayHashOf(bytes: id))
        let entry = Entry(id: message, attribution: attribution)
        if let i = table.index(of: key) { table.rows[i] = entry } else { table.insert(key, entry) }
    }

    /// Forgets every entry, keeping the storage.
    mutating func removeAll() {
        table.removeAll()
    }

    /// Where the latest interaction `id` of `conversation` in this batch counts, if known.
    @inline(__always)
    func attribution(conversation: Symbol, id: UnsafeRawBufferPointer) -> Attribution? {
        guard let message = MessageID(id),
              let i = table.index(of: Key(conversation: conversation, hash: overlayHashOf(bytes: id))) else { return nil }
        let entry = table.rows[i]
        return entry.id == message ? entry.attribution : nil
    }

    private struct Key: OverlayKey {
        var conversation: Symbol
        var hash: UInt64
        var overlayHash: UInt64 { overlayMix(UInt64(conversation), hash) }
    }

    private struct Entry {
        var id: MessageID
        var attribution: Attribution
    }

    /// A message id of at most `capacity` bytes, held inline (zero-padded) so it compares exactly.
    private struct MessageID: Equatable {
        static let capacity = 32
        var count: Int
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

        @inline(__always)
        init?(_ bytes: UnsafeRawBufferPointer) {
            guard bytes.count <= MessageID.capacity else { return nil }
            count = bytes.count
            withUnsafeMutableBytes(of: &words) { raw in
                if let base = bytes.baseAddress, let target = raw.baseAddress { target.copyMemory(from: base, byteCount: bytes.count) }
            }
        }

        static func == (a: MessageID, b: MessageID) -> Bool {
            a.count == b.count && a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
        }
    }
}
