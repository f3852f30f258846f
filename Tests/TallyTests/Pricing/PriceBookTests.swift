import Testing
@testable import Tally

@Suite("Price book format")
struct PriceBookTests {
    static let specExample = """
    {"id": "list-2026-11", "currency": "USD", "models": [
      {"provider": "openai", "model": "gpt-4o", "aliases": ["gpt-4o-2024-08-06"], "match": "exact",
       "input_per_mtok": "2.50", "output_per_mtok": "10.00",
       "cached_input_per_mtok": "1.25", "cache_write_per_mtok": "3.125",
       "tiers": [{"above_input_tokens": 200000, "input_per_mtok": "5.00", "output_per_mtok": "15.00"}],
       "effective_from": "2026-01-01T00:00:00Z", "effective_to": null}]}
    """

    private func book(_ text: String) throws -> PriceBook {
        try PriceBook.parse(json: JSONParser.parse(text))
    }

    private func error(_ text: String) -> PriceBookError? {
        do {
            _ = try PriceBook.parse(bytes: Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func readsTheSpecExample() throws {
        let b = try book(Self.specExample)
        #expect(b.id == "list-2026-11")
        #expect(b.entries.count == 1)
        let e = b.entries[0]
        #expect(e.provider == "openai")
        #expect(e.aliases == ["gpt-4o-2024-08-06"])
        #expect(e.match == .exact)
        #expect(e.input.microdollars == 2_500_000)
        #expect(e.output.microdollars == 10_000_000)
        #expect(e.cachedInput?.microdollars == 1_250_000)
        #expect(e.cacheWrite?.microdollars == 3_125_000)
        #expect(e.tiers == [PriceTier(aboveInputTokens: 200_000, input: PerMillionPrice(microdollars: 5_000_000), output: PerMillionPrice(microdollars: 15_000_000))])
        #expect(e.effectiveFrom == Timestamp(rfc3339: "2026-01-01T00:00:00Z"))
        #expect(e.effectiveTo == nil)
    }

    @Test func canonicalJSONRoundTrips() throws {
        let b = try book(Self.specExample)
        let text = b.canonicalJSON()
        #expect(text == """
        {
          "id": "list-2026-11",
          "currency": "USD",
          "models": [
            {
              "provider": "openai",
              "model": "gpt-4o",
              "aliases": ["gpt-4o-2024-08-06"],
              "match": "exact",
              "input_per_mtok": "2.50",
              "output_per_mtok": "10.00",
              "cached_input_per_mtok": "1.25",
              "cache_write_per_mtok": "3.125",
              "tiers": [
                {"above_input_tokens": 200000, "input_per_mtok": "5.00", "output_per_mtok": "15.00"}
              ],
              "effective_from": "2026-01-01T00:00:00Z"
            }
          ]
        }

        """)
        #expect(try book(text) == b)
        let compact = b.canonicalJSON(style: .compact)
        #expect(!compact.contains("\n"))
        #expect(try book(compact) == b)
        #expect(try book(compact).canonicalJSON() == text)
    }

    @Test func extensionsRoundTrip() throws {
        let text = """
        {"$schema": "../Schemas/price_book.schema.json", "id": "x", "currency": "USD", "description": "d",
         "source": {"name": "pydantic/genai-prices", "commit": "47df840a5ab10bbcffb8e5ac01b9899032245d1b", "date": "2026-08-21"},
         "models": [
          {"provider": "deepseek", "model": "deepseek-chat", "match": "clauses",
           "clauses": {"or": [{"starts_with": "deepseek-chat"}, {"equals": "deepseek-chat-v3-0324"}]},
           "input_per_mtok": "0.135", "output_per_mtok": "0.55", "cached_input_per_mtok": "0.035",
           "time_of_day": {"start": "16:30:00Z", "end": "00:30"}, "effective_from": "2025-01-01", "notes": "off-peak"},
          {"model": "claude-", "match": "prefix", "aliases": ["anthropic.claude-"], "input_per_mtok": "3", "output_per_mtok": "15",
           "effective_from": "2026-01-01T00:00:00.250Z", "effective_to": "2026-02-01T00:00:00+01:00"}
        ]}
        """
        let b = try book(text)
        #expect(b.source?.commit == "47df840a5ab10bbcffb8e5ac01b9899032245d1b")
        #expect(b.entries[0].timeOfDay == TimeOfDayWindow(start: 59_400_000, end: 1_800_000))
        #expect(b.entries[0].effectiveFrom == Timestamp(rfc3339: "2025-01-01T00:00:00Z"))
        #expect(b.entries[1].provider == nil)
        #expect(b.entries[1].effectiveTo == Timestamp(rfc3339: "2026-01-31T23:00:00Z"))
        let canonical = b.canonicalJSON()
        #expect(canonical.contains(#""time_of_day": {"start": "16:30", "end": "00:30"}"#))
        #expect(canonical.contains(#""effective_from": "2026-01-01T00:00:00.250Z""#))
        #expect(canonical.contains(#""clauses": {"or": [{"starts_with": "deepseek-chat"}, {"equals": "deepseek-chat-v3-0324"}]}"#))
        #expect(try book(canonical) == b)
    }

    @Test func errorsNameTheEntryAndTheField() {
        func entryError(_ entryJSON: String) -> PriceBookError? {
            error(#"{"id": "b", "currency": "USD", "models": [{"model": "ok", "input_per_mtok": "1", "output_per_mtok": "1"}, "# + entryJSON + "]}")
        }
        #expect(entryError(#"{"model": "gpt-4o", "input_per_mtok": 2.5, "output_per_mtok": "10"}"#)
            == .invalidField(field: "models[1].input_per_mtok", entry: 1, model: "gpt-4o", reason: #"write prices as decimal strings, e.g. "2.5", not JSON numbers"#))
        #expect(entryError(#"{"model": "gpt-4o", "input_per_mtok": "2.5"}"#)
            == .invalidField(field: "models[1].output_per_mtok", entry: 1, model: "gpt-4o", reason: "missing"))
        #expect(entryError(#"{"model": "m", "input_per_mtok": "1.0000001", "output_per_mtok": "1"}"#)?.description
            == #"invalid price book: entry 1 (m), field models[1].input_per_mtok: "1.0000001" is not a non-negative decimal with at most 6 digits after the point (dollars per 1M tokens)"#)
        #expect(entryError(#"{"model": "m", "input_per_mtok": "-1", "output_per_mtok": "1"}"#) != nil)
        #expect(entryError(#"{"model": "m", "input_per_mtoks": "1", "output_per_mtok": "1"}"#).map { "\($0)" }?.contains("field models[1].input_per_mtoks: unknown field") == true)
        #expect(entryError(#"{"model": "m", "match": "fuzzy", "input_per_mtok": "1", "output_per_mtok": "1"}"#)
            == .invalidField(field: "models[1].match", entry: 1, model: "m", reason: #"expected "exact", "prefix" or "clauses", found "fuzzy""#))
        #expect(entryError(#"{"model": "m", "match": "clauses", "input_per_mtok": "1", "output_per_mtok": "1"}"#)
            == .invalidField(field: "models[1].clauses", entry: 1, model: "m", reason: #"missing (required with "match": "clauses")"#))
        #expect(entryError(#"{"model": "m", "match": "clauses", "clauses": {"or": [{"regex": "(x"}]}, "input_per_mtok": "1", "output_per_mtok": "1"}"#).map { "\($0)" }?.contains("field models[1].clauses.or[0].regex: invalid regular expression") == true)
        #expect(entryError(#"{"model": "m", "match": "clauses", "clauses": {"like": "x"}, "input_per_mtok": "1", "output_per_mtok": "1"}"#).map { "\($0)" }?.contains("models[1].clauses.like: unknown clause") == true)
        #expect(entryError(#"{"model": "m", "input_per_mtok": "1", "output_per_mtok": "1", "tiers": [{"above_input_tokens": 10, "input_per_mtok": "2"}, {"above_input_tokens": 10, "input_per_mtok": "3"}]}"#)
            == .invalidField(field: "models[1].tiers[1].above_input_tokens", entry: 1, model: "m", reason: "duplicate threshold 10"))
        #expect(entryError(#"{"model": "m", "input_per_mtok": "1", "output_per_mtok": "1", "tiers": [{"above_input_tokens": 1.5, "input_per_mtok": "2"}]}"#)
            == .invalidField(field: "models[1].tiers[0].above_input_tokens", entry: 1, model: "m", reason: "expected a non-negative integer, found 1.5"))
        #expect(entryError(#"{"model": "m", "input_per_mtok": "1", "output_per_mtok": "1", "tiers": [{"above_input_tokens": -3, "input_per_mtok": "2"}]}"#)
            == .invalidField(field: "models[1].tiers[0].above_input_tokens", entry: 1, model: "m", reason: "expected a non-negative integer, found -3"))
        // JSON Schema's "integer": any exactly integral number.
        #expect(entryError(#"{"model": "m", "input_per_mtok": "1", "output_per_mtok": "1", "tiers": [{"above_input_tokens": 2e5, "input_per_mtok": "2"}]}"#) == nil)
        #expect(entryError(#"{"model": "m", "input_per_mtok": "1", "output_per_mtok": "1", "tiers": [{"above_input_tokens": 5}]}"#)
            == .invalidField(field: "models[1].tiers[0]", entry: 1, model: "m", reason: "a tier sets at least one price"))
        #expect(entryError(#"{"model": "m", "input_per_mtok": "1", "output_per_mtok": "1", "effective_from": "2026-02-01", "effective_to": "2026-01-01"}"#)
            == .invalidField(field: "models[1].effective_to", entry: 1, model: "m", reason: "must be later than effective_from (2026-02-01T00:00:00.000Z)"))
        #expect(entryError(#"{"model": "m", "input_per_mtok": "1", "output_per_mtok": "1", "effective_from": "yesterday"}"#)
            == .invalidField(field: "models[1].effective_from", entry: 1, model: "m", reason: #""yesterday" is not an RFC 3339 date-time or a YYYY-MM-DD date"#))
        #expect(entryError(#"{"model": "m", "input_per_mtok": "1", "output_per_mtok": "1", "time_of_day": {"start": "25:00", "end": "01:00"}}"#)
            == .invalidField(field: "models[1].time_of_day.start", entry: 1, model: "m", reason: "expected a UTC time HH:MM[:SS[.fff]]"))
        #expect(entryError(#"{"model": "", "input_per_mtok": "1", "output_per_mtok": "1"}"#)
            == .invalidField(field: "models[1].model", entry: 1, model: nil, reason: "must not be empty"))
        #expect(entryError(#"{"model": "m", "aliases": ["a", 3], "input_per_mtok": "1", "output_per_mtok": "1"}"#)
            == .invalidField(field: "models[1].aliases[1]", entry: 1, model: "m", reason: "expected a non-empty string, found a number"))
        #expect(entryError(#"[]"#) == .invalidField(field: "models[1]", entry: 1, model: nil, reason: "expected an object, found an array"))
    }

    @Test func bookLevelErrors() {
        #expect(error(#"{"id": "b", "currency": "EUR", "models": []}"#)
            == .invalidField(field: "currency", entry: nil, model: nil, reason: #"only "USD" is supported, found "EUR""#))
        #expect(error(#"{"currency": "USD", "models": []}"#) == .invalidField(field: "id", entry: nil, model: nil, reason: "missing"))
        #expect(error(#"{"id": "b", "currency": "USD", "models": {}}"#) == .invalidField(field: "models", entry: nil, model: nil, reason: "expected an array, found an object"))
        #expect(error(#"{"id": "b", "currency": "USD", "models": [], "extra": 1}"#).map { "\($0)" }?.contains("field extra: unknown field") == true)
        if case .syntax(let e)? = error(#"{"id": "b",, }"#) {
            #expect(e.offset == 11)
        } else {
            Issue.record("expected a syntax error")
        }
        #expect(error("42").map { "\($0)" }?.hasPrefix("unrecognized price file") == true)
    }
}

@Suite("Price book events")
struct PriceBookEventTests {
    @Test func eventsCarryCanonicalCompactBooks() throws {
        let book = try PriceBook.parse(json: JSONParser.parse(PriceBookTests.specExample))
        let change = PriceBookChange(book: book)
        #expect(!change.bookJSON.contains("\n"))
        #expect(try change.book() == book)
        #expect(throws: PriceBookError.self) { try PriceBookChange(bookJSON: "[{\"id\": \"openai\", \"models\": []}]").book() }
        #expect(throws: PriceBookError.self) { try PriceBookChange(bookJSON: "{").book() }
    }

    @Test func usageOfAnInteraction() {
        let interaction = Interaction(conversationID: "c", agent: "a", model: "gpt-4o", inputTokens: 100, outputTokens: 20, cachedInputTokens: 30, cacheWriteTokens: 10)
        #expect(TokenUsage(interaction) == TokenUsage(input: 100, output: 20, cachedInput: 30, cacheWrite: 10))
    }
}
