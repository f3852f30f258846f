/// A variable-length byte-string key of an overlay (rating targets, held ratings).
struct ByteKey: Hashable, OverlayKey {
    var bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    static func == (a: ByteKey, b: ByteKey) -> Bool { a.bytes == b.bytes }

    var overlayHash: UInt64 {
        bytes.withUnsafeBytes { overlayHashOf(bytes: $0) }
    }
}

/// Hashes a byte string eight bytes at a time through the overlay's mix, then the tail and the length.
@inline(__always)
func overlayHashOf(bytes raw: UnsafeRawBufferPointer) -> UInt64 {
    var h: UInt64 = UInt64(raw.count)
    var i = 0
    while i + 8 <= raw.count {
        h = overlayMix(h, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
        i += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while i < raw.count {
        tail |= UInt64(raw[i]) << shift
        shift += 8
        i += 1
    }
    return overlayMix(h, tail)
}
