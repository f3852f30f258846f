import ArgumentParser
import Foundation
import Tally

/// `tally prices activate BOOK --tenant T [--at TS]`: make a book a tenant's baseline.
struct PricesActivateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activate",
        abstract: "Append a price_book event: from --at on (default now), the tenant's baseline cost uses BOOK.",
        discussion: "BOOK may be a Tally book, a genai-prices file or a LiteLLM file (detected by content)."
    )

    @OptionGroup var store: StoreOptions

    @Argument(help: "The price book (or a genai-prices / LiteLLM file).")
    var book: String

    @Option(help: "The tenant whose baseline changes.")
    var tenant: String = Event.defaultTenant

    @Option(help: "When the book takes effect (RFC 3339; default: now).")
    var at: String?

    @Option(help: "The event id (default: price-book-<book id>-<tenant>-<time>, so a re-run appends nothing twice).")
    var id: String?

    func run() throws {
        let loaded = try PriceBook.load(path: book)
        for overlap in loaded.overlaps {
            FileHandle.standardError.write(Data("warning: \(overlap)\n".utf8))
        }
        let ts: Timestamp
        if let at {
            guard let parsed = Timestamp(rfc3339: at) else { throw ValidationError("--at: not an RFC 3339 time: \(at)") }
            ts = parsed
        } else {
            ts = Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
        }
        let eventID = id ?? String("pb-\(loaded.id)-\(tenant)-\(ts.milliseconds)".prefix(64))
        let log = try store.open(create: true)
        let result = try log.append([Event(id: eventID, ts: ts, tenant: tenant, payload: .priceBook(PriceBookChange(book: loaded)))])
        if result.duplicates > 0 {
            print("already active: event \(eventID) is stored at position \(result.positions.first ?? 0)")
        } else {
            print("activated \(loaded.id) (\(loaded.entries.count) entries) for tenant \(tenant) from \(ts.rfc3339), position \(result.positions.first ?? 0)")
        }
    }
}
