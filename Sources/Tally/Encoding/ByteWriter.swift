/// Appends bytes to a growable buffer: little-endian fixed-width integers, LEB128 varints and
/// length-prefixed byte strings. `write*` always appends.
///
/// The buffer is raw memory the writer owns, so a write is a bounds check and a store — no
/// array uniqueness check per byte (which cost ~60 instructions a byte in the encoders). The
/// writer cannot be copied (two copies would own one buffer); pass it `inout`, read it with
/// `withUnsafeBytes`, or take an array of its contents with `bytes`.
public struct ByteWriter: ~Copyable, @unchecked Sendable {
    @usableFromInline var base: UnsafeMutableRawPointer
    @usableFromInline var capacity: Int
    @usableFromInline var written: Int

    /// How many bytes have been written.
    @inlinable public var count: Int { written }

    @inlinable public init(capacity: Int = 256) {
        let size = Swift.max(capacity, 16)
        base = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        self.capacity = size
        written = 0
    }

    deinit {
        base.deallocate()
    }

    /// A copy of the bytes written so far.
    @inlinable public var bytes: [UInt8] {
        Array(UnsafeRawBufferPointer(start: base, count: written))
    }

    /// Runs `body` with the bytes written so far (valid only inside `body`).
    @inlinable @inline(__always)
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: base, count: written))
    }

    /// Forgets the contents but keeps the capacity.
    @inlinable public mutating func reset() { written = 0 }

    /// Makes room for `extra` more bytes.
    @inlinable @inline(__always) mutating func reserve(_ extra: Int) {
        if written &+ extra > capacity { grow(to: written &+ extra) }
    }

    @usableFromInline @inline(never) mutating func grow(to needed: Int) {
        let size = Swift.max(capacity &* 2, needed)
        let bigger = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        bigger.copyMemory(from: base, byteCount: written)
        base.deallocate()
        base = bigger
        capacity = size
    }

    @inlinable @inline(__always) public mutating func writeByte(_ value: UInt8) {
        reserve(1)
        base.storeBytes(of: value, toByteOffset: written, as: UInt8.self)
        written &+= 1
    }

    /// An unsigned LEB128 varint (1–10 bytes).
    @inlinable @inline(__always) public mutating func writeVarint(_ value: UInt64) {
        reserve(10)
        var v = value
        var at = written
        while v >= 0x80 {
            base.storeBytes(of: UInt8(truncatingIfNeeded: v) | 0x80, toByteOffset: at, as: UInt8.self)
            at &+= 1
            v >>= 7
        }
        base.storeBytes(of: UInt8(truncatingIfNeeded: v), toByteOffset: at, as: UInt8.self)
        written = at &+ 1
    }

    /// A signed value as a zigzag varint.
    @inlinable @inline(__always) public mutating func writeSignedVarint(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// A 128-bit signed value as a zigzag LEB128 varint.
    @inlinable public mutating func writeSignedVarint128(_ value: Int128) {
        var v = UInt128(bitPattern: (value << 1) ^ (value >> 127))
        if v <= UInt128(UInt64.max) {
            writeVarint(UInt64(truncatingIfNeeded: v)) // the same bytes: LEB128 does not depend on the width
            return
        }
        while v >= 0x80 {
            writeByte(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        writeByte(UInt8(truncatingIfNeeded: v))
    }

    /// Eight bytes, little-endian.
    @inlinable public mutating func writeUInt64LE(_ value: UInt64) {
        reserve(8)
        base.storeBytes(of: value.littleEndian, toByteOffset: written, as: UInt64.self)
        written &+= 8
    }

    /// A varint length followed by the bytes.
    @inlinable public mutating func writeLengthPrefixed(_ value: some Collection<UInt8>) {
        writeVarint(UInt64(value.count))
        reserve(value.count)
        var at = written
        for byte in value {
            base.storeBytes(of: byte, toByteOffset: at, as: UInt8.self)
            at &+= 1
        }
        written = at
    }

    /// A varint length followed by the string's UTF-8.
    @inlinable public mutating func writeString(_ value: String) {
        var copy = value
        copy.withUTF8 { utf8 in
            writeVarint(UInt64(utf8.count))
            writeRaw(UnsafeRawBufferPointer(utf8))
        }
    }

    @inlinable public mutating func writeRaw(_ value: UnsafeRawBufferPointer) {
        guard let source = value.baseAddress, value.count > 0 else { return }
        reserve(value.count)
        (base + written).copyMemory(from: source, byteCount: value.count)
        written &+= value.count
    }
}

/// Big-endian fixed-width keys, so LMDB's `memcmp` order is numeric order.
public enum BigEndianKey {
    /// Runs `body` with the 8 big-endian bytes of `value`.
    @inlinable
    public static func with<R>(_ value: UInt64, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var be = value.bigEndian
        return try withUnsafeBytes(of: &be, body)
    }

    /// Runs `body` with the 4 big-endian bytes of `value`.
    @inlinable
    public static func with<R>(_ value: UInt32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var be = value.bigEndian
        return try withUnsafeBytes(of: &be, body)
    }

    /// Reads a big-endian `UInt64` from the first 8 bytes (nil when shorter).
    @inlinable
    public static func uint64(_ bytes: UnsafeRawBufferPointer) -> UInt64? {
        guard bytes.count >= 8 else { return nil }
        return UInt64(bigEndian: bytes.loadUnaligned(as: UInt64.self))
    }

    /// Reads a big-endian `UInt32` from the first 4 bytes (nil when shorter).
    @inlinable
    public static func uint32(_ bytes: UnsafeRawBufferPointer, at offset: Int = 0) -> UInt32? {
        guard bytes.count >= offset + 4 else { return nil }
        return UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// Appends the big-endian bytes of `value`.
    @inlinable
    public static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var be = value.bigEndian
        withUnsafeBytes(of: &be) { bytes.append(contentsOf: $0) }
    }

    /// Appends the big-endian bytes of `value`.
    @inlinable
    public static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        var be = value.bigEndian
        withUnsafeBytes(of: &be) { bytes.append(contentsOf: $0) }
    }
}
