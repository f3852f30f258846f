import Foundation
import Tally

/// The SQLite side of every phase. Each function runs in its own child process and reports
/// `RESULT` lines.
enum SQLitePhases {
    static func logPath(_ o: BenchOptions) -> String { o.dir + "/sqlite-log.db" }
    static func projPath(_ o: BenchOptions) -> String { o.dir + "/sqlite-proj.db" }
    static func durablePath(_ o: BenchOptions) -> String { o.dir + "/sqlite-durable.db" }

    /// Bulk inserts, `synchronous=NORMAL`, one transaction per batch, a checkpoint at the end;
    /// with `maintained`, the summary tables are folded in each transaction.
    static func bulk(_ o: BenchOptions, maintained: Bool) throws -> ResultLines {
        let path = maintained ? projPath(o) : logPath(o)
        ProcessFacts.remove(path)
        let store = try SQLiteStore(path: path, sync: .normal, create: true)
        try store.prepareAppend(maintained: maintained)
        var iterator = try Dataset.generator(o).makeIterator()
        var watch = Stopwatch()
        var count = 0
        while case let batch = iterator.next(upTo: o.batch), !batch.isEmpty {
            try watch.time { try store.appendBatch(batch) }
            count += batch.count
        }
        try watch.time { try store.checkpoint() }
        var lines = ResultLines()
        lines.add("rate", Double(count) / watch.elapsed.seconds)
        lines.add("seconds", watch.elapsed.seconds)
        lines.add("disk_mb", Double(ProcessFacts.diskBytes([path, path + "-wal"])) / 1_048_576)
        if maintained { try checks(store.connection, prefix: "", into: &lines) }
        lines.add("events", count)
        return lines
    }

    /// The totals the quick mode compares with Tally's.
    static func checks(_ db: SQLiteConnection, prefix p: String, into lines: inout ResultLines) throws {
        lines.add("check.events", Int(try db.scalar("SELECT count(*) FROM events")))
        let totals = try db.prepare("""
            SELECT sum(interactions), sum(input_tokens), sum(output_tokens), sum(cached_input_tokens), sum(cache_write_tokens),
                   sum(reasoning_tokens), sum(cost_pd), sum(unpriced), sum(reported_cost_pd), sum(errors), sum(latency_count)
            FROM \(p)agent_days
            """)
        guard try totals.step() else { return }
        lines.add("check.interactions", Int(totals.int64(0)))
        lines.add("check.input_tokens", String(totals.int64(1)))
        lines.add("check.output_tokens", String(totals.int64(2)))
        lines.add("check.cached_input_tokens", String(totals.int64(3)))
        lines.add("check.cache_write_tokens", String(totals.int64(4)))
        lines.add("check.reasoning_tokens", String(totals.int64(5)))
        lines.add("check.cost", Money(picodollars: Int128(totals.int64(6))).description)
        lines.add("check.unpriced", String(totals.int64(7)))
        lines.add("check.reported_cost", Money(picodollars: Int128(totals.int64(8))).description)
        lines.add("check.errors", String(totals.int64(9)))
        lines.add("check.latency_count", String(totals.int64(10)))
        lines.add("check.conversations", Int(try db.scalar("SELECT count(*) FROM \(p)conversations")))
        lines.add("check.users", Int(try db.scalar("SELECT count(*) FROM \(p)users")))
        lines.add("check.conversation_cost", Money(picodollars: Int128(try db.scalar("SELECT sum(cost_pd) FROM \(p)conversations"))).description)
        lines.add("check.model_cost", Money(picodollars: Int128(try db.scalar("SELECT sum(cost_pd) FROM \(p)models"))).description)
    }

    /// 8 threads appending batches of 100, `synchronous=FULL`, through one connection that a
    /// mutex serializes (SQLite has one writer at a time whatever the connections; a connection
    /// per thread only adds busy-waiting).
    static func durable8(_ o: BenchOptions) throws -> ResultLines {
        let events = try Dataset.events(o, count: o.durableEvents)
        let path = durablePath(o)
        ProcessFacts.remove(path)
        let store = try SQLiteStore(path: path, sync: .full, create: true)
        try store.prepareAppend(maintained: false)
        let batches = TallyPhases.split(events, threads: 8, batch: 100)
        let lock = NSLock()
        let latencies = LatencyLog()
        let failure = FirstError()
        let clock = ContinuousClock()
        let start = clock.now
        runThreads(8) { thread in
            var local: [Double] = []
            local.reserveCapacity(batches[thread].count)
            for batch in batches[thread] {
                let t0 = clock.now
                lock.lock()
                do { try store.appendBatch(batch) } catch { failure.record(error) }
                lock.unlock()
                local.append((clock.now - t0).seconds * 1e6)
            }
            latencies.add(local)
        }
        let elapsed = (clock.now - start).seconds
        try failure.rethrow()
        return durableResult(count: events.count, elapsed: elapsed, latencies: latencies, path: path, o)
    }

