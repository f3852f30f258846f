extension PriceBook {
    /// Layout of `canonicalJSON(style:)`.
    public enum JSONStyle: Hashable, Sendable {
        /// One field per line, each entry's small values (aliases, tiers, clauses) on one line:
        /// the form of the books in `Replay/`.
        case readable
        /// One line, no spaces: the form carried in `price_book` events.
        case compact
    }

    /// The book as JSON with a fixed field order and canonical values, so the same book always
    /// gives the same text and the text parses back to an equal book.
    ///
    /// Canonical values: prices with at least two decimals and no other trailing zeros
    /// (`"2.50"`, `"0.075"`), instants as RFC 3339 UTC without `.000`, times of day as `HH:MM`
    /// (seconds only when needed), absent optional fields omitted, `match` always written.
    public func canonicalJSON(style: JSONStyle = .readable) -> String {
        switch style {
        case .compact:
            return JSONWriter.string(jsonValue)
        case .readable:
            var out = "{\n"
            var top: [(String, JSONValue)] = [("id", .string(id)), ("currency", .string(currency))]
            if let description { top.append(("description", .string(description))) }
            if let source, let value = PriceBook.sourceJSON(source) { top.append(("source", value)) }
            for (key, value) in top {
                out += "  " + JSONWriter.quoted(key) + ": " + PriceBook.singleLine(value) + ",\n"
            }
            if entries.isEmpty {
                out += "  \"models\": []\n}\n"
                return out
            }
            out += "  \"models\": [\n"
            for (i, entry) in entries.enumerated() {
                out += "    {\n"
                let members = PriceBook.entryMembers(entry)
                for (k, member) in members.enumerated() {
                    out += "      " + JSONWriter.quoted(member.key) + ": "
                    if member.key == "tiers", let tiers = member.value.arrayValue {
                        out += "[\n"
                        for (t, tier) in tiers.enumerated() {
                            out += "        " + PriceBook.singleLine(tier) + (t + 1 < tiers.count ? ",\n" : "\n")
                        }
                        out += "      ]"
                    } else {
                        out += PriceBook.singleLine(member.value)
                    }
                    out += k + 1 < members.count ? ",\n" : "\n"
                }
                out += i + 1 < entries.count ? "    },\n" : "    }\n"
            }
            out += "  ]\n}\n"
            return out
        }
    }

    /// The book as a JSON value, fields in canonical order.
    public var jsonValue: JSONValue {
        var root = JSONObject()
        root.set("id", .string(id))
        root.set("currency", .string(currency))
        if let description { root.set("description", .string(description)) }
        if let source, let value = PriceBook.sourceJSON(source) { root.set("source", value) }
        root.set("models", .array(entries.map { .object(JSONObject(PriceBook.entryMembers($0))) }))
        return .object(root)
    }

    /// An instant as canonical text: RFC 3339 UTC, milliseconds only when non-zero.
    static func canonicalInstant(_ ts: Timestamp) -> String {
        let text = ts.rfc3339
        return ts.milliseconds % 1000 == 0 && text.hasSuffix(".000Z") ? String(text.dropLast(5)) + "Z" : text
    }

    private static func sourceJSON(_ source: PriceBookSource) -> JSONValue? {
        guard !source.isEmpty else { return nil }
        var object = JSONObject()
        if let v = source.name { object.set("name", .string(v)) }
        if let v = source.url { object.set("url", .string(v)) }
        if let v = source.file { object.set("file", .string(v)) }
        if let v = source.commit { object.set("commit", .string(v)) }
        if let v = source.date { object.set("date", .string(v)) }
        return .object(object)
    }

    private static func entryMembers(_ entry: PriceEntry) -> [JSONObject.Member] {
        var members: [JSONObject.Member] = []
        func add(_ key: String, _ value: JSONValue) { members.append(JSONObject.Member(key: key, value: value)) }
        if let provider = entry.provider { add("provider", .string(provider)) }
        add("model", .string(entry.model))
        if let name = entry.name { add("name", .string(name)) }
        if !entry.aliases.isEmpty { add("aliases", .array(entry.aliases.map { .string($0) })) }
        add("match", .string(entry.match.name))
        if case .clauses(let clause) = entry.match { add("clauses", clause.jsonValue) }
        add("input_per_mtok", .string(entry.input.decimalString))
        add("output_per_mtok", .string(entry.output.decimalString))
        if let p = entry.cachedInput { add("cached_input_per_mtok", .string(p.decimalString)) }
        if let p = entry.cacheWrite { add("cache_write_per_mtok", .string(p.decimalString)) }
        if !entry.tiers.isEmpty {
            let sorted = entry.tiers.sorted { $0.aboveInputTokens < $1.aboveInputTokens }
            add("tiers", .array(sorted.map { tier in
                var object = JSONObject()
                object.set("above_input_tokens", .number(JSONNumber(tier.aboveInputTokens)))
                if let p = tier.input { object.set("input_per_mtok", .string(p.decimalString)) }
                if let p = tier.output { object.set("output_per_mtok", .string(p.decimalString)) }
                if let p = tier.cachedInput { object.set("cached_input_per_mtok", .string(p.decimalString)) }
                if let p = tier.cacheWrite { object.set("cache_write_per_mtok", .string(p.decimalString)) }
                return .object(object)
            }))
        }
        if let from = entry.effectiveFrom { add("effective_from", .string(canonicalInstant(from))) }
        if let to = entry.effectiveTo { add("effective_to", .string(canonicalInstant(to))) }
        if let window = entry.timeOfDay {
            add("time_of_day", .object(JSONObject([
                "start": .string(TimeOfDayWindow.formatTime(window.start)),
                "end": .string(TimeOfDayWindow.formatTime(window.end)),
            ])))
        }
        if let notes = entry.notes { add("notes", .string(notes)) }
        return members
    }

    /// A value on one line with a space after `,` and `:` (readable, still valid JSON).
    private static func singleLine(_ value: JSONValue) -> String {
        switch value {
        case .array(let items):
            return "[" + items.map(singleLine).joined(separator: ", ") + "]"
        case .object(let object):
            return "{" + object.map { JSONWriter.quoted($0.key) + ": " + singleLine($0.value) }.joined(separator: ", ") + "}"
        default:
            return JSONWriter.string(value)
        }
    }
}
