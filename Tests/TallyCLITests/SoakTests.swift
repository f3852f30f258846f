import Foundation
import Tally
import Testing

/// A writer process appending durable batches at full speed while reader processes run queries,
/// for `TALLY_SOAK_SECONDS` (12 in CI); in the second half another process also replays the log
/// under a what-if book, again and again.
///
/// Checked: every reader snapshot is consistent — the events table holds exactly positions
/// 1…n, whole batches, with token sums matching those positions; the projections hold whole
/// batches of exactly the first positions — every replay succeeds, nothing acknowledged is
/// lost, `verify` is clean, no reader slot is left behind, and the writer's append latency stays
/// under the stated bounds, measured separately for each half.
@Suite(.serialized) struct SoakTests {
    static let seconds = Double(ProcessInfo.processInfo.environment["TALLY_SOAK_SECONDS"] ?? "") ?? 12
    static let readers = 3
    static let batchSize = 100
    /// With readers only, and again with a replay running: no durable append may take longer
    /// than this, and 99% finish within `p99Bound` (2 shared cores, debug build in CI, fsync on
    /// every commit). A replay writes its what-if tables into the store's derived environment,
    /// so it never holds the log's writer lock and leaves no pages for the append's fsync.
    static let maxBound: Duration = .seconds(1)
    static let p99Bound: Duration = .milliseconds(250)

    final class Shared: @unchecked Sendable {
        let lock = NSLock()
        var latencies: [Int64] = []
        var acknowledged = 0
        var snapshots = 0
        var inProgressSnapshots = 0
        var replays = 0
        var violations: [String] = []
        var writerDone = false
        /// How many appends were acknowledged when the replays began.
        var replayStart: Int?

        func with<R>(_ body: (Shared) -> R) -> R {
            lock.lock()
            defer { lock.unlock() }
            return body(self)
        }
    }

    @Test func aWriterAtFullSpeedWithReaderProcessesAndAReplay() throws {
        let dir = CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = dir + "/s"
        let shared = Shared()

        // The writer: one durable batch after another, printing each append's latency.
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: CLIRunner.binary)
        writer.arguments = ["_crash-append", "--store", store, "--batches", "100000000", "--batch-size", String(Self.batchSize),
                            "--seconds", String(Self.seconds), "--latency"]
        let out = Pipe()
        let err = Pipe()
        writer.standardOutput = out
        writer.standardError = err
        try writer.run()
        let firstAck = DispatchSemaphore(value: 0)
        let collector = Thread {
            var buffer = Data()
            var signalled = false
            while true {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                var latencies: [Int64] = []
                while let newline = buffer.firstIndex(of: 0x0A) {
                    let fields = buffer[buffer.startIndex..<newline].split(separator: 0x20)
                    buffer.removeSubrange(buffer.startIndex...newline)
                    if fields.count == 4, let micros = Int64(String(decoding: fields[3], as: UTF8.self)) { latencies.append(micros) }
                }
                shared.with { $0.latencies += latencies; $0.acknowledged += latencies.count }
                if !signalled && !latencies.isEmpty { signalled = true; firstAck.signal() }
            }
            if !signalled { firstAck.signal() }
        }
        collector.start()
        firstAck.wait()

