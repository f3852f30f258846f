import Testing
@testable import Tally

/// The varint reader's word-at-a-time path against its byte-wise path and the writer.
@Suite struct ByteReaderTests {
    @Test func everyLengthRoundTripsAtEveryDistanceFromTheEnd() {
        var random = SeededRandom(seed: 7)
        for bits in 0...64 {
            for _ in 0..<20 {
                let value: UInt64 = bits == 0 ? 0 : (UInt64.random(in: 0...UInt64.max, using: &random) >> UInt64(64 - bits)) | (1 << UInt64(bits - 1))
                for padding in 0...9 {
                    var w = ByteWriter()
                    w.writeVarint(value)
                    for _ in 0..<padding { w.writeByte(0xAA) }
                    let bytes = w.bytes
                    bytes.withUnsafeBytes { raw in
                        var r = ByteReader(raw)
                        #expect(r.readVarint() == value, "value \(value), \(padding) bytes after")
                        #expect(r.remaining == padding)
                        var long = ByteReader(raw)
                        #expect(long.readLongVarint() == value, "value \(value), \(padding) bytes after")
                        #expect(long.remaining == padding)
                    }
                }
            }
        }
    }

    @Test func wordAndBytewisePathsAgreeOnArbitraryBytes() {
        var random = SeededRandom(seed: 20261122)
        for _ in 0..<50_000 {
            // Mostly continuation bytes, so long and overlong varints are common.
            let count = Int.random(in: 0...14, using: &random)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) | (Bool.random(using: &random) ? 0x80 : 0) }
            bytes.withUnsafeBytes { raw in
                var fast = ByteReader(raw)
                var slow = ByteReader(raw)
                let a = fast.readLongVarint()
                let b = slow.readVarintBytewise()
                #expect(a == b && (a == nil || fast.offset == slow.offset), "\(bytes)")
            }
        }
    }

    @Test func truncatedAndOverlongVarintsAreRejected() {
        let cases: [[UInt8]] = [
            [], [0x80], [0xFF, 0xFF], Array(repeating: 0xFF, count: 9),
            Array(repeating: 0xFF, count: 9) + [0x02],           // beyond 64 bits
            Array(repeating: 0x80, count: 10) + [0x00],           // eleven bytes
        ]
        for bytes in cases {
            bytes.withUnsafeBytes { raw in
                var r = ByteReader(raw)
                #expect(r.readVarint() == nil, "\(bytes)")
                var long = ByteReader(raw)
                #expect(long.readLongVarint() == nil, "\(bytes)")
            }
        }
        // The largest value takes ten bytes, the last one 0x01.
        ([UInt8](repeating: 0xFF, count: 9) + [0x01]).withUnsafeBytes { raw in
            var r = ByteReader(raw)
            #expect(r.readVarint() == UInt64.max)
        }
    }
}
