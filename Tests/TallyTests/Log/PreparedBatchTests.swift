import Testing
@testable import Tally

@Suite struct PreparedBatchTests {
    /// A batch large enough to be validated in two halves at once.
    static let size = PreparedBatch.parallelThreshold + 1000

    static func batch(invalidAt bad: [Int]) -> [Event] {
        (0..<size).map { i in
            bad.contains(i) ? interaction("e\(i)", input: 10, cached: 20) : interaction("e\(i)")
        }
    }

    @Test(arguments: [[5], [size - 1], [size / 2 - 1], [size / 2], [size / 2 + 3, 7], [size - 2, size / 2 + 1]])
    func theFirstInvalidEventIsReported(invalid: [Int]) throws {
        #expect(throws: AppendError(index: invalid.min() ?? -1, field: "cached_input_tokens",
                                    reason: "20 exceeds input_tokens (10), which counts cached input too")) {
            _ = try PreparedBatch(PreparedBatchTests.batch(invalidAt: invalid))
        }
    }

    @Test func aValidBatchKeepsItsEventsAndIds() throws {
        var events = PreparedBatchTests.batch(invalidAt: [])
        events[3].id = nil
        let prepared = try PreparedBatch(events)
        #expect(prepared.events == events)
        #expect(prepared.ids.count == events.count)
        #expect(prepared.ids[0] == "e0")
        #expect(prepared.ids[3].count == 36) // generated
        #expect(prepared.ids[PreparedBatchTests.size - 1] == "e\(PreparedBatchTests.size - 1)")
    }

    @Test func aLargeInvalidBatchStoresNothing() throws {
        let store = TemporaryStore()
        let log = try store.open()
        #expect(throws: AppendError.self) {
            try log.append(PreparedBatchTests.batch(invalidAt: [PreparedBatchTests.size - 10]), durability: .bulk)
        }
        #expect(try log.lastPosition == 0)
    }
}
