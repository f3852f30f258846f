/// Appends bytes to a growable buffer: little-endian fixed-width integers, LEB128 varints and
/// length-prefixed byte strings. `write*` always appends.
@frozen
public struct ByteWriter: Sendable {
    /// The bytes written so far.
    public var bytes: [UInt8]

    @inlinable public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Forgets the contents but keeps the capacity.
    @inlinable public mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    @inlinable public var count: Int { bytes.count }

    @inlinable public mutating func writeByte(_ value: UInt8) { bytes.append(value) }

    /// An unsigned LEB128 varint (1–10 bytes).
    @inlinable @inline(__always) public mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: v))
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
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: v))
    }

    /// Eight bytes, little-endian.
    @inlinable public mutating func writeUInt64LE(_ value: UInt64) {
        var v = value.littleEndian
        withUnsafeBytes(of: &v) { bytes.append(contentsOf: $0) }
    }

    /// A varint length followed by the bytes.
    @inlinable public mutating func writeLengthPrefixed(_ value: some Collection<UInt8>) {
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// A varint length followed by the string's UTF-8.
    @inlinable public mutating func writeString(_ value: String) {
        var copy = value
        copy.withUTF8 { utf8 in
            writeVarint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    @inlinable public mutating func writeRaw(_ value: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: value)
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
