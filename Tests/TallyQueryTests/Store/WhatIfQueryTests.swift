import Foundation
import Testing
@testable import Tally
@testable import TallyQuery

/// What-if sets are queried from the store's derived environment, beside the main set, and a
/// derived environment that cannot be read takes only the what-if tables down.
@Suite struct WhatIfQueryTests {
    let book = #"{"id":"half","currency":"USD","models":[{"model":"gpt","match":"prefix","input_per_mtok":"1","output_per_mtok":"2"},{"model":"claude","match":"prefix","input_per_mtok":"1","output_per_mtok":"2"},{"model":"gemini","match":"prefix","input_per_mtok":"1","output_per_mtok":"2"}]}"#

    /// A store with a replay's what-if set, closed again (one open per process at a time).
    func storeWithAReplay() throws -> (path: String, report: ReplayReport) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tally-wq-\(UUID().uuidString)").path
        var options = LogOptions()
        options.environment.initialMapSize = 64 << 20
        let log = try EventLog(path: path, options: options)
        let generator = try DemoGenerator(seed: 4, eventCount: 6_000, days: 3)
        var iterator = generator.makeIterator()
        while true {
            let batch = iterator.next(upTo: 3_000)
            if batch.isEmpty { break }
            try log.append(batch, durability: .bulk)
        }
        let report = try log.replay(ReplayOptions(book: try PriceBook.parse(bytes: Array(book.utf8))))
        return (path, report)
    }

    @Test func whatIfTablesAnswerBesideTheMainOnes() throws {
        let (path, report) = try storeWithAReplay()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try EventLog(path: path)
        let engine = QueryEngine(catalog: StoreCatalog(log: log))
        let whatIf = try engine.run(sql: "SELECT sum(cost_usd), sum(interactions) FROM whatif.agent_days").rows.first
        let main = try engine.run(sql: "SELECT sum(cost_usd), sum(interactions) FROM agent_days").rows.first
        #expect(whatIf?[0] == .money(report.total.whatIf))
        #expect(main?[0] == .money(report.total.baseline))
        #expect(whatIf?[1] == main?[1])
    }

    @Test func aDamagedDerivedEnvironmentTakesOnlyTheWhatIfTablesDown() throws {
        let (path, _) = try storeWithAReplay()
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Overwrite the derived environment's meta pages, then open the store afresh.
        let data = path + "/derived/data.mdb"
        let handle = try #require(FileHandle(forWritingAtPath: data))
        try handle.seek(toOffset: 0)
        handle.write(Data(repeating: 0xAB, count: 8192))
        try handle.close()
        let fresh = try EventLog(path: path)
        let engine = QueryEngine(catalog: StoreCatalog(log: fresh))
        let count = try engine.run(sql: "SELECT count(*) FROM events").rows.first
        #expect(count == [.integer(Int64(try fresh.lastPosition))])
        var message = ""
        do {
            _ = try engine.run(sql: "SELECT * FROM whatif.agent_days")
        } catch {
            message = "\(error)"
        }
        #expect(message.contains("derived/"), "\(message)")
    }
}
