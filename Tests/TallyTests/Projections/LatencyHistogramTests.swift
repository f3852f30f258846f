import Foundation
import Testing
@testable import Tally

/// `LatencyHistogram` keeps its counts dense in memory but must store exactly the bytes the
/// former sorted sparse array stored, answer the same quantiles, and compare by content only.
/// `SparseReference` below is that former implementation, kept as the oracle.
@Suite struct LatencyHistogramTests {
    /// The former representation: non-empty buckets sorted by index, a binary search and an
    /// insertion per new bucket. Its encoding and quantile are the reference.
    struct SparseReference {
        var buckets: [(index: UInt16, count: UInt32)] = []
        var total: UInt64 = 0

        mutating func add(index: UInt16, count: UInt32) {
            total += UInt64(count)
            var low = 0
            var high = buckets.count
            while low < high {
                let mid = (low + high) / 2
                if buckets[mid].index < index { low = mid + 1 } else { high = mid }
            }
            if low < buckets.count && buckets[low].index == index {
                buckets[low].count &+= count
            } else {
                buckets.insert((index, count), at: low)
            }
        }

        mutating func record(_ value: Int64) { add(index: LatencyHistogram.index(of: value), count: 1) }

        func quantile(_ q: Double) -> Double? {
            guard total > 0 else { return nil }
            let rank = max(1, UInt64((q * Double(total)).rounded(.up)))
            var seen: UInt64 = 0
            for b in buckets {
                seen += UInt64(b.count)
                if seen >= rank { return LatencyHistogram.value(ofIndex: b.index) }
            }
            return buckets.last.map { LatencyHistogram.value(ofIndex: $0.index) }
        }

        var encoded: [UInt8] {
            var w = ByteWriter()
            w.writeVarint(UInt64(buckets.count))
            var previous: UInt16 = 0
            for b in buckets {
                w.writeVarint(UInt64(b.index - previous))
                w.writeVarint(UInt64(b.count))
                previous = b.index
            }
            return w.bytes
        }
    }

    static let quantiles: [Double] = [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1]

    func encoded(_ h: LatencyHistogram) -> [UInt8] {
        var w = ByteWriter()
        h.encode(into: &w)
        return w.bytes
    }

    /// Decodes `bytes`, requiring that the decoder consumed all of them when it succeeds.
    func decode(_ bytes: [UInt8]) -> LatencyHistogram? {
        bytes.withUnsafeBytes { raw in
            var r = ByteReader(raw)
            guard let h = LatencyHistogram(from: &r) else { return nil }
            return r.remaining == 0 ? h : nil
        }
    }

