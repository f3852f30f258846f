/// What to import from a genai-prices or LiteLLM file, and how to label the book.
public struct PriceImportOptions: Hashable, Sendable {
    /// The book's id; default `genai-prices` or `litellm`, with `-DATE` when a date is given.
    public var bookID: String?
    /// The book's description.
    public var description: String?
    /// The day the prices are stamped with (`YYYY-MM-DD`), stored as the book's `source.date`.
    /// Importers never read the clock: without a date the book carries none.
    public var date: String?
    /// Source fields that override the importer's defaults (e.g. the upstream `commit`).
    public var source: PriceBookSource?
    /// Keep only models of these providers (genai-prices provider ids, LiteLLM
    /// `litellm_provider` values), compared case-insensitively. `nil` keeps all.
    public var providers: Set<String>?
    /// Keep only these models: genai-prices `provider:model-id` or a bare model id; LiteLLM keys.
    /// `nil` keeps all. The book lists the kept models in the source file's order.
    public var models: Set<String>?

    public init(
        bookID: String? = nil, description: String? = nil, date: String? = nil, source: PriceBookSource? = nil,
        providers: Set<String>? = nil, models: Set<String>? = nil
    ) {
        self.bookID = bookID
        self.description = description
        self.date = date
        self.source = source
        self.providers = providers
        self.models = models
    }

    /// Checks the date and returns it as an instant (midnight UTC).
    func validatedDate() throws(PriceBookError) -> Timestamp? {
        guard let date else { return nil }
        guard let day = PriceBook.parseDay(date) else {
            throw .invalidField(field: "date", entry: nil, model: nil, reason: "\(JSONWriter.quoted(date)) is not a YYYY-MM-DD date")
        }
        return day
    }

    /// Default source fields overlaid with `source` and `date`.
    func source(defaults: PriceBookSource) -> PriceBookSource {
        var result = defaults
        if let s = source {
            if let v = s.name { result.name = v }
            if let v = s.url { result.url = v }
            if let v = s.file { result.file = v }
            if let v = s.commit { result.commit = v }
            if let v = s.date { result.date = v }
        }
        if let date { result.date = date }
        return result
    }

    /// The book id to use for a format.
    func bookID(defaultName: String) -> String {
        bookID ?? (date.map { "\(defaultName)-\($0)" } ?? defaultName)
    }

    func keepsProvider(_ provider: String?) -> Bool {
        guard let providers else { return true }
        guard let provider else { return false }
        return providers.contains { $0.lowercased() == provider.lowercased() }
    }
}
