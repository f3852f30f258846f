/// Imports pydantic's genai-prices v2 data (`prices/new_data/v2/data.json`) as a Tally book.
///
/// What carries over, exactly:
/// - **Prices** `input_mtok` (uncached input), `output_mtok`, `cache_read_mtok`,
///   `cache_write_mtok`, in $/Mtok. A price that is absent upstream is charged nothing by
///   genai-prices for its tokens: a missing output price becomes `0` (embedding models) and a
///   price set with no prices at all (free models) becomes `0`/`0`; missing cache prices are left
///   out, so Tally charges those tokens at the input price, as genai-prices does.
/// - **Tiers** `{"base": …, "tiers": [{"start": N, "price": …}]}`: per the data's schema and
///   genai-prices' calculator, once the request's input tokens are *greater than* `start`, the
///   tier's price applies to all tokens of that kind — exactly Tally's `above_input_tokens: N`.
///   Tiers of different fields are folded into one Tally tier per threshold.
/// - **Conditional prices** (`prices` as a list; the last entry whose constraint holds wins, the
///   first when none holds): `start_date` becomes `effective_from`/`effective_to` (midnight UTC);
///   `start_time`/`end_time` become daily `time_of_day` windows; the complementary hours get the
///   earlier price as a window of their own. A window whose start is not before its end never
///   holds in genai-prices and is ignored.
/// - **Matching**: an `equals`-only rule becomes an `exact` entry (names as model and aliases), a
///   `starts_with`-only rule a `prefix` entry, anything else a `clauses` entry with the tree as is.
///   Within a provider, Tally's longest-match rule picks the same model as genai-prices' first
///   match for every name the data lists (checked by a test).
/// - **Order**: providers that claim model names (`model_match`, the first-party ones such as
///   `openai` or `anthropic`) come first, then resellers and routers, each in file order; so a
///   model name looked up without a provider resolves to the first-party price on a tie.
///
/// What is dropped, and why: prices that are not per text token — `requests_kcount`,
/// `web_searches_kcount` and other per-call fees, audio, image and video token prices — since
/// interactions carry text token counts only; `cache_write_1h_mtok` (a book has one cache-write
/// price: the default, 5-minute one); `output_reasoning_mtok` (reasoning tokens are part of
/// output tokens and pay the output price). Each entry's `notes` names what it dropped, and the
/// report counts it. Provider-level `provider_match`, `api_pattern`, extractors and fallback
/// providers are not prices and are not carried.
///
/// Float noise such as `0.18000000000000002` is rounded half to even to the micro-dollar per
/// 1M tokens from the exact text (see `DecimalText`); the report lists every rounded value.
public enum GenAIPricesImporter {
    /// Source fields a genai-prices book gets unless the options say otherwise.
    public static let defaultSource = PriceBookSource(
        name: "pydantic/genai-prices", url: "https://github.com/pydantic/genai-prices", file: "prices/new_data/v2/data.json"
    )

    /// The price fields that become token prices; every other field is dropped (and counted).
    static let tokenFields = ["input_mtok", "output_mtok", "cache_read_mtok", "cache_write_mtok"]

    /// Imports a parsed genai-prices file.
    public static func importBook(from json: JSONValue, options: PriceImportOptions = PriceImportOptions()) throws(PriceBookError) -> PriceImportResult {
        _ = try options.validatedDate()
        guard let providers = json.arrayValue else {
            throw .invalidField(field: "(root)", entry: nil, model: nil, reason: "genai-prices data is an array of providers, found \(json.kindDescription)")
        }
        var report = PriceImportReport(format: .genaiPrices)
        // First-party providers (those with a model_match) first, then the rest; file order within.
        var ordered: [(index: Int, object: JSONObject)] = []
        var later: [(index: Int, object: JSONObject)] = []
        for (i, value) in providers.enumerated() {
            guard let object = value.objectValue else {
                throw .invalidField(field: "[\(i)]", entry: nil, model: nil, reason: "expected a provider object, found \(value.kindDescription)")
            }
            guard object["id"]?.stringValue != nil else {
                throw .invalidField(field: "[\(i)].id", entry: nil, model: nil, reason: "a provider needs a string id")
            }
            guard object["models"]?.arrayValue != nil else {
                throw .invalidField(field: "[\(i)].models", entry: nil, model: nil, reason: "a provider needs a models array")
            }
            if object["model_match"] != nil { ordered.append((i, object)) } else { later.append((i, object)) }
        }
        var entries: [PriceEntry] = []
        for (_, provider) in ordered + later {
            let providerID = provider["id"]?.stringValue ?? ""
            let models = provider["models"]?.arrayValue ?? []
            for (m, value) in models.enumerated() {
                report.modelsInFile += 1
                let modelID = value["id"]?.stringValue
                let label = "\(providerID):\(modelID ?? "#\(m)")"
                guard options.keepsProvider(providerID) else { report.notSelected += 1; continue }
                if let wanted = options.models, !(modelID.map { wanted.contains("\(providerID):\($0)") || wanted.contains($0) } ?? false) {
                    report.notSelected += 1
                    continue
                }
                do {
                    let imported = try importModel(value, provider: providerID, label: label, report: &report)
                    entries.append(contentsOf: imported)
                    report.modelsImported += 1
                    report.entriesWritten += imported.count
                } catch {
                    report.skipped.append(PriceImportReport.Skip(model: label, reason: error.reason))
                }
            }
        }
        let book = PriceBook(
            id: options.bookID(defaultName: "genai-prices"), description: options.description,
            source: options.source(defaults: defaultSource), entries: entries
        )
        return PriceImportResult(book: book, report: report)
    }

