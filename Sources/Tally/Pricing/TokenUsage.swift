/// The token counts of one request, as the cost function reads them.
///
/// Accounting follows OpenAI and the OpenTelemetry GenAI conventions: `input` counts all input
/// tokens, including `cachedInput` (read from the prompt cache) and `cacheWrite` (written to it).
/// A usage is valid when every count is non-negative and `cachedInput + cacheWrite ≤ input`;
/// the log rejects invalid interactions, so the cost function assumes validity (it never traps).
@frozen
public struct TokenUsage: Hashable, Sendable {
    /// All input tokens, cached and cache-written ones included.
    public var input: Int64
    /// Output tokens (reasoning tokens included).
    public var output: Int64
    /// Input tokens read from the prompt cache.
    public var cachedInput: Int64
    /// Input tokens written to the prompt cache.
    public var cacheWrite: Int64

    @inlinable
    public init(input: Int64, output: Int64, cachedInput: Int64 = 0, cacheWrite: Int64 = 0) {
        self.input = input
        self.output = output
        self.cachedInput = cachedInput
        self.cacheWrite = cacheWrite
    }

    /// Input tokens that are neither read from nor written to the cache.
    @inlinable public var uncachedInput: Int64 { input - cachedInput - cacheWrite }

    /// Whether the counts are consistent (see the type's documentation).
    @inlinable public var isValid: Bool {
        input >= 0 && output >= 0 && cachedInput >= 0 && cacheWrite >= 0
            && cachedInput <= input && cacheWrite <= input - cachedInput
    }
}
