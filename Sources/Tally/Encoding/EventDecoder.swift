/// Decodes stored records back into full `Event` values, resolving symbols to names. Used by
/// export, the `events` table and `verify`; projections use the symbol-level views instead.
public enum EventDecoder {
    /// The full event stored in `bytes`.
    public static func decode<S: SymbolResolving>(_ bytes: UnsafeRawBufferPointer, symbols: S) throws -> Event {
        let record = try EventRecord(bytes)
        return try decode(record, symbols: symbols)
    }

    /// The full event of a decoded envelope.
    public static func decode<S: SymbolResolving>(_ record: EventRecord, symbols: S) throws -> Event {
        func name(_ symbol: Symbol, _ field: String) throws -> String {
            guard let n = try symbols.name(of: symbol) else { throw DecodingError(reason: "\(field): unknown symbol \(symbol)") }
            return n
        }
        func optionalName(_ symbol: Symbol, _ field: String) throws -> String? {
            symbol == 0 ? nil : try name(symbol, field)
        }
        guard let id = record.idText else { throw DecodingError(reason: "invalid id") }
        let tenant = try name(record.tenant, "tenant")
        let payload: EventPayload
        switch record.type {
        case .interaction:
            let i = try InteractionRecord(record.payload)
            var attributes: [String: String] = [:]
            if var r = i.attributes {
                guard let count = r.readVarint(), count <= 1024 else { throw DecodingError(reason: "interaction: invalid attributes") }
                for _ in 0..<count {
                    guard let k = r.readString(), let v = r.readString() else { throw DecodingError(reason: "interaction: invalid attributes") }
                    attributes[k] = v
                }
            }
            payload = .interaction(Interaction(
                conversationID: try name(i.conversation, "conversation_id"),
                messageID: i.hasMessageID ? try text(i.messageID, "message_id") : nil,
                userID: try optionalName(i.user, "user_id"),
                agent: try name(i.agent, "agent"), model: try name(i.model, "model"),
                provider: try optionalName(i.provider, "provider"), taskType: try optionalName(i.taskType, "task_type"),
                inputTokens: i.inputTokens, outputTokens: i.outputTokens, cachedInputTokens: i.cachedInputTokens,
                cacheWriteTokens: i.cacheWriteTokens, reasoningTokens: i.reasoningTokens,
                latencyMs: i.latencyMs >= 0 ? i.latencyMs : nil, ttftMs: i.ttftMs >= 0 ? i.ttftMs : nil,
                status: i.status, errorType: try optionalName(i.errorType, "error_type"),
                toolCalls: i.toolCalls, toolFailures: i.toolFailures,
                contextTokens: i.contextTokens >= 0 ? i.contextTokens : nil,
                escalationSuggested: i.escalationSuggested, confidence: i.confidence,
                experiment: try optionalName(i.experiment, "experiment"), reportedCost: i.reportedCost,
                attributes: attributes
            ))
        case .rating:
            let r = try RatingRecord(record.payload)
            payload = .rating(Rating(
                conversationID: try name(r.conversation, "conversation_id"),
                messageID: try r.messageID.map { try text($0, "message_id") },
                raterID: try optionalName(r.rater, "rater_id"),
                score: r.stars != 0 ? .stars(Int(r.stars)) : .thumbs(Int(r.thumbs)),
                success: r.success == 0 ? nil : r.success == 2,
                failureTags: try r.failureTags.map { try name($0, "failure_tags") },
                comment: try r.comment.map { try text($0, "comment") }
            ))
        case .handoff:
            let h = try HandoffRecord(record.payload)
            payload = .handoff(Handoff(
                conversationID: try name(h.conversation, "conversation_id"),
                fromAgent: try name(h.fromAgent, "from_agent"), toAgent: try name(h.toAgent, "to_agent"),
                reason: try name(h.reason, "reason"), messageID: try h.messageID.map { try text($0, "message_id") }
            ))
        case .deployment:
            let d = try DeploymentRecord(record.payload)
            payload = .deployment(Deployment(
                model: try name(d.model, "model"), provider: try optionalName(d.provider, "provider"),
                action: d.action, trainingMethod: try optionalName(d.trainingMethod, "training_method"),
                baseModel: try optionalName(d.baseModel, "base_model"), version: d.version, endpoint: d.endpoint
            ))
        case .priceBook:
            payload = .priceBook(PriceBookChange(bookJSON: try PriceBookRecord(record.payload).bookJSON))
        case .budget:
            let b = try BudgetRecord(record.payload)
            payload = .budget(Budget(
                scope: b.scope, scopeID: try optionalName(b.scopeID, "scope_id"), period: b.period,
                amount: b.amount, thresholdsBasisPoints: b.thresholdsBasisPoints
            ))
        }
        return Event(id: id, ts: record.ts, tenant: tenant, payload: payload)
    }

    static func text(_ bytes: UnsafeRawBufferPointer, _ field: String) throws(DecodingError) -> String {
        guard let s = String(validating: bytes, as: UTF8.self) else { throw DecodingError(reason: "\(field): invalid UTF-8") }
        return s
    }

    static func optionalString(_ r: inout ByteReader, _ field: String) throws(DecodingError) -> String? {
        guard let flag = r.readByte() else { throw DecodingError(reason: "\(field): truncated") }
        guard flag == 1 else { return nil }
        guard let s = r.readString() else { throw DecodingError(reason: "\(field): truncated or invalid UTF-8") }
        return s
    }
}
