import ArgumentParser
import Foundation
import Tally

/// `tally prices lookup MODEL [--provider P] [--at TS] --prices BOOK`
struct PricesLookupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
        abstract: "Show which entry of a price book prices a model, its prices, and what 1M tokens cost.",
        discussion: "BOOK may also be a genai-prices or LiteLLM file; it is imported on the fly."
    )

    @Argument(help: "The model name, as interactions carry it.")
    var model: String

    @Option(help: "The provider, as interactions carry it (default: any).")
    var provider: String?

    @Option(help: "The instant to price at: RFC 3339 or YYYY-MM-DD (default: now).")
    var at: String?

    @Option(help: "The price book.")
    var prices: String

    @Option(help: "Also price one request with this many input tokens (with --output-tokens etc.).")
    var inputTokens: Int64?

    @Option(help: "Output tokens of that request.")
    var outputTokens: Int64 = 0

    @Option(help: "Cached input tokens of that request.")
    var cachedInputTokens: Int64 = 0

    @Option(help: "Cache-write tokens of that request.")
    var cacheWriteTokens: Int64 = 0

    func validate() throws {
        if let at, Timestamp(rfc3339: at) == nil, PriceBook.parseDay(at) == nil {
            throw ValidationError("--at must be an RFC 3339 date-time or YYYY-MM-DD, not '\(at)'")
        }
        if let inputTokens {
            let usage = TokenUsage(input: inputTokens, output: outputTokens, cachedInput: cachedInputTokens, cacheWrite: cacheWriteTokens)
            guard usage.isValid else {
                throw ValidationError("token counts must be non-negative, with cached + cache-write tokens at most the input tokens")
            }
        }
    }

    func run() throws {
        let instant: Timestamp
        if let at {
            guard let parsed = Timestamp(rfc3339: at) ?? PriceBook.parseDay(at) else { throw ValidationError("bad --at") }
            instant = parsed
        } else {
            instant = Timestamp(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
        }
        let book: PriceBook
        do {
            book = try PriceBook.load(path: prices)
        } catch {
            throw ValidationError(error.description)
        }
        let resolver = PriceResolver(book: book)
        guard let match = resolver.match(model: model, provider: provider, at: instant) else {
            var message = "no price for model '\(model)'"
            if let provider { message += " of provider '\(provider)'" }
            message += " in book '\(book.id)' at \(instant.rfc3339)"
            FileHandle.standardError.write(Data((message + "\n").utf8))
            throw ExitCode(1)
        }
        print("book        \(book.id)" + (book.source?.date.map { " (\($0))" } ?? ""))
        print("at          \(instant.rfc3339)")
        print(match.explanation(model: model, provider: provider))
        if let inputTokens {
            let usage = TokenUsage(input: inputTokens, output: outputTokens, cachedInput: cachedInputTokens, cacheWrite: cacheWriteTokens)
            print("this request  $\(match.cost(usage).decimalString(minimumFractionDigits: 2))")
        }
    }
}
