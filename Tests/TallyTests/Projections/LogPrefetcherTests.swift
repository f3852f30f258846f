import Testing
@testable import Tally

/// Rebuilds that read the log on a second thread give the same projections as a rebuild that
/// scans it in the transaction, whatever the chunk and block boundaries.
@Suite struct LogPrefetcherTests {
    @Test(arguments: [333, 2_048, 5_000])
    func prefetchedRebuildEqualsTheDirectOne(chunk: Int) throws {
        let events = randomEvents(seed: 11, count: 6_000)
        let store = TemporaryStore()
        let log = try store.open()
        try log.append(events, durability: .bulk)
        let engine = try #require(log.projections)
        engine.prefetchThreshold = .max // scan in the transaction
        engine.chunkLimit = chunk
        try engine.rebuild(progress: nil)
        let direct = try DeterminismTests().dump(log)
        engine.prefetchThreshold = 0    // always read ahead
        try engine.rebuild(progress: nil)
        #expect(try DeterminismTests().dump(log) == direct)
        #expect(try log.verify().isClean)
    }

    /// A log of 5,000 generated events in `store`, the projections it had, and its engine with
    /// every projection table emptied (to apply the log again by hand).
    func clearedProjections(seed: UInt64, in store: TemporaryStore) throws -> (EventLog, ProjectionEngine, [String: [[UInt8]]]) {
        let log = try store.open()
        try log.append(randomEvents(seed: seed, count: 5_000), durability: .bulk)
        let expected = try DeterminismTests().dump(log)
        let engine = try #require(log.projections)
        try engine.clearAll()
        return (log, engine, expected)
    }

    /// A chunk whose transaction is retried (after the map grew) starts again from its first
    /// event, although the prefetcher had handed those events out already.
    @Test func aRetriedChunkSeesItsEventsAgain() throws {
        let store = TemporaryStore()
        let (log, engine, expected) = try clearedProjections(seed: 12, in: store)
        let last = try log.lastPosition
        let source = PrefetchedEvents(environment: log.environment, events: log.schema.events, from: 1, through: last)
        defer { source.stop() }
        struct Abandoned: Error {}
        #expect(throws: Abandoned.self) {
            try log.environment.write { txn in
                let batch = ProjectionBatch(engine: engine, txn: txn.unsafeReference)
                #expect(try source.apply(from: 1, through: 3_000, to: batch, deadline: nil) == 3_000)
                throw Abandoned()
            }
        }
        engine.abort()
        try log.environment.write { txn in
            let batch = ProjectionBatch(engine: engine, txn: txn.unsafeReference)
            #expect(try source.apply(from: 1, through: 3_000, to: batch, deadline: nil) == 3_000)
            #expect(try source.apply(from: 3_001, through: last, to: batch, deadline: nil) == last)
            try batch.flush()
        }
        #expect(try DeterminismTests().dump(log) == expected)
    }

    /// Chunks whose deadline has passed end early — after at most 1,024 events, or empty when the
    /// reading thread has nothing ready — and the next chunk goes on where they stopped.
    @Test func chunksPastTheirDeadlineEndEarlyAndLoseNothing() throws {
        let store = TemporaryStore()
        let (log, engine, expected) = try clearedProjections(seed: 14, in: store)
        let last = try log.lastPosition
        let source = PrefetchedEvents(environment: log.environment, events: log.schema.events, from: 1, through: last)
        defer { source.stop() }
        var next: UInt64 = 1
        var chunks = 0
        while next <= last {
            let end = try log.environment.write { txn in
                let batch = ProjectionBatch(engine: engine, txn: txn.unsafeReference)
                let end = try source.apply(from: next, through: last, to: batch, deadline: .now - .seconds(1))
                try batch.flush()
                return end
            }
            if end < next { #expect(source.late) } else { #expect(end - next < 1_024) }
            next = end + 1
            chunks += 1
            try #require(chunks < 100_000)
        }
        #expect(chunks >= 5)
        #expect(try DeterminismTests().dump(log) == expected)
    }

    /// An event that does not decode stops the rebuild with its position, as the direct scan does.
    @Test func anEventThatDoesNotDecodeIsReportedWithItsPosition() throws {
        let store = TemporaryStore()
        let log = try store.open()
        try log.append(randomEvents(seed: 13, count: 3_000), durability: .bulk)
        try log.environment.write { txn in
            try BigEndianKey.with(UInt64(2_500)) { key in
                _ = try txn.unsafeReference.put(log.schema.events, key: key, value: UnsafeRawBufferPointer(start: nil, count: 0))
            }
        }
        let engine = try #require(log.projections)
        engine.prefetchThreshold = 0
        engine.chunkLimit = 1_000
        do {
            try engine.rebuild(progress: nil)
            Issue.record("the rebuild went through a damaged event")
        } catch let error as DecodingError {
            #expect(error.position == 2_500)
        }
    }
}
