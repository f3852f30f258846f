/// Imports LiteLLM's `model_prices_and_context_window.json` as a Tally book.
///
/// What carries over:
/// - Models whose `mode` is priced per text token: `chat`, `completion`, `responses`. Other
///   modes (embeddings, images, audio, video, rerank, search…) and the `sample_spec` entry are
///   skipped, and counted by reason.
/// - **Prices** in USD per token, converted to $/Mtok: `input_cost_per_token`,
///   `output_cost_per_token` (absent: output tokens cost 0, as in LiteLLM),
///   `cache_read_input_token_cost` (or `input_cost_per_token_cache_hit`),
///   `cache_creation_input_token_cost`. Absent cache prices are left out, so Tally charges
///   those tokens at the input price.
/// - **Tiers** `input_cost_per_token_above_200k_tokens` and the like (`…_above_N_tokens`, a `k`
///   meaning thousands): as in LiteLLM, a tier applies when the prompt's tokens exceed N, and it
///   then prices output, cache reads and cache writes with their own `…_above_N_tokens` keys when
///   present, else with the base prices — Tally's tier rule exactly. `…_above_N_tokens` keys of
///   output or cache prices without an input key at the same N are ignored by LiteLLM, and here.
/// - **Provider**: `litellm_provider`. A key `P/name` whose prefix `P` is its own provider also
///   answers to `name` (an alias), since LiteLLM looks models up both ways.
/// - **Order**: keys without a `/` first (the providers' own names), then the others, each in
///   file order; a name looked up without a provider thus resolves to the plain key on a tie.
///
/// What is dropped, and why: batch, flex, priority and other service-tier variants (`…_batches`,
/// `…_flex`, `…_priority`, …), the 1-hour cache-write price (`…_above_1hr`), and audio, image,
/// video, per-character, per-second, per-query and per-request prices — interactions carry
/// standard text token counts only; `output_cost_per_reasoning_token` (reasoning tokens are part
/// of output tokens and pay the output price). The report counts every dropped field.
///
/// LiteLLM has no price dates: the caller's import date goes into the book's `source.date` and
/// entries get no effective range. The importer never reads the clock.
///
/// Float noise such as `2.9999900000000002e-06` is rounded half to even to the micro-dollar per
/// 1M tokens from the exact text (see `DecimalText`); the report lists every rounded value.
public enum LiteLLMImporter {
    /// Source fields a LiteLLM book gets unless the options say otherwise.
    public static let defaultSource = PriceBookSource(
        name: "litellm", url: "https://github.com/BerriAI/litellm", file: "model_prices_and_context_window.json"
    )

    /// The modes whose models are priced per text token.
    public static let tokenPricedModes: Set<String> = ["chat", "completion", "responses"]

    private static let baseFields = [
        "input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost", "cache_creation_input_token_cost",
    ]

    /// Imports a parsed LiteLLM file.
    public static func importBook(from json: JSONValue, options: PriceImportOptions = PriceImportOptions()) throws(PriceBookError) -> PriceImportResult {
        _ = try options.validatedDate()
        guard let root = json.objectValue else {
            throw .invalidField(field: "(root)", entry: nil, model: nil, reason: "a LiteLLM file is an object of models, found \(json.kindDescription)")
        }
        var report = PriceImportReport(format: .litellm)
        var plain: [PriceEntry] = []
        var prefixed: [PriceEntry] = []
        for member in root where member.key != "sample_spec" {
            report.modelsInFile += 1
            let key = member.key
            let provider = member.value["litellm_provider"]?.stringValue
            guard options.keepsProvider(provider), options.models.map({ $0.contains(key) }) ?? true else {
                report.notSelected += 1
                continue
            }
            do {
                let entry = try importModel(key: key, value: member.value, report: &report)
                if key.contains("/") { prefixed.append(entry) } else { plain.append(entry) }
                report.modelsImported += 1
                report.entriesWritten += 1
            } catch {
                report.skipped.append(PriceImportReport.Skip(model: key, reason: error.reason))
            }
        }
        let book = PriceBook(
            id: options.bookID(defaultName: "litellm"), description: options.description,
            source: options.source(defaults: defaultSource), entries: plain + prefixed
        )
        return PriceImportResult(book: book, report: report)
    }

