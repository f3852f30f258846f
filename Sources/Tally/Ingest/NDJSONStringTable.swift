/// Reuses `String` values for names that repeat from line to line (agents, models, providers,
/// task types, tenants…), so decoding a familiar name neither allocates nor validates UTF-8, and a
/// batch of events shares one storage per distinct name.
///
/// A direct-mapped cache of 1,024 entries keyed by the name's bytes: a hit costs a hash and a
/// short compare; a miss builds the string as usual and replaces the entry. Only plain printable
/// ASCII names up to 48 bytes are cached. Not thread-safe: use one table per decoding thread (the
/// import reader keeps one per run).
public final class NDJSONStringTable {
    private static let slots = 1024
    private static let maxBytes = 48

    private let keys: UnsafeMutableRawPointer
    private let lengths: UnsafeMutablePointer<UInt8>
    private let strings: UnsafeMutablePointer<String>

    public init() {
        keys = UnsafeMutableRawPointer.allocate(byteCount: Self.slots * Self.maxBytes, alignment: 8)
        lengths = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.slots)
        lengths.initialize(repeating: UInt8.max, count: Self.slots)
        strings = UnsafeMutablePointer<String>.allocate(capacity: Self.slots)
        strings.initialize(repeating: "", count: Self.slots)
    }

    deinit {
        strings.deinitialize(count: Self.slots)
        strings.deallocate()
        lengths.deallocate()
        keys.deallocate()
    }

    /// The string spelled by `count` bytes of plain printable ASCII at `bytes`.
    @inline(__always)
    func string(_ bytes: UnsafeRawPointer, count: Int) -> String {
        guard count <= Self.maxBytes else {
            return String(decoding: UnsafeRawBufferPointer(start: bytes, count: count), as: UTF8.self)
        }
        let slot = Self.hash(bytes, count)
        let key = keys + slot * Self.maxBytes
        if Int(lengths[slot]) == count, NDJSONLineParser.sameBytes(bytes, key.assumingMemoryBound(to: UInt8.self), count) {
            return strings[slot]
        }
        let made = String(decoding: UnsafeRawBufferPointer(start: bytes, count: count), as: UTF8.self)
        key.copyMemory(from: bytes, byteCount: count)
        lengths[slot] = UInt8(count)
        strings[slot] = made
        return made
    }

    @inline(__always)
    private static func hash(_ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        var h = UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15
        if count >= 8 {
            h ^= bytes.loadUnaligned(as: UInt64.self) &* 0xBF58_476D_1CE4_E5B9
            h ^= bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) &* 0x94D0_49BB_1331_11EB
            if count > 16 {
                h ^= bytes.loadUnaligned(fromByteOffset: count / 2 - 4, as: UInt64.self) &* 0xD6E8_FEB8_6659_FD93
            }
        } else {
            var word: UInt64 = 0
            for k in 0..<count { word |= UInt64(bytes.load(fromByteOffset: k, as: UInt8.self)) << (8 * UInt64(k)) }
            h ^= word &* 0xBF58_476D_1CE4_E5B9
        }
        h ^= h >> 29
        return Int(truncatingIfNeeded: h >> 54) & (slots - 1)
    }
}
