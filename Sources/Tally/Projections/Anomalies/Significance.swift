#if canImport(Glibc)
import Glibc
#endif

/// Tail probabilities for the anomaly tests.
enum Significance {
    /// P(X ≥ x) for X ~ Poisson(λ): exact summation for moderate λ, a normal approximation with
    /// continuity correction beyond. Used for counts of rare events (errors, SLA breaches) in an
    /// hour, where a normal approximation would understate the upper tail and raise false alarms.
    static func poissonUpperTail(_ x: Int64, lambda: Double) -> Double {
        guard lambda > 0 else { return x > 0 ? 0 : 1 }
        if Double(x) <= lambda { return 1 }
        if lambda > 500 {
            return normalUpperTail((Double(x) - 0.5 - lambda) / lambda.squareRoot())
        }
        var k = Double(x)
        var term = exp(-lambda + k * log(lambda) - lgamma(k + 1))
        var sum = 0.0
        var steps = 0
        while term > sum * 1e-15 && steps < 10_000 {
            sum += term
            k += 1
            term *= lambda / k
            steps += 1
        }
        return min(1, sum)
    }

    /// P(Z ≥ z) for a standard normal Z.
    static func normalUpperTail(_ z: Double) -> Double {
        0.5 * erfc(z / 2.0.squareRoot())
    }
}
