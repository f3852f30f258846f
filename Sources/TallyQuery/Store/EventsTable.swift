import Tally
import TallyStore

/// `events`: the raw log, one row per event, streamed in position order (never loaded whole).
struct EventsTable: QueryTable {
    static let columns: [ColumnDescription] = [
        .init("position", .integer, "gap-free position in the log"),
        .init("ts", .timestamp, "when it happened"),
        .init("type", .text, "interaction, rating, handoff, deployment, price_book or budget"),
        .init("id", .text, "event id"),
        .init("tenant", .text, "tenant"),
        .init("conversation_id", .text, "conversation (interaction, rating, handoff)"),
        .init("message_id", .text, "message"),
        .init("user_id", .text, "user (interaction)"),
        .init("agent", .text, "agent (interaction); from_agent (handoff)"),
        .init("model", .text, "model (interaction, deployment)"),
        .init("provider", .text, "provider"),
        .init("task_type", .text, "task type"),
        .init("status", .text, "ok, error, timeout, cancelled"),
        .init("error_type", .text, "error type"),
        .init("input_tokens", .integer, "input tokens"),
        .init("output_tokens", .integer, "output tokens"),
        .init("cached_input_tokens", .integer, "cached input tokens"),
        .init("cache_write_tokens", .integer, "cache write tokens"),
        .init("reasoning_tokens", .integer, "reasoning tokens"),
        .init("latency_ms", .integer, "latency"),
        .init("ttft_ms", .integer, "time to first token"),
        .init("tool_calls", .integer, "tool calls"),
        .init("tool_failures", .integer, "failed tool calls"),
        .init("reported_cost_usd", .money, "billed cost, if reported"),
        .init("experiment", .text, "experiment"),
        .init("rater_id", .text, "rater (rating)"),
        .init("stars", .integer, "stars (rating)"),
        .init("thumbs", .integer, "thumbs ±1 (rating)"),
        .init("success", .bool, "success judgment (rating)"),
        .init("to_agent", .text, "handoff target"),
        .init("reason", .text, "handoff reason"),
        .init("action", .text, "deployed or retired (deployment)"),
        .init("appended_at", .timestamp, "when the log stored it"),
        .init("cost_usd", .money, "baseline cost of an interaction (the tenant's book in force at ts); NULL when unpriced"),
    ]

    let context: StoreContext
    /// Prices interactions for `cost_usd` (nil when the store has no projections).
    let costs: EventCostCalculator?
    var schema: TableSchema { StoreSchemas.events }

