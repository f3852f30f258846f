import ArgumentParser
import Foundation
import Tally
import TallyQuery

/// `tally replay`: reprice history under another book (and model remap) and compare.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay the log under another price book and compare baseline with what-if cost.",
        discussion: """
            --prices takes a Tally price book, a genai-prices or LiteLLM price file (detected by content),
            or a what-if scenario from Replay/scenarios/ (a book plus model remaps). --map old=new prices
            one model's calls as another's. The full what-if projections (anomalies and budget alerts
            included) are left queryable as <name>.<table> (default whatif.agent_days); the main
            projections are never touched.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("The what-if price book or scenario file.", valueName: "BOOK"))
    var prices: String

    @Option(help: "Only events at or after this time (RFC 3339 or YYYY-MM-DD).")
    var from: String?

    @Option(help: "Only events before this time (RFC 3339 or YYYY-MM-DD).")
    var to: String?

    @Option(name: .customLong("map"), help: ArgumentHelp("Price OLD's calls as NEW (repeatable).", valueName: "OLD=NEW"))
    var maps: [String] = []

    @Option(help: "Group by model, agent, day, user or tenant.")
    var by: GroupingArgument = .model

    @Option(help: "Output: table, csv, json, markdown or html.")
    var format: String = "table"

    @Option(help: "The name of the what-if projection set.")
    var name: String = "whatif"

    @Flag(help: "Only compute the report (faster): no what-if projections are built.")
    var reportOnly = false

    func validate() throws {
        guard format == "html" || OutputMode.named(format) != nil else {
            throw ValidationError("unknown format \(format): choose table, csv, json, markdown or html")
        }
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !name.isEmpty, name != "main" else {
            throw ValidationError("--name must be letters, digits and underscores (and not main)")
        }
    }

    static func time(_ text: String?, _ option: String) throws -> Timestamp? {
        guard let text else { return nil }
        if let ts = Timestamp(rfc3339: text) { return ts }
        if let ts = Timestamp(rfc3339: text + "T00:00:00Z") { return ts }
        throw ValidationError("--\(option): not a time: \(text) (use RFC 3339 or YYYY-MM-DD)")
    }

    func run() throws {
        var options = try ReplaySource.options(prices: prices, maps: maps)
        options.from = try ReplayCommand.time(from, "from")
        options.to = try ReplayCommand.time(to, "to")
        options.groupBy = by.value
        options.name = name
        options.buildProjections = !reportOnly
        let log = try store.open()
        let bar = ProgressBar("replay")
        let report = try log.replay(options) { done, total in bar.update(done, of: total) }
        bar.finish()
        if format == "html" {
            FileHandle.standardOutput.write(Data(HTMLReport.replay(report).utf8))
            return
        }
        try ReplayCommand.render(report, format: format)
        if format == "table" && !reportOnly {
            printError("what-if projections: \(name).agent_days, \(name).conversations, \(name).anomalies … (tally repl, or tally query \"SELECT … FROM \(name).agent_days\")")
        }
    }

    /// Renders the report with the query shell's renderers, one row per group plus the total.
    static func render(_ report: ReplayReport, format: String) throws {
        let columns: [ColumnDescription] = [
            .init("group", .text), .init("baseline_usd", .money), .init("whatif_usd", .money), .init("delta_usd", .money),
            .init("delta_pct", .double), .init("interactions", .integer), .init("unpriced_interactions", .integer),
        ]
        let schema = try TableSchema(name: "replay", columns: columns + [.init("ord", .integer)], key: ["ord"])
        var rows: [[QueryValue]] = []
        let groups = format == "json" ? report.groups : report.groups + [report.total]
        for (index, g) in groups.enumerated() {
            rows.append([
                .text(g.group), .money(g.baseline), .money(g.whatIf), .money(g.delta),
                g.deltaPercent.map { .double(($0 * 100).rounded() / 100) } ?? .null,
                .integer(g.interactions), .integer(g.unpriced), .integer(Int64(index)),
            ])
        }
        let catalog = InMemoryCatalog(tables: [try InMemoryTable(schema: schema, rows: rows)])
        let repl = REPL(
            engine: QueryEngine(catalog: catalog),
            input: ScriptInput(text: "SELECT \"group\", baseline_usd, whatif_usd, delta_usd, delta_pct, interactions, unpriced_interactions FROM replay ORDER BY ord;"),
            output: FileStreamOutput.standardOutput(), errors: FileStreamOutput.standardError(), interactive: false,
            mode: OutputMode.named(format)
        )
        let status = repl.run()
        if status != 0 { throw ExitCode(status) }
    }
}

/// `--by`, as a closed choice.
enum GroupingArgument: String, ExpressibleByArgument, CaseIterable {
    case model, agent, day, user, tenant

    var value: ReplayGrouping { ReplayGrouping(rawValue: rawValue) ?? .model }
}
