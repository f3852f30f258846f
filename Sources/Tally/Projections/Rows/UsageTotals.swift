/// The additive usage counters every projection row carries: calls, errors, tokens, cost,
/// latency and SLA breaches. Cost is exact (`Int128` picodollars); everything else is an integer,
/// so rows merge by addition in any order.
public struct UsageTotals: Hashable, Sendable {
    public var interactions: Int64 = 0
    public var errors: Int64 = 0
    public var timeouts: Int64 = 0
    public var inputTokens: Int64 = 0
    public var outputTokens: Int64 = 0
    public var cachedInputTokens: Int64 = 0
    public var cacheWriteTokens: Int64 = 0
    public var reasoningTokens: Int64 = 0
    /// Computed baseline cost of the priced interactions.
    public var cost: Money = .zero
    /// Interactions whose model had no price: never counted as zero cost silently.
    public var unpriced: Int64 = 0
    /// What providers or gateways billed, where events carried it.
    public var reportedCost: Money = .zero
    public var reportedCount: Int64 = 0
    public var latencySum: Int64 = 0
    public var latencyCount: Int64 = 0
    /// Interactions slower than the store's SLA threshold.
    public var slaBreaches: Int64 = 0
    public var toolCalls: Int64 = 0
    public var toolFailures: Int64 = 0

    public init() {}

    /// Counts one interaction.
    @inlinable
    public mutating func add(_ i: InteractionRecord, cost: Money?, slaMs: Int64) {
        interactions += 1
        if i.status == .error { errors += 1 }
        if i.status == .timeout { errors += 1; timeouts += 1 }
        inputTokens += i.inputTokens
        outputTokens += i.outputTokens
        cachedInputTokens += i.cachedInputTokens
        cacheWriteTokens += i.cacheWriteTokens
        reasoningTokens += i.reasoningTokens
        if let cost { self.cost += cost } else { unpriced += 1 }
        if let reported = i.reportedCost {
            reportedCost += reported
            reportedCount += 1
        }
        if i.latencyMs >= 0 {
            latencySum += i.latencyMs
            latencyCount += 1
            if i.latencyMs > slaMs { slaBreaches += 1 }
        }
        toolCalls += i.toolCalls
        toolFailures += i.toolFailures
    }

    /// Adds another row's totals.
    public mutating func merge(_ o: UsageTotals) {
        interactions += o.interactions; errors += o.errors; timeouts += o.timeouts
        inputTokens += o.inputTokens; outputTokens += o.outputTokens
        cachedInputTokens += o.cachedInputTokens; cacheWriteTokens += o.cacheWriteTokens
        reasoningTokens += o.reasoningTokens; cost += o.cost; unpriced += o.unpriced
        reportedCost += o.reportedCost; reportedCount += o.reportedCount
        latencySum += o.latencySum; latencyCount += o.latencyCount; slaBreaches += o.slaBreaches
        toolCalls += o.toolCalls; toolFailures += o.toolFailures
    }

    /// Average latency in ms, or `nil` without latencies.
    public var averageLatency: Double? { latencyCount > 0 ? Double(latencySum) / Double(latencyCount) : nil }

    func encode(into w: inout ByteWriter) {
        w.writeSignedVarint(interactions); w.writeSignedVarint(errors); w.writeSignedVarint(timeouts)
        w.writeSignedVarint(inputTokens); w.writeSignedVarint(outputTokens); w.writeSignedVarint(cachedInputTokens)
        w.writeSignedVarint(cacheWriteTokens); w.writeSignedVarint(reasoningTokens); w.writeSignedVarint(unpriced)
        w.writeSignedVarint(reportedCount); w.writeSignedVarint(latencySum); w.writeSignedVarint(latencyCount)
        w.writeSignedVarint(slaBreaches); w.writeSignedVarint(toolCalls); w.writeSignedVarint(toolFailures)
        w.writeSignedVarint128(cost.picodollars)
        w.writeSignedVarint128(reportedCost.picodollars)
    }

    init?(from r: inout ByteReader) {
        guard let a = r.readSignedVarint(), let b = r.readSignedVarint(), let c = r.readSignedVarint(),
              let d = r.readSignedVarint(), let e = r.readSignedVarint(), let f = r.readSignedVarint(),
              let g = r.readSignedVarint(), let h = r.readSignedVarint(), let i = r.readSignedVarint(),
              let j = r.readSignedVarint(), let k = r.readSignedVarint(), let l = r.readSignedVarint(),
              let m = r.readSignedVarint(), let n = r.readSignedVarint(), let o = r.readSignedVarint(),
              let cost = r.readSignedVarint128(), let reported = r.readSignedVarint128() else { return nil }
        (interactions, errors, timeouts, inputTokens, outputTokens, cachedInputTokens, cacheWriteTokens) = (a, b, c, d, e, f, g)
        (reasoningTokens, unpriced, reportedCount, latencySum, latencyCount, slaBreaches, toolCalls, toolFailures) = (h, i, j, k, l, m, n, o)
        self.cost = Money(picodollars: cost)
        reportedCost = Money(picodollars: reported)
    }
}
