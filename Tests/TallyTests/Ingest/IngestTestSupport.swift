import Tally

/// Decodes a line, returning the error (or nil when it decodes).
func decodeError(_ line: String, validates: Bool = true) -> IngestError? {
    do {
        _ = try NDJSONEventDecoder(validates: validates).decode(line, lineNumber: 7)
        return nil
    } catch {
        return error
    }
}

/// The validation error of an event (or nil when valid).
func validationError(_ event: Event) -> EventValidationError? {
    do {
        try event.validate()
        return nil
    } catch {
        return error
    }
}

let sampleTS = Timestamp(rfc3339: "2026-11-21T09:30:00.123Z") ?? Timestamp(milliseconds: 0)

/// A valid interaction line with every field set.
let fullInteractionLine = """
{"type":"interaction","id":"evt-1","ts":"2026-11-21T09:30:00.123Z","tenant":"acme","conversation_id":"conv-1",\
"message_id":"msg-1","user_id":"user-9","agent":"support-bot","model":"gpt-4o","provider":"openai",\
"task_type":"refund","input_tokens":1200,"output_tokens":300,"cached_input_tokens":1000,"cache_write_tokens":100,\
"reasoning_tokens":50,"latency_ms":850,"ttft_ms":120,"status":"error","error_type":"rate_limit","tool_calls":3,\
"tool_failures":1,"context_tokens":8000,"escalation_suggested":true,"confidence":0.85,"experiment":"exp-a",\
"reported_cost_usd":"0.004125","attributes":{"region":"eu","tier":"gold"}}
"""

/// A minimal valid interaction line; `extra` is spliced in before the closing brace.
func interactionLine(_ extra: String = "") -> String {
    #"{"type":"interaction","ts":"2026-11-21T09:30:00Z","conversation_id":"c1","agent":"a","model":"m","input_tokens":100,"output_tokens":20,"status":"ok""#
        + (extra.isEmpty ? "" : "," + extra) + "}"
}

/// A minimal valid interaction event.
func sampleInteraction(_ change: (inout Interaction) -> Void = { _ in }) -> Event {
    var i = Interaction(conversationID: "c1", agent: "a", model: "m", inputTokens: 100, outputTokens: 20)
    change(&i)
    return Event(ts: sampleTS, payload: .interaction(i))
}

/// Generates valid events of all six types, with extremes, unicode and characters that need escaping.
struct EventGenerator {
    var rng: SeededRandom

    init(seed: UInt64) { rng = SeededRandom(seed: seed) }

    static let pieces: [String] = [
        "a", "Z", "0", "-", "_", ".", " ", "é", "ß", "日本", "🦊", "e\u{301}", "\"", "\\", "/", "{", "}", "[", ",", ":",
        "\u{2028}", "\u{FEFF}", "\u{10FFFF}", "\u{A0}", "Ω", "%", "<", "&", "'", "null", "true",
    ]
    static let controlPieces: [String] = ["\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "\u{85}", "\u{8}", "\u{C}"]

    mutating func int(_ range: ClosedRange<Int64>) -> Int64 { Int64.random(in: range, using: &rng) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

    /// Text of 1…maxBytes bytes (or 0… when `allowEmpty`); control characters only when allowed.
    mutating func text(maxBytes: Int, allowControl: Bool = false, allowEmpty: Bool = false) -> String {
        if chance(0.1) {
            // Exactly at the limit, in ASCII.
            return String(repeating: "x", count: maxBytes)
        }
        let target = Int.random(in: (allowEmpty ? 0 : 1)...min(maxBytes, 40), using: &rng)
        var out = ""
        while out.utf8.count < target {
            let piece = allowControl && chance(0.2)
                ? EventGenerator.controlPieces.randomElement(using: &rng) ?? "x"
                : EventGenerator.pieces.randomElement(using: &rng) ?? "x"
            if out.utf8.count + piece.utf8.count > maxBytes { break }
            out += piece
        }
        return out.isEmpty && !allowEmpty ? "x" : out
    }

    mutating func optionalText(maxBytes: Int) -> String? {
        chance(0.5) ? text(maxBytes: maxBytes) : nil
    }

    mutating func count() -> Int64 {
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: 0
        case 1: EventLimits.maxCount
        default: int(0...1_000_000)
        }
    }

    mutating func timestamp() -> Timestamp {
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: EventLimits.earliestTimestamp
        case 1: EventLimits.latestTimestamp
        case 2: Timestamp(milliseconds: 0)
        default: Timestamp(milliseconds: int(EventLimits.earliestTimestamp.milliseconds...EventLimits.latestTimestamp.milliseconds))
        }
    }

