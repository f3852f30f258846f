/// What an import did: how many models it read, imported and skipped (and why), which values
/// it rounded, and which upstream prices it could not carry into a token price book.
public struct PriceImportReport: Hashable, Sendable {
    /// A model that was not imported.
    public struct Skip: Hashable, Sendable {
        /// `provider:model` (genai-prices) or the LiteLLM key.
        public var model: String
        /// Why it was left out.
        public var reason: String
    }

    /// A price whose decimal text had more digits than a micro-dollar per 1M tokens.
    public struct Rounding: Hashable, Sendable {
        /// `provider:model` (genai-prices) or the LiteLLM key.
        public var model: String
        /// The upstream field, e.g. `output_mtok` or `input_cost_per_token`.
        public var field: String
        /// The exact upstream text, e.g. `0.18000000000000002`.
        public var text: String
        /// The price kept, rounded half to even to the micro-dollar per 1M tokens.
        public var price: PerMillionPrice
    }

    /// The format read.
    public var format: PriceFileFormat
    /// Models (LiteLLM keys) in the file.
    public var modelsInFile = 0
    /// Models left out by the provider/model selection.
    public var notSelected = 0
    /// Models imported.
    public var modelsImported = 0
    /// Book entries written (a model with dated or time-of-day prices gives several).
    public var entriesWritten = 0
    /// Models not imported, with the reason.
    public var skipped: [Skip] = []
    /// Values rounded to the micro-dollar (float noise in the source).
    public var rounded: [Rounding] = []
    /// Upstream price fields that a token price book cannot express, with how many imported
    /// models carried them (e.g. `cache_write_1h_mtok`, `web_searches_kcount`).
    public var droppedPriceFields: [String: Int] = [:]

    public init(format: PriceFileFormat) {
        self.format = format
    }

    /// Skips grouped by reason, most frequent first.
    public var skipReasons: [(reason: String, count: Int)] {
        var counts: [String: Int] = [:]
        for skip in skipped { counts[skip.reason, default: 0] += 1 }
        return counts.map { (reason: $0.key, count: $0.value) }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.reason < $1.reason }
    }

    /// A few lines for people: counts, skip reasons, dropped fields, rounded values.
    public var summary: String {
        var lines = ["\(format): \(modelsInFile) models in file, \(modelsImported) imported as \(entriesWritten) entries, \(skipped.count) skipped, \(notSelected) not selected"]
        for (reason, count) in skipReasons {
            lines.append("  skipped \(count): \(reason)")
        }
        if !droppedPriceFields.isEmpty {
            let fields = droppedPriceFields.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            var text = "  not carried (not a text-token price): " + fields.prefix(12).map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
            if fields.count > 12 { text += ", and \(fields.count - 12) more fields" }
            lines.append(text)
        }
        if !rounded.isEmpty {
            lines.append("  rounded to the micro-dollar per 1M tokens: \(rounded.count) values, e.g. " +
                rounded.prefix(3).map { "\($0.model) \($0.field) \($0.text) → \($0.price)" }.joined(separator: "; "))
        }
        return lines.joined(separator: "\n")
    }
}

/// A book read from a file of any known format, with the import's report.
public struct PriceImportResult: Hashable, Sendable {
    /// The book read or imported.
    public var book: PriceBook
    /// What the import did.
    public var report: PriceImportReport

    public init(book: PriceBook, report: PriceImportReport) {
        self.book = book
        self.report = report
    }
}
