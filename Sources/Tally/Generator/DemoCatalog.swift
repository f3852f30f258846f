/// The models of the demo platform, with real names and real list prices.
///
/// Prices come from pydantic's genai-prices data (`prices/new_data/v2/data.json` at commit
/// `47df840a5ab10bbcffb8e5ac01b9899032245d1b`, 2026-08-21; the copy in `shared/data/`), per 1M
/// tokens, converted to integer micro-dollars:
///
/// | model | input | cached input | cache write | output | genai-prices entry |
/// |---|---:|---:|---:|---:|---|
/// | `gpt-4o` | 2.50 | 1.25 | — | 10.00 | openai `gpt-4o` |
/// | `gpt-4o-mini` | 0.15 | 0.075 | — | 0.60 | openai `gpt-4o-mini` |
/// | `o3` | 10.00 → 2.00 | 0.50 | — | 40.00 → 8.00 | openai `o3` (its dated change of 2025-06-10) |
/// | `ft:gpt-4o-mini-2024-07-18:acme:support-v2` | 0.30 | 0.15 | — | 1.20 | openai `ft:gpt-4o-mini` (cached: LiteLLM `ft:gpt-4o-mini-2024-07-18`) |
/// | `claude-sonnet-4-5` | 3.00 | 0.30 | 3.75 | 15.00 | anthropic `claude-sonnet-4-5` (tier above 200k input: 6 / 0.60 / 7.50 / 22.50) |
/// | `claude-haiku-4-5` | 1.00 | 0.10 | 1.25 | 5.00 | anthropic `claude-haiku-4-5` |
/// | `gemini-2.5-flash` | 0.30 | 0.03 | — | 2.50 | google `gemini-2.5-flash` |
/// | `mistral-large-latest` | 2.00 | — | — | 6.00 | mistral `mistral-large` (whose match lists `mistral-large-latest`) |
/// | `deepseek-chat` | 0.27 | 0.07 | — | 1.10 | deepseek `deepseek-chat`, standard hours (00:30–16:30 UTC); the off-peak half price cannot be expressed in a price book and is left out |
///
/// `o3` is listed at its earlier price (10 / 40) in the first book and at its cut price (2 / 8)
/// in the second, which re-enacts on the demo's own timeline the real price cut genai-prices
/// records for 2025-06-10. The fine-tuned model exists only after its `deployment` event.
public enum DemoCatalog {
    /// Index of each model in `models`.
    enum ID: Int, CaseIterable {
        case gpt4o, gpt4oMini, o3, fineTuned, claudeSonnet, claudeHaiku, geminiFlash, mistralLarge, deepseekChat
    }

    /// The fine-tuned model deployed mid-period (OpenAI's `ft:<base>:<org>:<suffix>` naming).
    public static let fineTunedModelName = "ft:gpt-4o-mini-2024-07-18:acme:support-v2"

    /// The model whose price is cut by the second price book, and its prices after the cut.
    public static let repricedModelName = "o3"
    static let repricedPrices = DemoPrices(input: 2_000_000, output: 8_000_000, cachedInput: 500_000)

