import Tally
import Testing
@testable import TallyQuery

/// A point lookup through the whole engine (parse, plan, seek, evaluate, collect) stays cheap.
/// The 100 µs floor is for release builds; debug builds get a looser bound so the test still
/// catches an accidental full scan (which costs tens of milliseconds on 100,000 rows).
@Suite struct PointLookupPerformanceTests {
    static func conversations(count: Int) throws -> InMemoryTable {
        var rows: [[QueryValue]] = []
        rows.reserveCapacity(count)
        for i in 0..<count {
            rows.append([
                .text("conv-\(i)"), .text(i % 2 == 0 ? "acme" : "globex"), .text("u\(i % 100)"),
                .timestamp(Timestamp(milliseconds: 1_767_225_600_000 + Int64(i) * 1000)), .integer(Int64(i % 9)),
                .money(Money(picodollars: Int128(i) * 1_000_000)), .text("support"), .double(4.5), .null, .bool(false),
            ])
        }
        return try InMemoryTable(schema: Fixtures.conversationsSchema, rows: rows)
    }

    @Test func oneConversationById() throws {
        let engine = QueryEngine(catalog: InMemoryCatalog(tables: [try PointLookupPerformanceTests.conversations(count: 100_000)]))
        let clock = ContinuousClock()
        // Warm up.
        _ = try engine.run(sql: "SELECT * FROM conversations WHERE conversation_id = 'conv-1'")
        let lookups = 200
        var found = 0
        // The best of several batches: the machine is shared, and the floor is what the code costs.
        var perLookup = Duration.seconds(1000)
        for batch in 0..<10 {
            let elapsed = try clock.measure {
                for i in 0..<lookups {
                    let id = (batch * lookups + i) * 37 % 100_000
                    found += try engine.run(sql: "SELECT * FROM conversations WHERE conversation_id = 'conv-\(id)'").rows.count
                }
            }
            perLookup = min(perLookup, elapsed / lookups)
        }
        #expect(found == 10 * lookups)
        print("point lookup: \(perLookup) per query")
        #if DEBUG
        #expect(perLookup < .milliseconds(2))
        #else
        #expect(perLookup < .microseconds(100))
        #endif
    }
}
