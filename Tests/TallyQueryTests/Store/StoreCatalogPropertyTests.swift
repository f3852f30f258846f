import Foundation
import Testing
@testable import Tally
@testable import TallyQuery

/// For generated logs, `sum(cost_usd), sum(interactions)` over `agent_days` equal the same sums
/// over `conversations` and over the raw `events` priced in the test.
@Suite struct StoreCatalogPropertyTests {
    @Test(arguments: [UInt64(3), 17])
    func sumsAgreeAcrossTablesAndIndependentPricing(seed: UInt64) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tally-q-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = LogOptions()
        options.environment.initialMapSize = 64 << 20
        let log = try EventLog(path: path, options: options)
        let generator = try DemoGenerator(seed: seed, eventCount: 20_000, days: 4)
        var iterator = generator.makeIterator()
        while true {
            let batch = iterator.next(upTo: 3_000)
            if batch.isEmpty { break }
            try log.append(batch, durability: .bulk)
        }
        let engine = QueryEngine(catalog: StoreCatalog(log: log))
        func one(_ sql: String) throws -> [QueryValue] {
            let result = try engine.run(sql: sql)
            return result.rows.first ?? []
        }
        let days = try one("SELECT sum(cost_usd), sum(interactions), sum(unpriced_interactions) FROM agent_days")
        let conversations = try one("SELECT sum(cost_usd), sum(interactions), sum(unpriced_interactions) FROM conversations")
        let models = try one("SELECT sum(cost_usd), sum(interactions) FROM models")
        #expect(days == conversations)
        #expect(Array(days.prefix(2)) == models)

        // Price the raw events independently, with the scenario's reference prices.
        var cost = Money.zero
        var interactions: Int64 = 0
        try log.read { reader in
            try reader.scan { position, _ in
                guard let event = try reader.event(at: position), case .interaction(let i) = event.payload else { return true }
                interactions += 1
                if let c = generator.scenario.listCost(of: i, at: event.ts) { cost += c }
                return true
            }
        }
        #expect(days[0] == .money(cost))
        #expect(days[1] == .integer(interactions))
        let events = try one("SELECT count(*) FROM events WHERE type = 'interaction'")
        #expect(events == [.integer(interactions)])
        // A point query by key is a lookup, not a scan.
        let plan = try engine.explain(sql: "SELECT * FROM conversations WHERE conversation_id = 'x'")
        #expect(plan.joined(separator: "\n").contains("conversation_id"))
    }
}
