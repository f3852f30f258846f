import Testing
import Tally

@Suite("NDJSON encode/decode round trip")
struct NDJSONRoundTripTests {
    let encoder = NDJSONEventEncoder()
    let decoder = NDJSONEventDecoder()

    @Test(arguments: [1, 2, 3, 42, 2026, 0xDEAD_BEEF] as [UInt64])
    func generatedEventsRoundTrip(seed: UInt64) throws {
        var generator = EventGenerator(seed: seed)
        var seenTypes = Set<EventType>()
        for n in 0..<2_000 {
            let event = generator.event()
            seenTypes.insert(event.type)
            try #require(validationError(event) == nil, "generator made an invalid event: \(event)")
            var line: [UInt8] = []
            encoder.encode(event, into: &line, newline: false)
            #expect(!line.contains(0x0A), "encoded line \(n) holds a newline")
            let decoded: Event
            do {
                decoded = try decoder.decode(line, lineNumber: n + 1)
            } catch {
                Issue.record("seed \(seed) event \(n): \(error)\n\(String(decoding: line, as: UTF8.self))")
                continue
            }
            #expect(decoded == event, "seed \(seed) event \(n)")
            // Byte-for-byte: encoding the decoded event gives the same line.
            var again: [UInt8] = []
            encoder.encode(decoded, into: &again, newline: false)
            #expect(again == line, "seed \(seed) event \(n) re-encodes differently")
        }
        #expect(seenTypes == Set(EventType.allCases))
    }

    @Test func canonicalForm() {
        let event = Event(
            id: "e1", ts: sampleTS, tenant: "acme",
            payload: .interaction(Interaction(
                conversationID: "c\"1", agent: "a", model: "m", inputTokens: 10, outputTokens: 2, cachedInputTokens: 0,
                latencyMs: 0, status: .timeout, confidence: 0.25, reportedCost: Money(decimal: "0.0100"),
                attributes: ["z": "last", "a": "first\n"])))
        #expect(encoder.encode(event) == #"{"type":"interaction","id":"e1","ts":"2026-11-21T09:30:00.123Z","tenant":"acme","conversation_id":"c\"1","agent":"a","model":"m","input_tokens":10,"output_tokens":2,"latency_ms":0,"status":"timeout","confidence":0.25,"reported_cost_usd":"0.01","attributes":{"a":"first\n","z":"last"}}"#)
        let budget = Event(ts: sampleTS, payload: .budget(Budget(scope: .tenant, period: .month, amount: Money(decimal: "250") ?? .zero)))
        #expect(encoder.encode(budget) == #"{"type":"budget","ts":"2026-11-21T09:30:00.123Z","tenant":"default","scope":"tenant","period":"month","amount_usd":"250","thresholds":[0.5,0.75,0.9,1]}"#)
        let rating = Event(ts: sampleTS, payload: .rating(Rating(conversationID: "c", score: .thumbs(-1), success: true, failureTags: ["x"], comment: "\u{1}")))
        #expect(encoder.encode(rating) == #"{"type":"rating","ts":"2026-11-21T09:30:00.123Z","tenant":"default","conversation_id":"c","thumbs":-1,"success":true,"failure_tags":["x"],"comment":"\u0001"}"#)
    }

    @Test func extremeValues() throws {
        let event = Event(
            id: String(repeating: "🦊", count: 16), ts: EventLimits.latestTimestamp, tenant: String(repeating: "t", count: 128),
            payload: .interaction(Interaction(
                conversationID: "\u{10FFFF}", agent: "\\", model: "\"", inputTokens: EventLimits.maxCount, outputTokens: EventLimits.maxCount,
                cachedInputTokens: EventLimits.maxCount, reasoningTokens: EventLimits.maxCount, latencyMs: EventLimits.maxCount,
                toolCalls: EventLimits.maxCount, toolFailures: EventLimits.maxCount, confidence: .leastNonzeroMagnitude,
                reportedCost: Money(picodollars: Int128(1_000_000_000_000) * Money.picosPerDollar - 1))))
        try #require(validationError(event) == nil)
        #expect(try decoder.decode(encoder.encode(event)) == event)
        var first = event
        first.ts = EventLimits.earliestTimestamp
        #expect(encoder.encode(first).contains("\"ts\":\"0000-01-01T00:00:00.000Z\""))
        #expect(try decoder.decode(encoder.encode(first)) == first)
    }
}

@Suite("NDJSON decoder fuzzing")
struct NDJSONFuzzTests {
    /// Random bytes and mutated valid lines: the decoder never traps and always gives an event
    /// or an error; every event it gives is valid and survives a round trip.
    @Test(arguments: [7, 99, 12345] as [UInt64])
    func randomAndMutatedLines(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        var generator = EventGenerator(seed: seed ^ 0x5EED)
        let decoder = NDJSONEventDecoder()
        let encoder = NDJSONEventEncoder()
        let alphabet = Array(#"{}[]":,.-+eE0123456789 tfnrulase\"#.utf8) + [0x00, 0x0A, 0x0D, 0x7F, 0x80, 0xC3, 0xA9, 0xED, 0xF0, 0xFF]
        var decodedCount = 0
        var rejectedCount = 0
        for round in 0..<4_000 {
            var line: [UInt8]
            switch round % 4 {
            case 0:
                line = (0..<Int.random(in: 0...80, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? 0 }
            default:
                var bytes: [UInt8] = []
                encoder.encode(generator.event(), into: &bytes, newline: false)
                line = bytes
                for _ in 0..<Int.random(in: 1...4, using: &rng) where !line.isEmpty {
                    let at = Int.random(in: 0..<line.count, using: &rng)
                    switch Int.random(in: 0..<6, using: &rng) {
                    case 0: line[at] = alphabet.randomElement(using: &rng) ?? 0
                    case 1: line.remove(at: at)
                    case 2: line.insert(alphabet.randomElement(using: &rng) ?? 0, at: at)
                    case 3: line = Array(line[..<at])
                    case 4:
                        let end = min(line.count, at + Int.random(in: 1...20, using: &rng))
                        line.insert(contentsOf: line[at..<end], at: at)
                    default: line[at] ^= 1 << UInt8.random(in: 0...7, using: &rng)
                    }
                }
            }
            // Validating while decoding and validating afterwards agree, error for error.
            if let lenient = try? NDJSONEventDecoder(validates: false).decode(line, lineNumber: round) {
                let afterwards = validationError(lenient).map { IngestError(line: round, $0) }
                var during: IngestError?
                do { _ = try decoder.decode(line, lineNumber: round) } catch { during = error }
                #expect(during == afterwards, "\(String(decoding: line, as: UTF8.self))")
            }
            do {
                let event = try decoder.decode(line, lineNumber: round)
                decodedCount += 1
                #expect(validationError(event) == nil)
                #expect(try decoder.decode(encoder.encode(event)) == event)
            } catch {
                rejectedCount += 1
                #expect(error.line == round)
                #expect(!error.reason.isEmpty)
            }
        }
        #expect(decodedCount + rejectedCount == 4_000)
        #expect(decodedCount > 0 && rejectedCount > 0)
    }
}
