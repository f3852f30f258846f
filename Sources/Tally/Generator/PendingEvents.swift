/// Events generated ahead of their turn, released in log order.
///
/// A conversation is simulated whole when it starts, but its events (later turns, ratings hours
/// later) interleave with other conversations', so they wait here: a 4-ary min-heap (shallower
/// than a binary one, and a node's children share a cache line or two) of small keys
/// `(logTime, sequence)` over a slab of `PendingRecord`s, so sifting moves 24-byte keys and
/// records are plain memory. `sequence` breaks ties in insertion order, which keeps the stream
/// deterministic.
struct PendingEvents {
    private struct Key {
        /// `logTime` (offset to be unsigned) in the high half, the insertion sequence in the low
        /// half: one integer comparison orders by time, then by insertion.
        var order: UInt128
        var slot: Int32

        init(logTime: Int64, sequence: UInt64, slot: Int32) {
            order = UInt128(UInt64(bitPattern: logTime) ^ (1 << 63)) << 64 | UInt128(sequence)
            self.slot = slot
        }

        var logTime: Int64 { Int64(bitPattern: UInt64(truncatingIfNeeded: order >> 64) ^ (1 << 63)) }

        @inline(__always)
        static func precedes(_ a: Key, _ b: Key) -> Bool { a.order < b.order }
    }

    private var heap: [Key] = []
    private var slots: [PendingRecord] = []
    private var freeSlots: [Int32] = []
    private var nextSequence: UInt64 = 0

    var count: Int { heap.count }
    var isEmpty: Bool { heap.isEmpty }

    /// The log time of the next record out, if any.
    var earliestLogTime: Int64? { heap.first?.logTime }

    /// Adds a record that reaches the log at `logTime`.
    /// - Complexity: O(log n).
    @inline(__always)
    mutating func push(_ record: PendingRecord, logTime: Int64) {
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            slots[Int(free)] = record
        } else {
            slot = Int32(slots.count)
            slots.append(record)
        }
        heap.append(Key(logTime: logTime, sequence: nextSequence, slot: slot))
        nextSequence &+= 1
        siftUp(heap.count - 1)
    }

    /// Removes and returns the earliest record.
    /// - Complexity: O(log n).
    @inline(__always)
    mutating func pop() -> PendingRecord? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
        freeSlots.append(top.slot)
        return slots[Int(top.slot)]
    }

    private mutating func siftUp(_ start: Int) {
        heap.withUnsafeMutableBufferPointer { h in
            var child = start
            let key = h[child]
            while child > 0 {
                let parent = (child - 1) / 4
                guard Key.precedes(key, h[parent]) else { break }
                h[child] = h[parent]
                child = parent
            }
            h[child] = key
        }
    }

    private mutating func siftDown(_ start: Int) {
        heap.withUnsafeMutableBufferPointer { h in
            var parent = start
            let key = h[parent]
            let count = h.count
            while true {
                let first = 4 * parent + 1
                guard first < count else { break }
                var child = first
                let last = Swift.min(first + 4, count)
                var candidate = first + 1
                while candidate < last {
                    if Key.precedes(h[candidate], h[child]) { child = candidate }
                    candidate += 1
                }
                guard Key.precedes(h[child], key) else { break }
                h[parent] = h[child]
                parent = child
            }
            h[parent] = key
        }
    }
}
