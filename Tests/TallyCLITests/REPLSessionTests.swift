import Foundation
import Testing

/// Scripted sessions against the real binary, piped (no banner, no prompt), exact output.
@Suite struct REPLSessionTests {
    static let fixture = """
        {"type":"price_book","id":"pb","ts":"2026-11-01T00:00:00.000Z","book":{"id":"t","currency":"USD","models":[{"model":"gpt-4o","match":"exact","input_per_mtok":"2.50","output_per_mtok":"10.00"},{"model":"gpt-4o-mini","match":"exact","input_per_mtok":"0.15","output_per_mtok":"0.60"}]}}
        {"type":"price_book","id":"pb2","ts":"2026-11-01T00:00:00.000Z","tenant":"acme","book":{"id":"t","currency":"USD","models":[{"model":"gpt-4o","match":"exact","input_per_mtok":"2.50","output_per_mtok":"10.00"}]}}
        {"type":"interaction","id":"i1","ts":"2026-11-01T10:00:00.000Z","conversation_id":"c1","user_id":"u1","agent":"support","model":"gpt-4o","input_tokens":1000,"output_tokens":100,"latency_ms":900,"status":"ok"}
        {"type":"interaction","id":"i2","ts":"2026-11-01T11:00:00.000Z","tenant":"acme","conversation_id":"c2","user_id":"u2","agent":"sales","model":"gpt-4o","input_tokens":2000,"output_tokens":300,"latency_ms":1500,"status":"error"}
        {"type":"interaction","id":"i3","ts":"2026-11-02T09:00:00.000Z","conversation_id":"c1","user_id":"u1","agent":"support","model":"gpt-4o-mini","input_tokens":4000,"output_tokens":500,"latency_ms":700,"status":"ok"}

        """

    func store() throws -> String {
        let dir = CLIRunner.temporaryDirectory()
        try REPLSessionTests.fixture.write(toFile: dir + "/fixture.ndjson", atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["import", "--store", "s", "fixture.ndjson"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        return dir
    }

    func session(_ dir: String, _ script: String) throws -> CLIRunner.Result {
        try CLIRunner.run(["repl", "--store", "s"], stdin: script, in: dir)
    }

    @Test func outputModes() throws {
        let dir = try store()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try session(dir, """
            .mode csv
            SELECT conversation_id, interactions, cost_usd FROM conversations WHERE conversation_id = 'c1';
            .mode json
            SELECT tenant, sum(cost_usd) AS cost FROM agent_days GROUP BY tenant ORDER BY tenant;
            .mode markdown
            SELECT day, count(*) AS n
              FROM agent_days GROUP BY day ORDER BY day;

            """)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
            conversation_id,interactions,cost_usd\r
            c1,2,0.0044\r
            [{"tenant":"acme","cost":0.008},
            {"tenant":"default","cost":0.0044}]
            | day        |   n |
            |------------|----:|
            | 2026-11-01 |   2 |
            | 2026-11-02 |   1 |

            """)
    }

    @Test func timer() throws {
        let dir = try store()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try session(dir, ".timer on\n.mode csv\nSELECT count(*) AS n FROM events;\n")
        #expect(r.stdout.hasPrefix("n\r\n5\r\n"))
        #expect(r.stdout.contains(/Run Time: real \d+\.\d+ user \d+\.\d+ sys \d+\.\d+/))
    }

    @Test func tenantScoping() throws {
        let dir = try store()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try session(dir, ".mode csv\n.tenant acme\nSELECT agent, interactions, errors FROM agent_days;\n.tenant off\nSELECT count(*) AS n FROM conversations;\n")
        #expect(r.stdout == "agent,interactions,errors\r\nsales,1,1\r\nn\r\n2\r\n", "\(r.stdout)\(r.stderr)")
    }

    @Test func whatIfSwitchesToReplayedTables() throws {
        let dir = try store()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let book = #"{"id":"cheap","currency":"USD","models":[{"model":"gpt-4o","match":"prefix","input_per_mtok":"1.00","output_per_mtok":"1.00"}]}"#
        try book.write(toFile: dir + "/cheap.json", atomically: true, encoding: .utf8)
        let r = try session(dir, ".mode csv\n.whatif cheap.json\nSELECT sum(cost_usd) AS cost FROM agent_days;\nSELECT sum(cost_usd) AS cost FROM main.agent_days;\n")
        #expect(r.status == 0, "\(r.stderr)")
        // gpt-4o: 1100 + 2300 tokens at $1/Mtok; gpt-4o-mini under prefix "gpt-4o": 4500 tokens at $1/Mtok.
        #expect(r.stdout.contains("cost\r\n0.0079\r\ncost\r\n0.0124\r\n"), "\(r.stdout)")
        let tables = try session(dir, ".tables\n")
        #expect(tables.stdout.contains("whatif.agent_days"))
    }

    @Test func errorsPointAtTheTokenAndExitNonZeroInQuery() throws {
        let dir = try store()
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
