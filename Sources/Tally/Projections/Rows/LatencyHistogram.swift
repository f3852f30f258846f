/// A mergeable latency histogram with bounded relative error (≤ 0.4 %).
///
/// Values below 256 ms are counted exactly; above, each power of two is split into 128 equal
/// buckets, so a bucket's midpoint is within 1/256 of any value in it. Two histograms merge by
/// adding counts, which is what makes agent-level and multi-day percentiles exact roll-ups of the
/// daily rows (unlike averaging percentiles). Stored sparse: only non-empty buckets.
public struct LatencyHistogram: Hashable, Sendable {
    /// Non-empty buckets, sorted by index: (bucket index, count).
    public private(set) var buckets: [(index: UInt16, count: UInt32)] = []
    /// The number of values recorded.
    public private(set) var total: UInt64 = 0

    public init() {}

    public static func == (a: LatencyHistogram, b: LatencyHistogram) -> Bool {
        a.total == b.total && a.buckets.elementsEqual(b.buckets) { $0.index == $1.index && $0.count == $1.count }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(total)
        for b in buckets { hasher.combine(b.index); hasher.combine(b.count) }
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
    public mutating func record(_ value: Int64) {
        add(index: LatencyHistogram.index(of: value), count: 1)
    }

    /// Adds `count` to a bucket.
    public mutating func add(index: UInt16, count: UInt32) {
        total += UInt64(count)
        let found: Bool
        let at: Int
        (found, at) = buckets.withUnsafeMutableBufferPointer { b in
            var low = 0
            var high = b.count
            while low < high {
                let mid = (low &+ high) >> 1
                if b[mid].index < index { low = mid &+ 1 } else { high = mid }
            }
            if low < b.count && b[low].index == index {
                b[low].count &+= count
                return (true, low)
            }
            return (false, low)
        }
        if !found { buckets.insert((index, count), at: at) }
    }

    /// Adds every count of `other`.
    public mutating func merge(_ other: LatencyHistogram) {
        for b in other.buckets { add(index: b.index, count: b.count) }
    }

    /// The value at quantile `q` (0…1), or `nil` when empty. Nearest-rank on bucket midpoints.
    public func quantile(_ q: Double) -> Double? {
        guard total > 0 else { return nil }
        let rank = max(1, UInt64((q * Double(total)).rounded(.up)))
        var seen: UInt64 = 0
        for b in buckets {
            seen += UInt64(b.count)
            if seen >= rank { return LatencyHistogram.value(ofIndex: b.index) }
        }
        return buckets.last.map { LatencyHistogram.value(ofIndex: $0.index) }
    }

    /// Appends the sparse encoding.
    public func encode(into w: inout ByteWriter) {
        w.writeVarint(UInt64(buckets.count))
        var previous: UInt16 = 0
        for b in buckets {
            w.writeVarint(UInt64(b.index - previous))
            w.writeVarint(UInt64(b.count))
            previous = b.index
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

    /// Reads the sparse encoding.
    public init?(from r: inout ByteReader) {
        guard let count = r.readVarint(), count <= 8192 else { return nil }
        var index: UInt64 = 0
        buckets.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let delta = r.readVarint(), let c = r.readVarint32() else { return nil }
            index += delta
            guard index <= UInt64(UInt16.max) else { return nil }
            buckets.append((UInt16(index), c))
            total += UInt64(c)
        }
    }
}