    // MARK: - One model

    private enum Constraint {
        case always
        case startDate(Timestamp)
        case window(start: Int64, end: Int64)
    }

    private struct Variant {
        var constraint: Constraint
        var prices: ImportedTokenPrices
        var dropped: [String]
    }

    private static func importModel(_ value: JSONValue, provider: String, label: String, report: inout PriceImportReport) throws(ImportSkip) -> [PriceEntry] {
        guard let model = value.objectValue else { throw ImportSkip(reason: "model is \(value.kindDescription), not an object") }
        guard let id = model["id"]?.stringValue, !id.isEmpty else { throw ImportSkip(reason: "model has no id") }
        guard let matchValue = model["match"] else { throw ImportSkip(reason: "model has no match rule") }
        let clause: MatchClause
        do {
            clause = try MatchClause.parse(matchValue)
        } catch {
            throw ImportSkip(reason: "match\(error.path): \(error.reason)")
        }
        guard let pricesValue = model["prices"] else { throw ImportSkip(reason: "model has no prices") }

        var variants: [Variant] = []
        var rounded: [PriceImportReport.Rounding] = []
        if let list = pricesValue.arrayValue {
            guard !list.isEmpty else { throw ImportSkip(reason: "prices is an empty list") }
            for (k, item) in list.enumerated() {
                guard let conditional = item.objectValue, let set = conditional["prices"] else {
                    throw ImportSkip(reason: "prices[\(k)] is not a {constraint, prices} object")
                }
                let constraint = try readConstraint(conditional["constraint"], index: k)
                let (prices, dropped) = try readPriceSet(set, label: label, field: "prices[\(k)].", rounded: &rounded)
                variants.append(Variant(constraint: constraint, prices: prices, dropped: dropped))
            }
        } else {
            let (prices, dropped) = try readPriceSet(pricesValue, label: label, field: "", rounded: &rounded)
            variants.append(Variant(constraint: .always, prices: prices, dropped: dropped))
        }

        // Dropped fields and notes (per model, not per variant).
        var dropped: [String] = []
        for variant in variants { for field in variant.dropped where !dropped.contains(field) { dropped.append(field) } }
        for field in dropped { report.droppedPriceFields[field, default: 0] += 1 }
        report.rounded.append(contentsOf: rounded)
        var notes: [String] = []
        if variants.contains(where: { $0.prices.input == nil && $0.prices.output == nil && $0.dropped.isEmpty }) {
            notes.append("no token prices upstream: free")
        }
        if variants.contains(where: { $0.prices.output == nil && $0.prices.input != nil }) {
            notes.append("no output_mtok upstream: output tokens cost 0")
        }
        if variants.contains(where: { $0.prices.input == nil && $0.prices.output != nil }) {
            notes.append("no input_mtok upstream: input tokens cost 0")
        }
        if !dropped.isEmpty { notes.append("not carried: " + dropped.joined(separator: ", ")) }
        for r in rounded { notes.append("rounded \(r.field) \(r.text) to \(r.price)") }
        if model["deprecated"]?.boolValue == true { notes.append("deprecated upstream") }

        // A model priced only by non-token fields cannot be priced per token.
        for variant in variants where variant.prices.input == nil && variant.prices.output == nil && !variant.dropped.isEmpty {
            throw ImportSkip(reason: "no text-token prices (only " + variant.dropped.joined(separator: ", ") + ")")
        }

        let (matchKind, name, aliases) = simplify(clause, id: id)
        func entry(_ variant: Variant, from: Timestamp?, to: Timestamp?, window: TimeOfDayWindow?) -> PriceEntry {
            let p = variant.prices.tallyPrices()
            return PriceEntry(
                provider: provider, model: name, aliases: aliases, match: matchKind, name: model["name"]?.stringValue,
                input: p.input, output: p.output, cachedInput: p.cachedInput, cacheWrite: p.cacheWrite, tiers: p.tiers,
                effectiveFrom: from, effectiveTo: to, timeOfDay: window,
                notes: notes.isEmpty ? nil : notes.joined(separator: "; ")
            )
        }

        // Partition time: date segments, and within each the hours of the day, by the rule
        // "the last variant whose constraint holds wins, else the first".
        let dates = Set(variants.compactMap { v -> Int64? in
            if case .startDate(let d) = v.constraint { return d.milliseconds }
            return nil
        }).sorted()
        var segments: [(from: Int64?, to: Int64?, assignment: [(variant: Int, window: TimeOfDayWindow?)])] = []
        for k in 0...dates.count {
            let from = k == 0 ? nil : dates[k - 1]
            let to = k < dates.count ? dates[k] : nil
            let assignment = assignDay(variants, segmentStart: from)
            if let last = segments.last, last.assignment.elementsEqual(assignment, by: { $0.variant == $1.variant && $0.window == $1.window }) {
                segments[segments.count - 1].to = to
            } else {
                segments.append((from, to, assignment))
            }
        }
        var entries: [PriceEntry] = []
        for segment in segments {
            for (v, window) in segment.assignment {
                entries.append(entry(variants[v], from: segment.from.map(Timestamp.init), to: segment.to.map(Timestamp.init), window: window))
            }
        }
        return entries
    }

