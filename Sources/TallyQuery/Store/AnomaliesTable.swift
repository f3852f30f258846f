import Tally

/// `anomalies`: the anomaly state, in opening order.
struct AnomaliesTable: QueryTable {
    static let columns: [ColumnDescription] = [
        .init("anomaly_id", .integer, "id, in opening order"),
        .init("tenant", .text, "tenant"),
        .init("kind", .text, "error_rate, latency, cost, quality, sla or budget"),
        .init("scope", .text, "agent / model, or the budget"),
        .init("agent", .text, "agent (budgets: the budget's scope id)"),
        .init("model", .text, "model"),
        .init("opened_at", .timestamp, "start of the hour it opened (budgets: the crossing event)"),
        .init("last_at", .timestamp, "latest hour it was seen"),
        .init("resolved_at", .timestamp, "when the metric returned to baseline (budgets: period end)"),
        .init("status", .text, "open or resolved"),
        .init("value", .double, "the hour's value (rates as fractions, ms, $, stars; budgets: spend)"),
        .init("baseline", .double, "the baseline it was judged against (budgets: the amount)"),
        .init("severity", .text, "warning, high or critical"),
        .init("suspected_cause", .text, "the model's latest deployment within the preceding 24 h"),
    ]
    static let schema = StoreSchemas.make("anomalies", columns, key: ["anomaly_id"], ordered: 1, doc: "The anomaly state: incidents and budget alerts.")

    let schema: TableSchema
    let context: StoreContext

    func fill(_ row: inout [QueryValue], _ wanted: [Int], _ id: UInt64, _ a: AnomalyRow) throws {
        for i in wanted {
            switch i {
            case 0: row[i] = .integer(Int64(truncatingIfNeeded: id))
            case 1: row[i] = try context.text(a.tenant)
            case 2: row[i] = .text(a.kind.name)
            case 3:
                if a.kind == .budget {
                    let scope = BudgetScope(rawValue: a.budgetScope)?.name ?? "?"
                    let period = BudgetPeriod(rawValue: a.budgetPeriod)?.name ?? "?"
                    var target = ""
                    if case .text(let t) = try context.text(a.agent) { target = " " + t }
                    row[i] = .text("budget \(scope)\(target) per \(period) at \(a.threshold / 100)%")
                } else {
                    var agent = "", model = ""
                    if case .text(let t) = try context.text(a.agent) { agent = t }
                    if case .text(let t) = try context.text(a.model) { model = t }
                    row[i] = .text("\(agent) / \(model)")
                }
            case 4: row[i] = try context.text(a.agent)
            case 5: row[i] = try context.text(a.model)
            case 6: row[i] = Cells.time(a.openedAt)
            case 7: row[i] = Cells.time(a.lastAt)
            case 8: row[i] = Cells.time(a.resolvedAt)
            case 9: row[i] = .text(a.isOpen ? "open" : "resolved")
            case 10: row[i] = .double(a.value)
            case 11: row[i] = .double(a.baseline)
            case 12: row[i] = .text(a.severity >= 3 ? "critical" : a.severity == 2 ? "high" : "warning")
            case 13:
                if a.suspectedDeploymentAt != .min, case .text(let model) = try context.text(a.model) {
                    row[i] = .text("deployment of \(model) at \(Timestamp(milliseconds: a.suspectedDeploymentAt).rfc3339)")
                } else {
                    row[i] = .null
                }
            default: break
            }
        }
    }

    func scan(_ request: ScanRequest, visit: (_ row: [QueryValue]) throws(QueryError) -> ScanStep) throws(QueryError) -> ScanOutcome {
        try storage {
            let p = try context.rows()
            let wanted = request.columns.indices
            var row = [QueryValue](repeating: .null, count: schema.columns.count)
            var rows: [(UInt64, AnomalyRow)] = []
            let c = request.constraint
            try p.anomalies { id, a in
                let value = QueryValue.integer(Int64(truncatingIfNeeded: id))
                switch c.position(ofKey: [value]) {
                case .before: return true
                case .after: return false
                case .inside:
                    if request.descending {
                        rows.append((id, a))
                        return true
                    }
                    try fill(&row, wanted, id, a)
                    return try visit(row) == .next
                }
            }
            for (id, a) in rows.reversed() {
                try fill(&row, wanted, id, a)
                if try visit(row) == .stop { break }
            }
            return ScanOutcome(exact: true)
        }
    }
}

/// `best_models`: seed 002's recommendation per tenant, task type and priority.
enum BestModelsView {
    static let columns: [ColumnDescription] = [
        .init("tenant", .text, "tenant"),
        .init("task_type", .text, "task type"),
        .init("priority", .text, "speed, quality, cost or balanced"),
        .init("model", .text, "the recommended model"),
        .init("calls", .integer, "its calls on this task"),
        .init("success_rate", .double, "% of calls with status ok"),
        .init("satisfaction_rate", .double, "% satisfied ratings"),
        .init("avg_latency_ms", .double, "average latency"),
        .init("quality_score", .double, "seed 002's quality score"),
        .init("cost_per_call", .money, "cost per priced call"),
        .init("confidence", .double, "seed 002's confidence"),
        .init("candidates", .integer, "models with at least 20 calls on this task"),
    ]
    static let schema = StoreSchemas.make("best_models", columns, key: ["tenant", "task_type", "priority"], ordered: 3, doc: "Seed 002: the best model per task type and priority.")

    static func table(schema: TableSchema, context: StoreContext) throws -> InMemoryTable {
        let p = try context.rows()
        var rows: [[QueryValue]] = []
        for r in try p.recommendations() {
            let u = r.row.usage
            rows.append([
                try context.text(r.tenant), r.task == 0 ? .text("(none)") : try context.text(r.task), .text(r.priority.rawValue),
                try context.text(r.model), .integer(u.interactions), Cells.double(r.row.successRate), Cells.double(r.row.satisfactionRate),
                Cells.double(u.averageLatency), Cells.double(r.row.qualityScore), Cells.perCall(u.cost, u.interactions - u.unpriced),
                .double(r.row.confidence), .integer(Int64(r.candidates)),
            ])
        }
        return try InMemoryTable(schema: schema, rows: rows.filter { !$0[0].isNull })
    }
}
