/// An empirical distribution kept as its quantiles at evenly spaced probabilities, sampled by
/// inverse CDF with linear interpolation between neighbouring quantiles.
///
/// `values[i]` is the quantile at probability `i / (values.count - 1)`, so a 101-entry table holds
/// the 0th, 1st, …, 100th percentiles. An optional `tail` refines the last step (for a 101-entry
/// table, `tail[k]` is the quantile at `0.99 + k × 0.01 / (tail.count - 1)`): long-tailed data
/// (token counts, gaps) keep their mean and spread, which one straight segment from the 99th
/// percentile to the maximum would overstate. Sampling a uniform `u` returns the piecewise-linear
/// inverse CDF at `u`, so the stored quantiles are reproduced exactly.
public struct QuantileTable: Sendable {
    /// The quantiles, non-decreasing, at probabilities `0, 1/(n-1), …, 1`.
    public let values: [Double]
    /// Finer quantiles over the last step, from `values[n-2]` to `values[n-1]` (empty if none).
    public let tail: [Double]
    @usableFromInline let steps: Double
    @usableFromInline let tailStart: Double
    @usableFromInline let tailSteps: Double

    /// A table from its quantiles (at least two, non-decreasing), and optionally finer quantiles
    /// over its last step (at least two, from the second-to-last quantile to the last).
    public init(_ values: [Double], tail: [Double] = []) {
        precondition(values.count >= 2, "a quantile table needs at least its minimum and maximum")
        precondition(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 }, "quantiles must not decrease")
        precondition(tail.isEmpty || (tail.count >= 2 && tail.first == values[values.count - 2] && tail.last == values.last
            && zip(tail, tail.dropFirst()).allSatisfy { $0 <= $1 }), "the tail must refine the last step")
        self.values = values
        self.tail = tail
        self.steps = Double(values.count - 1)
        self.tailStart = Double(values.count - 2) / Double(values.count - 1)
        self.tailSteps = Double(Swift.max(tail.count - 1, 1))
    }

    /// The inverse CDF at `u` in [0, 1], interpolated linearly between the stored quantiles.
    /// - Complexity: O(1).
    @inlinable
    public func value(at u: Double) -> Double {
        let clamped = Swift.max(0, Swift.min(u, 1))
        if !tail.isEmpty, clamped >= tailStart {
            return QuantileTable.interpolate(tail, (clamped - tailStart) * steps * tailSteps)
        }
        return QuantileTable.interpolate(values, clamped * steps)
    }

    @inlinable @inline(__always)
    static func interpolate(_ points: [Double], _ position: Double) -> Double {
        points.withUnsafeBufferPointer { v in
            let lower = Swift.min(Int(position), v.count - 2)
            return v[lower] + (v[lower + 1] - v[lower]) * (position - Double(lower))
        }
    }

    /// One draw from the distribution.
    @inlinable
    public func sample(using random: inout SeededRandom) -> Double {
        value(at: random.unit())
    }

    /// The mean of the piecewise-linear distribution the table describes.
    public var mean: Double {
        let mainSteps = tail.isEmpty ? values.count - 1 : values.count - 2
        var sum = 0.0
        for i in 0..<mainSteps { sum += (values[i] + values[i + 1]) / 2 / steps }
        if !tail.isEmpty {
            for i in 0..<(tail.count - 1) { sum += (tail[i] + tail[i + 1]) / 2 / steps / tailSteps }
        }
        return sum
    }
}