    /// Which variant holds when, over one day of a date segment: a list of (variant, window),
    /// `nil` window meaning the whole day, ordered by window start.
    private static func assignDay(_ variants: [Variant], segmentStart: Int64?) -> [(variant: Int, window: TimeOfDayWindow?)] {
        let day = Timestamp.dayMs
        var remaining: [(Int64, Int64)] = [(0, day)]
        var pieces: [(variant: Int, range: (Int64, Int64))] = []
        for v in variants.indices.reversed() where !remaining.isEmpty {
            switch variants[v].constraint {
            case .always:
                pieces += remaining.map { (v, $0) }
                remaining = []
            case .startDate(let d):
                if let start = segmentStart, d.milliseconds <= start {
                    pieces += remaining.map { (v, $0) }
                    remaining = []
                }
            case .window(let s, let e):
                guard s < e else { continue }
                var left: [(Int64, Int64)] = []
                for (a, b) in remaining {
                    let lo = max(a, s), hi = min(b, e)
                    if lo < hi {
                        pieces.append((v, (lo, hi)))
                        if a < lo { left.append((a, lo)) }
                        if hi < b { left.append((hi, b)) }
                    } else {
                        left.append((a, b))
                    }
                }
                remaining = left
            }
        }
        pieces += remaining.map { (0, $0) }

        var result: [(variant: Int, window: TimeOfDayWindow?, start: Int64)] = []
        for v in Set(pieces.map(\.variant)).sorted() {
            var ranges = pieces.filter { $0.variant == v }.map(\.range).sorted { $0.0 < $1.0 }
            var merged: [(Int64, Int64)] = []
            for r in ranges {
                if let last = merged.last, last.1 == r.0 { merged[merged.count - 1].1 = r.1 } else { merged.append(r) }
            }
            ranges = merged
            if ranges.count == 1, ranges[0] == (0, day) {
                result.append((v, nil, 0))
                continue
            }
            // A range ending at midnight joins one starting at midnight: a window across midnight.
            if ranges.count > 1, let first = ranges.first, let last = ranges.last, first.0 == 0, last.1 == day {
                ranges.removeFirst()
                ranges[ranges.count - 1] = (last.0, first.1 + day)
            }
            for (a, b) in ranges {
                if let window = TimeOfDayWindow(start: a % day, end: b % day) {
                    result.append((v, window, a))
                }
            }
        }
        return result.sorted { $0.start < $1.start }.map { ($0.variant, $0.window) }
    }

    private static func readConstraint(_ value: JSONValue?, index k: Int) throws(ImportSkip) -> Constraint {
        guard let value, !value.isNull else { return .always }
        guard let object = value.objectValue else { throw ImportSkip(reason: "prices[\(k)].constraint is not an object") }
        if let date = object["start_date"] {
            guard let text = date.stringValue, let day = PriceBook.parseDay(text) else {
                throw ImportSkip(reason: "prices[\(k)].constraint.start_date is not a YYYY-MM-DD date")
            }
            return .startDate(day)
        }
        if let startValue = object["start_time"], let endValue = object["end_time"] {
            guard let startText = startValue.stringValue, let start = parseUTCTime(startText),
                  let endText = endValue.stringValue, let end = parseUTCTime(endText) else {
                throw ImportSkip(reason: "prices[\(k)].constraint has an unreadable start_time/end_time (expected HH:MM:SS in UTC)")
            }
            return .window(start: start, end: end)
        }
        throw ImportSkip(reason: "prices[\(k)].constraint is neither a start_date nor a start_time/end_time window")
    }

