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

    /// Error types the provider returns, most frequent first.
    let errorTypes: [String]
    /// How the generator makes the model behave.
    let behaviour: ModelBehaviour

    /// The cost of one call at these list prices, with the long-context tier when it applies.
    public func cost(input: Int64, cached: Int64, cacheWrite: Int64, output: Int64) -> Money {
        let applicable = tier.map { input > $0.aboveInputTokens ? $0.prices : prices } ?? prices
        return applicable.cost(input: input, cached: cached, cacheWrite: cacheWrite, output: output)
    }
}

/// The generator's behavioural assumptions for one model: plain numbers, so the simulation reads
/// them without touching the model's strings.
struct ModelBehaviour: Hashable, Sendable {
    /// Time to first token for a short prompt, ms.
    var ttftMs: Double
    /// Extra time to first token per 1,000 input tokens, ms.
    var prefillMsPerKToken: Double
    /// Decoding speed, output tokens per second.
    var tokensPerSecond: Double
    /// Mean answer quality, 0–1 (drives ratings and confidence).
    var quality: Double
    /// Task types it is notably good at (+0.05 quality), as a bit set over `TaskType` raw values.
    var strengths: UInt32
    /// Probability that a call fails with an API error.
    var errorRate: Double
    /// How the provider's prompt cache behaves.
    var cache: CacheBehaviour
    /// Reasoning: the probability a call thinks, and the share of output that is reasoning.
    var reasoningProbability: Double
    var reasoningShareLow: Double
    var reasoningShareHigh: Double

    init(
        ttftMs: Double, prefillMsPerKToken: Double, tokensPerSecond: Double, quality: Double, strengths: [TaskType],
        errorRate: Double, cache: CacheBehaviour, reasoningProbability: Double, reasoningShare: ClosedRange<Double>
    ) {
        self.ttftMs = ttftMs
        self.prefillMsPerKToken = prefillMsPerKToken
        self.tokensPerSecond = tokensPerSecond
        self.quality = quality
        self.strengths = strengths.reduce(0) { $0 | 1 << UInt32($1.rawValue) }
        self.errorRate = errorRate
        self.cache = cache
        self.reasoningProbability = reasoningProbability
        self.reasoningShareLow = reasoningShare.lowerBound
        self.reasoningShareHigh = reasoningShare.upperBound
    }

    @inline(__always)
    func isStrong(at task: TaskType) -> Bool { strengths & (1 << UInt32(task.rawValue)) != 0 }
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

    /// Names by raw value.
    static let names: [String] = allCases.map(\.name)
}
