import ArgumentParser
import Foundation
import Tally
import TallyQuery

/// `tally query "…"`: run SQL from a script.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run SQL against the projections and the raw events table.",
        discussion: """
            Tables: conversations, users, agent_days, models, model_tasks, anomalies, best_models, events,
            and <set>.<table> for each what-if set a replay left. Several statements may be separated by ';'.
            Errors go to standard error with a caret under the offending token, and the exit status is 1.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Output format: table, csv, json, markdown or line.")
    var format: String = "table"

    @Option(help: "Scope every table with a tenant column to this tenant.")
    var tenant: String?

    @Argument(help: "The SQL (or - to read it from standard input).")
    var sql: String

    func validate() throws {
        guard OutputMode.named(format) != nil else {
            throw ValidationError("unknown format \(format): choose table, csv, json, markdown or line")
        }
    }

    func run() throws {
        let log = try store.open()
        let engine = QueryEngine(catalog: StoreCatalog(log: log))
        var text = sql
        if sql == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        if let tenant { text = ".tenant \(tenant)\n" + text }
        let repl = REPL(
            engine: engine, input: ScriptInput(text: text), output: FileStreamOutput.standardOutput(),
            errors: FileStreamOutput.standardError(), interactive: false, mode: OutputMode.named(format)
        )
        let status = repl.run()
        if status != 0 { throw ExitCode(status) }
    }
}

/// `tally repl`: the interactive shell.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Query the store interactively, like sqlite3 (.help lists the dot-commands).",
        discussion: "History is kept in $TALLY_HISTORY, else $XDG_STATE_HOME/tally/history (2,000 entries)."
    )

    @OptionGroup var store: StoreOptions

    func run() throws {
        let log = try store.open()
        let engine = QueryEngine(catalog: StoreCatalog(log: log))
        let events = (try? log.lastPosition) ?? 0
        let banner = "Tally \(TallyCommand.configuration.version) — \(store.path), \(formatCount(events)) events. Enter \".help\" for usage hints.\n"
        let repl = REPL.standard(engine: engine, whatifHook: { argument in try WhatIfCommandHook.run(argument, log: log) }, banner: banner)
        let status = repl.run()
        if status != 0 { throw ExitCode(status) }
    }
}

/// `.whatif BOOK [old=new …]`: replay under a book (or scenario file) and switch to its tables.
enum WhatIfCommandHook {
    static func run(_ argument: String, log: EventLog) throws -> WhatIfSet {
        let words = argument.split(separator: " ").map(String.init)
        guard let path = words.first else { throw ValidationError(".whatif needs a price book or scenario file") }
        var options = try ReplaySource.options(prices: path, maps: Array(words.dropFirst()))
        options.name = "whatif"
        let report = try log.replay(options)
        let summary = "replayed \(formatCount(report.eventsScanned)) interactions under \(report.bookID): baseline $\(report.total.baseline.rounded(toFractionDigits: 2).decimalString(minimumFractionDigits: 2)), what-if $\(report.total.whatIf.rounded(toFractionDigits: 2).decimalString(minimumFractionDigits: 2)); queries now read whatif.* (main.<table> for the baseline)"
        return WhatIfSet(tableSet: "whatif", summary: summary)
    }
}