    func fill(_ row: inout [QueryValue], _ wanted: [Int], _ position: UInt64, _ bytes: UnsafeRawBufferPointer) throws {
        for i in wanted { row[i] = .null }
        let record: EventRecord
        var interaction: InteractionRecord? = nil
        var rating: RatingRecord? = nil
        var handoff: HandoffRecord? = nil
        var deployment: DeploymentRecord? = nil
        do throws(DecodingError) {
            record = try EventRecord(bytes)
            switch record.type {
            case .interaction: interaction = try InteractionRecord(record.payload)
            case .rating: rating = try RatingRecord(record.payload)
            case .handoff: handoff = try HandoffRecord(record.payload)
            case .deployment: deployment = try DeploymentRecord(record.payload)
            case .priceBook, .budget: break
            }
        } catch {
            // A damaged record: say where it is (`tally verify` lists every one).
            throw DecodingError(position: error.position ?? position, reason: error.reason)
        }
        func text(_ bytes: UnsafeRawBufferPointer?) -> QueryValue {
            guard let bytes, let s = String(validating: bytes, as: UTF8.self) else { return .null }
            return .text(s)
        }
        for i in wanted {
            switch i {
            case 0: row[i] = .integer(Int64(truncatingIfNeeded: position))
            case 1: row[i] = .timestamp(record.ts)
            case 2: row[i] = .text(record.type.name)
            case 3: row[i] = record.idText.map { .text($0) } ?? .null
            case 4: row[i] = try context.text(record.tenant)
            case 5: row[i] = try context.text(interaction?.conversation ?? rating?.conversation ?? handoff?.conversation ?? 0)
            case 6:
                if let m = interaction, m.hasMessageID { row[i] = text(m.messageID) }
                else if let m = rating?.messageID { row[i] = text(m) }
                else if let m = handoff?.messageID { row[i] = text(m) }
            case 7: row[i] = try context.text(interaction?.user ?? 0)
            case 8: row[i] = try context.text(interaction?.agent ?? handoff?.fromAgent ?? 0)
            case 9: row[i] = try context.text(interaction?.model ?? deployment?.model ?? 0)
            case 10: row[i] = try context.text(interaction?.provider ?? deployment?.provider ?? 0)
            case 11: row[i] = try context.text(interaction?.taskType ?? 0)
            case 12: row[i] = interaction.map { .text($0.status.name) } ?? .null
            case 13: row[i] = try context.text(interaction?.errorType ?? 0)
            case 14: row[i] = interaction.map { .integer($0.inputTokens) } ?? .null
            case 15: row[i] = interaction.map { .integer($0.outputTokens) } ?? .null
            case 16: row[i] = interaction.map { .integer($0.cachedInputTokens) } ?? .null
            case 17: row[i] = interaction.map { .integer($0.cacheWriteTokens) } ?? .null
            case 18: row[i] = interaction.map { .integer($0.reasoningTokens) } ?? .null
            case 19: row[i] = interaction.flatMap { $0.latencyMs >= 0 ? .integer($0.latencyMs) : nil } ?? .null
            case 20: row[i] = interaction.flatMap { $0.ttftMs >= 0 ? .integer($0.ttftMs) : nil } ?? .null
            case 21: row[i] = interaction.map { .integer($0.toolCalls) } ?? .null
            case 22: row[i] = interaction.map { .integer($0.toolFailures) } ?? .null
            case 23: row[i] = interaction?.reportedCost.map { .money($0) } ?? .null
            case 24: row[i] = try context.text(interaction?.experiment ?? 0)
            case 25: row[i] = try context.text(rating?.rater ?? 0)
            case 26: row[i] = rating.flatMap { $0.stars > 0 ? .integer(Int64($0.stars)) : nil } ?? .null
            case 27: row[i] = rating.flatMap { $0.thumbs != 0 ? .integer(Int64($0.thumbs)) : nil } ?? .null
            case 28: row[i] = rating.flatMap { $0.success == 0 ? nil : .bool($0.success == 2) } ?? .null
            case 29: row[i] = try context.text(handoff?.toAgent ?? 0)
            case 30: row[i] = try context.text(handoff?.reason ?? 0)
            case 31: row[i] = deployment.map { .text($0.action.name) } ?? .null
            case 32: row[i] = try context.reader.appendTime(of: position).map { .timestamp($0) } ?? .null
            case 33:
                if let interaction, let calculator = costs { row[i] = try calculator.cost(of: record, interaction, reader: context.reader).map { .money($0) } ?? .null }
            default: break
            }
        }
    }

    func scan(_ request: ScanRequest, visit: (_ row: [QueryValue]) throws(QueryError) -> ScanStep) throws(QueryError) -> ScanOutcome {
        try storage {
            let wanted = request.columns.indices
            var row = [QueryValue](repeating: .null, count: schema.columns.count)
            let c = request.constraint
            let last = try context.reader.lastPosition()
            var low: UInt64 = 1
            var high: UInt64 = last
            func position(_ v: QueryValue) -> Int64? {
                switch v {
                case .integer(let p): p
                case .double(let d): d.isFinite ? Int64(d.rounded(.down)) : nil
                default: nil
                }
            }
            if let eq = c.equal.first {
                guard let p = position(eq), p >= 1 else { return ScanOutcome(exact: true) }
                low = UInt64(p)
                high = UInt64(p)
            } else {
                if let lower = c.lower, let p = position(lower.value) {
                    let v = lower.inclusive ? p : p + 1
                    low = v < 1 ? 1 : UInt64(v)
                }
                if let upper = c.upper, let p = position(upper.value) {
                    let v = upper.inclusive ? p : p - 1
                    if v < 1 { return ScanOutcome(exact: true) }
                    high = min(high, UInt64(v))
                }
            }
            guard low <= high else { return ScanOutcome(exact: true) }
            if request.descending {
                var p = high
                while p >= low {
                    if let bytes = try context.reader.record(at: p) {
                        try fill(&row, wanted, p, bytes)
                        if try visit(row) == .stop { break }
                    }
                    if p == low { break }
                    p -= 1
                }
            } else {
                try context.reader.scan(from: low) { p, bytes in
                    guard p <= high else { return false }
                    try fill(&row, wanted, p, bytes)
                    return try visit(row) == .next
                }
            }
            return ScanOutcome(exact: true)
        }
    }
}