        // Readers: each process runs a script of statements, each statement in its own snapshot.
        let check = """
            SELECT count(*) AS n, coalesce(max(position), 0) AS m, coalesce(sum(input_tokens), 0) AS t FROM events;
            SELECT coalesce(sum(interactions), 0) AS p, coalesce(sum(input_tokens), 0) AS q FROM agent_days;
            """
        let script = Array(repeating: check, count: 4).joined(separator: "\n")
        var threads: [Thread] = []
        for _ in 0..<Self.readers {
            threads.append(Thread {
                while !shared.with({ $0.writerDone }) {
                    guard let r = try? CLIRunner.run(["query", "--store", store, "--format", "csv", "-"], stdin: script) else { continue }
                    var problems: [String] = []
                    var snapshots = 0
                    var inProgress = 0
                    if r.status != 0 { problems.append("query failed (\(r.status)): \(r.stderr)") }
                    for line in r.stdout.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" }) {
                        let v = line.split(separator: ",").compactMap { Int($0) }
                        let b = SoakTests.batchSize
                        if v.count == 3 {
                            let (n, m, t) = (v[0], v[1], v[2])
                            snapshots += 1
                            // Positions 1…n, whole batches, and the token sum of exactly those
                            // positions (event at position k has k - 1 input tokens).
                            if n != m || n % b != 0 || t != n * (n - 1) / 2 { problems.append("events snapshot n=\(n) max=\(m) tokens=\(t)") }
                            if n > 0 { inProgress += 1 }
                        } else if v.count == 2 {
                            let (p, q) = (v[0], v[1])
                            snapshots += 1
                            if p % b != 0 || q != p * (p - 1) / 2 { problems.append("projection snapshot interactions=\(p) tokens=\(q)") }
                        }
                    }
                    shared.with { $0.snapshots += snapshots; $0.inProgressSnapshots += inProgress; $0.violations += problems }
                }
            })
        }
        // The replay: the whole log under another book, what-if tables written meanwhile.
        let book = CLIRunner.repositoryRoot.appendingPathComponent("Replay/books/openai.json").path
        threads.append(Thread {
            Thread.sleep(forTimeInterval: SoakTests.seconds / 2)
            shared.with { $0.replayStart = $0.latencies.count }
            while !shared.with({ $0.writerDone }) {
                guard let r = try? CLIRunner.run(["replay", "--store", store, "--prices", book, "--format", "csv"]) else { continue }
                shared.with {
                    if r.status == 0 { $0.replays += 1 } else { $0.violations.append("replay failed (\(r.status)): \(r.stderr)") }
                }
            }
        })
        for thread in threads { thread.start() }

        writer.waitUntilExit()
        shared.with { $0.writerDone = true }
        while collector.isExecuting || !collector.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        for thread in threads { while thread.isExecuting || !thread.isFinished { Thread.sleep(forTimeInterval: 0.01) } }
        let writerErrors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)

        #expect(writer.terminationStatus == 0)
        #expect(!writerErrors.contains("append failed"), "\(writerErrors)")
        let (latencies, acknowledged, snapshots, inProgress, replays, violations, replayStart) = shared.with {
            ($0.latencies, $0.acknowledged, $0.snapshots, $0.inProgressSnapshots, $0.replays, $0.violations, $0.replayStart ?? $0.latencies.count)
        }
        #expect(violations.isEmpty, "\(violations.prefix(10))")
        #expect(snapshots > 0)
        #expect(replays > 0)
        let quiet = Latency(latencies[..<replayStart])
        let replaying = Latency(latencies[replayStart...])
        #expect(Duration.microseconds(quiet.max) < Self.maxBound, "readers only: max append latency \(quiet.max) µs")
        #expect(Duration.microseconds(quiet.p99) < Self.p99Bound, "readers only: p99 append latency \(quiet.p99) µs")
        #expect(Duration.microseconds(replaying.max) < Self.maxBound, "with a replay: max append latency \(replaying.max) µs")
        #expect(Duration.microseconds(replaying.p99) < Self.p99Bound, "with a replay: p99 append latency \(replaying.p99) µs")

        // Nothing acknowledged is lost, the store is consistent, and no reader slot is left.
        let log = try EventLog(path: store)
        #expect(try log.lastPosition == UInt64(acknowledged * Self.batchSize))
        let slots = log.environment.readerSlots()
        #expect(slots.isEmpty, "reader slots still held: \(slots)")
        #expect(log.environment.clearStaleReaders() == 0)
        let report = try log.verify()
        #expect(report.isClean, "\(report.problems)")
        print("""
            soak \(Int(Self.seconds)) s: \(acknowledged) durable batches (\(acknowledged * Self.batchSize) events, \
            \(Int(Double(acknowledged) / Self.seconds)) batches/s); append latency with readers only \(quiet), \
            with readers and a replay \(replaying); \
            \(snapshots) reader snapshots (\(inProgress) of the events table mid-write), \(replays) replays; \
            all consistent, nothing lost, verify clean, 0 reader slots held after (high-water mark \(log.environment.info().readersInUse))
            """)
    }
}

/// Percentiles of append latencies in microseconds.
struct Latency: CustomStringConvertible {
    var count = 0
    var p50: Int64 = 0
    var p99: Int64 = 0
    var max: Int64 = 0

    init(_ values: ArraySlice<Int64>) {
        let sorted = values.sorted()
        count = sorted.count
        guard !sorted.isEmpty else { return }
        p50 = sorted[sorted.count / 2]
        p99 = sorted[Swift.min(sorted.count - 1, sorted.count * 99 / 100)]
        max = sorted[sorted.count - 1]
    }

    var description: String { "\(count) appends: p50 \(p50) µs, p99 \(p99) µs, max \(max) µs" }
}
