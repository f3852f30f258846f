import Testing
@testable import Tally

@Suite("genai-prices importer (real data)")
struct GenAIPricesImporterTests {
    static let data: Result<JSONValue, any Error> = Result { try SharedData.json(SharedData.genaiPrices) }
    private let now = Timestamp(rfc3339: "2026-11-21T12:00:00Z") ?? Timestamp(milliseconds: 0)

    private func ts(_ text: String) -> Timestamp { Timestamp(rfc3339: text) ?? Timestamp(milliseconds: 0) }

    private func imported(_ options: PriceImportOptions = PriceImportOptions()) throws -> PriceImportResult {
        try GenAIPricesImporter.importBook(from: Self.data.get(), options: options)
    }

    private func cost(_ r: PriceResolver, _ model: String, _ provider: String?, _ at: Timestamp, _ usage: TokenUsage) throws -> String {
        let match = try #require(r.match(model: model, provider: provider, at: at), "no price for \(model)")
        return match.cost(usage).description
    }

    @Test func countsAddUp() throws {
        let result = try imported()
        let report = result.report
        #expect(report.format == .genaiPrices)
        #expect(report.modelsInFile == 1466)
        #expect(report.modelsImported + report.skipped.count + report.notSelected == 1466)
        #expect(report.modelsImported > 1400)
        #expect(report.entriesWritten == result.book.entries.count)
        #expect(report.entriesWritten > report.modelsImported)        // dated and time-of-day prices
        #expect(report.droppedPriceFields["cache_write_1h_mtok"] ?? 0 > 0)
        #expect(report.droppedPriceFields["web_searches_kcount"] ?? 0 > 0)
        for skip in report.skipped {
            #expect(skip.reason.hasPrefix("no text-token prices"), "\(skip.model): \(skip.reason)")
        }
        // The imported book is a valid Tally book: it survives its own canonical JSON.
        #expect(try PriceBook.parse(json: JSONParser.parse(result.book.canonicalJSON())) == result.book)
        #expect(result.book.source?.name == "pydantic/genai-prices")
    }

    @Test func plainPricesOfSeveralModels() throws {
        let r = PriceResolver(book: try imported().book)
        let usage = TokenUsage(input: 10_000, output: 1_000, cachedInput: 2_000)
        // gpt-4o: 8,000 × 2.50 + 2,000 × 1.25 + 1,000 × 10 per 1M
        #expect(try cost(r, "gpt-4o", "openai", now, usage) == "0.0325")
        #expect(try cost(r, "gpt-4o-2024-08-06", "openai", now, usage) == "0.0325")
        #expect(try cost(r, "gpt-4o", nil, now, usage) == "0.0325")
        // gpt-4: 30 / 60, no cache price: cached tokens pay the input price.
        #expect(try cost(r, "gpt-4", "openai", now, usage) == "0.36")
        // gpt-3.5-turbo 0.5 / 1.5
        #expect(try cost(r, "gpt-3.5-turbo", "openai", now, TokenUsage(input: 1_000_000, output: 1_000_000)) == "2")
        // claude-haiku-4-5: 1 / 5, cache read 0.1, cache write 1.25; a dated model name matches by prefix.
        let haiku = TokenUsage(input: 100_000, output: 2_000, cachedInput: 50_000, cacheWrite: 10_000)
        #expect(try cost(r, "claude-haiku-4-5-20251001", "anthropic", now, haiku) == "0.0675")   // 40k×1 + 50k×0.1 + 10k×1.25 + 2k×5
        #expect(r.match(model: "claude-haiku-4-5-20251001", provider: "anthropic", at: now)?.kind == .prefix)
        // Provider names agree case-insensitively; a wrong provider finds nothing.
        #expect(r.match(model: "gpt-4o", provider: "OpenAI", at: now) != nil)
        #expect(r.match(model: "gpt-4o", provider: "deepseek", at: now) == nil)
        #expect(r.match(model: "no-such-model-anywhere", provider: nil, at: now) == nil)
    }

