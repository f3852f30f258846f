#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock and CPU time of one statement, for `.timer on` (as sqlite prints it:
/// `Run Time: real 0.002 user 0.001204 sys 0.000000`).
struct ResourceTimer {
    private let startReal: Double
    private let startUser: Double
    private let startSystem: Double

    /// Starts timing now.
    init() {
        startReal = ResourceTimer.monotonicSeconds()
        (startUser, startSystem) = ResourceTimer.cpuSeconds()
    }

    /// Seconds elapsed so far: real, user CPU, system CPU.
    func elapsed() -> (real: Double, user: Double, system: Double) {
        let (user, system) = ResourceTimer.cpuSeconds()
        return (ResourceTimer.monotonicSeconds() - startReal, max(0, user - startUser), max(0, system - startSystem))
    }

    /// The sqlite-style line, with a newline.
    func report() -> String {
        let (real, user, system) = elapsed()
        return "Run Time: real \(ResourceTimer.fixed(real, 3)) user \(ResourceTimer.fixed(user, 6)) sys \(ResourceTimer.fixed(system, 6))\n"
    }

    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    static func cpuSeconds() -> (user: Double, system: Double) {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return (seconds(usage.ru_utime), seconds(usage.ru_stime))
    }

    /// `value` with exactly `digits` digits after the point (no Foundation formatting).
    static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (max(0, value) * scale).rounded()
        guard scaled.isFinite, scaled < 9e18 else { return "0" }
        let units = Int64(scaled)
        let whole = units / Int64(scale)
        var fraction = String(units % Int64(scale))
        while fraction.count < digits { fraction = "0" + fraction }
        return digits == 0 ? String(whole) : "\(whole).\(fraction)"
    }
}
