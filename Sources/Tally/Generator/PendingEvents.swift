/// Events generated ahead of their turn, released in log order.
///
/// A conversation is simulated whole when it starts, but its events (later turns, ratings hours
/// later) interleave with other conversations', so they wait here: a binary min-heap of small
/// keys `(logTime, sequence)` over a slab of events, so sifting moves 24-byte keys, never events.
/// `sequence` breaks ties in insertion order, which keeps the stream deterministic.
struct PendingEvents {
    private struct Key {
        var logTime: Int64
        var sequence: UInt64
        var slot: Int32

        @inline(__always)
        static func precedes(_ a: Key, _ b: Key) -> Bool {
            a.logTime != b.logTime ? a.logTime < b.logTime : a.sequence < b.sequence
        }
    }

    private var heap: [Key] = []
    private var slots: [Event?] = []
    private var freeSlots: [Int32] = []
    private var nextSequence: UInt64 = 0

    var count: Int { heap.count }
    var isEmpty: Bool { heap.isEmpty }

    /// The log time of the next event out, if any.
    var earliestLogTime: Int64? { heap.first?.logTime }

    /// Adds an event that reaches the log at `logTime`.
    /// - Complexity: O(log n).
    mutating func push(_ event: Event, logTime: Int64) {
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            slots[Int(free)] = event
        } else {
            slot = Int32(slots.count)
            slots.append(event)
        }
        heap.append(Key(logTime: logTime, sequence: nextSequence, slot: slot))
        nextSequence &+= 1
        siftUp(heap.count - 1)
    }

    /// Removes and returns the earliest event.
    /// - Complexity: O(log n).
    mutating func pop() -> Event? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
        freeSlots.append(top.slot)
        return slots[Int(top.slot)].take()
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        let key = heap[child]
        while child > 0 {
            let parent = (child - 1) / 2
            guard Key.precedes(key, heap[parent]) else { break }
            heap[child] = heap[parent]
            child = parent
        }
        heap[child] = key
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let key = heap[parent]
        let count = heap.count
        while true {
            var child = 2 * parent + 1
            guard child < count else { break }
            if child + 1 < count, Key.precedes(heap[child + 1], heap[child]) { child += 1 }
            guard Key.precedes(heap[child], key) else { break }
            heap[parent] = heap[child]
            parent = child
        }
        heap[parent] = key
    }
}
