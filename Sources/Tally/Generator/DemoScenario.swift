/// The storyline of a generated period: the fixed events around which the traffic happens, so
/// that the demo, tests and benchmarks know what Tally ought to find.
public struct DemoScenario: Hashable, Sendable {
    /// The first instant of the period (price books, budgets and base deployments carry it).
    public let start: Timestamp
    /// The end of the period (conversations keep arriving after it only if the event count
    /// needs them).
    public let end: Timestamp
    /// The tenants, in configuration order.
    public let tenants: [String]

    /// The fine-tuned model, its tenant and the agent that moves to it.
    public let fineTunedModel: String
    public let fineTunedTenant: String
    public let fineTunedAgent: String
    /// When the fine-tuned model is deployed (15:00 UTC on the middle day of the period).
    public let deploymentAt: Timestamp
    /// Until when it misbehaves: latency ×2.2, errors ~8 % plus ~3 % timeouts, answers rated
    /// lower, tool calls failing three times as often.
    public let regressionEnd: Timestamp

    /// The model whose price the second book cuts, and when that book takes over.
    public let repricedModel: String
    public let priceChangeAt: Timestamp
    /// The two price books (SPEC price-book JSON), identical except for `repricedModel`.
    public let initialPriceBook: String
    public let revisedPriceBook: String

    /// The budgets set at the start, with the spend they were sized against.
    public let budgets: [DemoBudget]

    /// The list cost of an interaction under the book in force at `ts`: what the demo platform's
    /// books say it cost (`nil` for a model outside the catalog). A reference for tests and the
    /// demo, not the pricing engine.
    public func listCost(of interaction: Interaction, at ts: Timestamp) -> Money? {
        guard let index = DemoCatalog.models.firstIndex(where: { $0.name == interaction.model }) else { return nil }
        return DemoScenario.cost(
            model: index, revised: ts >= priceChangeAt, input: interaction.inputTokens,
            cached: interaction.cachedInputTokens, cacheWrite: interaction.cacheWriteTokens, output: interaction.outputTokens)
    }

    static func cost(model index: Int, revised: Bool, input: Int64, cached: Int64, cacheWrite: Int64, output: Int64) -> Money {
        let model = DemoCatalog.models[index]
        var prices = DemoCatalog.prices(of: index, revised: revised)
        if let tier = model.tier, input > tier.aboveInputTokens { prices = tier.prices }
        return prices.cost(input: input, cached: cached, cacheWrite: cacheWrite, output: output)
    }
}

/// A budget the generator sets, and the spend it expects in the budget's first period.
public struct DemoBudget: Hashable, Sendable {
    /// The tenant whose spend the budget covers.
    public let tenant: String
    public let budget: Budget
    /// What the generator expects that tenant (or agent) to spend in the first period the stream
    /// covers; the amount is set below it so that the budget is crossed.
    public let expectedSpend: Money
}
