extension PriceBookChange {
    /// The event payload for `book`: its canonical compact JSON.
    public init(book: PriceBook) {
        self.init(bookJSON: book.canonicalJSON(style: .compact))
    }

    /// The book the event carries. Only the Tally format is accepted here (no importing): an
    /// event's book is always a Tally book.
    public func book() throws(PriceBookError) -> PriceBook {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bookJSON)
        } catch {
            throw .syntax(error)
        }
        return try PriceBook.parse(json: json)
    }
}

extension TokenUsage {
    /// The token counts of an interaction, as the cost function reads them.
    @inlinable
    public init(_ interaction: Interaction) {
        self.init(
            input: interaction.inputTokens, output: interaction.outputTokens,
            cachedInput: interaction.cachedInputTokens, cacheWrite: interaction.cacheWriteTokens
        )
    }
}
