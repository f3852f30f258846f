#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Draws ranks `0..<count` with probability proportional to `1 / (rank + 1)^exponent`: a few
/// very active users and a long tail of occasional ones.
struct ZipfSampler: Sendable {
    private let cumulative: [Double]

    init(count: Int, exponent: Double) {
        var running = 0.0
        var sums: [Double] = []
        sums.reserveCapacity(count)
        for rank in 0..<count {
            running += 1 / pow(Double(rank + 1), exponent)
            sums.append(running)
        }
        cumulative = sums.map { $0 / running }
    }

    /// One rank.
    /// - Complexity: O(log count).
    func sample(using random: inout SeededRandom) -> Int {
        let u = random.unit()
        var low = 0
        var high = cumulative.count - 1
        cumulative.withUnsafeBufferPointer { c in
            while low < high {
                let mid = (low + high) / 2
                if c[mid] <= u { low = mid + 1 } else { high = mid }
            }
        }
        return low
    }
}
