import Foundation

/// Seconds as a `Double` (for rates and printing only, never for money).
extension Duration {
    var seconds: Double {
        let (s, attos) = components
        return Double(s) + Double(attos) / 1e18
    }
}

/// Times a region with the monotonic clock.
struct Stopwatch {
    private let clock = ContinuousClock()
    private var total: Duration = .zero

    /// Runs `body`, adding its duration to the total.
    @inline(__always)
    mutating func time<R>(_ body: () throws -> R) rethrows -> R {
        let start = clock.now
        defer { total += clock.now - start }
        return try body()
    }

    var elapsed: Duration { total }
}

/// Percentiles of a sample (nearest rank).
enum Percentile {
    static func of(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank - 1, 0), sorted.count - 1)]
    }
}

/// Facts about this process and the files it made.
enum ProcessFacts {
    /// Peak resident set size so far (`VmHWM`), in MiB.
    static func peakResidentMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return .nan }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").compactMap { Double($0) }
            if let kb = digits.first { return kb / 1024 }
        }
        return .nan
    }

    /// Bytes this process caused to be sent to the storage layer so far (`write_bytes` of
    /// `/proc/self/io`).
    static func writtenBytes() -> Int64 {
        guard let io = try? String(contentsOfFile: "/proc/self/io", encoding: .utf8) else { return -1 }
        for line in io.split(separator: "\n") where line.hasPrefix("write_bytes:") {
            return Int64(line.split(separator: " ").last ?? "") ?? -1
        }
        return -1
    }

    /// Bytes actually allocated on disk by the files at `paths` (directories summed one level deep).
    static func diskBytes(_ paths: [String]) -> Int64 {
        var total: Int64 = 0
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            let files = isDirectory.boolValue
                ? ((try? manager.contentsOfDirectory(atPath: path)) ?? []).map { path + "/" + $0 }
                : [path]
            for file in files {
                var info = stat()
                if stat(file, &info) == 0 { total += Int64(info.st_blocks) * 512 }
            }
        }
        return total
    }

    /// Throws unless the store a query phase needs exists (the bulk phases make it).
    static func requireStore(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw BenchError("\(path) does not exist: run the bulk-proj phase first (and --keep between runs)")
        }
    }

    /// Removes a store (directory or SQLite file with its `-wal` and `-shm`).
    static func remove(_ path: String) {
        let manager = FileManager.default
        for candidate in [path, path + "-wal", path + "-shm", path + "-journal"] {
            try? manager.removeItem(atPath: candidate)
        }
    }
}

/// Samples `RssAnon` (memory the process allocated, without the file pages it maps: LMDB's and
/// SQLite's memory maps make `VmHWM` count the store's pages that were read) every 10 ms and
/// keeps the peak.
final class AnonymousMemorySampler: @unchecked Sendable {
    private let lock = NSLock()
    private var peakKB: Double = 0
    private var running = true

    init() {
        let thread = Thread { [self] in
            while true {
                lock.lock()
                let go = running
                lock.unlock()
                guard go else { return }
                sample()
                usleep(10_000)
            }
        }
        thread.stackSize = 1 << 18
        thread.start()
    }

    private func sample() {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return }
        for line in status.split(separator: "\n") where line.hasPrefix("RssAnon:") {
            if let kb = line.split(separator: " ").compactMap({ Double($0) }).first {
                lock.lock()
                peakKB = max(peakKB, kb)
                lock.unlock()
            }
        }
    }

    /// Stops sampling and returns the peak in MiB.
    func stop() -> Double {
        sample()
        lock.lock()
        running = false
        let peak = peakKB
        lock.unlock()
        return peak / 1024
    }
}

/// What a child process reports: `RESULT key value` lines on standard output.
struct ResultLines {
    private(set) var values: [(String, String)] = []

    mutating func add(_ key: String, _ value: Double) { values.append((key, String(value))) }
    mutating func add(_ key: String, _ value: Int) { values.append((key, String(value))) }
    mutating func add(_ key: String, _ value: String) { values.append((key, value)) }

    func print() {
        for (key, value) in values { Swift.print("RESULT \(key) \(value)") }
    }

    static func parse(_ output: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in output.split(separator: "\n") where line.hasPrefix("RESULT ") {
            let parts = line.split(separator: " ", maxSplits: 2)
            if parts.count == 3 { values[String(parts[1])] = String(parts[2]) }
        }
        return values
    }
}

/// Latencies of acknowledgements, collected from many threads.
final class LatencyLog: @unchecked Sendable {
    private let lock = NSLock()
    private var samples: [Double] = []

    func add(_ batch: [Double]) {
        lock.lock()
        samples.append(contentsOf: batch)
        lock.unlock()
    }

    /// (p50, p99) in microseconds.
    func percentiles() -> (Double, Double) {
        lock.lock()
        let sorted = samples.sorted()
        lock.unlock()
        return (Percentile.of(sorted, 50), Percentile.of(sorted, 99))
    }
}

/// Runs `count` real threads (not the cooperative pool) and waits for all of them.
func runThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let done = DispatchGroup()
    for index in 0..<count {
        done.enter()
        let thread = Thread {
            body(index)
            done.leave()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
    done.wait()
}

/// The first error any of several threads met.
final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var error: (any Error)?

    func record(_ error: any Error) {
        lock.lock()
        if self.error == nil { self.error = error }
        lock.unlock()
    }

    func rethrow() throws {
        if let error { throw error }
    }
}
