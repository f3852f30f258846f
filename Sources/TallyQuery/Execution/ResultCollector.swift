/// The tail of every statement that cannot stream: `DISTINCT`, `ORDER BY` (a full sort, or a
/// bounded heap of `OFFSET + LIMIT` rows when there is a `LIMIT`), then `OFFSET`/`LIMIT`.
struct ResultCollector {
    private struct Entry {
        var output: [QueryValue]
        var keys: [QueryValue]
        var sequence: Int
    }

    private let sortKeys: [SortKey]
    private let distinct: Bool
    private let limit: Int?
    private let offset: Int
    private var seen: Set<[QueryValue]> = []
    private var entries: [Entry] = []
    private var sequence = 0
    /// `OFFSET + LIMIT` when both bound the result: only that many rows are kept, in a heap.
    private let capacity: Int?

    init(sortKeys: [SortKey], distinct: Bool, limit: Int?, offset: Int) {
        self.sortKeys = sortKeys
        self.distinct = distinct
        self.limit = limit
        self.offset = offset
        if let limit, !sortKeys.isEmpty {
            let (sum, overflow) = limit.addingReportingOverflow(offset)
            capacity = overflow ? nil : sum
        } else {
            capacity = nil
        }
    }

    /// Whether no further row can make it into the result (a `LIMIT 0`).
    var isClosed: Bool { limit == 0 }

    /// Offers one result row with its sort key values.
    mutating func add(output: [QueryValue], keys: [QueryValue]) {
        if distinct, !seen.insert(output).inserted { return }
        let entry = Entry(output: output, keys: keys, sequence: sequence)
        sequence += 1
        guard let capacity else {
            entries.append(entry)
            return
        }
        guard capacity > 0 else { return }
        if entries.count < capacity {
            entries.append(entry)
            siftUp(entries.count - 1)
        } else if precedes(entry, entries[0]) {
            entries[0] = entry
            siftDown(0)
        }
    }

    /// Emits the rows in order, honouring `OFFSET` and `LIMIT`.
    mutating func finish(_ emit: (_ row: [QueryValue]) throws(QueryError) -> Void) throws(QueryError) {
        if !sortKeys.isEmpty {
            let keys = sortKeys
            entries.sort { ResultCollector.precedes($0, $1, keys) }
        }
        var emitted = 0
        for (i, entry) in entries.enumerated() where i >= offset {
            if let limit, emitted >= limit { break }
            try emit(entry.output)
            emitted += 1
        }
    }

    /// The `ORDER BY` order, ties broken by arrival so the result is stable.
    private func precedes(_ a: Entry, _ b: Entry) -> Bool {
        ResultCollector.precedes(a, b, sortKeys)
    }

    private static func precedes(_ a: Entry, _ b: Entry, _ sortKeys: [SortKey]) -> Bool {
        for (i, key) in sortKeys.enumerated() {
            let x = a.keys[i]
            let y = b.keys[i]
            if x.isNull != y.isNull { return x.isNull == key.nullsFirst }
            let c = QueryValue.compare(x, y)
            if c != 0 { return key.descending ? c > 0 : c < 0 }
        }
        return a.sequence < b.sequence
    }

    // A max-heap on `precedes`: the root is the row that would be dropped first.

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(entries[parent], entries[child]) else { return }
            entries.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var largest = parent
            if left < entries.count, precedes(entries[largest], entries[left]) { largest = left }
            if right < entries.count, precedes(entries[largest], entries[right]) { largest = right }
            guard largest != parent else { return }
            entries.swapAt(parent, largest)
            parent = largest
        }
    }
}
