/// An empirical distribution kept as its quantiles at evenly spaced probabilities, sampled by
/// inverse CDF with linear interpolation between neighbouring quantiles.
///
/// `values[i]` is the quantile at probability `i / (values.count - 1)`, so a 101-entry table holds
/// the 0th, 1st, …, 100th percentiles. Sampling a uniform `u` returns the piecewise-linear inverse
/// CDF at `u`: the table's own quantiles are reproduced exactly, and values between them spread
/// evenly, which keeps a few hundred bytes of constants faithful to a whole data set.
public struct QuantileTable: Sendable {
    /// The quantiles, non-decreasing, at probabilities `0, 1/(n-1), …, 1`.
    public let values: [Double]
    @usableFromInline let steps: Double

    /// A table from its quantiles (at least two, non-decreasing).
    public init(_ values: [Double]) {
        precondition(values.count >= 2, "a quantile table needs at least its minimum and maximum")
        precondition(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 }, "quantiles must not decrease")
        self.values = values
        self.steps = Double(values.count - 1)
    }

    /// The inverse CDF at `u` in [0, 1], interpolated linearly between the stored quantiles.
    /// - Complexity: O(1).
    @inlinable
    public func value(at u: Double) -> Double {
        let position = max(0, min(u, 1)) * steps
        let lower = min(Int(position), values.count - 2)
        let fraction = position - Double(lower)
        return values.withUnsafeBufferPointer { v in
            v[lower] + (v[lower + 1] - v[lower]) * fraction
        }
    }

    /// One draw from the distribution.
    @inlinable
    public func sample(using random: inout SeededRandom) -> Double {
        value(at: random.unit())
    }

    /// The mean of the piecewise-linear distribution the table describes.
    public var mean: Double {
        var sum = 0.0
        for i in 0..<(values.count - 1) { sum += (values[i] + values[i + 1]) / 2 }
        return sum / steps
    }
}
