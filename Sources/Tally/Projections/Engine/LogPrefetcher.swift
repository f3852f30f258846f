import Foundation
import TallyStore

/// Reads and decodes a stretch of the log on a second thread, a few blocks ahead of the
/// projections that apply it — so a rebuild or replay spends its main thread on the projections
/// and not on B-tree cursor steps, first-touch page faults and decoding.
///
/// - Each block is filled in its own short read transaction (a long-lived snapshot would keep
///   every page the rebuild frees from being reused), and the records are copied into memory the
///   block owns; the decoded views point into that copy, so they stay valid while the consumer
///   holds the block, whatever happens to the map.
/// - Events come out in position order, exactly as a cursor scan of the range gives them.
/// - `stop()` ends the thread and waits for it; the engine calls it before it returns.
final class LogPrefetcher: @unchecked Sendable {
    /// One block of consecutive stored events, decoded.
    ///
    /// One thread at a time touches a block (the reader fills it, then hands it over under the
    /// prefetcher's lock), so its fields skip the runtime exclusivity checks.
    final class Block {
        @exclusivity(unchecked) fileprivate(set) var positions: [UInt64] = []
        @exclusivity(unchecked) fileprivate(set) var records: [EventRecord] = []
        /// The payload of each interaction, decoded (empty for other types).
        @exclusivity(unchecked) fileprivate(set) var interactions: [InteractionRecord] = []
        /// A decoding failure at `records.count` (nothing after it is in the block), or a store error.
        @exclusivity(unchecked) fileprivate(set) var failure: (any Error)?
        @exclusivity(unchecked) fileprivate var offsets: [Int] = []
        @exclusivity(unchecked) fileprivate var storage: UnsafeMutableRawBufferPointer
        @exclusivity(unchecked) fileprivate var used = 0

        init(capacity: Int) {
            storage = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 8)
        }

        deinit { storage.deallocate() }

        var count: Int { records.count }

        /// Runs `body` with the decoded interactions in place (the applying thread passes each
        /// one on `inout`, so that it is not copied).
        func withInteractions<R>(_ body: (UnsafeMutableBufferPointer<InteractionRecord>) throws -> R) rethrows -> R {
            try interactions.withUnsafeMutableBufferPointer { try body($0) }
        }

        fileprivate func reset() {
            positions.removeAll(keepingCapacity: true)
            records.removeAll(keepingCapacity: true)
            interactions.removeAll(keepingCapacity: true)
            offsets.removeAll(keepingCapacity: true)
            failure = nil
            used = 0
        }

        /// Copies one record in, growing the storage (nothing points into it before `decode`).
        fileprivate func append(_ bytes: UnsafeRawBufferPointer, position: UInt64) {
            if used + bytes.count > storage.count {
                let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: max(storage.count * 2, used + bytes.count), alignment: 8)
                if used > 0, let base = storage.baseAddress { grown.baseAddress?.copyMemory(from: base, byteCount: used) }
                storage.deallocate()
                storage = grown
            }
            if let target = storage.baseAddress, let source = bytes.baseAddress, !bytes.isEmpty {
                (target + used).copyMemory(from: source, byteCount: bytes.count)
            }
            offsets.append(used)
            positions.append(position)
            used += bytes.count
        }

        /// Decodes the copied records; stops at the first that does not decode.
        fileprivate func decode() {
            let all = UnsafeRawBufferPointer(storage)
            for index in positions.indices {
                let end = index + 1 < offsets.count ? offsets[index + 1] : used
                let bytes = UnsafeRawBufferPointer(rebasing: all[offsets[index]..<end])
                do {
                    let (record, interaction) = try ProjectionBatch.decode(bytes, position: positions[index])
                    records.append(record)
                    interactions.append(interaction)
                } catch {
                    failure = error
                    return
                }
            }
        }
    }

    /// Events per block.
    static let blockSize = 2_048
    /// Blocks in flight (filled or being filled) at most.
    static let depth = 4

    private let environment: Environment
    private let events: Database
    private let condition = NSCondition()
    private var free: [Block] = []
    private var filled: [Block] = []
    private var finished = false
    private var stopped = false
    private var running = true
    private var next: UInt64
    private let end: UInt64

    /// Starts reading positions `start...end` of the log in `environment` (table `events`).
    init(environment: Environment, events: Database, from start: UInt64, through end: UInt64) {
        self.environment = environment
        self.events = events
        next = start
        self.end = end
        for _ in 0..<LogPrefetcher.depth { free.append(Block(capacity: LogPrefetcher.blockSize * 128)) }
        let thread = Thread { [self] in self.run() }
        thread.name = "tally-log-prefetch"
        thread.start()
    }

    /// What `take` found.
    enum Taken {
        case block(Block)
        /// The range is exhausted.
        case end
        /// Nothing arrived before the deadline.
        case late
    }

    /// The next filled block, waiting for it at most until `deadline`.
    ///
    /// The caller holds a transaction, and with it a shared hold on its environment; the reading
    /// thread may need that environment exclusively for a moment (to adopt a map another process
    /// grew), so the caller must not wait for it without end.
    func take(until deadline: ContinuousClock.Instant?) -> Taken {
        condition.lock()
        defer { condition.unlock() }
        while filled.isEmpty && !finished {
            if let deadline {
                let left = ContinuousClock.now.duration(to: deadline)
                guard left > .zero else { return .late }
                let (seconds, attoseconds) = left.components
                _ = condition.wait(until: Date(timeIntervalSinceNow: Double(seconds) + Double(attoseconds) * 1e-18))
            } else {
                condition.wait()
            }
        }
        return filled.isEmpty ? .end : .block(filled.removeFirst())
    }

    /// Hands a block back for refilling.
    func recycle(_ block: Block) {
        condition.lock()
        free.append(block)
        condition.signal()
        condition.unlock()
    }

    /// Ends the reading thread and waits until it has.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
    }

    private func run() {
        defer {
            condition.lock()
            running = false
            finished = true
            condition.broadcast()
            condition.unlock()
        }
        while true {
            condition.lock()
            while free.isEmpty && !stopped { condition.wait() }
            if stopped || next > end {
                condition.unlock()
                return
            }
            let block = free.removeLast()
            condition.unlock()

            block.reset()
            fill(block)
            block.decode()
            let done = block.failure != nil || block.positions.isEmpty || next > end

            condition.lock()
            if !block.positions.isEmpty || block.failure != nil { filled.append(block) } else { free.append(block) }
            if done { finished = true }
            condition.broadcast()
            condition.unlock()
            if done { return }
        }
    }

    /// Copies up to `blockSize` events from `next` on, in one short read transaction.
    private func fill(_ block: Block) {
        do {
            try environment.read { txn in
                try txn.withCursor(events) { cursor in
                    try BigEndianKey.with(next) { key in
                        try cursor.scan(from: key) { entry in
                            guard let position = BigEndianKey.uint64(entry.key), position <= end else {
                                next = end &+ 1
                                return false
                            }
                            block.append(entry.value, position: position)
                            next = position &+ 1
                            return block.positions.count < LogPrefetcher.blockSize
                        }
                    }
                }
            }
            if block.positions.isEmpty { next = end &+ 1 }
        } catch {
            block.failure = error
        }
    }
}
