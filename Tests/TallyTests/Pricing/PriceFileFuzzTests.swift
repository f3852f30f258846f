import Testing
@testable import Tally

/// Mutated price files — Tally books, genai-prices and LiteLLM snippets — must be read or
/// rejected with a `PriceBookError`, never crash; whatever is accepted must round-trip through
/// canonical JSON and answer lookups.
@Suite("Price file fuzzing")
struct PriceFileFuzzTests {
    private static let oddNumbers = ["0", "-1", "1e400", "-0", "0.1234567", "2.5", "200000", "1.5e5", "99999999999999999999", "2.9999900000000002e-06", "-2e-7"]
    private static let oddStrings = ["", "2.50", "abc", "25:00", "16:30", "2026-13-01", "2026-01-01", "exact", "prefix", "clauses", "(unclosed", "^gpt-\\d+$", "USD", "é", "-5", "1e3"]

    private func randomValue(_ rng: inout SeededRandom) -> JSONValue {
        switch rng.next() % 7 {
        case 0: return .null
        case 1: return .bool(rng.next() % 2 == 0)
        case 2: return .number(JSONNumber(text: Self.oddNumbers[Int(rng.next() % UInt64(Self.oddNumbers.count))]) ?? JSONNumber(0))
        case 3: return .string(Self.oddStrings[Int(rng.next() % UInt64(Self.oddStrings.count))])
        case 4: return .array([.string("gpt-4o"), .number(JSONNumber(1))])
        case 5: return .object(JSONObject(["equals": .string("gpt-4o")]))
        default: return .object(JSONObject(["start": .number(JSONNumber(272_000)), "price": .number(JSONNumber(text: "0.5") ?? JSONNumber(0))]))
        }
    }

    private func mutate(_ value: JSONValue, _ rng: inout SeededRandom, rate: UInt64) -> JSONValue {
        if rng.next() % rate == 0 { return randomValue(&rng) }
        switch value {
        case .array(var items):
            items = items.map { mutate($0, &rng, rate: rate) }
            if !items.isEmpty, rng.next() % rate == 0 { items.remove(at: Int(rng.next() % UInt64(items.count))) }
            if !items.isEmpty, rng.next() % rate == 0 { items.append(items[Int(rng.next() % UInt64(items.count))]) }
            return .array(items)
        case .object(let object):
            var members: [JSONObject.Member] = []
            for member in object where rng.next() % (rate * 2) != 0 {
                members.append(JSONObject.Member(key: member.key, value: mutate(member.value, &rng, rate: rate)))
            }
            return .object(JSONObject(members))
        default:
            return value
        }
    }

    private func check(_ seedDocument: JSONValue, rounds: Int, seed: UInt64) -> (accepted: Int, rejected: Int) {
        var rng = SeededRandom(seed: seed)
        var accepted = 0, rejected = 0
        let at = Timestamp(rfc3339: "2026-11-21T12:00:00Z") ?? Timestamp(milliseconds: 0)
        for _ in 0..<rounds {
            let mutated = mutate(seedDocument, &rng, rate: 12)
            do {
                let result = try PriceBook.read(bytes: Array(JSONWriter.string(mutated).utf8), options: PriceImportOptions(date: "2026-11-21"))
                accepted += 1
                let text = result.book.canonicalJSON()
                #expect(try PriceBook.parse(json: JSONParser.parse(text)) == result.book)
                let resolver = PriceResolver(book: result.book)
                for model in ["gpt-4o", "gpt-5.6-luna-2026-07-30", "deepseek-chat", "", "é"] {
                    for instant in [at, Timestamp(milliseconds: .min), Timestamp(milliseconds: .max)] {
                        _ = resolver.lookup(model: model, provider: nil, at: instant).match?.cost(TokenUsage(input: 300_000, output: 10, cachedInput: 5))
                    }
                }
            } catch {
                rejected += 1
            }
        }
        return (accepted, rejected)
    }

    @Test func mutatedTallyBooks() throws {
        let book = try JSONParser.parse(PriceBookTests.specExample)
        let outcome = check(book, rounds: 1_500, seed: 11)
        #expect(outcome.accepted > 50)
        #expect(outcome.rejected > 50)
    }

    @Test func mutatedGenAIPricesSnippets() throws {
        guard case .array(let providers) = try SharedData.json(SharedData.genaiPrices) else { Issue.record("not an array"); return }
        // deepseek (time of day) and openai's dated, tiered and regex-matched models.
        let keep: Set<String> = ["o3", "gpt-5.6-luna", "gpt-4o", "deepseek-chat", "deepseek-reasoner", "gpt-5.4"]
        let snippet = JSONValue.array(providers.compactMap { provider -> JSONValue? in
            guard case .object(var object) = provider, ["openai", "deepseek"].contains(provider["id"]?.stringValue ?? "") else { return nil }
            object.set("models", .array((provider["models"]?.arrayValue ?? []).filter { keep.contains($0["id"]?.stringValue ?? "") }))
            return .object(object)
        })
        let outcome = check(snippet, rounds: 800, seed: 12)
        #expect(outcome.accepted > 50)
    }

    @Test func mutatedLiteLLMSnippets() throws {
        guard case .object(let all) = try SharedData.json(SharedData.litellm) else { Issue.record("not an object"); return }
        let keep: Set<String> = ["sample_spec", "gpt-4o", "azure/gpt-4o", "gemini-2.5-pro", "databricks/databricks-claude-sonnet-4-1", "text-embedding-3-small"]
        let snippet = JSONValue.object(JSONObject(all.filter { keep.contains($0.key) }))
        let outcome = check(snippet, rounds: 800, seed: 13)
        #expect(outcome.accepted > 50)
    }
}
