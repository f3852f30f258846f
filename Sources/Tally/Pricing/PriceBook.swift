/// A price book: token prices per model, as a JSON file (schema: `Schemas/price_book.schema.json`).
///
/// ```json
/// {"id": "list-2026-11", "currency": "USD",
///  "source": {"name": "pydantic/genai-prices", "commit": "47df…", "date": "2026-08-21"},
///  "models": [ …entries, see PriceEntry… ]}
/// ```
///
/// Read one with `PriceBook.parse(json:)` (the Tally format only), `PriceBook.parse(bytes:)` or
/// `PriceBook.load(path:)` (which also import genai-prices and LiteLLM files, detected by
/// content); write it back with `canonicalJSON()`. Look prices up with a `PriceResolver`.
public struct PriceBook: Hashable, Sendable {
    /// The book's name, e.g. `list-2026-11`.
    public var id: String
    /// Always `USD`.
    public var currency: String
    /// What the book is for.
    public var description: String?
    /// Where its prices come from.
    public var source: PriceBookSource?
    /// The entries, in order (order breaks ties between equally good matches).
    public var entries: [PriceEntry]

    /// The only currency books use.
    public static let currencyUSD = "USD"

    public init(id: String, currency: String = PriceBook.currencyUSD, description: String? = nil, source: PriceBookSource? = nil, entries: [PriceEntry]) {
        self.id = id
        self.currency = currency
        self.description = description
        self.source = source
        self.entries = entries
    }
}