    /// `(field, threshold)` for a tier key such as `input_cost_per_token_above_200k_tokens`.
    static func tierKey(_ key: String) -> (field: String, threshold: Int64)? {
        for field in baseFields {
            let head = field + "_above_"
            guard key.hasPrefix(head), key.hasSuffix("_tokens") else { continue }
            var middle = key.dropFirst(head.count).dropLast("_tokens".count)
            var multiplier: Int64 = 1
            if middle.last == "k" {
                multiplier = 1000
                middle = middle.dropLast()
            }
            guard !middle.isEmpty, middle.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let n = Int64(middle), n <= Int64.max / 1000 else { return nil }
            return (field, n * multiplier)
        }
        return nil
    }

    private static func importModel(key: String, value: JSONValue, report: inout PriceImportReport) throws(ImportSkip) -> PriceEntry {
        guard let model = value.objectValue else { throw ImportSkip(reason: "not an object") }
        guard let mode = model["mode"]?.stringValue else { throw ImportSkip(reason: "no mode") }
        guard tokenPricedModes.contains(mode) else { throw ImportSkip(reason: "mode \(mode) is not priced per text token") }
        guard let inputValue = model["input_cost_per_token"] else { throw ImportSkip(reason: "no input_cost_per_token") }
        let provider = model["litellm_provider"]?.stringValue

        var rounded: [PriceImportReport.Rounding] = []
        var notes: [String] = []
        func price(_ field: String) throws(ImportSkip) -> PerMillionPrice? {
            guard let v = model[field], !v.isNull else { return nil }
            return try importPrice(v, shift: 12, model: key, field: field, rounded: &rounded)
        }
        let input = try importPrice(inputValue, shift: 12, model: key, field: "input_cost_per_token", rounded: &rounded)
        let output = try price("output_cost_per_token")
        if output == nil { notes.append("no output_cost_per_token upstream: output tokens cost 0") }
        var cachedInput = try price("cache_read_input_token_cost")
        if cachedInput == nil { cachedInput = try price("input_cost_per_token_cache_hit") }
        let cacheWrite = try price("cache_creation_input_token_cost")

        // Tiers, keyed by the input threshold that LiteLLM checks.
        var tierPrices: [Int64: [String: PerMillionPrice]] = [:]
        var dropped: [String] = []
        for member in model {
            let k = member.key
            let isCost = k.contains("cost") || k.hasSuffix("_token_cost")
            if let (field, threshold) = tierKey(k) {
                if let p = try price(k) { tierPrices[threshold, default: [:]][field] = p }
            } else if isCost, !baseFields.contains(k), k != "input_cost_per_token_cache_hit" {
                if let n = member.value.numberValue, case .success(let z) = DecimalText.scaleRoundingHalfEven(n.text, shift: 0), z.value == 0, z.isExact {
                    continue // a zero fee changes nothing
                }
                dropped.append(k)
            }
        }
        var tiers: [PriceTier] = []
        for (threshold, fields) in tierPrices.sorted(by: { $0.key < $1.key }) {
            guard let tierInput = fields["input_cost_per_token"] else {
                dropped += fields.keys.sorted().map { "\($0)_above_\(threshold)_tokens" }
                continue
            }
            tiers.append(PriceTier(
                aboveInputTokens: threshold, input: tierInput, output: fields["output_cost_per_token"],
                cachedInput: fields["cache_read_input_token_cost"], cacheWrite: fields["cache_creation_input_token_cost"]
            ))
        }
        for field in dropped { report.droppedPriceFields[field, default: 0] += 1 }
        if !dropped.isEmpty { notes.append("not carried: " + dropped.joined(separator: ", ")) }
        for r in rounded { notes.append("rounded \(r.field) \(r.text) to \(r.price) per 1M tokens") }
        report.rounded.append(contentsOf: rounded)

        var aliases: [String] = []
        if let provider, let slash = key.firstIndex(of: "/"), key[..<slash] == provider {
            let rest = String(key[key.index(after: slash)...])
            if !rest.isEmpty { aliases.append(rest) }
        }
        return PriceEntry(
            provider: provider, model: key, aliases: aliases, match: .exact,
            input: input, output: output ?? .zero, cachedInput: cachedInput, cacheWrite: cacheWrite, tiers: tiers,
            notes: notes.isEmpty ? nil : notes.joined(separator: "; ")
        )
    }
}
