import Foundation
@testable import Tally

/// A store in a fresh temporary directory, removed when the value is deinitialised.
final class TemporaryStore {
    let path: String

    init(_ name: String = #function) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("tally-tests-\(UUID().uuidString)")
        path = base.path
    }

    func open(_ configure: (inout LogOptions) -> Void = { _ in }) throws -> EventLog {
        var options = LogOptions()
        options.environment.initialMapSize = 64 << 20
        configure(&options)
        return try EventLog(path: path, options: options)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

extension EventLog {
    /// Appends `events` in consecutive batches of at most `size` (one transaction each).
    func append(_ events: [Event], inBatchesOf size: Int) throws {
        for start in stride(from: 0, to: events.count, by: size) {
            try append(Array(events[start..<min(events.count, start + size)]))
        }
    }
}

/// A small interaction event for tests.
func interaction(
    _ id: String?, conversation: String = "c1", message: String? = nil, user: String? = "u1",
    agent: String = "support", model: String = "gpt-4o", tenant: String = "default",
    ts: String = "2026-11-01T10:00:00.000Z", input: Int64 = 1000, output: Int64 = 200, cached: Int64 = 0,
    latency: Int64? = 800, status: InteractionStatus = .ok, task: String? = "general_chat"
) -> Event {
    Event(
        id: id, ts: Timestamp(rfc3339: ts) ?? Timestamp(milliseconds: 0), tenant: tenant,
        payload: .interaction(Interaction(
            conversationID: conversation, messageID: message, userID: user, agent: agent, model: model,
            provider: "openai", taskType: task, inputTokens: input, outputTokens: output, cachedInputTokens: cached,
            latencyMs: latency, status: status
        ))
    )
}
