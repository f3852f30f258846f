/// A mergeable latency histogram with bounded relative error (≤ 0.4 %).
///
/// Values below 256 ms are counted exactly; above, each power of two is split into 128 equal
/// buckets, so a bucket's midpoint is within 1/256 of any value in it. Two histograms merge by
/// adding counts, which is what makes agent-level and multi-day percentiles exact roll-ups of the
/// daily rows (unlike averaging percentiles).
///
/// In memory the counts are dense — indexed directly by bucket index — in blocks of 64 buckets,
/// each followed by the sum of its 64 counts, all in one `[UInt32]`. `record` is two increments in
/// one array (no search, no insertion, no allocation once the storage covers the value), `merge`
/// is an element-wise add of the two arrays, and `quantile` walks the block sums first and then
/// the buckets of one block. The storage grows on demand, in whole blocks, up to the block of the
/// highest index seen: an unused histogram allocates nothing, a typical latency up to a minute
/// needs about 1,200 buckets (under 5 KiB), and `index(of:)` never exceeds 7,295 for any `Int64`
/// (29 KiB). `add(index:count:)` and the decoder accept any `UInt16` index, so a hostile index near
/// `UInt16.max` grows that one histogram to 1,024 blocks (260 KiB) — bounded, never a crash.
///
/// The encoding is sparse (only non-empty buckets) and independent of the in-memory layout.
/// Equality and hashing depend only on the content (the non-empty buckets and `total`), never on
/// capacity or on the zeroed storage a `removeAll()` keeps.
public struct LatencyHistogram: Hashable, Sendable {
    /// Blocks of `blockSize` bucket counts, each followed by one word holding their sum: bucket
    /// `i` is at `i + i / 64`, the sum of block `b` at `b * 65 + 64`. Always whole blocks; buckets
    /// past the end count as zero.
    ///
    /// Counts and sums add with wrapping, so while `total ≤ UInt32.max` (no bucket or block can
    /// then have wrapped) every block sum is exact; past that, the sums are only used modulo 2³²
    /// and the walks that rely on them look at every bucket instead.
    private var words: [UInt32] = []
    /// The number of values recorded.
    public private(set) var total: UInt64 = 0

    /// Buckets per block.
    static let blockSize = 64
    /// log2 of `blockSize`.
    static let blockShift = 6
    /// Words per block: the counts and their sum.
    static let blockWords = blockSize + 1
    /// The most blocks a histogram holds: enough for every `UInt16` index.
    static let blockLimit = (Int(UInt16.max) + 1) / blockSize

    /// An empty histogram (no storage allocated).
    public init() {}

    /// The word of bucket `index`.
    @inline(__always)
    private static func slot(_ index: Int) -> Int { index &+ (index &>> blockShift) }

    /// The number of blocks in the storage.
    private var blockCount: Int { words.count / LatencyHistogram.blockWords }

    /// Whether block `b` may hold a non-zero count: its sum is non-zero, or the sums are not
    /// exact (`total` past `UInt32.max`).
    @inline(__always)
    private func mayBeOccupied(_ b: Int) -> Bool {
        total > UInt64(UInt32.max) || words[b &* LatencyHistogram.blockWords &+ LatencyHistogram.blockSize] != 0
    }

    /// Calls `body` with each non-empty bucket (index, count), in increasing index order.
    @inline(__always)
    private func forEachBucket(_ body: (Int, UInt32) -> Void) {
        for b in 0..<blockCount where mayBeOccupied(b) {
            let first = b &<< LatencyHistogram.blockShift
            let base = b &* LatencyHistogram.blockWords
            for k in 0..<LatencyHistogram.blockSize where words[base &+ k] != 0 {
                body(first &+ k, words[base &+ k])
            }
        }
    }

    /// Non-empty buckets in increasing index order: (bucket index, count).
    ///
    /// - Complexity: O(buckets in the occupied blocks); builds a new array.
    public var buckets: [(index: UInt16, count: UInt32)] {
        var out: [(index: UInt16, count: UInt32)] = []
        out.reserveCapacity(nonEmptyBucketCount)
        forEachBucket { out.append((UInt16(truncatingIfNeeded: $0), $1)) }
        return out
    }

    /// The number of non-empty buckets (what the encoding lists).
    var nonEmptyBucketCount: Int {
        var n = 0
        forEachBucket { _, _ in n &+= 1 }
        return n
    }

