import Testing
import Tally

/// One test per rule of the SPEC, each checking the exact field and reason.
@Suite("Event validation rules")
struct EventValidatorTests {
    private func expectError(_ event: Event, _ field: String, _ reason: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(validationError(event) == EventValidationError(field: field, reason: reason), sourceLocation: sourceLocation)
    }

    private func event(_ payload: EventPayload, id: String? = nil, tenant: String = "default") -> Event {
        Event(id: id, ts: sampleTS, tenant: tenant, payload: payload)
    }

    @Test func validSamplesPass() {
        #expect(validationError(sampleInteraction()) == nil)
        var generator = EventGenerator(seed: 1)
        for _ in 0..<500 {
            let e = generator.event()
            #expect(validationError(e) == nil, "\(e)")
        }
    }

    @Test func idLength() {
        var e = sampleInteraction()
        e.id = String(repeating: "i", count: 64)
        #expect(validationError(e) == nil)
        e.id = String(repeating: "i", count: 65)
        expectError(e, "id", "must be at most 64 bytes of UTF-8, got 65")
        e.id = String(repeating: "é", count: 33) // 66 bytes, 33 characters
        expectError(e, "id", "must be at most 64 bytes of UTF-8, got 66")
        e.id = ""
        expectError(e, "id", "must not be empty")
    }

    @Test func idWithoutControlCharacters() {
        var e = sampleInteraction()
        e.id = "a\nb"
        expectError(e, "id", "must not contain control characters (U+000A at byte 1)")
        e.id = "ab\u{85}"
        expectError(e, "id", "must not contain control characters (U+0085 at byte 2)")
        e.id = "\u{7F}"
        expectError(e, "id", "must not contain control characters (U+007F at byte 0)")
    }

    @Test func tenant() {
        var e = sampleInteraction()
        e.tenant = ""
        expectError(e, "tenant", "must not be empty")
        e.tenant = String(repeating: "t", count: 129)
        expectError(e, "tenant", "must be at most 128 bytes of UTF-8, got 129")
        e.tenant = String(repeating: "t", count: 128)
        #expect(validationError(e) == nil)
    }

    @Test func timestampRange() {
        var e = sampleInteraction()
        e.ts = Timestamp(milliseconds: EventLimits.latestTimestamp.milliseconds + 1)
        expectError(e, "ts", "must lie between years 0000 and 9999")
        e.ts = Timestamp(milliseconds: EventLimits.earliestTimestamp.milliseconds - 1)
        expectError(e, "ts", "must lie between years 0000 and 9999")
    }

    @Test func interactionRequiredStrings() {
        expectError(sampleInteraction { $0.conversationID = "" }, "conversation_id", "must not be empty")
        expectError(sampleInteraction { $0.agent = "" }, "agent", "must not be empty")
        expectError(sampleInteraction { $0.model = "" }, "model", "must not be empty")
        expectError(sampleInteraction { $0.provider = "" }, "provider", "must not be empty")
        expectError(sampleInteraction { $0.model = String(repeating: "m", count: 257) }, "model", "must be at most 256 bytes of UTF-8, got 257")
        expectError(sampleInteraction { $0.conversationID = String(repeating: "c", count: 65) }, "conversation_id", "must be at most 64 bytes of UTF-8, got 65")
        expectError(sampleInteraction { $0.agent = "bot\t1" }, "agent", "must not contain control characters (U+0009 at byte 3)")
    }

    @Test func countsNonNegative() {
        expectError(sampleInteraction { $0.inputTokens = -1 }, "input_tokens", "must not be negative, got -1")
        expectError(sampleInteraction { $0.outputTokens = -5 }, "output_tokens", "must not be negative, got -5")
        expectError(sampleInteraction { $0.latencyMs = -1 }, "latency_ms", "must not be negative, got -1")
        expectError(sampleInteraction { $0.ttftMs = -1 }, "ttft_ms", "must not be negative, got -1")
        expectError(sampleInteraction { $0.toolCalls = -1 }, "tool_calls", "must not be negative, got -1")
        expectError(sampleInteraction { $0.contextTokens = -1 }, "context_tokens", "must not be negative, got -1")
    }

    @Test func countsBounded() {
        let limit = EventLimits.maxCount
        #expect(validationError(sampleInteraction { $0.inputTokens = limit }) == nil)
        expectError(sampleInteraction { $0.inputTokens = limit + 1 }, "input_tokens", "must be at most 2^40 (1099511627776), got 1099511627777")
        expectError(sampleInteraction { $0.latencyMs = .max }, "latency_ms", "must be at most 2^40 (1099511627776), got 9223372036854775807")
    }

    @Test func cachedInputWithinInput() {
        expectError(
            sampleInteraction { $0.cachedInputTokens = 101 }, "cached_input_tokens",
            "101 exceeds input_tokens (100), which counts cached input too")
        #expect(validationError(sampleInteraction { $0.cachedInputTokens = 100 }) == nil)
    }

