extension PriceBook {
    /// Reads a book in the Tally format from parsed JSON.
    ///
    /// Strict: unknown fields, prices written as JSON numbers, more than 6 decimals, negative or
    /// malformed values, unknown `match` kinds, duplicate tier thresholds, `effective_from` not
    /// before `effective_to` — each is an error naming the entry and the field.
    public static func parse(json: JSONValue) throws(PriceBookError) -> PriceBook {
        guard let root = json.objectValue else {
            throw .invalidField(field: "(root)", entry: nil, model: nil, reason: "expected an object, found \(json.kindDescription)")
        }
        try checkKnownKeys(root, allowed: bookKeys, path: "", entry: nil, model: nil)
        let id = try requiredString(root, "id", path: "", entry: nil, model: nil)
        let currency = try requiredString(root, "currency", path: "", entry: nil, model: nil)
        guard currency == currencyUSD else {
            throw .invalidField(field: "currency", entry: nil, model: nil, reason: "only \"USD\" is supported, found \"\(currency)\"")
        }
        let description = try optionalString(root, "description", path: "", entry: nil, model: nil)
        var source: PriceBookSource?
        if let value = root["source"], !value.isNull {
            guard let object = value.objectValue else {
                throw .invalidField(field: "source", entry: nil, model: nil, reason: "expected an object, found \(value.kindDescription)")
            }
            try checkKnownKeys(object, allowed: sourceKeys, path: "source.", entry: nil, model: nil)
            source = PriceBookSource(
                name: try optionalString(object, "name", path: "source.", entry: nil, model: nil),
                url: try optionalString(object, "url", path: "source.", entry: nil, model: nil),
                file: try optionalString(object, "file", path: "source.", entry: nil, model: nil),
                commit: try optionalString(object, "commit", path: "source.", entry: nil, model: nil),
                date: try optionalString(object, "date", path: "source.", entry: nil, model: nil)
            )
        }
        guard let modelsValue = root["models"] else {
            throw .invalidField(field: "models", entry: nil, model: nil, reason: "missing (a book lists its entries under \"models\")")
        }
        guard let models = modelsValue.arrayValue else {
            throw .invalidField(field: "models", entry: nil, model: nil, reason: "expected an array, found \(modelsValue.kindDescription)")
        }
        var entries: [PriceEntry] = []
        entries.reserveCapacity(models.count)
        for (index, value) in models.enumerated() {
            entries.append(try parseEntry(value, index: index))
        }
        return PriceBook(id: id, currency: currency, description: description, source: source, entries: entries)
    }

    // MARK: - Entries

    /// Fields of a book, of its source, of an entry and of a tier (the schema lists the same).
    static let bookKeys: Set<String> = ["$schema", "id", "currency", "description", "source", "models"]
    static let sourceKeys: Set<String> = ["name", "url", "file", "commit", "date"]
    static let tierKeys: Set<String> = ["above_input_tokens", "input_per_mtok", "output_per_mtok", "cached_input_per_mtok", "cache_write_per_mtok"]
    static let entryKeys: Set<String> = [
        "provider", "model", "aliases", "match", "clauses", "name",
        "input_per_mtok", "output_per_mtok", "cached_input_per_mtok", "cache_write_per_mtok",
        "tiers", "effective_from", "effective_to", "time_of_day", "notes",
    ]

