/// The demo's price books as JSON text, in the SPEC's price-book format.
///
/// Built once per generator (not on the hot path), with keys in a fixed order so the text is
/// byte-for-byte reproducible.
enum DemoPriceBook {
    /// The JSON of a book listing every catalog model; `revised` applies the `o3` price cut.
    static func json(id: String, effectiveFrom: Timestamp, revised: Bool) -> String {
        var out = "{\"id\":\(quoted(id)),\"currency\":\"USD\",\"models\":["
        for (index, model) in DemoCatalog.models.enumerated() {
            if index > 0 { out += "," }
            let prices = DemoCatalog.prices(of: index, revised: revised)
            out += "{\"provider\":\(quoted(model.provider)),\"model\":\(quoted(model.name))"
            out += ",\"aliases\":[" + model.aliases.map(quoted).joined(separator: ",") + "]"
            out += ",\"match\":\"" + (model.matchesByPrefix ? "prefix" : "exact") + "\""
            out += priceFields(prices)
            if let tier = model.tier {
                out += ",\"tiers\":[{\"above_input_tokens\":\(tier.aboveInputTokens)" + priceFields(tier.prices) + "}]"
            }
            out += ",\"effective_from\":\(quoted(effectiveFrom.rfc3339)),\"effective_to\":null}"
        }
        out += "]}"
        return out
    }

    private static func priceFields(_ prices: DemoPrices) -> String {
        var out = ",\"input_per_mtok\":\(quoted(decimal(micros: prices.input)))"
        out += ",\"output_per_mtok\":\(quoted(decimal(micros: prices.output)))"
        if let cached = prices.cachedInput { out += ",\"cached_input_per_mtok\":\(quoted(decimal(micros: cached)))" }
        if let write = prices.cacheWrite { out += ",\"cache_write_per_mtok\":\(quoted(decimal(micros: write)))" }
        return out
    }

    /// Micro-dollars as a decimal string with at least two fraction digits: 2_500_000 → `2.50`,
    /// 75_000 → `0.075`, 3_125_000 → `3.125`.
    static func decimal(micros: Int64) -> String {
        let whole = micros / 1_000_000
        var fraction = micros % 1_000_000
        var digits = 6
        while digits > 2, fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        var fractionText = String(fraction)
        while fractionText.utf8.count < digits { fractionText = "0" + fractionText }
        return String(whole) + "." + fractionText
    }

    /// A JSON string literal (quotes, backslashes and control characters escaped).
    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{00}"..."\u{1F}":
                let hex = Array("0123456789abcdef".unicodeScalars)
                out += "\\u00"
                out.unicodeScalars.append(hex[Int(scalar.value >> 4)])
                out.unicodeScalars.append(hex[Int(scalar.value & 15)])
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