    @Test func cachedPlusCacheWriteWithinInput() {
        expectError(
            sampleInteraction { $0.cachedInputTokens = 60; $0.cacheWriteTokens = 41 }, "cache_write_tokens",
            "cached_input_tokens + cache_write_tokens (101) exceeds input_tokens (100), which counts both")
        #expect(validationError(sampleInteraction { $0.cachedInputTokens = 60; $0.cacheWriteTokens = 40 }) == nil)
    }

    @Test func reasoningWithinOutput() {
        expectError(sampleInteraction { $0.reasoningTokens = 21 }, "reasoning_tokens", "21 exceeds output_tokens (20), which counts reasoning too")
        #expect(validationError(sampleInteraction { $0.reasoningTokens = 20 }) == nil)
    }

    @Test func toolFailuresWithinToolCalls() {
        expectError(sampleInteraction { $0.toolCalls = 2; $0.toolFailures = 3 }, "tool_failures", "3 exceeds tool_calls (2)")
    }

    @Test func confidenceRange() {
        expectError(sampleInteraction { $0.confidence = 1.5 }, "confidence", "must be a number from 0 to 1, got 1.5")
        expectError(sampleInteraction { $0.confidence = -0.1 }, "confidence", "must be a number from 0 to 1, got -0.1")
        expectError(sampleInteraction { $0.confidence = .nan }, "confidence", "must be a number from 0 to 1, got nan")
        expectError(sampleInteraction { $0.confidence = .infinity }, "confidence", "must be a number from 0 to 1, got inf")
        #expect(validationError(sampleInteraction { $0.confidence = 1 }) == nil)
    }

    @Test func reportedCost() {
        expectError(sampleInteraction { $0.reportedCost = Money(decimal: "-0.01") }, "reported_cost_usd", "must not be negative, got -0.01")
        expectError(
            sampleInteraction { $0.reportedCost = Money(decimal: "1000000000000") }, "reported_cost_usd",
            "must be below 1000000000000 (10^12) dollars, got 1000000000000")
        #expect(validationError(sampleInteraction { $0.reportedCost = .zero }) == nil)
    }

    @Test func attributesBounds() {
        var many: [String: String] = [:]
        for n in 0..<33 { many["k\(n)"] = "v" }
        expectError(sampleInteraction { $0.attributes = many }, "attributes", "at most 32 entries, got 33")
        expectError(sampleInteraction { $0.attributes = [String(repeating: "k", count: 65): "v"] }, "attributes",
                    "key \"\(String(repeating: "k", count: 65))\" is 65 bytes; keys are at most 64")
        expectError(sampleInteraction { $0.attributes = ["": "v"] }, "attributes", "keys must not be empty")
        expectError(sampleInteraction { $0.attributes = ["a\u{1}": "v"] }, "attributes", "key \"a\\u0001\" contains control character U+0001")
        expectError(sampleInteraction { $0.attributes = ["region": String(repeating: "v", count: 1025)] }, "attributes.region",
                    "must be at most 1024 bytes, got 1025")
        #expect(validationError(sampleInteraction { $0.attributes = ["note": "line1\nline2", "empty": ""] }) == nil)
    }

    @Test func ratingStarsRange() {
        expectError(event(.rating(Rating(conversationID: "c", score: .stars(0)))), "stars", "must be an integer from 1 to 5, got 0")
        expectError(event(.rating(Rating(conversationID: "c", score: .stars(6)))), "stars", "must be an integer from 1 to 5, got 6")
    }

    @Test func ratingThumbsValues() {
        expectError(event(.rating(Rating(conversationID: "c", score: .thumbs(0)))), "thumbs", "must be 1 (up) or -1 (down), got 0")
        expectError(event(.rating(Rating(conversationID: "c", score: .thumbs(2)))), "thumbs", "must be 1 (up) or -1 (down), got 2")
        #expect(validationError(event(.rating(Rating(conversationID: "c", score: .thumbs(-1))))) == nil)
    }

    @Test func ratingFailureTags() {
        let tooMany = (0..<33).map { "t\($0)" }
        expectError(event(.rating(Rating(conversationID: "c", score: .stars(1), failureTags: tooMany))), "failure_tags", "at most 32 tags, got 33")
        expectError(event(.rating(Rating(conversationID: "c", score: .stars(1), failureTags: ["slow", ""]))), "failure_tags[1]", "must not be empty")
        expectError(event(.rating(Rating(conversationID: "c", score: .stars(1), failureTags: ["slow", "slow"]))), "failure_tags[1]",
                    "repeats tag \"slow\" (tags must be distinct)")
    }

    @Test func ratingCommentSize() {
        let long = String(repeating: "c", count: 4097)
        expectError(event(.rating(Rating(conversationID: "c", score: .stars(1), comment: long))), "comment", "at most 4096 bytes, got 4097")
        #expect(validationError(event(.rating(Rating(conversationID: "c", score: .stars(1), comment: "two\nlines")))) == nil)
    }

