/// From its `ts` on, the tenant's baseline cost uses this price book.
///
/// The book is carried as its canonical JSON text (the format of `Schemas/price_book.schema.json`);
/// the pricing layer parses it when the event is validated and when projections apply it.
public struct PriceBookChange: Hashable, Sendable {
    /// The price book as canonical JSON.
    public var bookJSON: String

    public init(bookJSON: String) {
        self.bookJSON = bookJSON
    }
}
