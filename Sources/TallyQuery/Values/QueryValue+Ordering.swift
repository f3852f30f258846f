#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tally

extension QueryValue {
    /// The total order used by `ORDER BY`, `min`/`max`, key ranges and the in-memory tables.
    ///
    /// `NULL` sorts first (as in sqlite). Integers, money and doubles compare as numbers across
    /// kinds (integer and money exactly; against a double, through the double). Text compares by
    /// UTF-8 bytes (sqlite's `BINARY` collation), so the order matches LMDB's `memcmp` key order.
    /// A day compares with a timestamp as midnight UTC of that day. Values of unrelated kinds (which
    /// the binder never lets meet) order by kind so the order stays total.
    ///
    /// - Returns: a negative number, zero or a positive number.
    @inlinable
    public static func compare(_ a: QueryValue, _ b: QueryValue) -> Int {
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _): return -1
        case (_, .null): return 1
        case let (.integer(x), .integer(y)): return x < y ? -1 : (x == y ? 0 : 1)
        case let (.text(x), .text(y)): return compareText(x, y)
        case let (.money(x), .money(y)): return threeWay(x.picodollars, y.picodollars)
        case let (.double(x), .double(y)): return compareDoubles(x, y)
        case let (.timestamp(x), .timestamp(y)): return threeWay(x.milliseconds, y.milliseconds)
        case let (.day(x), .day(y)): return threeWay(x, y)
        case let (.bool(x), .bool(y)): return x == y ? 0 : (x ? 1 : -1)
        case let (.integer(x), .money(y)): return threeWay(Int128(x) * Money.picosPerDollar, y.picodollars)
        case let (.money(x), .integer(y)): return threeWay(x.picodollars, Int128(y) * Money.picosPerDollar)
        case let (.integer(x), .double(y)): return compareDoubles(Double(x), y)
        case let (.double(x), .integer(y)): return compareDoubles(x, Double(y))
        case let (.money(x), .double(y)): return compareDoubles(x.approximateDollars, y)
        case let (.double(x), .money(y)): return compareDoubles(x, y.approximateDollars)
        case let (.day(x), .timestamp(y)): return threeWay(Int128(x) * Int128(Timestamp.dayMs), Int128(y.milliseconds))
        case let (.timestamp(x), .day(y)): return threeWay(Int128(x.milliseconds), Int128(y) * Int128(Timestamp.dayMs))
        default: return threeWay(a.kindRank, b.kindRank)
        }
    }

    /// Rank of each kind, for the (never user-visible) order between unrelated kinds.
    @usableFromInline var kindRank: Int {
        switch self {
        case .null: 0
        case .bool: 1
        case .integer, .money, .double: 2
        case .text: 3
        case .day, .timestamp: 4
        }
    }

    @usableFromInline static func threeWay<T: Comparable>(_ x: T, _ y: T) -> Int {
        x < y ? -1 : (x == y ? 0 : 1)
    }

    /// Doubles with NaN sorted after every number, so the order is total.
    @usableFromInline static func compareDoubles(_ x: Double, _ y: Double) -> Int {
        if x < y { return -1 }
        if x > y { return 1 }
        if x == y { return 0 }
        return x.isNaN ? (y.isNaN ? 0 : 1) : -1
    }

    /// Byte-wise comparison of UTF-8 text.
    @usableFromInline static func compareText(_ x: String, _ y: String) -> Int {
        var a = x
        var b = y
        return a.withUTF8 { pa in
            b.withUTF8 { pb in
                let common = min(pa.count, pb.count)
                if common > 0, let ba = pa.baseAddress, let bb = pb.baseAddress {
                    let c = memcmp(ba, bb, common)
                    if c != 0 { return c < 0 ? -1 : 1 }
                }
                return pa.count < pb.count ? -1 : (pa.count == pb.count ? 0 : 1)
            }
        }
    }
}
