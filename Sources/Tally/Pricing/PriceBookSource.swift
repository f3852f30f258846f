/// Where a price book's prices come from: `"source": {"name", "url", "file", "commit", "date"}`.
/// Every field is optional text; `date` is the day the prices were published or imported
/// (`YYYY-MM-DD`).
public struct PriceBookSource: Hashable, Sendable {
    /// E.g. `pydantic/genai-prices` or `litellm`.
    public var name: String?
    /// Where the source lives.
    public var url: String?
    /// The file within the source.
    public var file: String?
    /// The upstream revision.
    public var commit: String?
    /// Publication or import day, `YYYY-MM-DD`.
    public var date: String?

    public init(name: String? = nil, url: String? = nil, file: String? = nil, commit: String? = nil, date: String? = nil) {
        self.name = name
        self.url = url
        self.file = file
        self.commit = commit
        self.date = date
    }

    /// Whether no field is set.
    public var isEmpty: Bool { name == nil && url == nil && file == nil && commit == nil && date == nil }
}
