import Tally

/// `conversations`: one row per conversation.
struct ConversationsTable: QueryTable {
    static let columns: [ColumnDescription] = [
        .init("conversation_id", .text, "the conversation"),
        .init("tenant", .text, "its tenant"),
        .init("user_id", .text, "its user (the first interaction's)"),
        .init("started_at", .timestamp, "first event"),
        .init("last_at", .timestamp, "latest event"),
        .init("interactions", .integer, "LLM calls / agent turns"),
        .init("errors", .integer, "interactions with status error or timeout"),
        .init("input_tokens", .integer, "all input tokens (cached included)"),
        .init("output_tokens", .integer, "all output tokens (reasoning included)"),
        .init("cached_input_tokens", .integer, "input tokens read from cache"),
        .init("cost_usd", .money, "baseline cost, exact"),
        .init("unpriced_interactions", .integer, "interactions whose model had no price"),
        .init("reported_cost_usd", .money, "what providers or gateways billed, where reported"),
        .init("latency_ms_avg", .double, "average latency"),
        .init("primary_agent", .text, "the agent with most interactions"),
        .init("agents", .text, "agents in order of first appearance"),
        .init("handoffs", .integer, "handoffs"),
        .init("escalations", .integer, "handoffs with reason escalation"),
        .init("ratings", .integer, "ratings in force (message- and conversation-level)"),
        .init("avg_stars", .double, "average stars"),
        .init("thumbs_up", .integer, "thumbs up"),
        .init("thumbs_down", .integer, "thumbs down"),
        .init("judged_success", .integer, "ratings judging success"),
        .init("judged_total", .integer, "ratings with a success judgment"),
        .init("experiment", .text, "experiment of the first interaction that named one"),
        .init("sla_breaches", .integer, "interactions over the SLA threshold"),
        .init("tool_calls", .integer, "tool calls"),
        .init("tool_failures", .integer, "failed tool calls"),
    ]
    static let schema = StoreSchemas.make("conversations", columns, key: ["conversation_id"], ordered: 0, doc: "One row per conversation.")

    let schema: TableSchema
    let context: StoreContext

    func fill(_ row: inout [QueryValue], _ wanted: [Int], _ symbol: Tally.Symbol, _ c: ConversationRow) throws {
        for i in wanted {
            switch i {
            case 0: row[i] = try context.text(symbol)
            case 1: row[i] = try context.text(c.tenant)
            case 2: row[i] = try context.text(c.user)
            case 3: row[i] = Cells.time(c.startedAt)
            case 4: row[i] = Cells.time(c.lastAt)
            case 5: row[i] = .integer(c.usage.interactions)
            case 6: row[i] = .integer(c.usage.errors)
            case 7: row[i] = .integer(c.usage.inputTokens)
            case 8: row[i] = .integer(c.usage.outputTokens)
            case 9: row[i] = .integer(c.usage.cachedInputTokens)
            case 10: row[i] = .money(c.usage.cost)
            case 11: row[i] = .integer(c.usage.unpriced)
            case 12: row[i] = c.usage.reportedCount > 0 ? .money(c.usage.reportedCost) : .null
            case 13: row[i] = Cells.double(c.usage.averageLatency)
            case 14: row[i] = try c.primaryAgent.map { try context.text($0) } ?? .null
            case 15:
                var names: [String] = []
                for entry in c.agents.entries { if case .text(let n) = try context.text(entry.symbol) { names.append(n) } }
                row[i] = .text(names.joined(separator: ","))
            case 16: row[i] = .integer(c.handoffs)
            case 17: row[i] = .integer(c.escalations)
            case 18: row[i] = .integer(c.ratings.ratings)
            case 19: row[i] = Cells.double(c.ratings.averageStars)
            case 20: row[i] = .integer(c.ratings.thumbsUp)
            case 21: row[i] = .integer(c.ratings.thumbsDown)
            case 22: row[i] = .integer(c.ratings.judgedSuccess)
            case 23: row[i] = .integer(c.ratings.judgedTotal)
            case 24: row[i] = try context.text(c.experiment)
            case 25: row[i] = .integer(c.usage.slaBreaches)
            case 26: row[i] = .integer(c.usage.toolCalls)
            case 27: row[i] = .integer(c.usage.toolFailures)
            default: break
            }
        }
    }

    func scan(_ request: ScanRequest, visit: (_ row: [QueryValue]) throws(QueryError) -> ScanStep) throws(QueryError) -> ScanOutcome {
        let p: ProjectionReader
        do { p = try context.rows() } catch let error as QueryError { throw error } catch { throw QueryError(.storage, "\(error)") }
        return try scanByName(
            request, columns: schema.columns.count, context: context,
            lookup: { try p.conversation(symbol: $0) }, all: { try p.conversations($0) }, fill: fill, visit: visit
        )
    }
}