    private static func parseEntry(_ value: JSONValue, index: Int) throws(PriceBookError) -> PriceEntry {
        let path = "models[\(index)]."
        guard let object = value.objectValue else {
            throw .invalidField(field: "models[\(index)]", entry: index, model: nil, reason: "expected an object, found \(value.kindDescription)")
        }
        let modelName = object["model"]?.stringValue
        try checkKnownKeys(object, allowed: entryKeys, path: path, entry: index, model: modelName)
        let model = try requiredString(object, "model", path: path, entry: index, model: nil)
        func fail(_ field: String, _ reason: String) -> PriceBookError {
            .invalidField(field: path + field, entry: index, model: model, reason: reason)
        }
        let provider = try optionalString(object, "provider", path: path, entry: index, model: model)
        if provider == "" { throw fail("provider", "must not be empty (omit it to match any provider)") }
        var aliases: [String] = []
        if let value = object["aliases"], !value.isNull {
            guard let array = value.arrayValue else { throw fail("aliases", "expected an array of strings, found \(value.kindDescription)") }
            for (i, item) in array.enumerated() {
                guard let alias = item.stringValue, !alias.isEmpty else {
                    throw fail("aliases[\(i)]", "expected a non-empty string, found \(item.kindDescription)")
                }
                aliases.append(alias)
            }
        }
        let matchName = try optionalString(object, "match", path: path, entry: index, model: model) ?? "exact"
        let match: ModelMatch
        switch matchName {
        case "exact", "prefix":
            if let clauses = object["clauses"], !clauses.isNull {
                throw fail("clauses", "only allowed with \"match\": \"clauses\"")
            }
            match = matchName == "exact" ? .exact : .prefix
        case "clauses":
            guard let tree = object["clauses"], !tree.isNull else {
                throw fail("clauses", "missing (required with \"match\": \"clauses\")")
            }
            guard aliases.isEmpty else {
                throw fail("aliases", "not used with \"match\": \"clauses\" (write the names into the clauses)")
            }
            do {
                match = .clauses(try MatchClause.parse(tree))
            } catch {
                throw fail("clauses" + error.path, error.reason)
            }
        default:
            throw fail("match", "expected \"exact\", \"prefix\" or \"clauses\", found \"\(matchName)\"")
        }
        let name = try optionalString(object, "name", path: path, entry: index, model: model)
        let notes = try optionalString(object, "notes", path: path, entry: index, model: model)
        guard let input = try price(object, "input_per_mtok", path: path, entry: index, model: model) else {
            throw fail("input_per_mtok", "missing")
        }
        guard let output = try price(object, "output_per_mtok", path: path, entry: index, model: model) else {
            throw fail("output_per_mtok", "missing")
        }
        let cachedInput = try price(object, "cached_input_per_mtok", path: path, entry: index, model: model)
        let cacheWrite = try price(object, "cache_write_per_mtok", path: path, entry: index, model: model)

        var tiers: [PriceTier] = []
        if let value = object["tiers"], !value.isNull {
            guard let array = value.arrayValue else { throw fail("tiers", "expected an array, found \(value.kindDescription)") }
            var thresholds = Set<Int64>()
            for (i, item) in array.enumerated() {
                let tierPath = path + "tiers[\(i)]."
                guard let tierObject = item.objectValue else {
                    throw fail("tiers[\(i)]", "expected an object, found \(item.kindDescription)")
                }
                try checkKnownKeys(
                    tierObject,
                    allowed: tierKeys,
                    path: tierPath, entry: index, model: model
                )
                guard let thresholdValue = tierObject["above_input_tokens"] else {
                    throw fail("tiers[\(i)].above_input_tokens", "missing")
                }
                guard let threshold = integer(thresholdValue), threshold >= 0 else {
                    throw fail("tiers[\(i)].above_input_tokens", "expected a non-negative integer, found \(describe(thresholdValue))")
                }
                guard thresholds.insert(threshold).inserted else {
                    throw fail("tiers[\(i)].above_input_tokens", "duplicate threshold \(threshold)")
                }
                let tier = PriceTier(
                    aboveInputTokens: threshold,
                    input: try price(tierObject, "input_per_mtok", path: tierPath, entry: index, model: model),
                    output: try price(tierObject, "output_per_mtok", path: tierPath, entry: index, model: model),
                    cachedInput: try price(tierObject, "cached_input_per_mtok", path: tierPath, entry: index, model: model),
                    cacheWrite: try price(tierObject, "cache_write_per_mtok", path: tierPath, entry: index, model: model)
                )
                if tier.input == nil, tier.output == nil, tier.cachedInput == nil, tier.cacheWrite == nil {
                    throw fail("tiers[\(i)]", "a tier sets at least one price")
                }
                tiers.append(tier)
            }
        }
        let effectiveFrom = try instant(object, "effective_from", path: path, entry: index, model: model)
        let effectiveTo = try instant(object, "effective_to", path: path, entry: index, model: model)
        if let from = effectiveFrom, let to = effectiveTo, from >= to {
            throw fail("effective_to", "must be later than effective_from (\(from.rfc3339))")
        }
        var window: TimeOfDayWindow?
        if let value = object["time_of_day"], !value.isNull {
            guard let w = value.objectValue else { throw fail("time_of_day", "expected an object, found \(value.kindDescription)") }
            try checkKnownKeys(w, allowed: ["start", "end"], path: path + "time_of_day.", entry: index, model: model)
            guard let startText = try optionalString(w, "start", path: path + "time_of_day.", entry: index, model: model),
                  let start = TimeOfDayWindow.parseTime(startText) else {
                throw fail("time_of_day.start", "expected a UTC time HH:MM[:SS[.fff]]")
            }
            guard let endText = try optionalString(w, "end", path: path + "time_of_day.", entry: index, model: model),
                  let end = TimeOfDayWindow.parseTime(endText) else {
                throw fail("time_of_day.end", "expected a UTC time HH:MM[:SS[.fff]]")
            }
            guard let parsed = TimeOfDayWindow(start: start, end: end) else {
                throw fail("time_of_day", "start and end must differ")
            }
            window = parsed
        }
        return PriceEntry(
            provider: provider, model: model, aliases: aliases, match: match, name: name,
            input: input, output: output, cachedInput: cachedInput, cacheWrite: cacheWrite, tiers: tiers,
            effectiveFrom: effectiveFrom, effectiveTo: effectiveTo, timeOfDay: window, notes: notes
        )
    }

