import Tally

/// `models`: the registry from `deployment` events, with per-model totals.
struct ModelsTable: QueryTable {
    static let columns: [ColumnDescription] = [
        .init("model", .text, "model name"),
        .init("provider", .text, "provider"),
        .init("status", .text, "deployed, retired, or seen (used but never deployed by an event)"),
        .init("training_method", .text, "base, sft, dpo, rlhf, …"),
        .init("base_model", .text, "the model it was trained from"),
        .init("version", .text, "deployed version"),
        .init("endpoint", .text, "endpoint"),
        .init("deployments", .integer, "deployed events"),
        .init("first_deployed_at", .timestamp, "first deployment"),
        .init("last_deployed_at", .timestamp, "latest deployment"),
        .init("first_seen", .timestamp, "first interaction"),
        .init("last_seen", .timestamp, "latest interaction"),
        .init("interactions", .integer, "interactions"),
        .init("errors", .integer, "interactions with status error or timeout"),
        .init("input_tokens", .integer, "input tokens"),
        .init("output_tokens", .integer, "output tokens"),
        .init("cost_usd", .money, "baseline cost, exact"),
        .init("unpriced_interactions", .integer, "interactions without a price"),
        .init("latency_ms_avg", .double, "average latency"),
        .init("ratings", .integer, "ratings"),
        .init("avg_stars", .double, "average stars"),
    ]
    static let schema = StoreSchemas.make("models", columns, key: ["model"], ordered: 0, doc: "The model registry with per-model totals.")

    let schema: TableSchema
    let context: StoreContext

    func fill(_ row: inout [QueryValue], _ wanted: [Int], _ symbol: Tally.Symbol, _ m: ModelRow) throws {
        for i in wanted {
            switch i {
            case 0: row[i] = try context.text(symbol)
            case 1: row[i] = try context.text(m.provider)
            case 2: row[i] = .text(m.state == 1 ? "deployed" : m.state == 2 ? "retired" : "seen")
            case 3: row[i] = try context.text(m.trainingMethod)
            case 4: row[i] = try context.text(m.baseModel)
            case 5: row[i] = m.version.isEmpty ? .null : .text(m.version)
            case 6: row[i] = m.endpoint.isEmpty ? .null : .text(m.endpoint)
            case 7: row[i] = .integer(m.deployments)
            case 8: row[i] = Cells.time(m.firstDeployedAt)
            case 9: row[i] = m.recentDeployments.last.map { .timestamp(Timestamp(milliseconds: $0)) } ?? .null
            case 10: row[i] = Cells.time(m.firstSeen)
            case 11: row[i] = Cells.time(m.lastSeen)
            case 12: row[i] = .integer(m.usage.interactions)
            case 13: row[i] = .integer(m.usage.errors)
            case 14: row[i] = .integer(m.usage.inputTokens)
            case 15: row[i] = .integer(m.usage.outputTokens)
            case 16: row[i] = .money(m.usage.cost)
            case 17: row[i] = .integer(m.usage.unpriced)
            case 18: row[i] = Cells.double(m.usage.averageLatency)
            case 19: row[i] = .integer(m.ratings.ratings)
            case 20: row[i] = Cells.double(m.ratings.averageStars)
            default: break
            }
        }
    }

    func scan(_ request: ScanRequest, visit: (_ row: [QueryValue]) throws(QueryError) -> ScanStep) throws(QueryError) -> ScanOutcome {
        let p: ProjectionReader
        do { p = try context.rows() } catch let error as QueryError { throw error } catch { throw QueryError(.storage, "\(error)") }
        return try scanByName(
            request, columns: schema.columns.count, context: context,
            lookup: { try p.model(symbol: $0) }, all: { try p.models($0) }, fill: fill, visit: visit
        )
    }
}

/// `model_tasks`: seed 002's per model × task type performance.
struct ModelTasksTable: QueryTable {
    static let columns: [ColumnDescription] = [
        .init("tenant", .text, "tenant"),
        .init("model", .text, "model"),
        .init("task_type", .text, "task type"),
        .init("calls", .integer, "interactions"),
        .init("success_rate", .double, "% of calls with status ok"),
        .init("satisfaction_rate", .double, "% of ratings that are thumbs up or 4–5 stars"),
        .init("avg_latency_ms", .double, "average latency"),
        .init("speed_score", .double, "max(0, 100 − min(100, avg latency / 100))"),
        .init("quality_score", .double, "40 % success + 40 % satisfaction + 20 % speed"),
        .init("confidence", .double, "50 % sample size (full at 100) + 30 % reliability + 20 % satisfaction"),
        .init("cost_usd", .money, "baseline cost"),
        .init("cost_per_call", .money, "cost per priced call"),
        .init("tokens_per_call", .double, "(input + output) tokens per call"),
        .init("ratings", .integer, "ratings"),
    ]
    static let schema = StoreSchemas.make("model_tasks", columns, key: ["tenant", "model", "task_type"], ordered: 0, doc: "Seed 002: per tenant, model and task type.")

    let schema: TableSchema
    let context: StoreContext

    static func fill(_ row: inout [QueryValue], _ wanted: [Int], _ key: ModelTaskKey, _ r: ModelTaskRow, _ context: StoreContext) throws {
        let u = r.usage
        for i in wanted {
            switch i {
            case 0: row[i] = try context.text(key.tenant)
            case 1: row[i] = try context.text(key.model)
            case 2: row[i] = try context.text(key.task)
            case 3: row[i] = .integer(u.interactions)
            case 4: row[i] = Cells.double(r.successRate)
            case 5: row[i] = Cells.double(r.satisfactionRate)
            case 6: row[i] = Cells.double(u.averageLatency)
            case 7: row[i] = Cells.double(r.speedScore)
            case 8: row[i] = Cells.double(r.qualityScore)
            case 9: row[i] = .double(r.confidence)
            case 10: row[i] = .money(u.cost)
            case 11: row[i] = Cells.perCall(u.cost, u.interactions - u.unpriced)
            case 12: row[i] = u.interactions > 0 ? .double(Double(u.inputTokens + u.outputTokens) / Double(u.interactions)) : .null
            case 13: row[i] = .integer(r.ratings.ratings)
            default: break
            }
        }
    }

    func scan(_ request: ScanRequest, visit: (_ row: [QueryValue]) throws(QueryError) -> ScanStep) throws(QueryError) -> ScanOutcome {
        try storage {
            let p = try context.rows()
            let wanted = request.columns.indices
            var row = [QueryValue](repeating: .null, count: schema.columns.count)
            var pinned: [Tally.Symbol] = []
            for value in request.constraint.equal {
                guard let s = try context.symbol(value) else { return ScanOutcome(exact: true) }
                pinned.append(s)
            }
            try p.modelTasks { key, r in
                let parts = [key.tenant, key.model, key.task]
                for (i, s) in pinned.enumerated() where parts[i] != s { return true }
                try ModelTasksTable.fill(&row, wanted, key, r, context)
                return try visit(row) == .next
            }
            return ScanOutcome(exact: request.constraint.lower == nil && request.constraint.upper == nil)
        }
    }
}
