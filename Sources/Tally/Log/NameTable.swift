#if canImport(Glibc)
import Glibc
#endif

/// Names (UTF-8 byte strings) to symbols, for the writer's symbol cache.
///
/// `Dictionary<String, Symbol>` hashes every lookup with SipHash and compares `String`s; interning
/// runs for every name of every appended event, so this table hashes the bytes once with a fixed
/// mix, keeps all names in one byte arena and compares bytes. Names come from the store or the
/// caller's events and only speed up lookups: a collision costs a probe, never a wrong symbol.
struct NameTable {
    private struct Entry {
        var hash: UInt64
        var offset: Int
        var length: Int
        var symbol: Symbol
    }

    private var arena: [UInt8] = []
    private var entries: [Entry] = []
    /// Entry number + 1 per bucket (0 = empty); a power of two, at most half full.
    private var buckets = [Int32](repeating: 0, count: 1024)

    /// The number of names.
    var count: Int { entries.count }

    /// The symbol of the name whose bytes are `name` (hash from `NameTable.hash`).
    @inline(__always)
    func symbol(of name: UnsafeRawBufferPointer, hash: UInt64) -> Symbol? {
        let mask = buckets.count &- 1
        var b = Int(truncatingIfNeeded: hash) & mask
        while true {
            let n = Int(buckets[b])
            if n == 0 { return nil }
            let e = entries[n &- 1]
            if e.hash == hash && e.length == name.count && equal(e, name) { return e.symbol }
            b = (b &+ 1) & mask
        }
    }

    @inline(__always)
    private func equal(_ e: Entry, _ name: UnsafeRawBufferPointer) -> Bool {
        arena.withUnsafeBytes { stored in
            guard let s = stored.baseAddress, let n = name.baseAddress else { return e.length == 0 }
            return memcmp(s + e.offset, n, e.length) == 0
        }
    }

    /// Adds a name that is not in the table.
    mutating func insert(_ name: UnsafeRawBufferPointer, hash: UInt64, symbol: Symbol) {
        if (entries.count &+ 1) &* 2 > buckets.count { grow() }
        entries.append(Entry(hash: hash, offset: arena.count, length: name.count, symbol: symbol))
        arena.append(contentsOf: name)
        place(hash, number: Int32(truncatingIfNeeded: entries.count))
    }

    /// Moves every name of `other` into this table (its names must not be here yet).
    mutating func absorb(_ other: NameTable) {
        for e in other.entries {
            other.arena.withUnsafeBytes { raw in
                insert(UnsafeRawBufferPointer(rebasing: raw[e.offset..<(e.offset + e.length)]), hash: e.hash, symbol: e.symbol)
            }
        }
    }

    /// Empties the table, keeping its storage.
    mutating func removeAll() {
        guard !entries.isEmpty else { return }
        arena.removeAll(keepingCapacity: true)
        entries.removeAll(keepingCapacity: true)
        for i in buckets.indices { buckets[i] = 0 }
    }

    /// The hash the table uses for `name`'s bytes.
    @inline(__always)
    static func hash(_ name: UnsafeRawBufferPointer) -> UInt64 { overlayHashOf(bytes: name) }

    private mutating func place(_ hash: UInt64, number: Int32) {
        let mask = buckets.count &- 1
        var b = Int(truncatingIfNeeded: hash) & mask
        while buckets[b] != 0 { b = (b &+ 1) & mask }
        buckets[b] = number
    }

    private mutating func grow() {
        buckets = [Int32](repeating: 0, count: buckets.count * 2)
        for (i, e) in entries.enumerated() { place(e.hash, number: Int32(truncatingIfNeeded: i + 1)) }
    }
}
