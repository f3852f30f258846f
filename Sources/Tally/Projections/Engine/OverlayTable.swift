/// A key of an `OverlayTable`: equality plus a cheap, well-mixed hash computed without `Hasher`.
///
/// The overlay's keys are small integers (interned symbols, days, positions) that this process
/// made itself, so a fixed multiply-and-shift mix is enough: there is no untrusted input to
/// collide on purpose, and the table never depends on iteration order for its results.
protocol OverlayKey: Equatable {
    /// A hash whose low bits spread the keys a batch meets over the buckets (well mixed, or
    /// distinct as they are for dense integers).
    var overlayHash: UInt64 { get }
}

/// Mixes up to four 64-bit words into a hash (the finalizer of splitmix64 over a multiply chain).
@inline(__always)
func overlayMix(_ a: UInt64, _ b: UInt64 = 0, _ c: UInt64 = 0, _ d: UInt64 = 0) -> UInt64 {
    var h = a &* 0x9E37_79B9_7F4A_7C15
    h = (h ^ b) &* 0xBF58_476D_1CE4_E5B9
    h = (h ^ c) &* 0x94D0_49BB_1331_11EB
    h = (h ^ d) &* 0x9E37_79B9_7F4A_7C15
    h ^= h >> 31
    h = h &* 0xBF58_476D_1CE4_E5B9
    return h ^ (h >> 29)
}

extension UInt32: OverlayKey {
    /// Mixed by groups of 16: symbols are interned in increasing order, so the rows a batch
    /// touches (recent conversations and users) have nearby symbols, and keeping each group's 16
    /// in consecutive buckets (one cache line) saves the cache misses of a fully mixed hash.
    /// The groups themselves are scattered: the identity would put a dense range of symbols in
    /// one long run of buckets, which any other key landing inside it must probe to the end.
    var overlayHash: UInt64 { overlayMix(UInt64(self >> 4)) << 4 | UInt64(self & 15) }
}

extension UInt64: OverlayKey {
    var overlayHash: UInt64 { overlayMix(self) }
}

/// The rows one batch touches, keyed for lookup: open addressing with linear probing over an
/// index of row numbers, rows stored densely in insertion order.
///
/// This replaces `Dictionary` on the projection hot path: no per-lookup `Hasher` (SipHash), rows
/// updated in place in a plain array (no copy, so no retain/release of the arrays a row holds),
/// storage kept between batches, and flushing walks rows in the order they were first touched —
/// the same order for the same events, whatever the process.
struct OverlayTable<Key: OverlayKey, Row> {
    /// Keys in insertion order; `rows[i]` belongs to `keys[i]`.
    private(set) var keys: [Key] = []
    /// Rows in insertion order, updated in place.
    var rows: [Row] = []
    /// Row number + 1 per bucket; 0 is an empty bucket. The count is a power of two.
    private var buckets: [Int32]
    private var mask: Int

    init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        buckets = Array(repeating: 0, count: size)
        mask = size - 1
    }

    /// The number of rows.
    var count: Int { keys.count }

    var isEmpty: Bool { keys.isEmpty }

    /// The row number of `key`, or `nil` when the batch has not touched it.
    @inline(__always)
    func index(of key: Key) -> Int? {
        var b = Int(truncatingIfNeeded: key.overlayHash) & mask
        while true {
            let entry = Int(buckets[b])
            if entry == 0 { return nil }
            if keys[entry &- 1] == key { return entry &- 1 }
            b = (b &+ 1) & mask
        }
    }

    /// Adds a row for a key that is not in the table yet; returns its row number.
    @inline(__always)
    @discardableResult
    mutating func insert(_ key: Key, _ row: consuming Row) -> Int {
        if (keys.count &+ 1) &* 2 > buckets.count { grow() }
        keys.append(key)
        rows.append(row)
        place(key, number: Int32(truncatingIfNeeded: keys.count))
        return keys.count &- 1
    }

    /// The row number of `key`, loading and inserting its row first when absent.
    @inline(__always)
    mutating func index(of key: Key, orLoad load: () throws -> Row) rethrows -> Int {
        if let found = index(of: key) { return found }
        return insert(key, try load())
    }

    /// Empties the table, keeping its storage for the next batch.
    mutating func removeAll() {
        guard !keys.isEmpty else { return }
        keys.removeAll(keepingCapacity: true)
        rows.removeAll(keepingCapacity: true)
        for i in buckets.indices { buckets[i] = 0 }
    }

    @inline(__always)
    private mutating func place(_ key: Key, number: Int32) {
        var b = Int(truncatingIfNeeded: key.overlayHash) & mask
        while buckets[b] != 0 { b = (b &+ 1) & mask }
        buckets[b] = number
    }

    private mutating func grow() {
        let size = buckets.count * 2
        buckets = Array(repeating: 0, count: size)
        mask = size - 1
        for (i, key) in keys.enumerated() { place(key, number: Int32(truncatingIfNeeded: i + 1)) }
    }
}
