import Foundation
import Tally
import TallyStore

/// The Tally side of every phase. Each function runs in its own child process and reports
/// `RESULT` lines.
enum TallyPhases {
    static func logPath(_ o: BenchOptions) -> String { o.dir + "/tally-log" }
    static func projPath(_ o: BenchOptions) -> String { o.dir + "/tally-proj" }
    static func durablePath(_ o: BenchOptions) -> String { o.dir + "/tally-durable" }

    static func open(_ path: String, projections: Bool) throws -> EventLog {
        try ProcessFacts.requireStore(path)
        var options = LogOptions()
        options.projections = projections
        return try EventLog(path: path, options: options)
    }

    /// Bulk appends (`.bulk`, a sync at the end); with `projections`, every projection is kept
    /// caught up in each append's transaction.
    static func bulk(_ o: BenchOptions, projections: Bool) throws -> ResultLines {
        let path = projections ? projPath(o) : logPath(o)
        ProcessFacts.remove(path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let log = try open(path, projections: projections)
        let generator = try Dataset.generator(o)
        var iterator = generator.makeIterator()
        var reference = ReferenceTotals()
        var watch = Stopwatch()
        while case let batch = iterator.next(upTo: o.batch), !batch.isEmpty {
            if projections { reference.add(batch, scenario: generator.scenario) } else { reference.events += batch.count }
            try watch.time { _ = try log.append(batch, durability: .bulk) }
        }
        try watch.time { try log.sync() }
        var lines = ResultLines()
        lines.add("rate", Double(reference.events) / watch.elapsed.seconds)
        lines.add("seconds", watch.elapsed.seconds)
        lines.add("disk_mb", Double(ProcessFacts.diskBytes([path])) / 1_048_576)
        lines.add("events", reference.events)
        if projections {
            reference.report(into: &lines)
            try checks(log, into: &lines)
        }
        return lines
    }

    /// The totals the quick mode compares with SQLite's (and with the generator's own).
    static func checks(_ log: EventLog, into lines: inout ResultLines) throws {
        guard let engine = log.projections else { return }
        lines.add("check.events", try log.read { try $0.count() })
        let s = try engine.summary()
        let t = s.totals
        lines.add("check.interactions", Int(t.interactions))
        lines.add("check.input_tokens", String(t.inputTokens))
        lines.add("check.output_tokens", String(t.outputTokens))
        lines.add("check.cached_input_tokens", String(t.cachedInputTokens))
        lines.add("check.cache_write_tokens", String(t.cacheWriteTokens))
        lines.add("check.reasoning_tokens", String(t.reasoningTokens))
        lines.add("check.cost", t.cost.description)
        lines.add("check.unpriced", String(t.unpriced))
        lines.add("check.reported_cost", t.reportedCost.description)
        lines.add("check.errors", String(t.errors))
        lines.add("check.latency_count", String(t.latencyCount))
        lines.add("check.conversations", s.conversations)
        lines.add("check.users", s.users)
    }

    /// Splits events over `threads` appenders in batches of `batch` (contiguous ranges).
    static func split(_ events: [Event], threads: Int, batch: Int) -> [[[Event]]] {
        let share = (events.count + threads - 1) / threads
        return (0..<threads).map { thread in
            let low = min(events.count, thread * share)
            let high = min(events.count, low + share)
            return stride(from: low, to: high, by: batch).map { Array(events[$0..<min($0 + batch, high)]) }
        }
    }

    /// 8 threads appending batches of 100 with `.durable` (one synced commit each) or `.grouped`
    /// (shared commits), log only or with projections.
    static func durable8(_ o: BenchOptions, durability: Durability, projections: Bool) throws -> ResultLines {
        let events = try Dataset.events(o, count: o.durableEvents)
        let path = durablePath(o)
        ProcessFacts.remove(path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let log = try open(path, projections: projections)
        let batches = split(events, threads: 8, batch: 100)
        let latencies = LatencyLog()
        let failure = FirstError()
        let clock = ContinuousClock()
        let start = clock.now
        runThreads(8) { thread in
            var local: [Double] = []
            local.reserveCapacity(batches[thread].count)
            for batch in batches[thread] {
                let t0 = clock.now
                do { _ = try log.append(batch, durability: durability) } catch { failure.record(error); return }
                local.append((clock.now - t0).seconds * 1e6)
            }
            latencies.add(local)
        }
        let elapsed = (clock.now - start).seconds
        try failure.rethrow()
        let stored = try log.read { try $0.count() }
        guard stored == events.count else { throw BenchError("durable phase stored \(stored) of \(events.count) events") }
        return SQLitePhases.durableResult(count: events.count, elapsed: elapsed, latencies: latencies, path: path, o)
    }

    /// 64 tasks each appending one event at a time with the async grouped append.
    static func async64(_ o: BenchOptions, projections: Bool) async throws -> ResultLines {
        let events = try Dataset.events(o, count: o.singleEvents)
        let path = durablePath(o)
        ProcessFacts.remove(path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let log = try open(path, projections: projections)
        let perTask = split(events, threads: 64, batch: 1)
        let latencies = LatencyLog()
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: [Double].self) { group in
            for task in 0..<64 {
                let mine = perTask[task]
                group.addTask {
                    var local: [Double] = []
                    local.reserveCapacity(mine.count)
                    for batch in mine {
                        let t0 = clock.now
                        _ = try await log.append(batch)
                        local.append((clock.now - t0).seconds * 1e6)
                    }
                    return local
                }
            }
            for try await local in group { latencies.add(local) }
        }
        let elapsed = (clock.now - start).seconds
        let stored = try log.read { try $0.count() }
        guard stored == events.count else { throw BenchError("async phase stored \(stored) of \(events.count) events") }
        return SQLitePhases.durableResult(count: events.count, elapsed: elapsed, latencies: latencies, path: path, o)
    }

    /// `ProjectionEngine.rebuild` over the projections store.
    static func rebuild(_ o: BenchOptions) throws -> ResultLines {
        let log = try open(projPath(o), projections: false)
        let engine = try ProjectionEngine(log: log)
        let count = try log.read { try $0.count() }
        let clock = ContinuousClock()
        let start = clock.now
        try engine.rebuild(progress: nil)
        let elapsed = (clock.now - start).seconds
        var lines = ResultLines()
        lines.add("rate", Double(count) / elapsed)
        lines.add("seconds", elapsed)
        let reopened = try open(projPath(o), projections: true)
        try checks(reopened, into: &lines)
        return lines
    }

    /// `log.replay` under the what-if book, grouped by model (the report also carries the days).
    static func replay(_ o: BenchOptions, full: Bool) throws -> ResultLines {
        let log = try open(projPath(o), projections: true)
        let scenario = try Dataset.generator(o).scenario
        let book = try PriceBook.parse(bytes: Array(Dataset.whatIfBookJSON(scenario).utf8))
        var options = ReplayOptions(book: book)
        options.groupBy = .model
        options.buildProjections = full
        options.name = "whatif"
        let clock = ContinuousClock()
        let start = clock.now
        let report = try log.replay(options)
        let elapsed = (clock.now - start).seconds
        var lines = ResultLines()
        lines.add("seconds", elapsed)
        lines.add("check.replay.interactions", String(report.total.interactions))
        lines.add("check.replay.baseline", report.total.baseline.description)
        lines.add("check.replay.whatif", report.total.whatIf.description)
        lines.add("check.replay.unpriced", String(report.total.unpriced))
        lines.add("check.replay.models", report.groups.count)
        lines.add("check.replay.days", report.daily.count)
        if let top = report.groups.first { lines.add("check.replay.top_model", "\(top.group)=\(top.whatIf.description)") }
        return lines
    }

    /// Conversation ids at the sampled positions (read before timing).
    static func sampleConversations(_ log: EventLog, _ o: BenchOptions, count: Int) throws -> [String] {
        try log.read { reader in
            let total = Int(try reader.lastPosition())
            var ids: [String] = []
            for position in Dataset.samplePositions(count: count * 2, of: total, seed: o.seed) where ids.count < count {
                if let id = try reader.event(at: position)?.conversationID { ids.append(id) }
            }
            return ids
        }
    }

    /// The `p.conversations` row of one conversation, decoded (a read snapshot, the id's symbol,
    /// the row by key).
    @inline(__always)
    static func conversationRow(_ log: EventLog, _ id: String) throws -> ConversationRow? {
        try log.readProjections { try $0.conversation(id) }
    }

    static func point(_ o: BenchOptions) throws -> ResultLines {
        let log = try open(projPath(o), projections: true)
        let ids = try sampleConversations(log, o, count: o.pointQueries)
        let clock = ContinuousClock()
        var latencies: [Double] = []
        latencies.reserveCapacity(ids.count)
        var found = 0
        var interactions: Int64 = 0
        var cost = Money.zero
        for id in ids {
            let t0 = clock.now
            let row = try conversationRow(log, id)
            latencies.append((clock.now - t0).seconds * 1e6)
            if let row {
                found += 1
                interactions += row.usage.interactions
                cost += row.usage.cost
            }
        }
        latencies.sort()
        // The conversation's events, decoded, for comparison.
        var eventLatencies: [Double] = []
        for id in ids.prefix(1000) {
            let t0 = clock.now
            _ = try log.read { try $0.events(ofConversation: id) }
            eventLatencies.append((clock.now - t0).seconds * 1e6)
        }
        eventLatencies.sort()
        var lines = ResultLines()
        lines.add("p50_us", Percentile.of(latencies, 50))
        lines.add("p99_us", Percentile.of(latencies, 99))
        lines.add("events_p50_us", Percentile.of(eventLatencies, 50))
        lines.add("check.point.found", found)
        lines.add("check.point.interactions", String(interactions))
        lines.add("check.point.cost", cost.description)
        if let first = ids.first { lines.add("sample_conversation", first) }
        return lines
    }

    /// The 90 days of `agent_days` from the first generated day, summed (a key-range scan).
    static func aggregate(_ o: BenchOptions) throws -> ResultLines {
        let log = try open(projPath(o), projections: true)
        let first = Int32(try Dataset.generator(o).scenario.start.epochDay)
        let clock = ContinuousClock()
        var times: [Double] = []
        var totals = UsageTotals()
        var rows = 0
        for _ in 0..<25 {
            let t0 = clock.now
            totals = UsageTotals()
            rows = 0
            try log.readProjections { reader in
                try reader.agentDays(fromDay: first) { key, row in
                    guard key.day < first + 90 else { return false }
                    totals.merge(row.usage)
                    rows += 1
                    return true
                }
            }
            times.append((clock.now - t0).seconds * 1e3)
        }
        times.sort()
        var lines = ResultLines()
        lines.add("ms", Percentile.of(times, 50))
        lines.add("rows", rows)
        lines.add("check.agg.interactions", String(totals.interactions))
        lines.add("check.agg.cost", totals.cost.description)
        return lines
    }

    /// Open the store (projections are materialized: nothing is replayed) and answer one point
    /// query, in a fresh process (the page cache is warm).
    static func openThenQuery(_ o: BenchOptions) throws -> ResultLines {
        let conversation = o.conversation ?? ""
        let clock = ContinuousClock()
        let start = clock.now
        let log = try open(projPath(o), projections: true)
        let row = try conversationRow(log, conversation)
        let elapsed = (clock.now - start).seconds
        var lines = ResultLines()
        lines.add("ms", elapsed * 1e3)
        lines.add("found", row == nil ? 0 : 1)
        return lines
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
