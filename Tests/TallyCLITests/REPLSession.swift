import Foundation
import Testing

/// The store and runner the scripted REPL sessions share: piped (no banner, no prompt), exact output.
enum REPLSession {
    static let fixture = """
        {"type":"price_book","id":"pb","ts":"2026-11-01T00:00:00.000Z","book":{"id":"t","currency":"USD","models":[{"model":"gpt-4o","match":"exact","input_per_mtok":"2.50","output_per_mtok":"10.00"},{"model":"gpt-4o-mini","match":"exact","input_per_mtok":"0.15","output_per_mtok":"0.60"}]}}
        {"type":"price_book","id":"pb2","ts":"2026-11-01T00:00:00.000Z","tenant":"acme","book":{"id":"t","currency":"USD","models":[{"model":"gpt-4o","match":"exact","input_per_mtok":"2.50","output_per_mtok":"10.00"}]}}
        {"type":"interaction","id":"i1","ts":"2026-11-01T10:00:00.000Z","conversation_id":"c1","user_id":"u1","agent":"support","model":"gpt-4o","input_tokens":1000,"output_tokens":100,"latency_ms":900,"status":"ok"}
        {"type":"interaction","id":"i2","ts":"2026-11-01T11:00:00.000Z","tenant":"acme","conversation_id":"c2","user_id":"u2","agent":"sales","model":"gpt-4o","input_tokens":2000,"output_tokens":300,"latency_ms":1500,"status":"error"}
        {"type":"interaction","id":"i3","ts":"2026-11-02T09:00:00.000Z","conversation_id":"c1","user_id":"u1","agent":"support","model":"gpt-4o-mini","input_tokens":4000,"output_tokens":500,"latency_ms":700,"status":"ok"}

        """

    static func store() throws -> String {
        let dir = CLIRunner.temporaryDirectory()
        try REPLSession.fixture.write(toFile: dir + "/fixture.ndjson", atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["import", "--store", "s", "fixture.ndjson"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        return dir
    }

    static func session(_ dir: String, _ script: String) throws -> CLIRunner.Result {
        try CLIRunner.run(["repl", "--store", "s"], stdin: script, in: dir)
    }
}
