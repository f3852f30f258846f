import ArgumentParser
import Foundation
import Tally

/// Turns `--prices FILE` (a Tally book, a genai-prices or LiteLLM file, or a scenario file) and
/// `--map old=new` into replay options.
enum ReplaySource {
    static func options(prices path: String, maps: [String]) throws -> ReplayOptions {
        guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("no such file: \(path)") }
        var scenario = WhatIfScenario()
        let book: PriceBook
        if let loaded = try? WhatIfScenario.load(path: path), loaded.bookPath != nil || !loaded.remaps.isEmpty {
            scenario = loaded
            guard let bookPath = loaded.bookPath else {
                throw ValidationError("\(path): a scenario without a book needs --prices with a book as well")
            }
            book = try PriceBook.load(path: bookPath)
        } else {
            book = try PriceBook.load(path: path)
        }
        for map in maps {
            guard let remap = WhatIfScenario.Remap(argument: map) else {
                throw ValidationError("--map \(map): expected old=new")
            }
            scenario.remaps.append(remap)
        }
        var options = ReplayOptions(book: book)
        options.scenario = scenario
        return options
    }
}
