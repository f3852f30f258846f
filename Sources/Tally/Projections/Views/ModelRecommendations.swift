/// What seed 002's recommender optimises for.
public enum ModelPriority: String, CaseIterable, Sendable {
    /// Fastest average response.
    case speed
    /// Highest success and satisfaction.
    case quality
    /// Lowest cost per call.
    case cost
    /// Highest quality score (success, satisfaction and speed together).
    case balanced
}

/// The best model for one task type and priority, with the figures behind the choice.
public struct ModelRecommendation: Hashable, Sendable {
    public var tenant: Symbol
    public var task: Symbol
    public var priority: ModelPriority
    public var model: Symbol
    public var row: ModelTaskRow
    /// How many models qualified (had at least the minimum sample).
    public var candidates: Int
}

extension ProjectionReader {
    /// Seed 002's best model per task type for each priority, among models with at least
    /// `minimumCalls` interactions on that task. Ties go to the larger sample.
    public func recommendations(minimumCalls: Int64 = 20) throws -> [ModelRecommendation] {
        var byTask: [TaskKey: [(Symbol, ModelTaskRow)]] = [:]
        try modelTasks { key, row in
            if row.usage.interactions >= minimumCalls {
                byTask[TaskKey(tenant: key.tenant, task: key.task), default: []].append((key.model, row))
            }
            return true
        }
        var out: [ModelRecommendation] = []
        for (key, candidates) in byTask.sorted(by: { ($0.key.tenant, $0.key.task) < ($1.key.tenant, $1.key.task) }) {
            for priority in ModelPriority.allCases {
                let scored: [(Symbol, ModelTaskRow, Double)] = candidates.compactMap { model, row in
                    let score: Double?
                    switch priority {
                    case .speed: score = row.usage.averageLatency.map { -$0 }
                    case .quality:
                        if let s = row.successRate, let q = row.satisfactionRate { score = (s + q) / 2 } else { score = nil }
                    case .cost:
                        let priced = row.usage.interactions - row.usage.unpriced
                        score = priced > 0 ? -Double(row.usage.cost.picodollars) / Double(priced) : nil
                    case .balanced: score = row.qualityScore
                    }
                    return score.map { (model, row, $0) }
                }
                guard let best = scored.max(by: { ($0.2, $0.1.usage.interactions, $1.0) < ($1.2, $1.1.usage.interactions, $0.0) }) else { continue }
                out.append(ModelRecommendation(tenant: key.tenant, task: key.task, priority: priority, model: best.0, row: best.1, candidates: scored.count))
            }
        }
        return out
    }
}

private struct TaskKey: Hashable {
    var tenant: Symbol
    var task: Symbol
}
