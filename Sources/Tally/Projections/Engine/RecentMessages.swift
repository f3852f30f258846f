/// Where each interaction applied in this batch counts, by conversation and message id, so a
/// message-level rating of an interaction from the same batch (in a rebuild, nearly all of them)
/// is attributed without searching the log's conversation index.
///
/// Entries are appended in log order and chained per conversation, newest first, from a head per
/// row of the batch's conversations overlay (which the interaction has just touched): recording
/// is a sequential append, not a probe into a table as large as the batch, whose cache misses cost
/// more than the index walks it saved. A lookup walks the conversation's chain and compares ids in
/// full, so a hit is the latest interaction with that id before the rating — the same answer the
/// index gives. Only a hint: a miss sends the caller to the index.
struct RecentMessages {
    /// Entries in the order recorded.
    private var entries: [Entry] = []
    /// Per conversations-overlay row, its newest entry's number + 1 (0: none).
    private var heads: [Int32] = []

    /// Notes that the interaction `id` of the conversation at `conversationRow` of the batch's
    /// overlay counts at `attribution`. Ids longer than `MessageID.capacity` are not kept (their
    /// ratings use the index).
    @inline(__always)
    mutating func record(conversationRow row: Int, id: UnsafeRawBufferPointer, attribution: Attribution) {
        guard let message = MessageID(id) else { return }
        if row >= heads.count { heads.append(contentsOf: repeatElement(0, count: row &+ 1 &- heads.count)) }
        entries.append(Entry(id: message, attribution: attribution, previous: heads[row]))
        heads[row] = Int32(truncatingIfNeeded: entries.count)
    }

    /// Forgets every entry, keeping the storage (with the overlay whose rows it follows).
    mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
        heads.removeAll(keepingCapacity: true)
    }

    /// Where the latest interaction `id` of the conversation at `conversationRow` in this batch
    /// counts, if known.
    @inline(__always)
    func attribution(conversationRow row: Int, id: UnsafeRawBufferPointer) -> Attribution? {
        guard let message = MessageID(id), row < heads.count else { return nil }
        var number = Int(heads[row])
        while number != 0 {
            let entry = entries[number &- 1]
            if entry.id == message { return entry.attribution }
            number = Int(entry.previous)
        }
        return nil
    }

    private struct Entry {
        var id: MessageID
        var attribution: Attribution
        /// The number + 1 of the same conversation's previous entry (0: none).
        var previous: Int32
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
