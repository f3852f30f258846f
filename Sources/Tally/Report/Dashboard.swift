/// The figures `tally demo` shows and the HTML report draws, read from the projections in one
/// snapshot.
public struct Dashboard: Sendable {
    public struct Totals: Sendable {
        public var events: UInt64 = 0
        public var conversations = 0
        public var users = 0
        public var usage = UsageTotals()
        public var ratings = RatingAggregate()
        public var firstDay: String = ""
        public var lastDay: String = ""
    }

    public struct CostLine: Sendable {
        public var name: String
        public var detail: String
        public var interactions: Int64
        public var cost: Money
        public var unpriced: Int64
    }

    public struct LatencyLine: Sendable {
        public var agent: String
        public var interactions: Int64
        public var p50: Double?
        public var p95: Double?
        public var p99: Double?
        public var slaBreaches: Int64
        public var averageStars: Double?
    }

    public struct AnomalyLine: Sendable {
        public var id: UInt64
        public var tenant: String
        public var kind: AnomalyKind
        public var scope: String
        public var openedAt: Timestamp
        public var resolvedAt: Timestamp?
        public var value: Double
        public var baseline: Double
        public var severity: UInt8
        public var suspectedCause: String?
    }

    public struct Recommendation: Sendable {
        public var tenant: String
        public var task: String
        public var model: String
        public var qualityScore: Double?
        public var calls: Int64
        public var confidence: Double
    }

    public var totals = Totals()
    public var costByAgent: [CostLine] = []
    public var costByModel: [CostLine] = []
    public var dailyCost: [(day: String, cost: Money)] = []
    public var latencyByAgent: [LatencyLine] = []
    public var anomalies: [AnomalyLine] = []
    public var recommendations: [Recommendation] = []

    public init() {}
}

extension AnomalyRow {
    /// The scope as people read it: `acme / research / gpt-4o`, or a budget's description.
    func scopeText(_ p: ProjectionReader) throws -> String {
        if kind == .budget {
            let scope = BudgetScope(rawValue: budgetScope)?.name ?? "?"
            let period = BudgetPeriod(rawValue: budgetPeriod)?.name ?? "?"
            let target = agent == 0 ? "" : " \(try p.name(agent))"
            let adjective = ["day": "daily", "week": "weekly", "month": "monthly"][period] ?? period
            return "\(scope)\(target) \(adjective) budget at \(threshold / 100)%"
        }
        return "\(try p.name(agent)) / \(try p.name(model))"
    }

    /// `model deployed at …` when a deployment preceded the anomaly.
    func causeText(_ p: ProjectionReader) throws -> String? {
        guard suspectedDeploymentAt != .min else { return nil }
        return "deployment of \(try p.name(model)) at \(Timestamp(milliseconds: suspectedDeploymentAt).rfc3339)"
    }
}

extension ProjectionReader {
    /// Builds the dashboard from the projections.
    public func dashboard() throws -> Dashboard {
        var d = Dashboard()
        d.totals.events = try log.lastPosition()
        d.totals.conversations = try log.txn.count(tables.conversations)
        d.totals.users = try log.txn.count(tables.users)
        var byAgent: [Symbol: (UsageTotals, LatencyHistogram, RatingAggregate)] = [:]
        var byModel: [Symbol: UsageTotals] = [:]
        var byDay: [Int32: Money] = [:]
        var firstDay: Int32?
        var lastDay: Int32?
        try agentDays { key, row in
            d.totals.usage.merge(row.usage)
            d.totals.ratings.ratings += row.ratings.ratings
            d.totals.ratings.starsSum += row.ratings.starsSum
            d.totals.ratings.starsCount += row.ratings.starsCount
            var entry = byAgent[key.agent] ?? (UsageTotals(), LatencyHistogram(), RatingAggregate())
            entry.0.merge(row.usage)
            entry.1.merge(row.latency)
            entry.2.ratings += row.ratings.ratings
            entry.2.starsSum += row.ratings.starsSum
            entry.2.starsCount += row.ratings.starsCount
            byAgent[key.agent] = entry
            byModel[key.model, default: UsageTotals()].merge(row.usage)
            byDay[key.day, default: .zero] += row.usage.cost
            if firstDay == nil { firstDay = key.day }
            lastDay = key.day
            return true
        }
        func day(_ d: Int32) -> String { Timestamp(milliseconds: Int64(d) * Timestamp.dayMs).dayString }
        d.totals.firstDay = firstDay.map(day) ?? ""
        d.totals.lastDay = lastDay.map(day) ?? ""
        for (agent, entry) in byAgent where entry.0.interactions > 0 {
            let name = try self.name(agent)
            d.costByAgent.append(.init(name: name, detail: "", interactions: entry.0.interactions, cost: entry.0.cost, unpriced: entry.0.unpriced))
            d.latencyByAgent.append(.init(
                agent: name, interactions: entry.0.interactions, p50: entry.1.quantile(0.5), p95: entry.1.quantile(0.95),
                p99: entry.1.quantile(0.99), slaBreaches: entry.0.slaBreaches, averageStars: entry.2.averageStars
            ))
        }
        for (model, usage) in byModel where usage.interactions > 0 {
            var provider = ""
            if let row = try self.model(symbol: model) { provider = try self.name(row.provider) }
            d.costByModel.append(.init(name: try name(model), detail: provider, interactions: usage.interactions, cost: usage.cost, unpriced: usage.unpriced))
        }
        d.costByAgent.sort { ($0.cost, $1.name) > ($1.cost, $0.name) }
        d.costByModel.sort { ($0.cost, $1.name) > ($1.cost, $0.name) }
        d.latencyByAgent.sort { $0.agent < $1.agent }
        if let first = firstDay, let last = lastDay {
            for dayIndex in first...last { d.dailyCost.append((day(dayIndex), byDay[dayIndex] ?? .zero)) }
        }
        try anomalies { id, row in
            d.anomalies.append(.init(
                id: id, tenant: try name(row.tenant), kind: row.kind, scope: try row.scopeText(self),
                openedAt: Timestamp(milliseconds: row.openedAt), resolvedAt: row.isOpen ? nil : Timestamp(milliseconds: row.resolvedAt),
                value: row.value, baseline: row.baseline, severity: row.severity, suspectedCause: try row.causeText(self)
            ))
            return true
        }
        for r in try recommendations() where r.priority == .balanced {
            d.recommendations.append(.init(
                tenant: try name(r.tenant), task: r.task == 0 ? "(none)" : try name(r.task), model: try name(r.model),
                qualityScore: r.row.qualityScore, calls: r.row.usage.interactions, confidence: r.row.confidence
            ))
        }
        return d
    }

    /// The model row of a symbol.
    public func model(symbol: Symbol) throws -> ModelRow? {
        try BigEndianKey.with(symbol) { try row(tables.models, $0) { ModelRow(from: &$0) } }
    }
}
