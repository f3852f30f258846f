extension FuzzEntry {
    /// The price-file readers on arbitrary bytes: the JSON parser, the Tally price book, the
    /// genai-prices and LiteLLM importers (each tried on every input, whatever its shape), and
    /// what-if scenarios.
    ///
    /// Properties: nothing traps; failures are `PriceBookError`s; every book read writes
    /// canonical JSON that reads back to the same book (compact and readable, and as a
    /// `price_book` event); lookups never trap, a match applies at the instant asked, and the
    /// answer holds over the whole validity span it reports (the projections cache lookups by
    /// that span), at its first and last instant; costs of valid usages never trap.
    public static func priceFile(_ input: UnsafeRawBufferPointer) throws(FuzzInvariantViolation) -> FuzzVerdict {
        let bytes = Array(input.prefix(maximumInputBytes))
        func violation(_ reason: String) -> FuzzInvariantViolation {
            FuzzInvariantViolation(target: "price-file", reason: reason)
        }
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            _ = error.description
            return .rejected
        }
        var accepted = false
        let options = PriceImportOptions(date: "2026-11-21")
        var books: [PriceBook] = []
        if let book = try? PriceBook.parse(json: json) { books.append(book) }
        if let result = try? GenAIPricesImporter.importBook(from: json, options: options) { books.append(result.book) }
        if let result = try? LiteLLMImporter.importBook(from: json, options: options) { books.append(result.book) }
        // Accepted means: read as the format it is detected as (what `tally prices import` does);
        // the importers forced onto other shapes are exercised all the same.
        if let result = try? PriceBook.read(bytes: bytes, options: options) {
            guard books.contains(result.book) else {
                throw violation("reading by detected format gave a book no importer gave")
            }
            accepted = true
        }
        if let scenario = try? WhatIfScenario.parse(json: json) {
            accepted = true
            for remap in scenario.remaps.prefix(8) { _ = scenario.remap(model: remap.from, agent: "agent") }
        }
        for book in books {
            try check(book, violation)
        }
        return accepted ? .accepted : .rejected
    }

    private static func check(_ book: PriceBook, _ violation: (String) -> FuzzInvariantViolation) throws(FuzzInvariantViolation) {
        // Canonical JSON reads back to the same book, in both styles and through an event.
        for style in [PriceBook.JSONStyle.compact, .readable] {
            let text = book.canonicalJSON(style: style)
            let again: PriceBook
            do {
                again = try PriceBook.parse(json: JSONParser.parse(text))
            } catch {
                throw violation("book \(book.id): its canonical JSON does not read back: \(error)\n\(text.prefix(2000))")
            }
            guard again == book else { throw violation("book \(book.id): canonical JSON changed the book:\n\(text.prefix(2000))") }
            guard again.canonicalJSON(style: style) == text else { throw violation("book \(book.id): canonical JSON is not stable") }
        }
        do {
            guard try PriceBookChange(book: book).book() == book else {
                throw violation("book \(book.id): a price_book event changed the book")
            }
        } catch let error as FuzzInvariantViolation {
            throw error
        } catch {
            throw violation("book \(book.id): a price_book event does not read back: \(error)")
        }

        // Lookups: a match applies at the instant asked, and the answer holds over its validity.
        let resolver = PriceResolver(book: book)
        var names = ["gpt-4o", "gpt-4o-mini-2024-07-18", "deepseek-chat", "", "É"]
        var instants: [Int64] = [0, 1_795_000_000_000, .min, .max - 1]
        for entry in book.entries.prefix(16) {
            names.append(entry.model)
            names.append(entry.model + "-2026")
            names.append(contentsOf: entry.aliases.prefix(2))
            for t in [entry.effectiveFrom, entry.effectiveTo].compactMap(\.self) {
                instants.append(t.milliseconds)
                if t.milliseconds > .min { instants.append(t.milliseconds - 1) }
            }
        }
        let providers: [String?] = [nil, book.entries.first?.provider, "nobody"]
        let usages = [
            TokenUsage(input: 0, output: 0),
            TokenUsage(input: 300_000, output: 20_000, cachedInput: 100_000, cacheWrite: 50_000),
            TokenUsage(input: EventLimits.maxCount, output: EventLimits.maxCount, cachedInput: EventLimits.maxCount / 2, cacheWrite: EventLimits.maxCount / 2),
        ]
        for name in names.prefix(40) {
            for provider in providers {
                for t in instants.prefix(24) {
                    let at = Timestamp(milliseconds: t)
                    let answer = resolver.lookup(model: name, provider: provider, at: at)
                    guard answer.validity.contains(at) else {
                        throw violation("book \(book.id): lookup of \(name) at \(t) reports validity \(answer.validity) that excludes it")
                    }
                    if let match = answer.match {
                        let entry = match.entry
                        let from = entry.effectiveFrom?.milliseconds ?? .min
                        let to = entry.effectiveTo?.milliseconds ?? .max
                        guard from <= t, t < to, entry.timeOfDay?.contains(at) ?? true else {
                            throw violation("book \(book.id): entry \(match.entryIndex) matched \(name) at \(t) outside its time")
                        }
                        for usage in usages { _ = match.cost(usage) }
                        _ = match.explanation(model: name, provider: provider)
                    }
                    // The answer must hold at both ends of the span it claims.
                    let lower = answer.validity.lowerBound.milliseconds
                    let upper = answer.validity.upperBound.milliseconds
                    for edge in [lower, upper - 1] where edge != t {
                        let other = resolver.lookup(model: name, provider: provider, at: Timestamp(milliseconds: edge))
                        guard other.match?.entryIndex == answer.match?.entryIndex else {
                            throw violation(
                                "book \(book.id): lookup of \(name) at \(t) gives entry \(answer.match?.entryIndex.description ?? "none") "
                                + "valid over \(lower)..<\(upper), but at \(edge) it gives \(other.match?.entryIndex.description ?? "none")")
                        }
                    }
                }
            }
        }
        // Scaling every price by a few factors either works or is refused with its typed error.
        for (numerator, denominator) in [(Int64(1), Int64(2)), (3, 1), (Int64.max, 1)] {
            _ = try? book.scaled([PriceScaling(numerator: numerator, denominator: denominator)], id: book.id + "-scaled", description: nil)
        }
    }
}
