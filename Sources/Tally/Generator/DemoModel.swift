/// A model the demo platform calls: its real name and list prices, and the behaviour the generator
/// gives it (speed, quality, failure rate, caching, reasoning).
///
/// Names and prices are real (see `DemoCatalog`); the behavioural numbers are this project's own
/// plausible assumptions, chosen so models differ the way users notice (a fast cheap model, a slow
/// thorough one), not measurements.
public struct DemoModel: Hashable, Sendable {
    /// The model name interactions carry.
    public let name: String
    /// The provider (`openai`, `anthropic`, `google`, `mistral`, `deepseek`).
    public let provider: String
    /// Other names the same price-book entry covers.
    public let aliases: [String]
    /// Whether the price-book entry matches by prefix rather than exactly.
    public let matchesByPrefix: Bool
    /// List prices.
    public let prices: DemoPrices
    /// Long-context tier, if the provider has one.
    public let tier: DemoPriceTier?
    /// The model version named in `deployment` events.
    public let version: String

    /// Time to first token for a short prompt, ms.
    let ttftMs: Double
    /// Extra time to first token per 1,000 input tokens, ms.
    let prefillMsPerKToken: Double
    /// Decoding speed, output tokens per second.
    let tokensPerSecond: Double
    /// Mean answer quality, 0–1 (drives ratings and confidence).
    let quality: Double
    /// Task types it is notably good at (+0.05 quality).
    let strengths: [TaskType]
    /// Probability that a call fails with an API error.
    let errorRate: Double
    /// Error types the provider returns, most frequent first.
    let errorTypes: [String]
    /// How the provider's prompt cache behaves.
    let cache: CacheBehaviour
    /// Reasoning: the probability a call thinks, and the share of output that is reasoning.
    let reasoningProbability: Double
    let reasoningShare: ClosedRange<Double>

    /// The cost of one call at these list prices, with the long-context tier when it applies.
    public func cost(input: Int64, cached: Int64, cacheWrite: Int64, output: Int64) -> Money {
        let applicable = tier.map { input > $0.aboveInputTokens ? $0.prices : prices } ?? prices
        return applicable.cost(input: input, cached: cached, cacheWrite: cacheWrite, output: output)
    }
}

/// How a provider's prompt cache shows up in token counts.
enum CacheBehaviour: Hashable, Sendable {
    /// Automatic prefix caching: reads only, in `granularity`-token blocks, from `minimum` tokens on
    /// (OpenAI: 1,024 and 128; DeepSeek: 64-token blocks).
    case automatic(minimum: Int64, granularity: Int64, hitRate: Double)
    /// Explicit cache breakpoints: the first call writes the prefix, later calls read it
    /// (Anthropic: cache writes billed at 1.25× input, reads at 0.1×).
    case explicit(minimum: Int64)
    /// Implicit caching without write charges (Gemini 2.5).
    case implicit(minimum: Int64, hitRate: Double)
    /// No prompt caching.
    case none
}

/// The task types interactions are labelled with (seed 002's categories).
enum TaskType: Int, CaseIterable, Sendable {
    case generalChat, coding, analysis, creative, research, reasoning, functionCalling

    var name: String {
        switch self {
        case .generalChat: "general_chat"
        case .coding: "coding"
        case .analysis: "analysis"
        case .creative: "creative"
        case .research: "research"
        case .reasoning: "reasoning"
        case .functionCalling: "function_calling"
        }
    }
}
