import Foundation
import Testing

@Suite struct QueryCommandErrorTests {
    @Test func errorsPointAtTheTokenAndExitNonZeroInQuery() throws {
        let dir = try REPLSession.store()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLIRunner.run(["query", "--store", "s", "SELECT cost FROM conversations"], in: dir)
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("no such column: cost"))
        #expect(r.stderr.contains("       ^~~~"))
        let unknown = try CLIRunner.run(["query", "--store", "s", "SELECT * FROM conversation"], in: dir)
        #expect(unknown.stderr.contains("conversations"))
        let json = try CLIRunner.run(["query", "--store", "s", "--format", "json", "SELECT conversation_id, started_at, cost_usd FROM conversations WHERE conversation_id = 'c2'"], in: dir)
        #expect(json.stdout == #"[{"conversation_id":"c2","started_at":"2026-11-01T11:00:00.000Z","cost_usd":0.008}]"# + "\n")
    }
}