    /// One past the highest non-empty bucket's index (0 when there is none).
    private var usedBuckets: Int {
        var b = blockCount
        while b > 0 {
            b &-= 1
            guard mayBeOccupied(b) else { continue }
            let base = b &* LatencyHistogram.blockWords
            var k = LatencyHistogram.blockSize
            while k > 0 {
                k &-= 1
                if words[base &+ k] != 0 { return (b &<< LatencyHistogram.blockShift) &+ k &+ 1 }
            }
        }
        return 0
    }

    /// The words that hold the content: up to the highest non-empty bucket. Two histograms with
    /// the same buckets have the same words there (the block sums before it follow from them).
    private var usedWords: Int {
        let used = usedBuckets
        return used == 0 ? 0 : LatencyHistogram.slot(used &- 1) &+ 1
    }

    public static func == (a: LatencyHistogram, b: LatencyHistogram) -> Bool {
        guard a.total == b.total else { return false }
        let n = a.usedWords
        guard n == b.usedWords else { return false }
        for i in 0..<n where a.words[i] != b.words[i] { return false }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(total)
        let n = usedWords
        hasher.combine(n)
        words.withUnsafeBytes { raw in
            hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw[0..<(n &* MemoryLayout<UInt32>.stride)]))
        }
    }

    /// The bucket index of a value (negative values count as 0).
    @inlinable
    public static func index(of value: Int64) -> UInt16 {
        if value < 256 { return UInt16(max(0, value)) }
        let v = UInt64(value)
        let shift = (64 - v.leadingZeroBitCount) - 8 // v >> shift is in 128...255
        let mantissa = Int(v >> UInt64(shift)) - 128
        return UInt16(min(Int(UInt16.max), 256 + (shift - 1) * 128 + mantissa))
    }

    /// The representative (midpoint) value of a bucket.
    public static func value(ofIndex index: UInt16) -> Double {
        let i = Int(index)
        if i < 256 { return Double(i) }
        let shift = (i - 256) / 128 + 1
        let mantissa = (i - 256) % 128 + 128
        let low = Double(mantissa) * Double(1 << shift)
        let width = Double(1 << shift)
        return low + width / 2
    }

    /// Counts one value.
    ///
    /// - Complexity: O(1) amortized; allocates only when the value's bucket lies above the storage.
    @inline(__always)
    public mutating func record(_ value: Int64) {
        add(index: LatencyHistogram.index(of: value), count: 1)
    }

    /// Adds `count` to a bucket. A bucket's count wraps at `UInt32.max` (as it always has); `total`
    /// does not. Adding 0 changes nothing.
    ///
    /// - Complexity: O(1) amortized; allocates only when `index` lies above the storage.
    public mutating func add(index: UInt16, count: UInt32) {
        guard count != 0 else { return }
        total += UInt64(count)
        let i = Int(index)
        let at = LatencyHistogram.slot(i)
        if at >= words.count { grow(toInclude: i) }
        // The block's sum word follows its last bucket's word; both lie inside the storage.
        let sum = LatencyHistogram.slot(i | (LatencyHistogram.blockSize &- 1)) &+ 1
        words.withUnsafeMutableBufferPointer { w in
            w[at] &+= count
            w[sum] &+= count
        }
    }

    /// Extends the storage, in whole zeroed blocks, to cover bucket `index`; the capacity at least
    /// doubles (never past `blockLimit` blocks), so a histogram filling upwards reallocates
    /// O(log n) times.
    @inline(never)
    private mutating func grow(toInclude index: Int) {
        let needed = ((index &>> LatencyHistogram.blockShift) &+ 1) &* LatencyHistogram.blockWords
        if needed > words.capacity {
            let limit = LatencyHistogram.blockLimit &* LatencyHistogram.blockWords
            words.reserveCapacity(min(limit, max(needed, words.capacity &* 2)))
        }
        words.append(contentsOf: repeatElement(0, count: needed &- words.count))
    }

    /// Empties the histogram but keeps its storage: only the blocks that hold counts are zeroed,
    /// and refilling the same range allocates nothing (a series' hourly reset). Equal to
    /// `LatencyHistogram()` afterwards.
    ///
    /// - Complexity: O(blocks) plus the zeroing of the occupied blocks, for a uniquely referenced
    ///   histogram.
    public mutating func removeAll() {
        guard total != 0 else { return }
        let exact = total <= UInt64(UInt32.max)
        words.withUnsafeMutableBufferPointer { w in
            guard exact else {
                w.update(repeating: 0)
                return
            }
            var base = 0
            while base < w.count {
                if w[base &+ LatencyHistogram.blockSize] != 0 {
                    UnsafeMutableBufferPointer(rebasing: w[base..<(base &+ LatencyHistogram.blockWords)]).update(repeating: 0)
                }
                base &+= LatencyHistogram.blockWords
            }
        }
        total = 0
    }

    /// Adds every count of `other`: an element-wise (wrapping) add of the two storages, block sums
    /// included.
    ///
    /// - Complexity: O(size of `other`'s storage).
    public mutating func merge(_ other: LatencyHistogram) {
        guard other.total != 0 else { return }
        total += other.total
        let n = other.words.count
        if n > words.count { grow(toInclude: (n / LatencyHistogram.blockWords) &* LatencyHistogram.blockSize &- 1) }
        words.withUnsafeMutableBufferPointer { mine in
            other.words.withUnsafeBufferPointer { theirs in
                for i in 0..<n { mine[i] &+= theirs[i] }
            }
        }
    }

    /// The value at quantile `q` (clamped to 0…1), or `nil` when empty or `q` is NaN.
    /// Nearest-rank on bucket midpoints.
    ///
    /// - Complexity: O(blocks + 64): the block sums first, then the buckets of one block.
    public func quantile(_ q: Double) -> Double? {
        guard total > 0, !q.isNaN else { return nil }
        let wanted = (min(max(q, 0), 1) * Double(total)).rounded(.up)
        let rank = wanted >= 18_446_744_073_709_551_616.0 ? UInt64.max : max(1, UInt64(wanted))
        let exact = total <= UInt64(UInt32.max)
        var seen: UInt64 = 0
        for b in 0..<blockCount {
            let base = b &* LatencyHistogram.blockWords
            if exact {
                let sum = UInt64(words[base &+ LatencyHistogram.blockSize])
                if seen &+ sum < rank {
                    seen &+= sum
                    continue
                }
            }
            for k in 0..<LatencyHistogram.blockSize {
                seen &+= UInt64(words[base &+ k])
                if seen >= rank {
                    return LatencyHistogram.value(ofIndex: UInt16(truncatingIfNeeded: (b &<< LatencyHistogram.blockShift) &+ k))
                }
            }
        }
        // The rank lies beyond the bucket counts (only when a count wrapped): the highest bucket.
        let used = usedBuckets
        return used > 0 ? LatencyHistogram.value(ofIndex: UInt16(truncatingIfNeeded: used &- 1)) : nil
    }

    /// Appends the sparse encoding: the number of non-empty buckets, then for each, in increasing
    /// index order, the index's delta from the previous one (from 0) and the count, as varints.
    public func encode(into w: inout ByteWriter) {
        w.writeVarint(UInt64(nonEmptyBucketCount))
        var previous = 0
        for b in 0..<blockCount where mayBeOccupied(b) {
            let first = b &<< LatencyHistogram.blockShift
            let base = b &* LatencyHistogram.blockWords
            for k in 0..<LatencyHistogram.blockSize where words[base &+ k] != 0 {
                w.writeVarint(UInt64(first &+ k &- previous))
                w.writeVarint(UInt64(words[base &+ k]))
                previous = first &+ k
            }
        }
    }

    /// Steps over an encoded histogram without building it; an empty histogram, or `nil` when
    /// the bytes are malformed.
    static func skip(_ r: inout ByteReader) -> LatencyHistogram? {
        guard let count = r.readVarint(), count <= 8192 else { return nil }
        for _ in 0..<count {
            guard r.readVarint() != nil, r.readVarint() != nil else { return nil }
        }
        return LatencyHistogram()
    }

    /// Reads the sparse encoding; `nil` when malformed (more than 8,192 buckets, a short or
    /// overlong varint, a count above `UInt32.max`, an index above `UInt16.max`). Repeated indexes
    /// (a zero delta) add up; zero counts are accepted and leave no bucket.
    ///
    /// The bytes are read twice: once to validate them and find the highest index, so the storage
    /// is allocated once at its final size, then to fill it.
    public init?(from r: inout ByteReader) {
        guard let count = r.readVarint(), count <= 8192 else { return nil }
        var scan = r
        var index: UInt64 = 0
        var highest = -1 // the highest index with a non-zero count
        for _ in 0..<count {
            guard let delta = scan.readVarint(), let c = scan.readVarint32(),
                  delta <= UInt64(UInt16.max) - index else { return nil }
            index += delta
            if c != 0 { highest = Int(index) }
        }
        guard highest >= 0 else {
            r = scan
            return
        }
        words = Array(repeating: 0, count: ((highest &>> LatencyHistogram.blockShift) &+ 1) &* LatencyHistogram.blockWords)
        index = 0
        for _ in 0..<count {
            guard let delta = r.readVarint(), let c = r.readVarint32() else { return nil }
            index += delta
            add(index: UInt16(truncatingIfNeeded: index), count: c)
        }
    }
}
