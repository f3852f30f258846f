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
        readVarintBytewise()
    }

    /// A varint expected to be long (a timestamp): with 8 readable bytes, read from one 8-byte
    /// load, else byte by byte. The same result as `readVarint`.
    @inlinable @inline(__always) public mutating func readLongVarint() -> UInt64? {
        base.count &- offset >= 8 ? readVarintWord() : readVarintBytewise()
    }

    /// A zigzag-encoded signed `readLongVarint`.
    @inlinable @inline(__always) public mutating func readLongSignedVarint() -> Int64? {
        guard let raw = readLongVarint() else { return nil }
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// A varint of up to 8 bytes from one 8-byte load: the first byte without its high bit
    /// ends it, and the 7-bit groups are packed together in three steps (no loop). Longer
    /// varints (values of 2⁵⁶ and more) take the byte-wise path. Needs 8 readable bytes.
    /// Cheaper than byte-wise only for long values: short ones (symbols, counts) stay byte-wise.
    @inlinable @inline(__always) public mutating func readVarintWord() -> UInt64? {
        let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        let ends = ~word & 0x8080_8080_8080_8080
        guard ends != 0 else { return readVarintBytewise() }
        let last = ends.trailingZeroBitCount // the high bit of the final byte: 8 × length − 1
        var x = word & (UInt64.max >> UInt64(63 &- last)) & 0x7F7F_7F7F_7F7F_7F7F
        x = (x & 0x7F00_7F00_7F00_7F00) >> 1 | (x & 0x007F_007F_007F_007F)
        x = (x & 0x3FFF_0000_3FFF_0000) >> 2 | (x & 0x0000_3FFF_0000_3FFF)
        x = (x & 0x0FFF_FFFF_0000_0000) >> 4 | (x & 0x0000_0000_0FFF_FFFF)
        offset &+= (last &+ 1) >> 3
        return x
    }

    /// A varint read one byte at a time; `nil` when truncated or beyond 64 bits.
    @inlinable @inline(__always) public mutating func readVarintBytewise() -> UInt64? {
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