    @Test func ratingIDs() {
        expectError(event(.rating(Rating(conversationID: "", score: .stars(1)))), "conversation_id", "must not be empty")
        expectError(event(.rating(Rating(conversationID: "c", raterID: "", score: .stars(1)))), "rater_id", "must not be empty")
    }

    @Test func handoffAgents() {
        expectError(event(.handoff(Handoff(conversationID: "c", fromAgent: "", toAgent: "b", reason: "routing"))), "from_agent", "must not be empty")
        expectError(event(.handoff(Handoff(conversationID: "c", fromAgent: "a", toAgent: "", reason: "routing"))), "to_agent", "must not be empty")
        expectError(event(.handoff(Handoff(conversationID: "c", fromAgent: "a", toAgent: "b", reason: ""))), "reason", "must not be empty")
    }

    @Test func deploymentFields() {
        expectError(event(.deployment(Deployment(model: "", action: .deployed))), "model", "must not be empty")
        expectError(event(.deployment(Deployment(model: "m", action: .retired, endpoint: String(repeating: "e", count: 1025)))), "endpoint",
                    "must be at most 1024 bytes of UTF-8, got 1025")
        #expect(validationError(event(.deployment(Deployment(model: "m", action: .retired, endpoint: String(repeating: "e", count: 1024))))) == nil)
    }

    @Test func priceBookStructure() {
        func book(_ json: String) -> Event { event(.priceBook(PriceBookChange(bookJSON: json))) }
        #expect(validationError(book(#"{"id":"b","models":[]}"#)) == nil)
        expectError(book(#" {"id":"b","models":[]}"#), "book", "must be a JSON object (starting with '{' and ending with '}', no surrounding whitespace)")
        expectError(book("{\"id\":\"b\",\n\"models\":[]}"), "book", "must not contain line feeds (NDJSON holds one event per line; minify the book)")
        expectError(book(#"{"id":"b","models":[}"#), "book", "invalid JSON at byte 21: unexpected '}', expected a JSON value")
        expectError(book(#"{"id":"","models":[]}"#), "book.id", "must not be empty")
        expectError(book(#"{"id":"b","models":null}"#), "book.models", "must be an array, got null")
        expectError(book(#"{"id":"b","models":[]}{}"#), "book", "invalid JSON at byte 23: unexpected '{', expected the end of the book")
    }

    @Test func budgetAmount() {
        func budget(_ amount: String) -> Event {
            event(.budget(Budget(scope: .tenant, period: .day, amount: Money(decimal: amount) ?? .zero)))
        }
        expectError(budget("0"), "amount_usd", "must be greater than 0, got 0")
        expectError(budget("-5"), "amount_usd", "must be greater than 0, got -5")
        expectError(budget("1000000000000"), "amount_usd", "must be below 1000000000000 (10^12) dollars, got 1000000000000")
        #expect(validationError(budget("0.000000000001")) == nil)
    }

    @Test func budgetThresholds() {
        func budget(_ bps: [Int]) -> Event {
            event(.budget(Budget(scope: .tenant, period: .week, amount: Money(picodollars: 1), thresholdsBasisPoints: bps)))
        }
        expectError(budget([]), "thresholds", "must hold 1 to 32 fractions, got 0")
        expectError(budget(Array(1...33)), "thresholds", "must hold 1 to 32 fractions, got 33")
        expectError(budget([0]), "thresholds[0]", "must be a fraction of the amount in (0, 10], got 0")
        expectError(budget([5000, 100_001]), "thresholds[1]", "must be a fraction of the amount in (0, 10], got 10.0001")
        expectError(budget([5000, 5000]), "thresholds[1]", "must be ascending: 0.5 does not exceed 0.5")
        expectError(budget([7500, 5000]), "thresholds[1]", "must be ascending: 0.5 does not exceed 0.75")
        #expect(validationError(budget([1, 100_000])) == nil)
    }

    @Test func budgetScopeID() {
        expectError(event(.budget(Budget(scope: .agent, period: .day, amount: Money(picodollars: 1)))), "scope_id", "is required when scope is agent")
        expectError(
            event(.budget(Budget(scope: .tenant, scopeID: "other", period: .day, amount: Money(picodollars: 1))), tenant: "acme"), "scope_id",
            "a tenant budget covers the event's own tenant \"acme\"; omit scope_id or set it to the tenant")
        #expect(validationError(event(.budget(Budget(scope: .tenant, scopeID: "acme", period: .day, amount: Money(picodollars: 1))), tenant: "acme")) == nil)
    }

    @Test func errorDescription() {
        #expect(EventValidationError(field: "stars", reason: "must be an integer from 1 to 5, got 6").description == "stars: must be an integer from 1 to 5, got 6")
    }
}