    @Test func datedPriceChanges() throws {
        let r = PriceResolver(book: try imported().book)
        let million = TokenUsage(input: 1_000_000, output: 1_000_000)
        // openai o3: 10 / 40 until 2025-06-10, then 2 / 8.
        #expect(try cost(r, "o3", "openai", ts("2025-06-09T23:59:59.999Z"), million) == "50")
        #expect(try cost(r, "o3", "openai", ts("2025-06-10T00:00:00Z"), million) == "10")
        #expect(try cost(r, "o3-2025-04-16", "openai", ts("2024-01-01T00:00:00Z"), million) == "50")
        let before = try #require(r.match(model: "o3", provider: "openai", at: ts("2025-01-01T00:00:00Z")))
        #expect(before.validUntil == ts("2025-06-10T00:00:00Z"))
        // claude-sonnet-4-6: tiered (3 → 6 above 200k input, output 15 → 22.5) until
        // 2026-03-13, flat 3 / 15 from then on.
        let long = TokenUsage(input: 250_000, output: 1_000)
        #expect(try cost(r, "claude-sonnet-4-6", "anthropic", ts("2026-03-12T23:59:59Z"), long) == "1.5225")
        #expect(try cost(r, "claude-sonnet-4-6", "anthropic", ts("2026-03-13T00:00:00Z"), long) == "0.765")
        #expect(try cost(r, "claude-sonnet-4.6", "anthropic", ts("2026-04-01T00:00:00Z"), long) == "0.765")
        // gpt-5.6-luna drops 80 % on 2026-07-30 (and keeps its 272k tier).
        let small = TokenUsage(input: 100_000, output: 0)
        #expect(try cost(r, "gpt-5.6-luna", "openai", ts("2026-07-29T12:00:00Z"), small) == "0.1")
        #expect(try cost(r, "gpt-5.6-luna", "openai", ts("2026-07-30T12:00:00Z"), small) == "0.02")
        #expect(try cost(r, "gpt-5.6-luna", "openai", ts("2026-07-30T12:00:00Z"), TokenUsage(input: 1_000_000, output: 0)) == "0.4") // > 272k
        #expect(try cost(r, "gpt-5.6-luna-2026-07-30", "openai", ts("2026-08-01T00:00:00Z"), small) == "0.02")
    }

