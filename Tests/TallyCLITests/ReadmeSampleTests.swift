import Foundation
import Tally
import Testing

// The README's Swift sample, verbatim: the test below checks the README still shows exactly this.
func recordTurn(store: String) throws {
    let log = try EventLog(path: store)
    let turn = Interaction(
        conversationID: "c-42", messageID: "m-1", userID: "u-7", agent: "support", model: "gpt-4o",
        provider: "openai", inputTokens: 1_200, outputTokens: 300, cachedInputTokens: 1_000,
        latencyMs: 850, status: .ok
    )
    let ts = Timestamp(rfc3339: "2026-11-21T10:00:00.000Z") ?? Timestamp(milliseconds: 0)
    let result = try log.append([Event(id: "req-1", ts: ts, tenant: "acme", payload: .interaction(turn))])
    print("stored at position \(result.positions[0]); duplicates: \(result.duplicates)")
    let cost = try log.readProjections { try $0.conversation("c-42")?.usage.cost }
    print("conversation cost so far: \(cost ?? .zero) USD")
}

@Suite struct ReadmeSampleTests {
    @Test func theReadmeShowsTheCompiledSampleAndItRuns() throws {
        let readme = try String(contentsOf: CLIRunner.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        guard let start = source.range(of: "func recordTurn("), let end = source.range(of: "\n}\n", range: start.upperBound..<source.endIndex) else {
            Issue.record("sample not found")
            return
        }
        let sample = String(source[start.lowerBound..<end.upperBound])
        #expect(readme.contains(sample))
        let dir = CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try recordTurn(store: dir + "/store")
        try recordTurn(store: dir + "/store")
        let log = try EventLog(path: dir + "/store")
        #expect(try log.lastPosition == 1)
    }
}
