import Foundation
import Testing

@Suite struct REPLWhatIfSessionTests {
    @Test func whatIfSwitchesToReplayedTables() throws {
        let dir = try REPLSession.store()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let book = #"{"id":"cheap","currency":"USD","models":[{"model":"gpt-4o","match":"prefix","input_per_mtok":"1.00","output_per_mtok":"1.00"}]}"#
        try book.write(toFile: dir + "/cheap.json", atomically: true, encoding: .utf8)
        let r = try REPLSession.session(dir, ".mode csv\n.whatif cheap.json\nSELECT sum(cost_usd) AS cost FROM agent_days;\nSELECT sum(cost_usd) AS cost FROM main.agent_days;\n")
        #expect(r.status == 0, "\(r.stderr)")
        // gpt-4o: 1100 + 2300 tokens at $1/Mtok; gpt-4o-mini under prefix "gpt-4o": 4500 tokens at $1/Mtok.
        #expect(r.stdout.contains("cost\r\n0.0079\r\ncost\r\n0.0124\r\n"), "\(r.stdout)")
        let tables = try REPLSession.session(dir, ".tables\n")
        #expect(tables.stdout.contains("whatif.agent_days"))
    }
}
