import TallyStore

/// The engine's place in a prefetched stretch of the log, kept across its chunks.
final class PrefetchedEvents {
    private let environment: Environment
    private let events: Database
    private let end: UInt64
    // Used by the applying thread only.
    @exclusivity(unchecked) private var prefetcher: LogPrefetcher
    @exclusivity(unchecked) private var block: LogPrefetcher.Block?
    @exclusivity(unchecked) private var index = 0
    /// The position the next event handed out must follow on from.
    @exclusivity(unchecked) private var expected: UInt64

    /// Starts reading `start...end` of the log in `environment` ahead of the caller.
    init(environment: Environment, events: Database, from start: UInt64, through end: UInt64) {
        self.environment = environment
        self.events = events
        self.end = end
        expected = start
        prefetcher = LogPrefetcher(environment: environment, events: events, from: start, through: end)
    }

    /// Whether the last `apply` stopped because the reading thread fell behind its deadline
    /// (the chunk ends early; the events come in the next one).
    @exclusivity(unchecked) private(set) var late = false

    /// Applies the events from `start` through `limit` to `batch` (fewer once `deadline` has
    /// passed, checked every 1,024 events and while waiting for the reading thread); returns the
    /// last position applied (`start − 1` when none).
    ///
    /// A chunk that runs again from the same start (its transaction was retried after the map
    /// grew) restarts the reading there: the events of the failed attempt were handed out already.
    func apply(from start: UInt64, through limit: UInt64, to batch: ProjectionBatch, deadline: ContinuousClock.Instant?) throws -> UInt64 {
        if start != expected { restart(from: start) }
        late = false
        var applied = start &- 1
        var count = 0
        while true {
            if block == nil {
                switch prefetcher.take(until: deadline) {
                case .block(let next):
                    block = next
                    index = 0
                case .end:
                    return applied
                case .late:
                    late = true
                    return applied
                }
            }
            guard let current = block else { break }
            if index >= current.count {
                if let failure = current.failure { throw failure }
                prefetcher.recycle(current)
                block = nil
                continue
            }
            // The block's events in place (no copies of the decoded records).
            let stop = try current.positions.withUnsafeBufferPointer { positions in
                try current.records.withUnsafeBufferPointer { records in
                    try current.withInteractions { interactions in
                        var i = index
                        defer { index = i }
                        while i < records.count {
                            let position = positions[i]
                            if position > limit { return true }
                            try batch.apply(records[i], &interactions[i], position: position)
                            i += 1
                            applied = position
                            expected = position &+ 1
                            count &+= 1
                            // The count first: binding the (resilient) `Instant` copies it through its value witness.
                            if count & 1023 == 0, let deadline, ContinuousClock.now >= deadline { return true }
                        }
                        return false
                    }
                }
            }
            if stop { break }
        }
        return applied
    }

    /// Stops the reading thread (and waits for it). Stopping twice is harmless.
    func stop() {
        prefetcher.stop()
    }

    deinit { prefetcher.stop() }

    private func restart(from start: UInt64) {
        prefetcher.stop()
        block = nil
        index = 0
        expected = start
        prefetcher = LogPrefetcher(environment: environment, events: events, from: start, through: end)
    }
}
