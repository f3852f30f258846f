import ArgumentParser
import Foundation
import Tally

/// `tally prices import [--format genai-prices|litellm|tally] FILE [--output BOOK] [--date YYYY-MM-DD] …`
struct PricesImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Convert a genai-prices or LiteLLM price file into a Tally price book.",
        discussion: """
        Writes the book to --output (or to standard output) and prints what was imported, skipped
        and rounded to standard error. Prices are read from their exact decimal text; values with
        float noise are rounded half to even to 0.000001 USD per 1M tokens.
        """
    )

    @Option(help: "Format of FILE: \(PriceFileFormat.allCases.map(\.rawValue).joined(separator: ", ")) (default: detected).")
    var format: PriceFileFormat?

    @Argument(help: "The price file to import.")
    var file: String

    @Option(name: .shortAndLong, help: "Where to write the book (default: standard output).")
    var output: String?

    @Option(help: "Day the prices are stamped with, YYYY-MM-DD (the book's source.date).")
    var date: String?

    @Option(help: "The book's id (default: the format's name, with -DATE when --date is given).")
    var id: String?

    @Option(help: "The book's description.")
    var description: String?

    @Option(help: "Upstream revision of FILE, recorded as source.commit.")
    var commit: String?

    @Option(name: .customLong("provider"), help: "Keep only this provider (repeatable).")
    var providers: [String] = []

    @Option(name: .customLong("model"), help: "Keep only this model: genai-prices PROVIDER:ID or ID, LiteLLM key (repeatable).")
    var models: [String] = []

    @Flag(help: "Write the book on one line (as price_book events carry it).")
    var compact = false

    func validate() throws {
        if let date, PriceBook.parseDay(date) == nil {
            throw ValidationError("--date must be a day as YYYY-MM-DD, not '\(date)'")
        }
    }

    func run() throws {
        let options = PriceImportOptions(
            bookID: id, description: description, date: date,
            source: commit.map { PriceBookSource(commit: $0) },
            providers: providers.isEmpty ? nil : Set(providers),
            models: models.isEmpty ? nil : Set(models)
        )
        let result: PriceImportResult
        do {
            result = try PriceBook.read(path: file, format: format, options: options)
        } catch {
            throw ValidationError(error.description)
        }
        for overlap in result.book.overlaps {
            FileHandle.standardError.write(Data("warning: \(overlap)\n".utf8))
        }
        let style: PriceBook.JSONStyle = compact ? .compact : .readable
        if let output {
            do {
                try result.book.save(path: output, style: style)
            } catch {
                throw ValidationError(error.description)
            }
            print(result.report.summary)
            print("wrote \(result.book.entries.count) entries to \(output)")
        } else {
            FileHandle.standardOutput.write(Data(result.book.canonicalJSON(style: style).utf8))
            FileHandle.standardError.write(Data((result.report.summary + "\n").utf8))
        }
    }
}
