import Testing
@testable import Tally

@Suite("NDJSON event decoder")
struct NDJSONEventDecoderTests {
    let decoder = NDJSONEventDecoder()

    // MARK: - One test per type

    @Test func interactionWithEveryField() throws {
        let event = try decoder.decode(fullInteractionLine)
        #expect(event.id == "evt-1")
        #expect(event.ts == Timestamp(milliseconds: 1_795_253_400_123))
        #expect(event.tenant == "acme")
        guard case .interaction(let i) = event.payload else { Issue.record("not an interaction"); return }
        #expect(i == Interaction(
            conversationID: "conv-1", messageID: "msg-1", userID: "user-9", agent: "support-bot", model: "gpt-4o",
            provider: "openai", taskType: "refund", inputTokens: 1200, outputTokens: 300, cachedInputTokens: 1000,
            cacheWriteTokens: 100, reasoningTokens: 50, latencyMs: 850, ttftMs: 120, status: .error,
            errorType: "rate_limit", toolCalls: 3, toolFailures: 1, contextTokens: 8000, escalationSuggested: true,
            confidence: 0.85, experiment: "exp-a", reportedCost: Money(decimal: "0.004125"),
            attributes: ["region": "eu", "tier": "gold"]))
    }

    @Test func interactionDefaults() throws {
        let event = try decoder.decode(interactionLine())
        #expect(event.id == nil)
        #expect(event.tenant == "default")
        #expect(event.payload == .interaction(Interaction(conversationID: "c1", agent: "a", model: "m", inputTokens: 100, outputTokens: 20)))
    }

    @Test func nullMeansAbsentForOptionalFields() throws {
        let event = try decoder.decode(interactionLine(#""id":null,"tenant":null,"user_id":null,"latency_ms":null,"confidence":null,"attributes":null"#))
        #expect(event == (try decoder.decode(interactionLine())))
    }

    @Test func rating() throws {
        let stars = try decoder.decode(#"{"type":"rating","ts":"2026-11-21T10:00:00Z","conversation_id":"c1","message_id":"m1","rater_id":"u1","stars":4,"success":false,"failure_tags":["slow","wrong tool"],"comment":"meh\n"}"#)
        #expect(stars.payload == .rating(Rating(
            conversationID: "c1", messageID: "m1", raterID: "u1", score: .stars(4), success: false,
            failureTags: ["slow", "wrong tool"], comment: "meh\n")))
        let thumbs = try decoder.decode(#"{"type":"rating","ts":"2026-11-21T10:00:00Z","conversation_id":"c1","thumbs":-1}"#)
        #expect(thumbs.payload == .rating(Rating(conversationID: "c1", score: .thumbs(-1))))
    }

    @Test func handoff() throws {
        let event = try decoder.decode(#"{"type":"handoff","ts":"2026-11-21T10:00:00Z","conversation_id":"c1","from_agent":"triage","to_agent":"billing","reason":"escalation","message_id":"m2"}"#)
        #expect(event.payload == .handoff(Handoff(conversationID: "c1", fromAgent: "triage", toAgent: "billing", reason: "escalation", messageID: "m2")))
    }

    @Test func deployment() throws {
        let event = try decoder.decode(#"{"type":"deployment","ts":"2026-11-21T10:00:00Z","model":"support-ft-v3","provider":"internal","action":"deployed","training_method":"dpo","base_model":"llama-3.1-8b","version":"3.0.1","endpoint":"https://models.internal/v3"}"#)
        #expect(event.payload == .deployment(Deployment(
            model: "support-ft-v3", provider: "internal", action: .deployed, trainingMethod: "dpo",
            baseModel: "llama-3.1-8b", version: "3.0.1", endpoint: "https://models.internal/v3")))
    }

    @Test func priceBookKeepsExactText() throws {
        let book = #"{"id": "list-2026-11", "currency":"USD", "models": [ {"model":"gpt-4o","input_per_mtok":"2.50","effective_to":null} ]}"#
        let event = try decoder.decode(#"{"type":"price_book","ts":"2026-11-21T10:00:00Z","book":  "# + book + " }")
        #expect(event.payload == .priceBook(PriceBookChange(bookJSON: book)))
    }

    @Test func budget() throws {
        let event = try decoder.decode(#"{"type":"budget","ts":"2026-11-21T10:00:00Z","tenant":"acme","scope":"agent","scope_id":"support-bot","period":"month","amount_usd":"250.00","thresholds":[0.5,0.7525,1,1.5e0]}"#)
        #expect(event.payload == .budget(Budget(
            scope: .agent, scopeID: "support-bot", period: .month, amount: Money(picodollars: 250_000_000_000_000),
            thresholdsBasisPoints: [5000, 7525, 10000, 15000])))
        let defaults = try decoder.decode(#"{"type":"budget","ts":"2026-11-21T10:00:00Z","scope":"tenant","period":"day","amount_usd":"10"}"#)
        guard case .budget(let b) = defaults.payload else { Issue.record("not a budget"); return }
        #expect(b.thresholdsBasisPoints == [5000, 7500, 9000, 10000])
    }

    @Test func everyFieldNameLooksUpToItself() {
        for field in NDJSONField.allCases {
            let bytes = Array(field.name.utf8)
            #expect(bytes.withUnsafeBytes { NDJSONField.lookup($0) } == field, "\(field.name)")
            for variant in [bytes.dropLast() + [UInt8(ascii: "x")], Array(bytes.dropFirst()), bytes + [UInt8(ascii: "s")], bytes.map { $0 & 0xDF }] {
                #expect(variant.withUnsafeBytes { NDJSONField.lookup($0) } != field, "\(field.name) variant")
            }
        }
        // Payload field lists cover every non-envelope field.
        let listed = Set(EventType.allCases.flatMap { NDJSONField.payloadFields(of: $0) })
        #expect(listed.count == NDJSONField.allCases.count - 4)
    }

    // MARK: - Envelope

    @Test func timestampsWithOffsetsAndFractions() throws {
        let a = try decoder.decode(interactionLine().replacingTS("2026-11-21T11:30:00.123456+02:00"))
        #expect(a.ts == Timestamp(milliseconds: 1_795_253_400_123))
        #expect(decodeError(interactionLine().replacingTS("2026-02-30T00:00:00Z"))?.field == "ts")
        #expect(decodeError(interactionLine().replacingTS("yesterday")) == IngestError(
            line: 7, field: "ts", reason: "must be an RFC 3339 date-time such as 2026-11-21T09:30:00.000Z, got \"yesterday\""))
    }

    @Test func canonicalTimestampFastPathAgreesWithTimestampParse() {
        var rng = SeededRandom(seed: 5)
        var texts = ["2024-02-29T23:59:59.999Z", "2023-02-29T00:00:00Z", "0000-01-01T00:00:00.000Z", "9999-12-31T23:59:59Z",
                     "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-31T00:00:00Z", "2026-11-21T24:00:00Z",
                     "2026-11-21T23:60:00Z", "2026-11-21T23:59:60Z", "2026-11-21t23:59:59Z", "2026-11-21T23:59:59z",
                     "2026-11-21T23:59:59.12Z", "2026-11-21T23:59:59.1234Z", "2026-11-2XT23:59:59Z", "-026-11-21T23:59:59Z"]
        for _ in 0..<2_000 {
            let ms = Int64.random(in: EventLimits.earliestTimestamp.milliseconds...EventLimits.latestTimestamp.milliseconds, using: &rng)
            let text = Timestamp(milliseconds: ms).rfc3339
            texts.append(text)
            texts.append(String(text.dropLast(5)) + "Z")
        }
        for text in texts {
            let fast = Array(text.utf8).withUnsafeBytes { NDJSONLineParser.canonicalTimestamp($0) }
            // (Timestamp(rfc3339:) itself traps on 4–9 fraction digits; the decoder cuts them first.)
            let reference = Timestamp(rfc3339: NDJSONLineParser.truncatingFraction(text))
            if let fast {
                #expect(fast == reference, "\(text)")
            }
            #expect((try? NDJSONEventDecoder().decode(interactionLine().replacingTS(text)))?.ts == reference, "\(text)")
        }
    }

    @Test func missingAndUnknownType() {
        #expect(decodeError(#"{"ts":"2026-11-21T10:00:00Z"}"#) == IngestError(
            line: 7, field: "type", reason: "is required (one of interaction, rating, handoff, deployment, price_book, budget)"))
        #expect(decodeError(#"{"type":"click","ts":"2026-11-21T10:00:00Z"}"#)?.reason
            == "unknown event type \"click\"; expected one of interaction, rating, handoff, deployment, price_book, budget")
        #expect(decodeError(#"{"type":7,"ts":"2026-11-21T10:00:00Z"}"#)?.field == "type")
    }

    @Test func typeNeedNotComeFirst() throws {
        let event = try decoder.decode(#"{"conversation_id":"c1","agent":"a","model":"m","input_tokens":1,"output_tokens":2,"status":"ok","ts":"2026-11-21T10:00:00Z","type":"interaction"}"#)
        #expect(event.type == .interaction)
    }

    // MARK: - Strictness

    @Test func unknownFieldIsRejectedWithSuggestion() {
        #expect(decodeError(interactionLine(#""input_token":5"#)) == IngestError(
            line: 7, field: "input_token", reason: "unknown field (did you mean \"input_tokens\"?)"))
        #expect(decodeError(interactionLine(#""colour":"red""#)) == IngestError(line: 7, field: "colour", reason: "unknown field"))
    }

    @Test func fieldOfAnotherTypeIsRejected() {
        #expect(decodeError(interactionLine(#""stars":5"#)) == IngestError(
            line: 7, field: "stars", reason: "is not a field of interaction events"))
    }

    @Test func attributesKeysAreFree() throws {
        let event = try decoder.decode(interactionLine(#""attributes":{"input_token":"x","type":"y"}"#))
        guard case .interaction(let i) = event.payload else { Issue.record("not an interaction"); return }
        #expect(i.attributes == ["input_token": "x", "type": "y"])
    }

    @Test func duplicateKeys() {
        #expect(decodeError(interactionLine(#""agent":"b""#)) == IngestError(line: 7, field: "agent", reason: "appears more than once"))
        #expect(decodeError(interactionLine(#""attributes":{"k":"1","k":"2"}"#)) == IngestError(
            line: 7, field: "attributes", reason: "key \"k\" appears more than once"))
        // An escaped spelling of a known key is the same key.
        #expect(decodeError(interactionLine(#""\u0061gent":"b""#))?.field == "agent")
    }

    @Test func requiredFields() {
        for (field, line) in [
            ("conversation_id", #"{"type":"interaction","ts":"2026-11-21T10:00:00Z","agent":"a","model":"m","input_tokens":1,"output_tokens":1,"status":"ok"}"#),
            ("agent", #"{"type":"interaction","ts":"2026-11-21T10:00:00Z","conversation_id":"c","model":"m","input_tokens":1,"output_tokens":1,"status":"ok"}"#),
            ("model", #"{"type":"interaction","ts":"2026-11-21T10:00:00Z","conversation_id":"c","agent":"a","input_tokens":1,"output_tokens":1,"status":"ok"}"#),
            ("input_tokens", #"{"type":"interaction","ts":"2026-11-21T10:00:00Z","conversation_id":"c","agent":"a","model":"m","output_tokens":1,"status":"ok"}"#),
            ("output_tokens", #"{"type":"interaction","ts":"2026-11-21T10:00:00Z","conversation_id":"c","agent":"a","model":"m","input_tokens":1,"status":"ok"}"#),
            ("status", #"{"type":"interaction","ts":"2026-11-21T10:00:00Z","conversation_id":"c","agent":"a","model":"m","input_tokens":1,"output_tokens":1}"#),
            ("ts", #"{"type":"interaction","conversation_id":"c","agent":"a","model":"m","input_tokens":1,"output_tokens":1,"status":"ok"}"#),
        ] {
            let error = decodeError(line)
            #expect(error?.field == field)
            #expect(error?.reason.hasPrefix("is required") == true, "\(String(describing: error))")
        }
        #expect(decodeError(interactionLine().replacingOccurrences(#""agent":"a""#, with: #""agent":null"#)) == IngestError(
            line: 7, field: "agent", reason: "must be a string, got null"))
    }

    @Test func wrongJSONTypes() {
        #expect(decodeError(interactionLine(#""latency_ms":"850""#)) == IngestError(line: 7, field: "latency_ms", reason: "must be an integer, got a string"))
        #expect(decodeError(interactionLine(#""user_id":42"#)) == IngestError(line: 7, field: "user_id", reason: "must be a string, got a number"))
        #expect(decodeError(interactionLine(#""escalation_suggested":"yes""#)) == IngestError(line: 7, field: "escalation_suggested", reason: "must be true or false, got a string"))
        #expect(decodeError(interactionLine(#""attributes":["a"]"#)) == IngestError(line: 7, field: "attributes", reason: "must be an object of strings, got an array"))
        #expect(decodeError(interactionLine(#""attributes":{"n":1}"#)) == IngestError(line: 7, field: "attributes.n", reason: "must be a string, got a number"))
        #expect(decodeError(interactionLine(#""confidence":"high""#)) == IngestError(line: 7, field: "confidence", reason: "must be a number, got a string"))
        #expect(decodeError(interactionLine(#""reported_cost_usd":0.0125"#))?.reason
            == "must be a decimal string such as \"0.0125\" (quoted, so no digit is lost), got a number")
    }

    @Test func integers() throws {
        // JSON Schema's notion of an integer: any number with a zero fraction.
        for text in ["100", "100.0", "1e2", "1.00E+2", "10000e-2"] {
            let event = try decoder.decode(interactionLine().replacingOccurrences(#""input_tokens":100"#, with: #""input_tokens":\#(text)"#))
            guard case .interaction(let i) = event.payload else { Issue.record("not an interaction"); return }
            #expect(i.inputTokens == 100, "\(text)")
        }
        #expect(decodeError(interactionLine(#""tool_calls":1.5"#)) == IngestError(line: 7, field: "tool_calls", reason: "must be an integer, got 1.5"))
        #expect(decodeError(interactionLine(#""tool_calls":1.0000000000000000000001"#))?.reason == "must be an integer, got 1.0000000000000000000001")
        #expect(decodeError(interactionLine(#""tool_calls":9223372036854775808"#)) == IngestError(
            line: 7, field: "tool_calls", reason: "is out of range, got 9223372036854775808"))
        #expect(decodeError(interactionLine(#""tool_calls":1e300"#))?.reason == "is out of range, got 1e300")
        // Within Int64 but beyond the 2^40 bound: the validator's message.
        #expect(decodeError(interactionLine(#""latency_ms":9223372036854775807"#)) == IngestError(
            line: 7, field: "latency_ms", reason: "must be at most 2^40 (1099511627776), got 9223372036854775807"))
        #expect(decodeError(interactionLine(#""latency_ms":-1"#)) == IngestError(line: 7, field: "latency_ms", reason: "must not be negative, got -1"))
        #expect(decodeError(interactionLine(#""latency_ms":-0"#)) == nil)
    }

    @Test func money() throws {
        for (text, picos) in [("0", Int128(0)), ("12", 12_000_000_000_000), ("0.000000000001", 1), ("999999999999.999999999999", 999_999_999_999_999_999_999_999)] {
            let event = try decoder.decode(interactionLine(#""reported_cost_usd":"\#(text)""#))
            guard case .interaction(let i) = event.payload else { Issue.record("not an interaction"); return }
            #expect(i.reportedCost == Money(picodollars: picos), "\(text)")
        }
        for bad in ["1e-3", "0.0000000000001", ".5", "5.", "+1", "01", "1,5", " 1", ""] {
            let error = decodeError(interactionLine(#""reported_cost_usd":"\#(bad)""#))
            #expect(error?.field == "reported_cost_usd", "\(bad)")
            #expect(error?.reason.hasPrefix("must be a decimal string of dollars") == true, "\(bad)")
        }
    }

    @Test func confidenceIsReadExactly() throws {
        for text in ["0.85", "0.1", "1", "0", "5e-324", "0.30000000000000004", "2.2250738585072014e-308", "0.9999999999999999"] {
            let event = try decoder.decode(interactionLine(#""confidence":\#(text)"#))
            guard case .interaction(let i) = event.payload else { Issue.record("not an interaction"); return }
            #expect(i.confidence == Double(text), "\(text)")
        }
    }

    @Test func utf8AndEscapes() throws {
        let event = try decoder.decode(interactionLine(#""user_id":"\u00e9\ud83e\udd8a\"\\\/","provider":"日本🦊""#))
        guard case .interaction(let i) = event.payload else { Issue.record("not an interaction"); return }
        #expect(i.userID == "é🦊\"\\/")
        #expect(i.provider == "日本🦊")
        // Invalid UTF-8: a lone continuation byte, an overlong form, a surrogate encoded directly.
        for bad: [UInt8] in [[0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE6, 0x97]] {
            var line = Array(interactionLine(#""user_id":"X""#).utf8)
            let at = line.firstIndex(of: UInt8(ascii: "X")) ?? 0
            line.replaceSubrange(at...at, with: bad)
            do {
                _ = try decoder.decode(line, lineNumber: 3)
                Issue.record("accepted invalid UTF-8 \(bad)")
            } catch {
                #expect(error.field == "user_id")
                #expect(error.reason.contains("invalid UTF-8"), "\(error)")
            }
        }
        #expect(decodeError(interactionLine(#""user_id":"\ud800""#))?.reason.contains("unpaired surrogate") == true)
        #expect(decodeError(interactionLine(#""user_id":"\udc00x""#))?.reason.contains("unpaired surrogate") == true)
        #expect(decodeError(interactionLine("\"user_id\":\"a\tb\""))?.reason.contains("control character U+0009") == true)
    }

    @Test func syntaxErrorsNameThePosition() {
        #expect(decodeError(#"{"type":"interaction","#) == IngestError(
            line: 7, field: nil, reason: "invalid JSON at byte 23: unexpected end of input, expected a member name in quotes"))
        #expect(decodeError(#"[1,2]"#) == IngestError(line: 7, field: nil, reason: "invalid JSON at byte 1: each line must hold one JSON object"))
        #expect(decodeError(interactionLine() + " x")?.reason == "invalid JSON at byte 151: unexpected text after the JSON object (one event per line)")
        #expect(decodeError(interactionLine(#""latency_ms":01"#))?.field == "latency_ms")
        #expect(decodeError(interactionLine(#""confidence":NaN"#))?.field == "confidence")
        #expect(decodeError(#"{"type":"interaction" "ts":1}"#)?.reason == "invalid JSON at byte 23: unexpected '\"', expected ',' or '}'")
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        let error = decodeError(#"{"type":"price_book","ts":"2026-11-21T10:00:00Z","book":{"id":"x","models":\#(deep)}}"#)
        #expect(error?.reason.contains("nesting deeper than 64 levels") == true)
    }

    @Test func ratingScoreRules() {
        let base = #"{"type":"rating","ts":"2026-11-21T10:00:00Z","conversation_id":"c1""#
        #expect(decodeError(base + "}") == IngestError(line: 7, field: "stars", reason: "a rating needs stars (1 to 5) or thumbs (1 or -1)"))
        #expect(decodeError(base + #","stars":5,"thumbs":1}"#) == IngestError(line: 7, field: "thumbs", reason: "a rating gives stars or thumbs, not both"))
        #expect(decodeError(base + #","stars":6}"#) == IngestError(line: 7, field: "stars", reason: "must be an integer from 1 to 5, got 6"))
        #expect(decodeError(base + #","thumbs":0}"#) == IngestError(line: 7, field: "thumbs", reason: "must be 1 (up) or -1 (down), got 0"))
        #expect(decodeError(base + #","stars":4.5}"#) == IngestError(line: 7, field: "stars", reason: "must be an integer, got 4.5"))
        #expect(decodeError(base + #","stars":5,"failure_tags":["a",2]}"#) == IngestError(line: 7, field: "failure_tags[1]", reason: "must be a string, got a number"))
    }

    @Test func enumValues() {
        #expect(decodeError(interactionLine().replacingOccurrences(#""status":"ok""#, with: #""status":"OK""#)) == IngestError(
            line: 7, field: "status", reason: "must be ok, error, timeout or cancelled, got \"OK\""))
        #expect(decodeError(#"{"type":"deployment","ts":"2026-11-21T10:00:00Z","model":"m","action":"promoted"}"#)?.field == "action")
        #expect(decodeError(#"{"type":"budget","ts":"2026-11-21T10:00:00Z","scope":"team","period":"day","amount_usd":"1"}"#)?.field == "scope")
        #expect(decodeError(#"{"type":"budget","ts":"2026-11-21T10:00:00Z","scope":"tenant","period":"year","amount_usd":"1"}"#)?.field == "period")
        // Escaped spellings of an enum value are the value.
        #expect(decodeError(interactionLine().replacingOccurrences(#""status":"ok""#, with: #""status":"\u006fk""#)) == nil)
    }

    @Test func budgetThresholds() {
        let base = #"{"type":"budget","ts":"2026-11-21T10:00:00Z","scope":"tenant","period":"day","amount_usd":"10","thresholds":"#
        #expect(decodeError(base + "[0.12345]}") == IngestError(
            line: 7, field: "thresholds[0]", reason: "must be a multiple of 0.0001 (a whole basis point), got 0.12345"))
        #expect(decodeError(base + "[0.5, 10.5]}") == IngestError(
            line: 7, field: "thresholds[1]", reason: "must be a fraction of the amount in (0, 10], got 10.5"))
        #expect(decodeError(base + "[0]}")?.field == "thresholds[0]")
        #expect(decodeError(base + "[-0.5]}")?.field == "thresholds[0]")
        #expect(decodeError(base + "[1e400]}")?.field == "thresholds[0]")
        #expect(decodeError(base + #"["0.5"]}"#) == IngestError(line: 7, field: "thresholds[0]", reason: "must be a number, got a string"))
        #expect(decodeError(base + "[0.9, 0.5]}") == IngestError(line: 7, field: "thresholds[1]", reason: "must be ascending: 0.5 does not exceed 0.9"))
        #expect(decodeError(base + "[]}") == IngestError(line: 7, field: "thresholds", reason: "must hold 1 to 32 fractions, got 0"))
        #expect(decodeError(base + "0.5}") == IngestError(line: 7, field: "thresholds", reason: "must be an array of numbers, got a number"))
    }

    @Test func priceBookShape() {
        let base = #"{"type":"price_book","ts":"2026-11-21T10:00:00Z","book":"#
        #expect(decodeError(base + #""list"}"#) == IngestError(line: 7, field: "book", reason: "must be an object (a price book), got a string"))
        #expect(decodeError(base + #"{"models":[]}}"#) == IngestError(line: 7, field: "book.id", reason: "is required (the price book's name)"))
        #expect(decodeError(base + #"{"id":3,"models":[]}}"#) == IngestError(line: 7, field: "book.id", reason: "must be a string, got a number"))
        #expect(decodeError(base + #"{"id":"b"}}"#) == IngestError(line: 7, field: "book.models", reason: "is required (an array of model prices)"))
        #expect(decodeError(base + #"{"id":"b","models":{}}}"#) == IngestError(line: 7, field: "book.models", reason: "must be an array, got an object"))
        #expect(decodeError(base + #"{"id":"b","id":"c","models":[]}}"#)?.field == "book")
        #expect(decodeError(#"{"type":"price_book","ts":"2026-11-21T10:00:00Z"}"#) == IngestError(line: 7, field: "book", reason: "is required"))
    }

    /// The decoder checks text limits as it reads; the result must be exactly the validator's.
    @Test func textRulesWhileDecodingMatchTheValidator() throws {
        let fields = ["id", "tenant", "conversation_id", "message_id", "user_id", "agent", "model", "provider", "task_type", "error_type", "experiment"]
        let lenient = NDJSONEventDecoder(validates: false)
        for field in fields {
            let limit = ["id", "conversation_id", "message_id", "user_id"].contains(field) ? 64 : field == "tenant" ? 128 : 256
            for value in ["", String(repeating: "x", count: limit), String(repeating: "x", count: limit + 1),
                          String(repeating: "é", count: limit / 2 + 1), "a\\u0001b", "a\\u007fb", "\\u00e9\\u0085", "tab\\there", "ok"] {
                let line = field == "conversation_id" || field == "agent" || field == "model"
                    ? interactionLine().replacingOccurrences(#""\#(field)":"\#(field == "conversation_id" ? "c1" : field == "agent" ? "a" : "m")""#, with: #""\#(field)":"\#(value)""#)
                    : interactionLine(#""\#(field)":"\#(value)""#)
                let expected = validationError(try lenient.decode(line)).map { IngestError(line: 7, $0) }
                #expect(decodeError(line) == expected, "\(field) = \(value)")
            }
        }
    }

    @Test func decodingWithoutValidation() throws {
        let lenient = NDJSONEventDecoder(validates: false)
        let event = try lenient.decode(interactionLine(#""cached_input_tokens":500"#))
        guard case .interaction(let i) = event.payload else { Issue.record("not an interaction"); return }
        #expect(i.cachedInputTokens == 500)
        #expect(decodeError(interactionLine(#""cached_input_tokens":500"#))?.field == "cached_input_tokens")
    }

    @Test func whitespaceAroundTokens() throws {
        let spaced = " \t{ \"type\" : \"interaction\" ,\"ts\":\"2026-11-21T09:30:00Z\",\r\"conversation_id\":\"c1\",\"agent\":\"a\",\"model\":\"m\",\"input_tokens\" :100,\"output_tokens\": 20 ,\"status\":\"ok\" } \t"
        #expect(try decoder.decode(spaced) == (try decoder.decode(interactionLine())))
    }
}

extension String {
    func replacingOccurrences(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        var copy = self
        copy.replaceSubrange(range, with: replacement)
        return copy
    }

    func replacingTS(_ ts: String) -> String {
        replacingOccurrences(#""ts":"2026-11-21T09:30:00Z""#, with: #""ts":"\#(ts)""#)
    }

    private func range(of target: String) -> Range<String.Index>? {
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(target) { return index..<(self.index(index, offsetBy: target.count)) }
            index = self.index(after: index)
        }
        return nil
    }
}
