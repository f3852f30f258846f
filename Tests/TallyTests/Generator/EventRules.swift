import Foundation
import Tally

/// The SPEC's validity rules for one event, checked independently of the library (the log's
/// own validator is not what is under test here). Returns the broken rules, empty when valid.
func specViolations(_ event: Event) -> [String] {
    var problems: [String] = []
    func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { problems.append(message()) }
    }
    if let id = event.id { check((1...64).contains(id.utf8.count), "id must be 1–64 bytes") } else { problems.append("id missing") }
    check(!event.tenant.isEmpty, "tenant empty")
    switch event.payload {
    case let .interaction(i):
        check(!i.conversationID.isEmpty && !i.agent.isEmpty && !i.model.isEmpty, "required text field empty")
        check(i.inputTokens >= 0 && i.outputTokens >= 0 && i.cachedInputTokens >= 0 && i.cacheWriteTokens >= 0 && i.reasoningTokens >= 0,
              "negative token count")
        check(i.cachedInputTokens + i.cacheWriteTokens <= i.inputTokens, "cached + cache_write > input")
        check(i.reasoningTokens <= i.outputTokens, "reasoning > output")
        check(i.toolCalls >= 0 && i.toolFailures >= 0 && i.toolFailures <= i.toolCalls, "tool counts")
        if let latency = i.latencyMs { check(latency >= 0, "negative latency") }
        if let ttft = i.ttftMs, let latency = i.latencyMs { check(ttft >= 0 && ttft <= latency, "ttft outside 0…latency") }
        if let confidence = i.confidence { check(confidence >= 0 && confidence <= 1, "confidence outside 0–1") }
        if let context = i.contextTokens { check(context >= 0, "negative context_tokens") }
        if let cost = i.reportedCost { check(cost >= .zero, "negative reported cost") }
        check(i.status == .ok ? i.errorType == nil : true, "ok call with an error type")
        check(i.status.isFailure ? i.errorType != nil : true, "failed call without an error type")
        check(i.attributes.count <= 16, "too many attributes")
    case let .rating(r):
        check(!r.conversationID.isEmpty, "rating without conversation")
        switch r.score {
        case let .stars(stars): check((1...5).contains(stars), "stars outside 1–5")
        case let .thumbs(thumbs): check(thumbs == 1 || thumbs == -1, "thumbs not ±1")
        }
        check(r.failureTags.allSatisfy { !$0.isEmpty }, "empty failure tag")
    case let .handoff(h):
        check(!h.conversationID.isEmpty && !h.fromAgent.isEmpty && !h.toAgent.isEmpty && !h.reason.isEmpty, "handoff field empty")
        check(h.fromAgent != h.toAgent, "handoff to the same agent")
    case let .deployment(d):
        check(!d.model.isEmpty, "deployment without model")
    case let .priceBook(book):
        check(priceBookProblems(book.bookJSON).isEmpty, "price book: " + priceBookProblems(book.bookJSON).joined(separator: "; "))
    case let .budget(b):
        check(b.amount > .zero, "budget amount not positive")
        check(!b.thresholdsBasisPoints.isEmpty && zip(b.thresholdsBasisPoints, b.thresholdsBasisPoints.dropFirst()).allSatisfy { $0 < $1 },
              "thresholds not ascending")
        check(b.thresholdsBasisPoints.allSatisfy { (1...100_000).contains($0) }, "threshold out of range")
    }
    return problems
}

/// Problems with a price book's JSON against the SPEC's format (parsed with Foundation here).
func priceBookProblems(_ json: String) -> [String] {
    guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return ["not a JSON object"] }
    var problems: [String] = []
    if (object["id"] as? String)?.isEmpty != false { problems.append("id") }
    if object["currency"] as? String != "USD" { problems.append("currency") }
    guard let models = object["models"] as? [[String: Any]], !models.isEmpty else { return problems + ["models"] }
    for (index, entry) in models.enumerated() {
        for key in ["provider", "model", "match", "input_per_mtok", "output_per_mtok", "effective_from"] where entry[key] as? String == nil {
            problems.append("models[\(index)].\(key)")
        }
        for key in ["input_per_mtok", "output_per_mtok", "cached_input_per_mtok", "cache_write_per_mtok"] {
            if let text = entry[key] as? String, Money(decimal: text) == nil { problems.append("models[\(index)].\(key) not a decimal") }
        }
        if let match = entry["match"] as? String, match != "exact", match != "prefix" { problems.append("models[\(index)].match") }
        if let from = entry["effective_from"] as? String, Timestamp(rfc3339: from) == nil { problems.append("models[\(index)].effective_from") }
        if !(entry["effective_to"] is NSNull) { problems.append("models[\(index)].effective_to") }
    }
    return problems
}
