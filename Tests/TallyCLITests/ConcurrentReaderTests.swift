import Foundation
import Tally
import Testing

/// Another process reads consistent snapshots while this one appends: every snapshot holds whole
/// batches, gap-free positions, and projections that match the log.
@Suite struct ConcurrentReaderTests {
    @Test func aReaderProcessSeesWholeBatchesWhileWeAppend() throws {
        let dir = CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = try EventLog(path: dir + "/s")
        let batchSize = 100
        let batches = 150
        let base = Timestamp(rfc3339: "2026-11-01T00:00:00Z")?.milliseconds ?? 0
        let writer = Thread {
            for b in 0..<batches {
                let events = (0..<batchSize).map { i in
                    Event(id: "b\(b)-\(i)", ts: Timestamp(milliseconds: base + Int64(b * batchSize + i) * 1000), payload: .interaction(Interaction(
                        conversationID: "c\(b % 10)", agent: "a\(i % 3)", model: "m", inputTokens: 10, outputTokens: 1, latencyMs: 100
                    )))
                }
                _ = try? log.append(events, durability: .durable)
            }
        }
        writer.start()
        var snapshots = 0
        var sawPartialLog = false
        for _ in 0..<12 {
            let r = try CLIRunner.run(["query", "--store", "s", "--format", "csv",
                "SELECT count(*) AS n, coalesce(max(position), 0) AS m, coalesce(sum(input_tokens), 0) AS t FROM events"], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
            let fields = r.stdout.split(separator: "\r\n").dropFirst().first?.split(separator: ",").compactMap { Int($0) } ?? []
            guard fields.count == 3 else { Issue.record("unexpected output \(r.stdout)"); continue }
            let (n, m, t) = (fields[0], fields[1], fields[2])
            #expect(n == m)                      // gap-free positions in the snapshot
            #expect(n % batchSize == 0)          // never part of a batch
            #expect(t == n * 10)
            let p = try CLIRunner.run(["query", "--store", "s", "--format", "csv", "SELECT coalesce(sum(interactions), 0) AS n FROM agent_days"], in: dir)
            let projected = Int(p.stdout.split(separator: "\r\n").dropFirst().first ?? "") ?? -1
            #expect(projected % batchSize == 0)  // projections move with whole batches too
            if n > 0 && n < batches * batchSize { sawPartialLog = true }
            snapshots += 1
        }
        while writer.isExecuting || !writer.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        #expect(snapshots == 12)
        #expect(try log.lastPosition == UInt64(batches * batchSize))
        // Not asserted (timing-dependent), but reported: whether a reader caught the log mid-way.
        print("reader saw an in-progress log: \(sawPartialLog)")
    }
}
