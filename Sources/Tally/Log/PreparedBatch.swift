import Dispatch

/// A batch checked and given ids, ready to write (validation happens outside any transaction).
struct PreparedBatch: Sendable {
    let events: [Event]
    let ids: [String]

    /// Batches at least this large are validated in two halves at once: validation is pure, and
    /// it is a sixth of a bulk append's work, spent before the single writer's transaction.
    static let parallelThreshold = 4096

    /// Validates every event (throwing the error of the first invalid one, as a serial check
    /// would) and gives each event without an id a generated one.
    init(_ events: [Event]) throws(AppendError) {
        if let failure = PreparedBatch.firstFailure(in: events) { throw failure }
        var generator = SystemRandomNumberGenerator()
        self.events = events
        self.ids = events.map { $0.id ?? EventID.generate(using: &generator) }
    }

    /// The error of the first invalid event, or `nil` when every event is valid.
    static func firstFailure(in events: [Event]) -> AppendError? {
        guard events.count >= parallelThreshold else { return firstFailure(in: events, events.indices) }
        let middle = events.count / 2
        let halves = [0..<middle, middle..<events.count]
        let found = UnsafeMutableBufferPointer<AppendError?>.allocate(capacity: halves.count)
        found.initialize(repeating: nil)
        defer { found.deallocate() }
        let slots = Slots(found)
        DispatchQueue.concurrentPerform(iterations: halves.count) { half in
            slots.buffer[half] = firstFailure(in: events, halves[half])
        }
        // The earlier half's failure comes first, as in a serial pass.
        return found.lazy.compactMap { $0 }.first
    }

    private static func firstFailure(in events: [Event], _ range: Range<Int>) -> AppendError? {
        for index in range {
            do throws(EventValidationError) {
                try EventValidator.validate(events[index])
            } catch {
                return AppendError(index: index, field: error.field, reason: error.reason)
            }
        }
        return nil
    }

    /// One result slot per half; each half writes only its own, and `concurrentPerform` returns
    /// after both have finished.
    private struct Slots: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<AppendError?>
        init(_ buffer: UnsafeMutableBufferPointer<AppendError?>) { self.buffer = buffer }
    }
}