    func skips(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var r = ByteReader(raw)
            return LatencyHistogram.skip(&r) != nil && r.remaining == 0
        }
    }

    /// A latency drawn from one of several shapes: small exact values, a log-uniform spread over
    /// 1 ms … 10 min, a tight cluster, and rare extremes (negative, zero, `Int64.max`).
    func latency(_ shape: Int, _ rng: inout SeededRandom) -> Int64 {
        switch shape {
        case 0: return Int64.random(in: 0..<256, using: &rng)
        case 1: return Int64(pow(2, Double.random(in: 0..<19.2, using: &rng)))
        case 2: return Int64.random(in: 4_800...5_300, using: &rng)
        default:
            switch Int.random(in: 0..<20, using: &rng) {
            case 0: return -Int64.random(in: 1...1_000, using: &rng)
            case 1: return Int64.max
            case 2: return Int64.random(in: 1...Int64.max, using: &rng)
            default: return Int64(pow(2, Double.random(in: 8..<24, using: &rng)))
            }
        }
    }

    @Test(arguments: 0..<4)
    func randomValuesMatchTheSparseReference(shape: Int) throws {
        var rng = SeededRandom(seed: 0x1A7E_0000 + UInt64(shape))
        for trial in 0..<40 {
            let n = trial == 0 ? 1 : Int.random(in: 1...3_000, using: &rng)
            var h = LatencyHistogram()
            var reference = SparseReference()
            var values: [Int64] = []
            for _ in 0..<n {
                let v = latency(shape, &rng)
                values.append(v)
                h.record(v)
                reference.record(v)
            }
            #expect(h.total == UInt64(n))
            #expect(encoded(h) == reference.encoded)
            #expect(h.buckets.map(\.index) == reference.buckets.map(\.index))
            #expect(h.buckets.map(\.count) == reference.buckets.map(\.count))
            let sorted = values.map { max(0, $0) }.sorted()
            for q in LatencyHistogramTests.quantiles {
                let estimate = try #require(h.quantile(q))
                #expect(estimate == reference.quantile(q))
                // Against the raw values: the nearest-rank value's bucket midpoint, within 1/256.
                let exact = Double(sorted[max(1, Int((q * Double(n)).rounded(.up))) - 1])
                #expect(abs(estimate - exact) <= exact / 256, "q \(q): \(estimate) for \(exact)")
            }
        }
    }

    @Test func addedCountsMatchTheSparseReference() {
        var rng = SeededRandom(seed: 0xADD)
        for _ in 0..<50 {
            var h = LatencyHistogram()
            var reference = SparseReference()
            for _ in 0..<Int.random(in: 1...400, using: &rng) {
                // Indexes over the whole UInt16 range, clustered so some repeat.
                let index = Bool.random(using: &rng) ? UInt16.random(in: 0...UInt16.max, using: &rng) : UInt16.random(in: 900...1_000, using: &rng)
                let count = UInt32.random(in: 1...1_000_000, using: &rng)
                h.add(index: index, count: count)
                reference.add(index: index, count: count)
            }
            #expect(encoded(h) == reference.encoded)
            #expect(h.total == reference.total)
            for q in LatencyHistogramTests.quantiles { #expect(h.quantile(q) == reference.quantile(q)) }
        }
    }

    @Test func roundTripsThroughItsBytes() throws {
        var rng = SeededRandom(seed: 0xB17E5)
        for shape in 0..<4 {
            var h = LatencyHistogram()
            for _ in 0..<2_000 { h.record(latency(shape, &rng)) }
            let bytes = encoded(h)
            let decoded = try #require(decode(bytes))
            #expect(decoded == h)
            #expect(decoded.hashValue == h.hashValue)
            #expect(decoded.total == h.total)
            #expect(encoded(decoded) == bytes)
            for q in LatencyHistogramTests.quantiles { #expect(decoded.quantile(q) == h.quantile(q)) }
            #expect(skips(bytes))
            // Followed by other fields: the decoder stops exactly at its end.
            let framed = bytes + [0xAB]
            framed.withUnsafeBytes { raw in
                var r = ByteReader(raw)
                #expect(LatencyHistogram(from: &r) == h)
                #expect(r.readByte() == 0xAB)
            }
        }
    }

    @Test func emptyHistogramEncodesAsOneZeroByte() throws {
        let empty = LatencyHistogram()
        #expect(encoded(empty) == [0])
        #expect(empty.buckets.isEmpty)
        #expect(empty.total == 0)
        #expect(empty.quantile(0.5) == nil)
        let decoded = try #require(decode([0]))
        #expect(decoded == empty)
        #expect(skips([0]))
        // Buckets listed with zero counts decode to the empty histogram too.
        let zeros = try #require(decode([2, 5, 0, 7, 0]))
        #expect(zeros == empty)
        #expect(encoded(zeros) == [0])
    }

    @Test func equalityAndHashIgnoreOrderAndResetHistory() {
        var rng = SeededRandom(seed: 0xE0)
        let values = (0..<500).map { _ in latency(1, &rng) }
        var forward = LatencyHistogram()
        for v in values { forward.record(v) }
        var backward = LatencyHistogram()
        for v in values.reversed() { backward.record(v) }
        // Filled with other (higher) values first, then emptied: more storage, same content.
        var reused = LatencyHistogram()
        for _ in 0..<300 { reused.record(Int64.random(in: 1_000_000...100_000_000, using: &rng)) }
        reused.removeAll()
        for v in values.shuffled(using: &rng) { reused.record(v) }
        #expect(forward == backward)
        #expect(forward == reused)
        #expect(forward.hashValue == backward.hashValue)
        #expect(forward.hashValue == reused.hashValue)
        #expect(Set([forward, backward, reused]).count == 1)
        #expect(encoded(reused) == encoded(forward))
        // One more value anywhere makes them differ.
        var more = forward
        more.record(values[0])
        #expect(more != forward)
        var elsewhere = forward
        elsewhere.add(index: UInt16.max, count: 1)
        #expect(elsewhere != forward)
        #expect(elsewhere.total == forward.total + 1)
    }

    @Test func resetThenReuse() {
        var h = LatencyHistogram()
        for v: Int64 in [3, 300, 3_000, 30_000, 300_000, 30_000_000] { h.record(v) }
        h.removeAll()
        #expect(h == LatencyHistogram())
        #expect(h.hashValue == LatencyHistogram().hashValue)
        #expect(h.total == 0)
        #expect(h.buckets.isEmpty)
        #expect(h.quantile(0.99) == nil)
        #expect(encoded(h) == [0])
        h.removeAll() // emptying an empty histogram is harmless
        var fresh = LatencyHistogram()
        for v: Int64 in [5_000, 12, 5_001, 700] {
            h.record(v)
            fresh.record(v)
        }
        #expect(h == fresh)
        #expect(encoded(h) == encoded(fresh))
        #expect(h.quantile(0.5) == fresh.quantile(0.5))
        #expect(h.quantile(1) == LatencyHistogram.value(ofIndex: LatencyHistogram.index(of: 5_001)))
    }

    @Test func mergeEqualsRecordingEveryValue() {
        var rng = SeededRandom(seed: 0x3E76E)
        for _ in 0..<20 {
            var all = LatencyHistogram()
            var parts = [LatencyHistogram](repeating: LatencyHistogram(), count: Int.random(in: 1...5, using: &rng))
            for _ in 0..<Int.random(in: 0...2_000, using: &rng) {
                let v = latency(Int.random(in: 0..<4, using: &rng), &rng)
                all.record(v)
                parts[Int.random(in: 0..<parts.count, using: &rng)].record(v)
            }
            var merged = LatencyHistogram()
            for p in parts { merged.merge(p) }
            #expect(merged == all)
            #expect(merged.hashValue == all.hashValue)
            #expect(encoded(merged) == encoded(all))
            // Merging in the other order (the widest storage into the narrowest first) agrees.
            var reversed = LatencyHistogram()
            for p in parts.reversed() { reversed.merge(p) }
            #expect(reversed == all)
            for q in LatencyHistogramTests.quantiles { #expect(merged.quantile(q) == all.quantile(q)) }
        }
        var h = LatencyHistogram()
        h.record(42)
        let before = h
        h.merge(LatencyHistogram())
        #expect(h == before)
    }

    @Test func malformedBytesAreRejected() {
        // More than 8,192 buckets.
        var tooMany = ByteWriter()
        tooMany.writeVarint(8_193)
        for _ in 0..<8_193 { tooMany.writeVarint(0); tooMany.writeVarint(1) }
        #expect(decode(tooMany.bytes) == nil)
        #expect(!skips(tooMany.bytes))
        // Cut short: in the count, in a delta, in a bucket count.
        #expect(decode([]) == nil)
        #expect(decode([0x80]) == nil)
        #expect(decode([2, 5, 1]) == nil)
        #expect(decode([1, 5]) == nil)
        #expect(!skips([2, 5, 1]))
        // An index past UInt16.max, directly or by adding up deltas.
        var direct = ByteWriter()
        direct.writeVarint(1); direct.writeVarint(65_536); direct.writeVarint(1)
        #expect(decode(direct.bytes) == nil)
        var summed = ByteWriter()
        summed.writeVarint(2); summed.writeVarint(65_000); summed.writeVarint(1); summed.writeVarint(536); summed.writeVarint(1)
        #expect(decode(summed.bytes) == nil)
        // A delta so large the index sum would overflow UInt64.
        var overflowing = ByteWriter()
        overflowing.writeVarint(2); overflowing.writeVarint(1); overflowing.writeVarint(1); overflowing.writeVarint(.max); overflowing.writeVarint(1)
        #expect(decode(overflowing.bytes) == nil)
        // A bucket count above UInt32.max.
        var bigCount = ByteWriter()
        bigCount.writeVarint(1); bigCount.writeVarint(3); bigCount.writeVarint(UInt64(UInt32.max) + 1)
        #expect(decode(bigCount.bytes) == nil)
        // A varint longer than 64 bits.
        #expect(decode([1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 1]) == nil)
        // The highest index itself is fine.
        var highest = ByteWriter()
        highest.writeVarint(2); highest.writeVarint(65_000); highest.writeVarint(1); highest.writeVarint(535); highest.writeVarint(2)
        #expect(decode(highest.bytes)?.buckets.map(\.index) == [65_000, UInt16.max])
    }

    @Test func hostileValuesStayBounded() throws {
        #expect(LatencyHistogram.index(of: .max) == 7_295)
        #expect(LatencyHistogram.index(of: -5) == 0)
        var h = LatencyHistogram()
        h.record(.max)
        h.record(.min)
        h.add(index: .max, count: 3)
        #expect(h.total == 5)
        #expect(h.buckets.map(\.index) == [0, 7_295, .max])
        #expect(h.quantile(0) == 0)
        #expect(h.quantile(1) == LatencyHistogram.value(ofIndex: .max))
        #expect(try #require(decode(encoded(h))) == h)
        // Out-of-range and NaN quantiles neither trap nor invent values.
        #expect(h.quantile(-1) == 0)
        #expect(h.quantile(7) == LatencyHistogram.value(ofIndex: .max))
        #expect(h.quantile(.nan) == nil)
    }

    @Test func overflowingCountsWrapAsTheyAlwaysHave() {
        // A bucket past UInt32.max wraps (the stored count is 32-bit) while `total` does not.
        var h = LatencyHistogram()
        var reference = SparseReference()
        for (index, count): (UInt16, UInt32) in [(5, .max), (5, .max), (300, 10), (1, .max), (2, 10)] {
            h.add(index: index, count: count)
            reference.add(index: index, count: count)
        }
        #expect(h.total == reference.total)
        #expect(encoded(h) == reference.encoded)
        for q in LatencyHistogramTests.quantiles { #expect(h.quantile(q) == reference.quantile(q)) }
        var merged = LatencyHistogram()
        merged.merge(h)
        merged.merge(h)
        var twice = reference
        for b in reference.buckets { twice.add(index: b.index, count: b.count) }
        #expect(encoded(merged) == twice.encoded)
        for q in LatencyHistogramTests.quantiles { #expect(merged.quantile(q) == twice.quantile(q)) }
        merged.removeAll()
        #expect(merged == LatencyHistogram())
        merged.record(9)
        #expect(merged.buckets.map(\.index) == [9])
    }
}