    /// 64 threads inserting one event each time, each insert its own `FULL`-synced commit.
    static func single64(_ o: BenchOptions) throws -> ResultLines {
        let events = try Dataset.events(o, count: o.sqliteSingleEvents)
        let path = durablePath(o)
        ProcessFacts.remove(path)
        let store = try SQLiteStore(path: path, sync: .full, create: true)
        try store.prepareAppend(maintained: false)
        let perThread = TallyPhases.split(events, threads: 64, batch: 1)
        let lock = NSLock()
        let latencies = LatencyLog()
        let failure = FirstError()
        let clock = ContinuousClock()
        let start = clock.now
        runThreads(64) { thread in
            var local: [Double] = []
            for batch in perThread[thread] {
                let t0 = clock.now
                lock.lock()
                do { try store.appendEach(batch[0]) } catch { failure.record(error) }
                lock.unlock()
                local.append((clock.now - t0).seconds * 1e6)
            }
            latencies.add(local)
        }
        let elapsed = (clock.now - start).seconds
        try failure.rethrow()
        return durableResult(count: events.count, elapsed: elapsed, latencies: latencies, path: path, o)
    }

    static func durableResult(count: Int, elapsed: Double, latencies: LatencyLog, path: String, _ o: BenchOptions) -> ResultLines {
        var lines = ResultLines()
        let (p50, p99) = latencies.percentiles()
        lines.add("rate", Double(count) / elapsed)
        lines.add("p50_us", p50)
        lines.add("p99_us", p99)
        lines.add("events", count)
        if !o.keep { ProcessFacts.remove(path) }
        return lines
    }

    /// Recomputes the four summary tables from all events with INSERT … SELECT … GROUP BY.
    static func rebuild(_ o: BenchOptions) throws -> ResultLines {
        let store = try SQLiteStore(path: projPath(o), sync: .normal, create: false)
        let count = try store.connection.scalar("SELECT count(*) FROM events")
        let clock = ContinuousClock()
        let start = clock.now
        try store.rebuild(prefix: "", prices: "prices")
        try store.checkpoint()
        let elapsed = (clock.now - start).seconds
        var lines = ResultLines()
        lines.add("rate", Double(count) / elapsed)
        lines.add("seconds", elapsed)
        try checks(store.connection, prefix: "", into: &lines)
        return lines
    }

    /// The what-if repricing by model and by day in one GROUP BY (model, day) pass, rolled up by
    /// model and by day; with `full`, also the four what-if summary tables.
    static func replay(_ o: BenchOptions, full: Bool) throws -> ResultLines {
        let store = try SQLiteStore(path: projPath(o), sync: .normal, create: false)
        let scenario = try Dataset.generator(o).scenario
        try store.loadWhatIfBook(Dataset.whatIfBookJSON(scenario))
        let query = try store.connection.prepare("""
            SELECT e.model, e.ts / 86400000, count(*), coalesce(sum(e.cost_pd), 0), sum(e.cost_pd IS NULL),
                   coalesce(sum(\(SQLSchema.cost())), 0), sum(\(SQLSchema.cost()) IS NULL)
            FROM events e LEFT JOIN whatif_prices p ON p.model = e.model AND p.valid_from <= e.ts AND e.ts < p.valid_until
            WHERE e.type = 1 GROUP BY e.model, e.ts / 86400000
            """)
        struct Group { var interactions: Int64 = 0, baseline: Int128 = 0, baselineUnpriced: Int64 = 0, whatIf: Int128 = 0, unpriced: Int64 = 0 }
        let clock = ContinuousClock()
        let start = clock.now
        var byModel: [String: Group] = [:]
        var byDay: [Int64: Group] = [:]
        while try query.step() {
            let model = query.text(0) ?? "(none)"
            let day = query.int64(1)
            let g = Group(interactions: query.int64(2), baseline: Int128(query.int64(3)), baselineUnpriced: query.int64(4),
                          whatIf: Int128(query.int64(5)), unpriced: query.int64(6))
            for key in [0, 1] {
                var target = key == 0 ? byModel[model, default: Group()] : byDay[day, default: Group()]
                target.interactions += g.interactions; target.baseline += g.baseline; target.baselineUnpriced += g.baselineUnpriced
                target.whatIf += g.whatIf; target.unpriced += g.unpriced
                if key == 0 { byModel[model] = target } else { byDay[day] = target }
            }
        }
        if full {
            try store.rebuild(prefix: "w_", prices: "whatif_prices")
            try store.checkpoint()
        }
        let elapsed = (clock.now - start).seconds
        var total = Group()
        for g in byModel.values {
            total.interactions += g.interactions; total.baseline += g.baseline; total.baselineUnpriced += g.baselineUnpriced
            total.whatIf += g.whatIf; total.unpriced += g.unpriced
        }
        var lines = ResultLines()
        lines.add("seconds", elapsed)
        lines.add("check.replay.interactions", String(total.interactions))
        lines.add("check.replay.baseline", Money(picodollars: total.baseline).description)
        lines.add("check.replay.whatif", Money(picodollars: total.whatIf).description)
        lines.add("check.replay.unpriced", String(total.unpriced))
        lines.add("check.replay.models", byModel.count)
        lines.add("check.replay.days", byDay.count)
        let top = byModel.max { $0.value.baseline < $1.value.baseline }
        if let top { lines.add("check.replay.top_model", "\(top.key)=\(Money(picodollars: top.value.whatIf).description)") }
        if full {
            lines.add("check.replay.whatif_agent_days_cost", Money(picodollars: Int128(try store.connection.scalar("SELECT sum(cost_pd) FROM w_agent_days"))).description)
        }
        return lines
    }

