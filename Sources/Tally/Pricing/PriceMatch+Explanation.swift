extension PriceMatch {
    /// A few lines for people: which entry matched and how, when the answer holds, the prices
    /// with their fallbacks spelled out, the tiers, and the cost of one million input and one
    /// million output tokens. (`tally prices lookup` prints this.)
    public func explanation(model: String, provider: String?) -> String {
        func instant(_ ts: Timestamp, open: String) -> String {
            ts.milliseconds == .min || ts.milliseconds == .max ? open : PriceBook.canonicalInstant(ts)
        }
        var lines: [String] = []
        lines.append("model       \(model)" + (provider.map { " (provider \($0))" } ?? ""))
        var entryLine = "entry       #\(entryIndex): "
        entryLine += (entry.provider.map { "\($0) " } ?? "(any provider) ") + entry.model
        if let name = entry.name { entryLine += " — \(name)" }
        lines.append(entryLine)
        lines.append("matched     \(kind.rawValue), \(matchLength) characters, by \"match\": \"\(entry.match.name)\"")
        if entry.effectiveFrom != nil || entry.effectiveTo != nil {
            let from = entry.effectiveFrom.map { PriceBook.canonicalInstant($0) } ?? "always"
            let to = entry.effectiveTo.map { PriceBook.canonicalInstant($0) } ?? "open-ended"
            lines.append("effective   \(from) … \(to)")
        }
        if let window = entry.timeOfDay {
            lines.append("daily       \(TimeOfDayWindow.formatTime(window.start))–\(TimeOfDayWindow.formatTime(window.end)) UTC")
        }
        lines.append("same answer \(instant(validFrom, open: "always")) … \(instant(validUntil, open: "open-ended"))")
        lines.append("prices per 1M tokens (USD)")
        let base = prices.base
        lines.append("  input         \(base.input)")
        lines.append("  cached input  \(base.cachedInput)" + (entry.cachedInput == nil ? " (input price)" : ""))
        lines.append("  cache write   \(base.cacheWrite)" + (entry.cacheWrite == nil ? " (input price)" : ""))
        lines.append("  output        \(base.output)")
        for tier in prices.tiers {
            let r = tier.rates
            lines.append("  above \(tier.aboveInputTokens) input tokens: input \(r.input), cached \(r.cachedInput), cache write \(r.cacheWrite), output \(r.output)")
        }
        let input = cost(TokenUsage(input: 1_000_000, output: 0))
        let output = cost(TokenUsage(input: 0, output: 1_000_000))
        var inputLine = "1M input tokens   $\(input.decimalString(minimumFractionDigits: 2))"
        if let tier = prices.tiers.last(where: { 1_000_000 > $0.aboveInputTokens }) {
            inputLine += " (in one request: the tier above \(tier.aboveInputTokens) applies)"
        }
        lines.append(inputLine)
        lines.append("1M output tokens  $\(output.decimalString(minimumFractionDigits: 2))")
        if let notes = entry.notes { lines.append("notes       \(notes)") }
        return lines.joined(separator: "\n")
    }
}
