import ArgumentParser
import Foundation
import Tally

extension PriceField: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(rawValue: argument)
    }
}

/// `tally prices scale BOOK --percent -50 [--provider P] [--model M …] [--field F …] --id ID [-o OUT]`
struct PricesScaleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "Write a what-if copy of a price book with some prices changed by a percentage.",
        discussion: """
        Example: tally prices scale Replay/books/list-2026-11.json --percent -50 --provider openai \\
                   --id openai-price-cut-50 -o openai-price-cut-50.json
        Prices are multiplied exactly and rounded half to even to 0.000001 USD per 1M tokens;
        cache prices that fall back to a changed input price keep their old value unless listed.
        """
    )

    @Argument(help: "The price book to start from.")
    var book: String

    @Option(parsing: .unconditional, help: "The change in percent, exact decimal: -50 halves prices, 12.5 adds an eighth.")
    var percent: String

    @Option(help: "Only entries of this provider.")
    var provider: String?

    @Option(name: .customLong("model"), help: "Only entries with this model name or alias (repeatable).")
    var models: [String] = []

    @Option(name: .customLong("field"), help: "Only these prices: \(PriceField.allCases.map(\.rawValue).joined(separator: ", ")) (repeatable; default all).")
    var fields: [PriceField] = []

    @Option(help: "The new book's id.")
    var id: String

    @Option(help: "The new book's description.")
    var description: String?

    @Option(name: .shortAndLong, help: "Where to write the book (default: standard output).")
    var output: String?

    func validate() throws {
        if PriceScaling(percentChange: percent) == nil {
            throw ValidationError("--percent must be a decimal of at least -100 with at most 6 digits after the point, not '\(percent)'")
        }
    }

    func run() throws {
        guard let scaling = PriceScaling(
            percentChange: percent, provider: provider, models: models.isEmpty ? nil : Set(models),
            fields: fields.isEmpty ? Set(PriceField.allCases) : Set(fields)
        ) else { throw ValidationError("bad --percent") }
        do {
            let base = try PriceBook.load(path: book)
            let scaled = try base.scaled([scaling], id: id, description: description)
            let changed = zip(base.entries, scaled.entries).filter { $0 != $1 }.count
            if let output {
                try scaled.save(path: output)
                print("wrote \(scaled.entries.count) entries (\(changed) changed) to \(output)")
            } else {
                FileHandle.standardOutput.write(Data(scaled.canonicalJSON().utf8))
                FileHandle.standardError.write(Data("\(changed) of \(scaled.entries.count) entries changed\n".utf8))
            }
        } catch let error as PriceBookError {
            throw ValidationError(error.description)
        } catch let error as PriceBook.ScalingError {
            throw ValidationError(error.description)
        }
    }
}
