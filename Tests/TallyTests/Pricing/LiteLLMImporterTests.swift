import Testing
@testable import Tally

@Suite("LiteLLM importer (real data)")
struct LiteLLMImporterTests {
    static let data: Result<JSONValue, any Error> = Result { try SharedData.json(SharedData.litellm) }
    private let now = Timestamp(rfc3339: "2026-11-21T12:00:00Z") ?? Timestamp(milliseconds: 0)

    private func imported(_ options: PriceImportOptions = PriceImportOptions(date: "2026-11-21")) throws -> PriceImportResult {
        try LiteLLMImporter.importBook(from: Self.data.get(), options: options)
    }

    @Test func countsAndStamp() throws {
        let result = try imported()
        let report = result.report
        #expect(report.modelsInFile == 4552)     // sample_spec is not a model
        #expect(report.modelsImported + report.skipped.count + report.notSelected == 4552)
        #expect(report.modelsImported > 3000)
        #expect(report.skipReasons.contains { $0.reason == "mode embedding is not priced per text token" && $0.count > 100 })
        #expect(report.skipReasons.contains { $0.reason == "mode image_generation is not priced per text token" })
        #expect(report.droppedPriceFields["input_cost_per_token_batches"] ?? 0 > 100)
        #expect(report.droppedPriceFields["input_cost_per_token"] == nil)
        #expect(result.book.id == "litellm-2026-11-21")
        #expect(result.book.source?.date == "2026-11-21")
        #expect(result.book.entries.allSatisfy { $0.effectiveFrom == nil && $0.effectiveTo == nil })
        #expect(try PriceBook.parse(json: JSONParser.parse(result.book.canonicalJSON(style: .compact))) == result.book)
        // Without a date the book carries none (the importer never reads the clock).
        let undated = try imported(PriceImportOptions())
        #expect(undated.book.id == "litellm")
        #expect(undated.book.source?.date == nil)
    }

    @Test func gpt4o() throws {
        let r = PriceResolver(book: try imported().book)
        let m = try #require(r.match(model: "gpt-4o", provider: "openai", at: now))
        #expect(m.entry.model == "gpt-4o")
        #expect(m.prices.base == PriceRates(
            input: PerMillionPrice(microdollars: 2_500_000), output: PerMillionPrice(microdollars: 10_000_000),
            cachedInput: PerMillionPrice(microdollars: 1_250_000), cacheWrite: PerMillionPrice(microdollars: 2_500_000)
        ))
        #expect(m.cost(TokenUsage(input: 10_000, output: 1_000, cachedInput: 2_000)).description == "0.0325")
        // Without a provider the plain key wins; with one, the provider's own key answers to the
        // bare name.
        #expect(r.match(model: "gpt-4o", provider: nil, at: now)?.entry.model == "gpt-4o")
        #expect(r.match(model: "gpt-4o", provider: "azure", at: now)?.entry.model == "azure/gpt-4o")
        #expect(r.match(model: "azure/gpt-4o", provider: nil, at: now)?.entry.provider == "azure")
    }

    @Test func above200kTier() throws {
        let r = PriceResolver(book: try imported().book)
        let m = try #require(r.match(model: "gemini-2.5-pro", provider: "vertex_ai-language-models", at: now))
        #expect(m.entry.tiers == [PriceTier(
            aboveInputTokens: 200_000, input: PerMillionPrice(decimal: "2.5"), output: PerMillionPrice(decimal: "15"),
            cachedInput: PerMillionPrice(decimal: "0.25"), cacheWrite: PerMillionPrice(decimal: "0.25")
        )])
        #expect(m.cost(TokenUsage(input: 200_000, output: 10_000, cachedInput: 100_000)).description == "0.2375")
        #expect(m.cost(TokenUsage(input: 200_001, output: 10_000, cachedInput: 100_000)).description == "0.4250025")
        let flash = try #require(r.match(model: "gemini/gemini-2.5-pro", provider: nil, at: now))
        #expect(flash.entry.tiers.map(\.aboveInputTokens) == [200_000])
    }

    @Test func floatNoiseIsRoundedFromTheExactText() throws {
        let result = try imported()
        let rounding = try #require(result.report.rounded.first { $0.model == "databricks/databricks-claude-sonnet-4-1" })
        #expect(rounding.field == "input_cost_per_token")
        #expect(rounding.text == "2.9999900000000002e-06")
        #expect(rounding.price.decimalString == "2.99999")
        let r = PriceResolver(book: result.book)
        let m = try #require(r.match(model: "databricks/databricks-claude-sonnet-4-1", provider: nil, at: now))
        #expect(m.prices.base.input.microdollars == 2_999_990)
        #expect(m.prices.base.cacheWrite.microdollars == 3_749_970)   // 3.74997e-06 is exact
        #expect(m.cost(TokenUsage(input: 1_000_000, output: 0)).description == "2.99999")
        #expect(result.report.rounded.count >= 50)
    }

    @Test func tierKeys() {
        #expect(LiteLLMImporter.tierKey("input_cost_per_token_above_200k_tokens")! == ("input_cost_per_token", 200_000))
        #expect(LiteLLMImporter.tierKey("cache_creation_input_token_cost_above_272k_tokens")! == ("cache_creation_input_token_cost", 272_000))
        #expect(LiteLLMImporter.tierKey("output_cost_per_token_above_128_tokens")! == ("output_cost_per_token", 128))
        #expect(LiteLLMImporter.tierKey("input_cost_per_token_above_200k_tokens_priority") == nil)
        #expect(LiteLLMImporter.tierKey("cache_creation_input_token_cost_above_1hr") == nil)
        #expect(LiteLLMImporter.tierKey("input_cost_per_token_above_k_tokens") == nil)
    }

    @Test func selection() throws {
        let result = try imported(PriceImportOptions(providers: ["anthropic"]))
        #expect(result.book.entries.allSatisfy { $0.provider == "anthropic" })
        #expect(result.report.modelsImported > 10)
        let two = try imported(PriceImportOptions(models: ["gpt-4o", "claude-sonnet-4-5"]))
        #expect(Set(two.book.entries.map(\.model)) == ["gpt-4o", "claude-sonnet-4-5"])   // in file order
    }
}