    @Test func cliffTiers() throws {
        let r = PriceResolver(book: try imported().book)
        // gemini-2.5-pro: input 1.25 → 2.50, cache read 0.125 → 0.25, output 10 → 15 above 200k.
        let at = TokenUsage(input: 200_000, output: 10_000, cachedInput: 100_000)
        let above = TokenUsage(input: 200_001, output: 10_000, cachedInput: 100_000)
        #expect(try cost(r, "gemini-2.5-pro", "google", now, at) == "0.2375")        // 100k×1.25 + 100k×0.125 + 10k×10
        #expect(try cost(r, "gemini-2.5-pro", "google", now, above) == "0.4250025")  // 100,001×2.5 + 100k×0.25 + 10k×15
        // gpt-5.4 at 272k.
        #expect(try cost(r, "gpt-5.4", "openai", now, TokenUsage(input: 272_000, output: 0)) == "0.68")
        #expect(try cost(r, "gpt-5.4", "openai", now, TokenUsage(input: 272_001, output: 0)) == "1.360005")
        let entry = try #require(r.match(model: "gpt-5.4", provider: "openai", at: now)).entry
        #expect(entry.tiers == [PriceTier(
            aboveInputTokens: 272_000, input: PerMillionPrice(decimal: "5"), output: PerMillionPrice(decimal: "22.5"),
            cachedInput: PerMillionPrice(decimal: "0.5")
        )])
    }

    @Test func deepSeekTimeOfDay() throws {
        let r = PriceResolver(book: try imported().book)
        let usage = TokenUsage(input: 1_000_000, output: 1_000_000, cachedInput: 1_000_000)
        // Standard hours 00:30–16:30 UTC: cache hit 0.07, output 1.10; off-peak: 0.035, 0.55.
        #expect(try cost(r, "deepseek-chat", "deepseek", ts("2026-11-21T12:00:00Z"), usage) == "1.17")
        #expect(try cost(r, "deepseek-chat", "deepseek", ts("2026-11-21T20:00:00Z"), usage) == "0.585")
        #expect(try cost(r, "deepseek-chat", "deepseek", ts("2026-11-22T00:29:59.999Z"), usage) == "0.585")
        #expect(try cost(r, "deepseek-chat", "deepseek", ts("2026-11-22T00:30:00Z"), usage) == "1.17")
        #expect(try cost(r, "deepseek-chat", "deepseek", ts("2026-11-22T16:30:00Z"), usage) == "0.585")
        let reasoner = TokenUsage(input: 1_000_000, output: 1_000_000)
        #expect(try cost(r, "deepseek-reasoner", "deepseek", ts("2026-11-21T12:00:00Z"), reasoner) == "2.74")
        #expect(try cost(r, "deepseek-r1", "deepseek", ts("2026-11-21T17:00:00Z"), reasoner) == "0.685")
        let night = try #require(r.match(model: "deepseek-chat", provider: "deepseek", at: ts("2026-11-21T20:00:00Z")))
        #expect(night.validity == ts("2026-11-21T16:30:00Z")..<ts("2026-11-22T00:30:00Z"))
        #expect(night.entry.timeOfDay == TimeOfDayWindow(start: 59_400_000, end: 1_800_000))
    }

    @Test func floatNoiseIsRoundedAndReported() throws {
        let result = try imported()
        let rounding = try #require(result.report.rounded.first { $0.text == "0.18000000000000002" })
        #expect(rounding.model == "huggingface_together:Qwen/Qwen3-VL-8B-Instruct")
        #expect(rounding.field == "input_mtok")
        #expect(rounding.price.microdollars == 180_000)
        let r = PriceResolver(book: result.book)
        let m = try #require(r.match(model: "qwen/qwen3-vl-8b-instruct", provider: "huggingface_together", at: now))
        #expect(m.prices.base.input.decimalString == "0.18")
        #expect(m.entry.notes?.contains("rounded input_mtok 0.18000000000000002 to 0.18") == true)
        // 1/12 cannot be exact at a micro-dollar: 0.08333333333333334 → 0.083333.
        #expect(result.report.rounded.contains { $0.text == "0.08333333333333334" && $0.price.microdollars == 83_333 })
    }

    @Test func freeAndOutputlessModels() throws {
        let r = PriceResolver(book: try imported().book)
        let usage = TokenUsage(input: 1_000_000, output: 1_000_000)
        let free = try #require(r.match(model: "qwen/qwq-32b:free", provider: "openrouter", at: now))
        #expect(free.cost(usage) == .zero)
        let embedding = try #require(r.match(model: "text-embedding-3-small", provider: "openai", at: now))
        #expect(embedding.cost(usage).description == "0.02")
        #expect(embedding.entry.notes?.contains("no output_mtok upstream") == true)
    }

    /// For every name the data lists, within its provider, Tally's longest-match lookup finds
    /// the same model as genai-prices' first-match rule (clauses evaluated in file order).
    @Test func longestMatchAgreesWithGenAIPricesFirstMatch() throws {
        guard case .array(let providers) = try Self.data.get() else { Issue.record("not an array"); return }
        let full = try imported()
        // Which upstream model produced each entry.
        var origin: [PriceEntry: String] = [:]
        for provider in providers {
            let pid = provider["id"]?.stringValue ?? ""
            for model in provider["models"]?.arrayValue ?? [] {
                let mid = model["id"]?.stringValue ?? ""
                let one = try imported(PriceImportOptions(providers: [pid], models: ["\(pid):\(mid)"]))
                for entry in one.book.entries { origin[entry] = "\(pid):\(mid)" }
            }
        }
        #expect(origin.count == full.book.entries.count)
        let r = PriceResolver(book: full.book)
        let skipped = Set(full.report.skipped.map(\.model))
        var checked = 0
        for provider in providers {
            let pid = provider["id"]?.stringValue ?? ""
            let models = provider["models"]?.arrayValue ?? []
            let clauses = models.map { (($0["id"]?.stringValue) ?? "", $0["match"].flatMap { try? MatchClause.parse($0) }) }
            var names = Set<String>()
            for model in models {
                names.insert((model["id"]?.stringValue ?? "").lowercased())
                func literals(_ c: MatchClause?) {
                    switch c {
                    case .equals(let s)?, .startsWith(let s)?, .endsWith(let s)?, .contains(let s)?: names.insert(s.lowercased())
                    case .or(let cs)?, .and(let cs)?: cs.forEach(literals)
                    default: break
                    }
                }
                literals(model["match"].flatMap { try? MatchClause.parse($0) })
            }
            for name in names.sorted() where !name.isEmpty {
                guard let first = clauses.first(where: { $0.1?.matches(name) == true })?.0 else { continue }
                guard !skipped.contains("\(pid):\(first)") else { continue }
                let found = r.match(model: name, provider: pid, at: now).flatMap { origin[$0.entry] }
                #expect(found == "\(pid):\(first)", "\(pid) \(name)")
                checked += 1
            }
        }
        #expect(checked > 2000)
    }

    @Test func selectionByProviderAndModel() throws {
        let openai = try imported(PriceImportOptions(bookID: "openai", date: "2026-08-21", providers: ["OpenAI"]))
        #expect(openai.book.id == "openai")
        #expect(openai.book.source?.date == "2026-08-21")
        #expect(openai.book.entries.allSatisfy { $0.provider == "openai" })
        #expect(openai.report.modelsImported == 86)
        #expect(openai.report.notSelected == 1466 - 86)
        let two = try imported(PriceImportOptions(models: ["openai:gpt-4o", "deepseek-chat"]))
        #expect(two.report.modelsImported == 2)
        #expect(Set(two.book.entries.map(\.model)) == ["gpt-4o", "deepseek-chat"])
        #expect(two.book.id == "genai-prices")
        #expect(throws: PriceBookError.self) { try imported(PriceImportOptions(date: "21.08.2026")) }
    }
}
