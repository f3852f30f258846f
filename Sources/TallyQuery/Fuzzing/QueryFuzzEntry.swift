import Tally

/// The SQL fuzz target's entry point (`Fuzz/`, built with `-sanitize=fuzzer`), kept in the library
/// so that the ordinary test suite replays the committed corpus through the same code.
///
/// The input is SQL text (invalid UTF-8 replaced, as the REPL reads it). It runs through the
/// lexer, parser, binder and planner, the executor against a small real store
/// (`makeEngine(storePath:)`), every output renderer, and the REPL as a script (dot-commands that
/// touch files are dropped).
///
/// Properties: nothing traps or hangs; failures are `QueryError`s with a message and a span inside
/// the statement; a result's rows are as wide as its columns; the same statement gives the same
/// rows twice; a script's exit status is 0 or 1.
public enum QueryFuzzEntry {
    /// The largest statement looked at (longer input is cut).
    public static let maximumInputBytes = 1 << 14

    /// Opens (building it on first use) a small store for the target: 1,000 demo events over 3
    /// days and a what-if set named `whatif`, so every table, view and set can be queried.
    public static func makeEngine(storePath: String) throws -> QueryEngine {
        var options = LogOptions()
        options.environment.initialMapSize = 64 << 20
        let log = try EventLog(path: storePath, options: options)
        if try log.lastPosition == 0 {
            let generator = try DemoGenerator(seed: 8, eventCount: 1_000, days: 3)
            try log.append(Array(generator), durability: .bulk)
            try log.sync()
            var replay = ReplayOptions(book: try PriceBook.parse(bytes: Array(generator.scenario.revisedPriceBook.utf8)))
            replay.name = "whatif"
            _ = try log.replay(replay)
        }
        return QueryEngine(catalog: StoreCatalog(log: log))
    }

    /// Runs `input` as SQL against `engine`; see the type's documentation for what is checked.
    public static func sql(_ input: UnsafeRawBufferPointer, engine: QueryEngine) throws(FuzzInvariantViolation) -> FuzzVerdict {
        let text = String(decoding: input.prefix(maximumInputBytes), as: UTF8.self)
        func violation(_ reason: String) -> FuzzInvariantViolation {
            FuzzInvariantViolation(target: "sql", reason: reason + "\n  statement: \(text.prefix(300))")
        }
        func checkError(_ error: QueryError, in statement: String) throws(FuzzInvariantViolation) {
            guard !error.message.isEmpty else { throw violation("a \(error.code) error without a message") }
            if let span = error.span {
                guard span.offset >= 0, span.length >= 0, span.end <= statement.utf8.count else {
                    throw violation("error span \(span) lies outside the \(statement.utf8.count)-byte statement: \(error.message)")
                }
            }
            _ = ErrorReport.format(error, statement: statement)
        }

        // The lexer alone, then the whole statement.
        do {
            _ = try Lexer.tokenize(text)
        } catch {
            try checkError(error, in: text)
        }
        var verdict = FuzzVerdict.rejected
        let options = QueryOptions()
        do {
            let result = try engine.run(sql: text, options: options)
            verdict = .accepted
            for row in result.rows where row.count != result.columns.count {
                throw violation("a row of \(row.count) values under \(result.columns.count) columns")
            }
            for mode in OutputMode.all {
                _ = mode.render(result, options: RenderOptions(headers: true))
            }
            let again = try engine.run(sql: text, options: options)
            guard OutputMode.all[0].render(again) == OutputMode.all[0].render(result) else {
                throw violation("the same statement gave different rows on a second run")
            }
            let tenant = QueryOptions(tenant: "acme")
            _ = try? engine.run(sql: text, options: tenant)
        } catch let error as QueryError {
            try checkError(error, in: text)
        } catch let error as FuzzInvariantViolation {
            throw error
        } catch {
            throw violation("the engine threw \(type(of: error)), not a QueryError")
        }

        // The same text as a REPL script (file-touching commands dropped).
        let script = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            let word = line.drop { $0 == " " || $0 == "\t" }.prefix { $0 != " " && $0 != "\t" }.lowercased()
            return word == ".output" || word == ".read" ? "" : line
        }.joined(separator: "\n")
        let output = StringOutput()
        let repl = REPL(engine: engine, input: ScriptInput(text: script), output: output, interactive: false)
        let status = repl.run()
        guard status == 0 || status == 1 || script.contains(".exit") else {
            throw violation("the REPL exited with status \(status)")
        }
        return verdict
    }
}