    mutating func money(allowZero: Bool) -> Money {
        let bound = Int128(1_000_000_000_000) * Money.picosPerDollar
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: return Money(picodollars: allowZero ? 0 : 1)
        case 1: return Money(picodollars: bound - 1)
        case 2: return Money(picodollars: Int128(int(1...1_000_000_000)))
        default:
            let high = Int128(int(0...999_999_999_999))
            let low = Int128(int(0...999_999_999_999))
            let value = high * Money.picosPerDollar + low
            return Money(picodollars: value == 0 && !allowZero ? 1 : value)
        }
    }

    mutating func confidence() -> Double {
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: 0
        case 1: 1
        case 2: Double.leastNonzeroMagnitude
        case 3: 0.1
        case 4: Double(Float.random(in: 0...1, using: &rng))
        default: Double.random(in: 0...1, using: &rng)
        }
    }

    mutating func bookJSON() -> String {
        let space = chance(0.3) ? " \t " : ""
        var name: [UInt8] = []
        var idText: [UInt8] = []
        let raw = text(maxBytes: 30, allowControl: true)
        escapeJSON(raw, into: &name)
        escapeJSON(text(maxBytes: 20), into: &idText)
        let models = chance(0.2) ? "[]" : #"[{"provider":"openai","model":"\#(String(decoding: name, as: UTF8.self))","match":"exact","input_per_mtok":"2.50","output_per_mtok":"10.00","tiers":[{"above_input_tokens":200000,"input_per_mtok":"5.00"}],"effective_from":"2026-01-01T00:00:00Z","effective_to":null}]"#
        return "{" + space + #""id":"\#(String(decoding: idText, as: UTF8.self))","# + space + #""currency":"USD","models":"# + space + models + space + "}"
    }

    mutating func event() -> Event {
        let id = chance(0.7) ? text(maxBytes: EventLimits.maxIDBytes) : nil
        let tenant = chance(0.3) ? Event.defaultTenant : text(maxBytes: EventLimits.maxTenantBytes)
        let ts = timestamp()
        let payload: EventPayload
        switch Int.random(in: 0..<6, using: &rng) {
        case 0:
            let input = count()
            let cached = chance(0.5) ? int(0...input) : 0
            let write = chance(0.5) ? int(0...(input - cached)) : 0
            let output = count()
            let reasoning = chance(0.5) ? int(0...output) : 0
            let calls = chance(0.5) ? count() : 0
            let failures = chance(0.5) ? int(0...calls) : 0
            var attributes: [String: String] = [:]
            if chance(0.4) {
                for _ in 0..<Int.random(in: 0...EventLimits.maxAttributes, using: &rng) {
                    attributes[text(maxBytes: EventLimits.maxAttributeKeyBytes)] =
                        text(maxBytes: EventLimits.maxAttributeValueBytes, allowControl: true, allowEmpty: true)
                }
            }
            payload = .interaction(Interaction(
                conversationID: text(maxBytes: EventLimits.maxIDBytes), messageID: optionalText(maxBytes: EventLimits.maxIDBytes),
                userID: optionalText(maxBytes: EventLimits.maxIDBytes), agent: text(maxBytes: EventLimits.maxNameBytes),
                model: text(maxBytes: EventLimits.maxNameBytes), provider: optionalText(maxBytes: EventLimits.maxNameBytes),
                taskType: optionalText(maxBytes: EventLimits.maxNameBytes), inputTokens: input, outputTokens: output,
                cachedInputTokens: cached, cacheWriteTokens: write, reasoningTokens: reasoning,
                latencyMs: chance(0.5) ? count() : nil, ttftMs: chance(0.5) ? count() : nil,
                status: InteractionStatus.allCases.randomElement(using: &rng) ?? .ok,
                errorType: optionalText(maxBytes: EventLimits.maxNameBytes), toolCalls: calls, toolFailures: failures,
                contextTokens: chance(0.5) ? count() : nil, escalationSuggested: chance(0.5),
                confidence: chance(0.5) ? confidence() : nil, experiment: optionalText(maxBytes: EventLimits.maxNameBytes),
                reportedCost: chance(0.5) ? money(allowZero: true) : nil, attributes: attributes))
        case 1:
            var tags: [String] = []
            if chance(0.5) {
                for n in 0..<Int.random(in: 0...EventLimits.maxFailureTags, using: &rng) {
                    tags.append("\(n)" + text(maxBytes: 200))
                }
            }
            payload = .rating(Rating(
                conversationID: text(maxBytes: EventLimits.maxIDBytes), messageID: optionalText(maxBytes: EventLimits.maxIDBytes),
                raterID: optionalText(maxBytes: EventLimits.maxIDBytes),
                score: chance(0.5) ? .stars(Int.random(in: 1...5, using: &rng)) : .thumbs(chance(0.5) ? 1 : -1),
                success: chance(0.3) ? nil : chance(0.5), failureTags: tags,
                comment: chance(0.5) ? text(maxBytes: EventLimits.maxCommentBytes, allowControl: true, allowEmpty: true) : nil))
        case 2:
            payload = .handoff(Handoff(
                conversationID: text(maxBytes: EventLimits.maxIDBytes), fromAgent: text(maxBytes: EventLimits.maxNameBytes),
                toAgent: text(maxBytes: EventLimits.maxNameBytes), reason: chance(0.5) ? "escalation" : text(maxBytes: 256),
                messageID: optionalText(maxBytes: EventLimits.maxIDBytes)))
        case 3:
            payload = .deployment(Deployment(
                model: text(maxBytes: EventLimits.maxNameBytes), provider: optionalText(maxBytes: EventLimits.maxNameBytes),
                action: chance(0.5) ? .deployed : .retired, trainingMethod: optionalText(maxBytes: EventLimits.maxNameBytes),
                baseModel: optionalText(maxBytes: EventLimits.maxNameBytes), version: optionalText(maxBytes: EventLimits.maxNameBytes),
                endpoint: optionalText(maxBytes: EventLimits.maxEndpointBytes)))
        case 4:
            payload = .priceBook(PriceBookChange(bookJSON: bookJSON()))
        default:
            let scope = BudgetScope.allCases.randomElement(using: &rng) ?? .tenant
            let scopeID: String? = scope == .tenant ? (chance(0.5) ? tenant : nil) : text(maxBytes: EventLimits.maxNameBytes)
            var thresholds = Set<Int>()
            for _ in 0..<Int.random(in: 1...EventLimits.maxThresholds, using: &rng) {
                thresholds.insert(chance(0.2) ? [1, 100_000, 5000, 7525].randomElement(using: &rng) ?? 1 : Int.random(in: 1...100_000, using: &rng))
            }
            payload = .budget(Budget(
                scope: scope, scopeID: scopeID, period: BudgetPeriod.allCases.randomElement(using: &rng) ?? .day,
                amount: money(allowZero: false), thresholdsBasisPoints: thresholds.sorted()))
        }
        return Event(id: id, ts: ts, tenant: tenant, payload: payload)
    }
}

/// JSON string content escaping for test fixtures (quotes, backslashes, controls).
func escapeJSON(_ text: String, into out: inout [UInt8]) {
    for b in text.utf8 {
        switch b {
        case UInt8(ascii: "\""): out += [92, 34]
        case UInt8(ascii: "\\"): out += [92, 92]
        case 0..<0x20:
            let hex = Array("0123456789abcdef".utf8)
            out += [92, UInt8(ascii: "u"), 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]]
        default: out.append(b)
        }
    }
}
