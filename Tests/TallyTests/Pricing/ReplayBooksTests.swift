import Foundation
import Testing
@testable import Tally

/// The price books and price scenarios of `Replay/` are generated from the real genai-prices
/// data by the importer, as `Replay/books/sources.json` describes. This suite regenerates them
/// and fails when a committed file differs (run with `TALLY_REGENERATE_REPLAY=1` to rewrite
/// them), then checks what the scenarios mean.
@Suite("Replay books and scenarios")
struct ReplayBooksTests {
    private var replay: URL { SharedData.repositoryRoot().appendingPathComponent("Replay") }
    private var regenerate: Bool { ProcessInfo.processInfo.environment["TALLY_REGENERATE_REPLAY"] == "1" }

    private func json(_ url: URL) throws -> JSONValue {
        let data = try #require(FileManager.default.contents(atPath: url.path), "cannot read \(url.path)")
        return try JSONParser.parse(data)
    }

    private func strings(_ value: JSONValue?) -> [String]? {
        value?.arrayValue?.compactMap(\.stringValue)
    }

    /// Generated books by output file name, in manifest order.
    private func generate() throws -> [(output: String, book: PriceBook)] {
        let manifest = try json(replay.appendingPathComponent("books/sources.json"))
        let upstream = try #require(manifest["upstream"])
        let data = try SharedData.json(try #require(upstream["data"]?.stringValue))
        let source = PriceBookSource(
            name: upstream["name"]?.stringValue, url: upstream["url"]?.stringValue, file: upstream["file"]?.stringValue,
            commit: upstream["commit"]?.stringValue
        )
        var generated: [(output: String, book: PriceBook)] = []
        for spec in manifest["books"]?.arrayValue ?? [] {
            let output = try #require(spec["output"]?.stringValue)
            let options = PriceImportOptions(
                bookID: spec["id"]?.stringValue, description: spec["description"]?.stringValue,
                date: upstream["date"]?.stringValue, source: source,
                providers: strings(spec["providers"]).map(Set.init), models: strings(spec["models"]).map(Set.init)
            )
            let result = try GenAIPricesImporter.importBook(from: data, options: options)
            if let models = strings(spec["models"]) {
                #expect(result.report.modelsImported == models.count, "\(output): a listed model is missing upstream")
            }
            #expect(result.report.skipped.isEmpty, "\(output): \(result.report.skipped)")
            generated.append((output, result.book))
        }
        for spec in manifest["scenarios"]?.arrayValue ?? [] {
            let output = try #require(spec["output"]?.stringValue)
            let from = try #require(spec["from"]?.stringValue)
            let base = try #require(generated.first { $0.output == from }?.book, "\(output): no book \(from)")
            var scalings: [PriceScaling] = []
            for s in spec["scale"]?.arrayValue ?? [] {
                var fields = Set(PriceField.allCases)
                if let names = strings(s["fields"]) {
                    let parsed = names.compactMap(PriceField.init(rawValue:))
                    #expect(parsed.count == names.count, "\(output): unknown field in \(names)")
                    fields = Set(parsed)
                }
                let percent = try #require(s["percent"]?.stringValue)
                let scaling = PriceScaling(percentChange: percent, provider: s["provider"]?.stringValue, fields: fields)
                scalings.append(try #require(scaling, "\(output): bad percent \(percent)"))
            }
            let id = try #require(spec["id"]?.stringValue)
            let book = try base.scaled(scalings, id: id, description: spec["description"]?.stringValue)
            generated.append((output, book))
        }
        return generated
    }

    @Test func committedFilesAreUpToDate() throws {
        let generated = try generate()
        #expect(generated.count == 8)
        for (output, book) in generated {
            let url = replay.appendingPathComponent("books").appendingPathComponent(output).standardizedFileURL
            let text = book.canonicalJSON()
            if regenerate {
                try Data(text.utf8).write(to: url, options: .atomic)
                continue
            }
            let committed = FileManager.default.contents(atPath: url.path).map { String(decoding: $0, as: UTF8.self) }
            #expect(committed == text, "\(output) differs from a fresh import: run TALLY_REGENERATE_REPLAY=1 swift test --filter ReplayBooksTests")
        }
    }

    @Test func everyShippedFileReads() throws {
        let books = try FileManager.default.contentsOfDirectory(atPath: replay.appendingPathComponent("books").path).filter { $0.hasSuffix(".json") && $0 != "sources.json" }
        #expect(books.count == 6)
        for name in books {
            let book = try PriceBook.load(path: replay.appendingPathComponent("books/\(name)").path)
            #expect(book.source?.commit == "47df840a5ab10bbcffb8e5ac01b9899032245d1b", "\(name)")
            #expect(book.source?.date == "2026-08-21", "\(name)")
            #expect(book.entries.count < 120, "\(name) is meant to be readable")
        }
        let scenarios = try FileManager.default.contentsOfDirectory(atPath: replay.appendingPathComponent("scenarios").path).filter { $0.hasSuffix(".json") }
        #expect(scenarios.count >= 4)
        for name in scenarios {
            let path = replay.appendingPathComponent("scenarios/\(name)").path
            let value = try json(URL(fileURLWithPath: path))
            if PriceFileFormat.detect(value) == .tally {
                _ = try PriceBook.parse(json: value)
            } else {
                let scenario = try WhatIfScenario.load(path: path)
                if let bookPath = scenario.bookPath {
                    _ = try PriceBook.load(path: bookPath)
                }
                let list = PriceResolver(book: try PriceBook.load(path: replay.appendingPathComponent("books/list-2026-11.json").path))
                for remap in scenario.remaps {
                    #expect(list.match(model: remap.to, provider: remap.provider, at: Timestamp(rfc3339: "2026-11-01T00:00:00Z") ?? Timestamp(milliseconds: 0)) != nil,
                            "\(name): \(remap.to) has no price in list-2026-11")
                }
            }
        }
    }

    @Test func combinedListPricesTheMainModels() throws {
        let list = PriceResolver(book: try PriceBook.load(path: replay.appendingPathComponent("books/list-2026-11.json").path))
        let at = Timestamp(rfc3339: "2026-11-01T00:00:00Z") ?? Timestamp(milliseconds: 0)
        for model in ["gpt-4o", "gpt-4o-mini", "o3", "gpt-5", "claude-sonnet-4-6", "claude-haiku-4-5-20251001", "gemini-2.5-pro", "gemini-2.5-flash", "mistral-large-latest", "deepseek-chat"] {
            #expect(list.match(model: model, provider: nil, at: at) != nil, "\(model)")
        }
        #expect(list.match(model: "gpt-4o", provider: nil, at: at)?.cost(TokenUsage(input: 1_000_000, output: 1_000_000)).description == "12.5")
    }

    @Test func openAIPriceCutHalvesEveryOpenAICost() throws {
        let list = try PriceBook.load(path: replay.appendingPathComponent("books/list-2026-11.json").path)
        let cut = try PriceBook.load(path: replay.appendingPathComponent("scenarios/openai-price-cut-50.json").path)
        #expect(cut.id == "openai-price-cut-50")
        #expect(cut.entries.count == list.entries.count)
        var rng = SeededRandom(seed: 50)
        for (a, b) in zip(list.entries, cut.entries) {
            for _ in 0..<20 {
                let input = Int64(rng.next() % 400_000)
                let cached = Int64(rng.next() % UInt64(input / 2 + 1))
                let written = Int64(rng.next() % UInt64(input - cached + 1))
                let usage = TokenUsage(input: input, output: Int64(rng.next() % 20_000), cachedInput: cached, cacheWrite: written)
                let before = a.resolvedPrices.cost(usage), after = b.resolvedPrices.cost(usage)
                if a.provider == "openai" {
                    #expect(after.picodollars * 2 == before.picodollars, "\(a.model)")
                } else {
                    #expect(after == before, "\(a.model)")
                }
            }
        }
    }

    @Test func anthropicCacheDiscountHalvesOnlyCacheTokens() throws {
        let list = try PriceBook.load(path: replay.appendingPathComponent("books/list-2026-11.json").path)
        let discount = try PriceBook.load(path: replay.appendingPathComponent("scenarios/anthropic-cache-discount.json").path)
        for (a, b) in zip(list.entries, discount.entries) {
            for input: Int64 in [10_000, 250_000] {
                let plain = TokenUsage(input: input, output: 1_000)
                #expect(a.resolvedPrices.cost(plain) == b.resolvedPrices.cost(plain), "\(a.model)")
                let cached = TokenUsage(input: input, output: 0, cachedInput: input / 2, cacheWrite: input / 4)
                let ra = a.resolvedPrices.rates(forInputTokens: input), rb = b.resolvedPrices.rates(forInputTokens: input)
                #expect(ra.input == rb.input && ra.output == rb.output, "\(a.model)")
                if a.provider == "anthropic" {
                    #expect(rb.cachedInput.microdollars * 2 == ra.cachedInput.microdollars, "\(a.model)")
                    #expect(rb.cacheWrite.microdollars * 2 == ra.cacheWrite.microdollars, "\(a.model)")
                    #expect(b.resolvedPrices.cost(cached) < a.resolvedPrices.cost(cached))
                } else {
                    #expect(ra == rb, "\(a.model)")
                }
            }
        }
    }

    @Test func scalingKeepsImplicitFallbacksExact() throws {
        // Halving only the input price must not halve a cache price that fell back to it.
        let book = PriceBook(id: "b", entries: [PriceEntry(
            provider: "p", model: "m", input: PerMillionPrice(microdollars: 2_000_000), output: PerMillionPrice(microdollars: 8_000_000),
            tiers: [PriceTier(aboveInputTokens: 100, input: PerMillionPrice(microdollars: 4_000_000))]
        )])
        let cut = try book.scaled([PriceScaling(fields: [.input], numerator: 1, denominator: 2)], id: "c", description: nil)
        let before = book.entries[0].resolvedPrices, after = cut.entries[0].resolvedPrices
        #expect(after.base.input.microdollars == 1_000_000)
        #expect(after.base.cachedInput == before.base.cachedInput)
        #expect(after.tiers[0].rates.input.microdollars == 2_000_000)
        #expect(after.tiers[0].rates.cachedInput == before.tiers[0].rates.cachedInput)
        #expect(after.tiers[0].rates.cacheWrite == before.tiers[0].rates.cacheWrite)
        #expect(PriceScaling(percentChange: "-50")?.numerator == 50_000_000)
        #expect(PriceScaling(percentChange: "12.5")?.numerator == 112_500_000)
        #expect(PriceScaling(percentChange: "-100.5") == nil)
        #expect(PriceScaling(percentChange: "half") == nil)
    }

    @Test func scenarioFiles() throws {
        let json = try JSONParser.parse(#"{"description": "d", "book": "../books/list-2026-11.json", "map": {"GPT-4o": "gpt-4o-mini", "o3": {"model": "claude-sonnet-4-6", "provider": "anthropic"}}, "agents": ["research"]}"#)
        let s = try WhatIfScenario.parse(json: json, directory: "/x/Replay/scenarios")
        #expect(s.bookPath == "/x/Replay/books/list-2026-11.json")
        #expect(s.remap(model: "gpt-4o", agent: "research")! == ("gpt-4o-mini", nil))
        #expect(s.remap(model: "o3", agent: "research")! == ("claude-sonnet-4-6", "anthropic"))
        #expect(s.remap(model: "gpt-4o", agent: "support") == nil)
        #expect(s.remap(model: "gpt-5", agent: "research") == nil)
        #expect(WhatIfScenario.Remap(argument: "gpt-4o=gpt-4o-mini") == WhatIfScenario.Remap(from: "gpt-4o", to: "gpt-4o-mini"))
        #expect(WhatIfScenario.Remap(argument: "gpt-4o") == nil)
        #expect(throws: PriceBookError.self) { try WhatIfScenario.parse(json: JSONParser.parse(#"{"description": "nothing"}"#)) }
        #expect(throws: PriceBookError.self) { try WhatIfScenario.parse(json: JSONParser.parse(#"{"map": {"a": 1}}"#)) }
        #expect(throws: PriceBookError.self) { try WhatIfScenario.parse(json: JSONParser.parse(#"{"map": {"a": "b"}, "agent": ["x"]}"#)) }
    }
}
