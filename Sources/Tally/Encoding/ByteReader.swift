/// Reads what `ByteWriter` wrote, from a buffer it does not own. `read*` consumes and returns
/// `nil` on a short or malformed read — never traps — so a damaged record becomes a decoding
/// error, not a crash.
@frozen
public struct ByteReader {
    @usableFromInline let base: UnsafeRawBufferPointer
    /// The offset of the next unread byte.
    public var offset: Int

    @inlinable public init(_ bytes: UnsafeRawBufferPointer) {
        base = bytes
        offset = 0
    }

    /// Bytes left to read.
    @inlinable public var remaining: Int { base.count - offset }

    @inlinable @inline(__always) public mutating func readByte() -> UInt8? {
        guard offset < base.count else { return nil }
        defer { offset += 1 }
        return base[offset]
    }

    @inlinable @inline(__always) public mutating func readVarint() -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < base.count {
            let byte = base[offset]
            offset += 1
            if shift == 63 && byte > 1 { return nil }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
            if shift > 63 { return nil }
        }
        return nil
    }

    @inlinable @inline(__always) public mutating func readSignedVarint() -> Int64? {
        guard let raw = readVarint() else { return nil }
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    @inlinable public mutating func readSignedVarint128() -> Int128? {
        var result: UInt128 = 0
        var shift: UInt128 = 0
        while offset < base.count {
            let byte = base[offset]
            offset += 1
            if shift >= 126 && byte > 3 { return nil }
            result |= UInt128(byte & 0x7F) << shift
            if byte < 0x80 { return Int128(bitPattern: (result >> 1) ^ (0 &- (result & 1))) }
            shift += 7
            if shift > 126 { return nil }
        }
        return nil
    }

    /// A varint that must fit in `UInt32`.
    @inlinable @inline(__always) public mutating func readVarint32() -> UInt32? {
        guard let v = readVarint(), v <= UInt64(UInt32.max) else { return nil }
        return UInt32(v)
    }

    @inlinable @inline(__always) public mutating func readUInt64LE() -> UInt64? {
        guard remaining >= 8 else { return nil }
        defer { offset += 8 }
        return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// `count` bytes as a slice of the underlying buffer (no copy).
    @inlinable public mutating func readBytes(_ count: Int) -> UnsafeRawBufferPointer? {
        guard count >= 0, remaining >= count else { return nil }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: base[offset..<offset + count])
    }

    /// A varint length and that many bytes (no copy).
    @inlinable @inline(__always) public mutating func readLengthPrefixed() -> UnsafeRawBufferPointer? {
        guard let length = readVarint(), length <= UInt64(remaining) else { return nil }
        return readBytes(Int(length))
    }

    /// A length-prefixed UTF-8 string (validated; `nil` when not UTF-8).
    @inlinable public mutating func readString() -> String? {
        guard let raw = readLengthPrefixed() else { return nil }
        return String(validating: raw, as: UTF8.self)
    }
}
