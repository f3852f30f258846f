@testable import Tally

/// A varied stream of every event type: re-ratings, ratings before their interaction, retries
/// (an event sent again, same id and content: a duplicate), unknown models, a mid-stream price
/// change, handoffs, a deployment and a budget.
func randomEvents(seed: UInt64, count: Int) -> [Event] {
    var g = SeededRandom(seed: seed)
    let start = Timestamp(rfc3339: "2026-10-01T00:00:00Z")?.milliseconds ?? 0
    let agents = ["general", "technical", "billing", "research"]
    let models = ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "mystery-model"]
    let tenants = ["default", "acme"]
    var events: [Event] = []
    var ts = start
    var messages: [(String, String, String)] = [] // tenant, conversation, message
    var previous: Event?
    let book = #"{"id":"t1","currency":"USD","models":[{"provider":"openai","model":"gpt-4o","match":"exact","input_per_mtok":"2.50","output_per_mtok":"10.00","cached_input_per_mtok":"1.25"},{"model":"gpt-4o-mini","match":"exact","input_per_mtok":"0.15","output_per_mtok":"0.60"},{"model":"claude-sonnet","match":"prefix","input_per_mtok":"3","output_per_mtok":"15","tiers":[{"above_input_tokens":2000,"input_per_mtok":"6"}]}]}"#
    let cheaper = book.replacingOccurrences(of: "\"2.50\"", with: "\"2.00\"")
    events.append(Event(id: "book-1", ts: Timestamp(milliseconds: ts), payload: .priceBook(PriceBookChange(bookJSON: book))))
    events.append(Event(id: "budget-1", ts: Timestamp(milliseconds: ts), tenant: "acme", payload: .budget(Budget(scope: .tenant, period: .day, amount: Money(decimal: "0.05") ?? .zero))))
    for n in 0..<count {
        ts += Int64.random(in: 0...90_000, using: &g)
        let tenant = tenants[Int.random(in: 0..<2, using: &g)]
        let conversation = "c\(Int.random(in: 0..<max(1, count / 6), using: &g))"
        let roll = Int.random(in: 0..<100, using: &g)
        let resent = roll < 3 && n > 0 // some retries of the previous event
        let id = "e\(n)"
        if n == count / 2 {
            events.append(Event(id: "book-2", ts: Timestamp(milliseconds: ts), payload: .priceBook(PriceBookChange(bookJSON: cheaper))))
            events.append(Event(id: "deploy-1", ts: Timestamp(milliseconds: ts), payload: .deployment(Deployment(model: "gpt-4o-mini", provider: "openai", action: .deployed, trainingMethod: "sft", baseModel: "gpt-4o-mini", version: "v2"))))
        }
        if roll < 60 || messages.isEmpty {
            let message = "m\(n)"
            let input = Int64.random(in: 1...5000, using: &g)
            let cached = Int64.random(in: 0...input / 2, using: &g)
            let statusRoll = Int.random(in: 0..<20, using: &g)
            events.append(Event(id: id, ts: Timestamp(milliseconds: ts), tenant: tenant, payload: .interaction(Interaction(
                conversationID: conversation, messageID: message, userID: "u\(Int.random(in: 0..<7, using: &g))",
                agent: agents[Int.random(in: 0..<4, using: &g)], model: models[Int.random(in: 0..<4, using: &g)],
                provider: "openai", taskType: ["coding", "analysis", "general_chat"][Int.random(in: 0..<3, using: &g)],
                inputTokens: input, outputTokens: Int64.random(in: 1...800, using: &g), cachedInputTokens: cached,
                latencyMs: Int64.random(in: 50...12_000, using: &g), status: statusRoll == 0 ? .error : statusRoll == 1 ? .timeout : .ok,
                reportedCost: statusRoll == 2 ? Money(decimal: "0.0123") : nil
            ))))
            messages.append((tenant, conversation, message))
        } else if roll < 85 {
            // A rating of a known message, or of one that has not arrived yet.
            let target = Int.random(in: 0..<10, using: &g) == 0 ? (tenant, conversation, "m\(n + 3)") : messages[Int.random(in: 0..<messages.count, using: &g)]
            let stars = Int.random(in: 0..<3, using: &g) == 0
            let conversationLevel = Int.random(in: 0..<6, using: &g) == 0
            events.append(Event(id: id, ts: Timestamp(milliseconds: ts - Int64.random(in: 0...200_000, using: &g)), tenant: target.0, payload: .rating(Rating(
                conversationID: target.1, messageID: conversationLevel ? nil : target.2, raterID: "r\(Int.random(in: 0..<3, using: &g))",
                score: stars ? .stars(Int.random(in: 1...5, using: &g)) : .thumbs(Bool.random(using: &g) ? 1 : -1),
                success: Bool.random(using: &g), failureTags: Bool.random(using: &g) ? ["wrong_answer"] : []
            ))))
        } else {
            events.append(Event(id: id, ts: Timestamp(milliseconds: ts), tenant: tenant, payload: .handoff(Handoff(
                conversationID: conversation, fromAgent: agents[Int.random(in: 0..<4, using: &g)], toAgent: agents[Int.random(in: 0..<4, using: &g)],
                reason: ["escalation", "routing", "fallback"][Int.random(in: 0..<3, using: &g)]
            ))))
        }
        if resent, let previous { events[events.count - 1] = previous }
        previous = events.last
    }
    return events
}
