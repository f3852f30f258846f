import ArgumentParser

/// `tally prices …`: import price files and look prices up.
///
/// `prices activate` appends a `price_book` event: from its time on, the tenant's baseline uses the book.
struct PricesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prices",
        abstract: "Import price files as Tally price books and look prices up.",
        discussion: """
        Price books are JSON files with prices in USD per 1M tokens (Schemas/price_book.schema.json).
        `import` converts pydantic's genai-prices data or LiteLLM's model_prices_and_context_window.json;
        `lookup` shows which entry of a book prices a model, and what it costs.
        """,
        subcommands: [PricesImportCommand.self, PricesLookupCommand.self, PricesScaleCommand.self, PricesActivateCommand.self]
    )
}