    /// `HH:MM[:SS[.ffffff]]` with `Z` or `+00:00` (or no zone, taken as UTC).
    private static func parseUTCTime(_ text: String) -> Int64? {
        var t = text
        if t.hasSuffix("+00:00") { t = String(t.dropLast(6)) }
        if t.hasSuffix("Z") || t.hasSuffix("z") { t = String(t.dropLast()) }
        if let dot = t.firstIndex(of: ".") {
            let fraction = t[t.index(after: dot)...]
            guard !fraction.isEmpty, fraction.allSatisfy(\.isASCII), fraction.allSatisfy(\.isNumber) else { return nil }
            let ms = String((fraction + "000").prefix(3))
            t = String(t[..<dot]) + "." + ms
        }
        return TimeOfDayWindow.parseTime(t)
    }

    /// Reads one `ModelPrice` object: the four token prices (plain or tiered) and the names of
    /// the fields that are not token prices.
    private static func readPriceSet(_ value: JSONValue, label: String, field: String, rounded: inout [PriceImportReport.Rounding]) throws(ImportSkip) -> (ImportedTokenPrices, [String]) {
        guard let object = value.objectValue else { throw ImportSkip(reason: "\(field)prices is \(value.kindDescription), not an object") }
        var prices = ImportedTokenPrices()
        var dropped: [String] = []
        for member in object {
            guard tokenFields.contains(member.key) else {
                dropped.append(member.key)
                continue
            }
            let tiered = try readTiered(member.value, label: label, field: field + member.key, rounded: &rounded)
            switch member.key {
            case "input_mtok": prices.input = tiered
            case "output_mtok": prices.output = tiered
            case "cache_read_mtok": prices.cachedInput = tiered
            default: prices.cacheWrite = tiered
            }
        }
        return (prices, dropped)
    }

    private static func readTiered(_ value: JSONValue, label: String, field: String, rounded: inout [PriceImportReport.Rounding]) throws(ImportSkip) -> TieredImportPrice {
        if value.numberValue != nil {
            return TieredImportPrice(base: try importPrice(value, shift: 6, model: label, field: field, rounded: &rounded), tiers: [])
        }
        guard let object = value.objectValue, let base = object["base"], let tiers = object["tiers"]?.arrayValue else {
            throw ImportSkip(reason: "\(field) is neither a number nor {base, tiers}")
        }
        var result = TieredImportPrice(base: try importPrice(base, shift: 6, model: label, field: field + ".base", rounded: &rounded), tiers: [])
        var byStart: [Int64: PerMillionPrice] = [:]
        for (k, tier) in tiers.enumerated() {
            guard let start = tier["start"]?.numberValue?.int64Value, start >= 0, let price = tier["price"] else {
                throw ImportSkip(reason: "\(field).tiers[\(k)] needs a non-negative integer start and a price")
            }
            byStart[start] = try importPrice(price, shift: 6, model: label, field: field + ".tiers[\(k)].price", rounded: &rounded)
        }
        result.tiers = byStart.sorted { $0.key < $1.key }.map { (above: $0.key, price: $0.value) }
        return result
    }

    /// The simplest Tally match for a clause tree: (match, model, aliases).
    static func simplify(_ clause: MatchClause, id: String) -> (ModelMatch, String, [String]) {
        var literals: [String] = []
        var kind: String?
        func collect(_ c: MatchClause) -> Bool {
            switch c {
            case .equals(let s):
                guard kind == nil || kind == "equals" else { return false }
                kind = "equals"
                literals.append(s)
                return true
            case .startsWith(let s):
                guard kind == nil || kind == "starts_with" else { return false }
                kind = "starts_with"
                literals.append(s)
                return true
            case .or(let cs):
                return cs.allSatisfy(collect)
            default:
                return false
            }
        }
        guard collect(clause), !literals.isEmpty, !literals.contains("") else { return (.clauses(clause), id, []) }
        var unique: [String] = []
        for l in literals where !unique.contains(where: { $0.lowercased() == l.lowercased() }) { unique.append(l) }
        let main = unique.first(where: { $0.lowercased() == id.lowercased() }) ?? unique[0]
        let aliases = unique.filter { $0 != main }
        return (kind == "equals" ? .exact : .prefix, main, aliases)
    }
}
