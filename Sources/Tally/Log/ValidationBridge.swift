// Temporary: replaced by the ingest layer's validator on merge.
public struct EventValidationError: Error, Hashable, Sendable {
    public var field: String
    public var reason: String
}

extension Event {
    public func validate() throws {
        if let id, id.utf8.isEmpty || id.utf8.count > 64 { throw EventValidationError(field: "id", reason: "must be 1–64 bytes") }
        if case .interaction(let i) = payload {
            if i.inputTokens < 0 { throw EventValidationError(field: "input_tokens", reason: "must be a non-negative integer") }
            if i.cachedInputTokens + i.cacheWriteTokens > i.inputTokens { throw EventValidationError(field: "cached_input_tokens", reason: "cached_input_tokens + cache_write_tokens exceed input_tokens") }
        }
    }
}