    /// Every model, in `ID` order, at the prices of the first price book.
    public static let models: [DemoModel] = [
        DemoModel(
            name: "gpt-4o", provider: "openai", aliases: ["gpt-4o-2024-05-13", "gpt-4o-2024-08-06", "gpt-4o-2024-11-20"],
            matchesByPrefix: false, prices: DemoPrices(input: 2_500_000, output: 10_000_000, cachedInput: 1_250_000),
            tier: nil, version: "gpt-4o-2024-08-06",
            errorTypes: ["rate_limit_exceeded", "server_error", "content_filter"],
            behaviour: ModelBehaviour(
                ttftMs: 420, prefillMsPerKToken: 30, tokensPerSecond: 95, quality: 0.82, strengths: [.creative, .analysis],
                errorRate: 0.008, cache: .automatic(minimum: 1024, granularity: 128, hitRate: 0.75), reasoningProbability: 0, reasoningShare: 0...0)),
        DemoModel(
            name: "gpt-4o-mini", provider: "openai", aliases: ["gpt-4o-mini-2024-07-18"],
            matchesByPrefix: false, prices: DemoPrices(input: 150_000, output: 600_000, cachedInput: 75_000),
            tier: nil, version: "gpt-4o-mini-2024-07-18",
            errorTypes: ["rate_limit_exceeded", "server_error", "content_filter"],
            behaviour: ModelBehaviour(
                ttftMs: 330, prefillMsPerKToken: 20, tokensPerSecond: 130, quality: 0.72, strengths: [.generalChat],
                errorRate: 0.006, cache: .automatic(minimum: 1024, granularity: 128, hitRate: 0.75), reasoningProbability: 0, reasoningShare: 0...0)),
        DemoModel(
            name: "o3", provider: "openai", aliases: ["o3-2025-04-16"],
            matchesByPrefix: false, prices: DemoPrices(input: 10_000_000, output: 40_000_000, cachedInput: 500_000),
            tier: nil, version: "o3-2025-04-16",
            errorTypes: ["rate_limit_exceeded", "server_error"],
            behaviour: ModelBehaviour(
                ttftMs: 900, prefillMsPerKToken: 40, tokensPerSecond: 110, quality: 0.88, strengths: [.reasoning, .research, .coding],
                errorRate: 0.012, cache: .automatic(minimum: 1024, granularity: 128, hitRate: 0.75), reasoningProbability: 1, reasoningShare: 0.35...0.8)),
        DemoModel(
            name: fineTunedModelName, provider: "openai", aliases: [],
            matchesByPrefix: true, prices: DemoPrices(input: 300_000, output: 1_200_000, cachedInput: 150_000),
            tier: nil, version: "support-v2",
            errorTypes: ["rate_limit_exceeded", "server_error"],
            behaviour: ModelBehaviour(
                ttftMs: 350, prefillMsPerKToken: 20, tokensPerSecond: 120, quality: 0.80, strengths: [.generalChat, .functionCalling],
                errorRate: 0.006, cache: .automatic(minimum: 1024, granularity: 128, hitRate: 0.75), reasoningProbability: 0, reasoningShare: 0...0)),
        DemoModel(
            name: "claude-sonnet-4-5", provider: "anthropic", aliases: [],
            matchesByPrefix: true,
            prices: DemoPrices(input: 3_000_000, output: 15_000_000, cachedInput: 300_000, cacheWrite: 3_750_000),
            tier: DemoPriceTier(aboveInputTokens: 200_000, prices: DemoPrices(input: 6_000_000, output: 22_500_000, cachedInput: 600_000, cacheWrite: 7_500_000)),
            version: "claude-sonnet-4-5-20250929",
            errorTypes: ["overloaded_error", "rate_limit_error", "api_error"],
            behaviour: ModelBehaviour(
                ttftMs: 1100, prefillMsPerKToken: 45, tokensPerSecond: 70, quality: 0.87, strengths: [.coding, .creative],
                errorRate: 0.01, cache: .explicit(minimum: 1024), reasoningProbability: 0.3, reasoningShare: 0.2...0.5)),
        DemoModel(
            name: "claude-haiku-4-5", provider: "anthropic", aliases: [],
            matchesByPrefix: true,
            prices: DemoPrices(input: 1_000_000, output: 5_000_000, cachedInput: 100_000, cacheWrite: 1_250_000),
            tier: nil, version: "claude-haiku-4-5-20251001",
            errorTypes: ["overloaded_error", "rate_limit_error", "api_error"],
            behaviour: ModelBehaviour(
                ttftMs: 550, prefillMsPerKToken: 25, tokensPerSecond: 150, quality: 0.76, strengths: [.generalChat, .functionCalling],
                errorRate: 0.008, cache: .explicit(minimum: 2048), reasoningProbability: 0, reasoningShare: 0...0)),
        DemoModel(
            name: "gemini-2.5-flash", provider: "google", aliases: ["gemini-2.5-flash-latest", "gemini-2.5-flash-preview-09-2025"],
            matchesByPrefix: false, prices: DemoPrices(input: 300_000, output: 2_500_000, cachedInput: 30_000),
            tier: nil, version: "gemini-2.5-flash",
            errorTypes: ["resource_exhausted", "internal", "unavailable"],
            behaviour: ModelBehaviour(
                ttftMs: 480, prefillMsPerKToken: 15, tokensPerSecond: 200, quality: 0.77, strengths: [.analysis, .research],
                errorRate: 0.01, cache: .implicit(minimum: 1024, hitRate: 0.5), reasoningProbability: 0.5, reasoningShare: 0.2...0.6)),
        DemoModel(
            name: "mistral-large-latest", provider: "mistral", aliases: ["mistral-large", "mistral-large-2411"],
            matchesByPrefix: false, prices: DemoPrices(input: 2_000_000, output: 6_000_000),
            tier: nil, version: "mistral-large-2411",
            errorTypes: ["rate_limit_exceeded", "service_unavailable"],
            behaviour: ModelBehaviour(
                ttftMs: 450, prefillMsPerKToken: 30, tokensPerSecond: 75, quality: 0.74, strengths: [.creative],
                errorRate: 0.012, cache: .none, reasoningProbability: 0, reasoningShare: 0...0)),
        DemoModel(
            name: "deepseek-chat", provider: "deepseek", aliases: ["deepseek-chat-v3-0324"],
            matchesByPrefix: true, prices: DemoPrices(input: 270_000, output: 1_100_000, cachedInput: 70_000),
            tier: nil, version: "deepseek-v3",
            errorTypes: ["server_busy", "rate_limit_reached", "server_error"],
            behaviour: ModelBehaviour(
                ttftMs: 1200, prefillMsPerKToken: 60, tokensPerSecond: 35, quality: 0.75, strengths: [.coding],
                errorRate: 0.02, cache: .automatic(minimum: 64, granularity: 64, hitRate: 0.8), reasoningProbability: 0, reasoningShare: 0...0)),
    ]

    /// The model named `name`, if the demo platform uses it.
    public static func model(named name: some StringProtocol) -> DemoModel? {
        models.first { $0.name == name }
    }

    /// The prices in force for model `id` under the first (`revised == false`) or second book.
    static func prices(of id: Int, revised: Bool) -> DemoPrices {
        revised && id == ID.o3.rawValue ? repricedPrices : models[id].prices
    }
}