    // MARK: - Field helpers

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .number(let n): n.text
        case .string(let s): JSONWriter.quoted(s)
        default: value.kindDescription
        }
    }

    /// The value of a JSON number that is exactly an integer (`200000`, `2e5`, `200000.0`), as
    /// JSON Schema's `integer` means it.
    private static func integer(_ value: JSONValue) -> Int64? {
        guard let n = value.numberValue else { return nil }
        if let plain = n.int64Value { return plain }
        guard case .success(let scaled) = DecimalText.scaleRoundingHalfEven(n.text, shift: 0), scaled.isExact else { return nil }
        return scaled.value
    }

    private static func checkKnownKeys(_ object: JSONObject, allowed: Set<String>, path: String, entry: Int?, model: String?) throws(PriceBookError) {
        for member in object where !allowed.contains(member.key) {
            throw .invalidField(field: path + member.key, entry: entry, model: model, reason: "unknown field (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    private static func requiredString(_ object: JSONObject, _ key: String, path: String, entry: Int?, model: String?) throws(PriceBookError) -> String {
        guard let value = object[key] else {
            throw .invalidField(field: path + key, entry: entry, model: model, reason: "missing")
        }
        guard let string = value.stringValue else {
            throw .invalidField(field: path + key, entry: entry, model: model, reason: "expected a string, found \(value.kindDescription)")
        }
        guard !string.isEmpty else {
            throw .invalidField(field: path + key, entry: entry, model: model, reason: "must not be empty")
        }
        return string
    }

    private static func optionalString(_ object: JSONObject, _ key: String, path: String, entry: Int?, model: String?) throws(PriceBookError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let string = value.stringValue else {
            throw .invalidField(field: path + key, entry: entry, model: model, reason: "expected a string, found \(value.kindDescription)")
        }
        return string
    }

    private static func price(_ object: JSONObject, _ key: String, path: String, entry: Int?, model: String?) throws(PriceBookError) -> PerMillionPrice? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let text = value.stringValue else {
            if case .number(let n) = value {
                throw .invalidField(field: path + key, entry: entry, model: model, reason: "write prices as decimal strings, e.g. \"\(n.text)\", not JSON numbers")
            }
            throw .invalidField(field: path + key, entry: entry, model: model, reason: "expected a decimal string, found \(value.kindDescription)")
        }
        guard let price = PerMillionPrice(decimal: text) else {
            throw .invalidField(
                field: path + key, entry: entry, model: model,
                reason: "\(JSONWriter.quoted(text)) is not a non-negative decimal with at most 6 digits after the point (dollars per 1M tokens)"
            )
        }
        return price
    }

    private static func instant(_ object: JSONObject, _ key: String, path: String, entry: Int?, model: String?) throws(PriceBookError) -> Timestamp? {
        guard let text = try optionalString(object, key, path: path, entry: entry, model: model) else { return nil }
        if let ts = Timestamp(rfc3339: text) { return ts }
        if let day = PriceBook.parseDay(text) { return day }
        throw .invalidField(field: path + key, entry: entry, model: model, reason: "\(JSONWriter.quoted(text)) is not an RFC 3339 date-time or a YYYY-MM-DD date")
    }

    /// Midnight UTC of a `YYYY-MM-DD` day, or `nil`.
    public static func parseDay(_ text: String) -> Timestamp? {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func num(_ r: Range<Int>) -> Int64? {
            var v: Int64 = 0
            for k in r {
                guard b[k] >= 48, b[k] <= 57 else { return nil }
                v = v * 10 + Int64(b[k] - 48)
            }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10), (1...12).contains(m), d >= 1, d <= CivilDate.daysInMonth(y, m) else { return nil }
        return Timestamp(milliseconds: CivilDate.toEpochDay(y, m, d) * Timestamp.dayMs)
    }
}