    /// Conversation ids at the sampled positions (read before timing).
    static func sampleConversations(_ db: SQLiteConnection, _ o: BenchOptions, count: Int) throws -> [String] {
        let total = Int(try db.scalar("SELECT max(position) FROM events"))
        let statement = try db.prepare("SELECT conversation_id FROM events WHERE position = ?1")
        var ids: [String] = []
        for position in Dataset.samplePositions(count: count * 2, of: total, seed: o.seed) where ids.count < count {
            statement.reset()
            statement.bind(1, Int64(position))
            if try statement.step(), let id = statement.text(0) { ids.append(id) }
        }
        return ids
    }

    /// One conversation's summary row by primary key.
    static func point(_ o: BenchOptions) throws -> ResultLines {
        let store = try SQLiteStore(path: projPath(o), sync: .normal, create: false)
        let ids = try sampleConversations(store.connection, o, count: o.pointQueries)
        let query = try store.connection.prepare("""
            SELECT tenant, user_id, started_at, last_at, interactions, input_tokens, output_tokens, cost_pd, handoffs
            FROM conversations WHERE conversation_id = ?1
            """)
        let clock = ContinuousClock()
        var latencies: [Double] = []
        latencies.reserveCapacity(ids.count)
        var found = 0
        var interactions: Int64 = 0
        var cost: Int64 = 0
        for id in ids {
            let t0 = clock.now
            query.reset()
            query.bind(1, id)
            if try query.step() {
                found += 1
                interactions += query.int64(4)
                cost += query.int64(7)
                _ = query.text(0)
            }
            latencies.append((clock.now - t0).seconds * 1e6)
        }
        latencies.sort()
        var lines = ResultLines()
        lines.add("p50_us", Percentile.of(latencies, 50))
        lines.add("p99_us", Percentile.of(latencies, 99))
        lines.add("check.point.found", found)
        lines.add("check.point.interactions", String(interactions))
        lines.add("check.point.cost", Money(picodollars: Int128(cost)).description)
        if let first = ids.first { lines.add("sample_conversation", first) }
        return lines
    }

    /// The 90 days of `agent_days` from the first generated day, summed (a primary-key range).
    static func aggregate(_ o: BenchOptions) throws -> ResultLines {
        let store = try SQLiteStore(path: projPath(o), sync: .normal, create: false)
        let first = try Dataset.generator(o).scenario.start.epochDay
        let query = try store.connection.prepare("""
            SELECT count(*), sum(interactions), sum(input_tokens), sum(output_tokens), sum(cost_pd), sum(errors)
            FROM agent_days WHERE day >= ?1 AND day < ?1 + 90
            """)
        let clock = ContinuousClock()
        var times: [Double] = []
        var interactions: Int64 = 0
        var cost: Int64 = 0
        for _ in 0..<25 {
            let t0 = clock.now
            query.reset()
            query.bind(1, first)
            if try query.step() {
                interactions = query.int64(1)
                cost = query.int64(4)
            }
            times.append((clock.now - t0).seconds * 1e3)
        }
        times.sort()
        var lines = ResultLines()
        lines.add("ms", Percentile.of(times, 50))
        lines.add("check.agg.interactions", String(interactions))
        lines.add("check.agg.cost", Money(picodollars: Int128(cost)).description)
        return lines
    }

    /// Open the database and answer one point query (a fresh process; the page cache is warm).
    static func open(_ o: BenchOptions) throws -> ResultLines {
        let conversation = o.conversation ?? ""
        let clock = ContinuousClock()
        try ProcessFacts.requireStore(projPath(o))
        let start = clock.now
        let db = try SQLiteConnection(path: projPath(o))
        let query = try db.prepare("SELECT interactions, cost_pd FROM conversations WHERE conversation_id = ?1")
        query.bind(1, conversation)
        let found = try query.step()
        let elapsed = (clock.now - start).seconds
        var lines = ResultLines()
        lines.add("ms", elapsed * 1e3)
        lines.add("found", found ? 1 : 0)
        return lines
    }
}
