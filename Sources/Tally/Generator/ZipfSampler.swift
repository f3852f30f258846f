#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Draws ranks `0..<count` with probability proportional to `1 / (rank + 1)^exponent`: a few
/// very active users and a long tail of occasional ones.
///
/// Uses Walker's alias method (Vose's construction): one uniform draw and two table reads per
/// sample, whatever the number of users.
struct ZipfSampler: Sendable {
    private let threshold: [Double]
    private let alias: [Int32]

    init(count: Int, exponent: Double) {
        precondition(count > 0, "a Zipf sampler needs at least one rank")
        var weights = (0..<count).map { 1 / pow(Double($0 + 1), exponent) }
        let total = weights.reduce(0, +)
        for index in weights.indices { weights[index] *= Double(count) / total }
        var threshold = Array(repeating: 1.0, count: count)
        var alias = (0..<count).map { Int32($0) }
        var small: [Int] = []
        var large: [Int] = []
        for (index, weight) in weights.enumerated() {
            if weight < 1 { small.append(index) } else { large.append(index) }
        }
        while let s = small.popLast(), let l = large.last {
            threshold[s] = weights[s]
            alias[s] = Int32(l)
            weights[l] -= 1 - weights[s]
            if weights[l] < 1 {
                large.removeLast()
                small.append(l)
            }
        }
        // Whatever is left is 1 up to rounding: it keeps its own rank.
        self.threshold = threshold
        self.alias = alias
    }

    /// One rank.
    /// - Complexity: O(1).
    @inline(__always)
    func sample(using random: inout SeededRandom) -> Int {
        let scaled = random.unit() * Double(threshold.count)
        let column = Swift.min(Int(scaled), threshold.count - 1)
        return scaled - Double(column) < threshold[column] ? column : Int(alias[column])
    }
}
