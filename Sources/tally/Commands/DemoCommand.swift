import ArgumentParser
import Foundation
import Tally

/// `tally demo`: build a realistic sample store and show what Tally tells about it.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a realistic sample store and show what Tally tells about it.",
        discussion: """
            Generates several tenants, agents and models with real prices, users with skewed activity,
            multi-turn conversations, ratings, handoffs, a fine-tuned model deployment followed by a
            regression, a budget that is crossed and a mid-period price change — calibrated on a real
            LLM request trace — appends it through the event log, then prints a dashboard and writes
            an HTML report. Running it again reuses the store: every event is a duplicate.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "How many events to generate.")
    var events = 200_000

    @Option(help: "The generator's seed (the same seed gives the same events).")
    var seed: UInt64 = 42

    @Option(help: "Days of traffic.")
    var days = 14

    @Flag(help: "Delete the store first and build it anew.")
    var fresh = false

    @Option(help: ArgumentHelp("Where to write the HTML report.", valueName: "FILE"))
    var report = "tally-report.html"

    func validate() throws {
        if events < 1_000 { throw ValidationError("--events must be at least 1000") }
        if days < 2 { throw ValidationError("--days must be at least 2") }
    }

    func run() throws {
        let clock = ContinuousClock()
        let started = clock.now
        if fresh { try? FileManager.default.removeItem(atPath: store.path) }
        let generator = try DemoGenerator(seed: seed, eventCount: events, days: days)
        let log = try store.open(create: true)
        let bar = ProgressBar("appending")
        var iterator = generator.makeIterator()
        var totals = AppendResult()
        while true {
            let batch = iterator.next(upTo: 50_000)
            if batch.isEmpty { break }
            do {
                totals.merge(try log.append(batch, durability: .bulk))
            } catch let error as AppendError where error.conflict != nil {
                // The store holds a demo made with other settings: the same ids, other events.
                throw ValidationError("""
                    \(store.path) already holds a demo built with other settings (\(error)).
                    Run again with --fresh to delete it and build it anew, or pick another --store.
                    """)
            }
            bar.update(UInt64(iterator.produced), of: UInt64(events))
        }
        try log.sync()
        bar.finish()
        let appendSeconds = (clock.now - started).seconds
        let style = TerminalStyle()
        if totals.appended == 0 {
            print(style.dim("Reusing \(store.path): all \(formatCount(totals.duplicates)) demo events were already stored (use --fresh to rebuild)."))
        } else {
            print(style.dim("Appended \(formatCount(totals.appended)) events to \(store.path) in \(String(format: "%.1f", appendSeconds)) s (\(formatCount(totals.duplicates)) duplicates skipped)."))
        }

        // One what-if: move the research agent's most-used model to a cheaper one.
        let scenario = generator.scenario
        var dashboard = try log.readProjections { try $0.dashboard() }
        dashboard.anomalies.sort { $0.openedAt > $1.openedAt }
        let whatIf = try researchWhatIf(log: log, book: scenario.revisedPriceBook)

        DashboardPrinter(style: style).print(dashboard, whatIf: whatIf?.line)
        let html = HTMLReport.dashboard(dashboard, whatIf: whatIf?.report, whatIfTitle: whatIf?.title, title: "Tally — demo platform")
        try html.write(toFile: report, atomically: true, encoding: .utf8)
        print("")
        print(style.bold("Report") + "  \(report) (open it in a browser)")
        print(style.bold("Next") + "    tally repl" + (store.store == nil ? "" : " --store \(store.path)"))
        print("        tally query \"SELECT agent, sum(cost_usd) AS cost, sum(interactions) AS calls FROM agent_days GROUP BY agent ORDER BY cost DESC\"")
        print("        tally replay --prices Replay/books/list-2026-11.json --by model")
        print("        tally replay --prices Replay/scenarios/openai-price-cut-50.json --by day --format html > replay.html")
    }

    /// Replays the research agent's traffic on a cheaper model of the demo's price book.
    func researchWhatIf(log: EventLog, book json: String) throws -> (line: String, report: ReplayReport, title: String)? {
        let book = try PriceBook.parse(bytes: Array(json.utf8))
        let usage: [(String, Int64)] = try log.readProjections { p in
            var byModel: [String: Int64] = [:]
            try p.agentDays { key, row in
                if try p.name(key.agent) == "research" { byModel[try p.name(key.model), default: 0] += row.usage.interactions }
                return true
            }
            return byModel.sorted { $0.value > $1.value }
        }
        guard let (from, _) = usage.first else { return nil }
        let resolver = PriceResolver(book: book)
        let at = try log.read { r in try r.event(at: r.lastPosition())?.ts } ?? Timestamp(milliseconds: 0)
        let cheaper = ["gpt-4o-mini", "claude-haiku-4-5", "gemini-2.5-flash", "deepseek-chat"].first { $0 != from && resolver.match(model: $0, provider: nil, at: at) != nil }
        guard let to = cheaper else { return nil }
        var options = ReplayOptions(book: book)
        options.scenario = WhatIfScenario(remaps: [.init(from: from, to: to)], agents: ["research"])
        options.groupBy = .day
        let report = try log.replay(options)
        let saved = report.total.baseline - report.total.whatIf
        let percent = report.total.baseline.picodollars == 0 ? 0 : Double(saved.picodollars) / Double(report.total.baseline.picodollars) * 100
        let line = "moving `research` from \(from) to \(to) would have saved $\(saved.rounded(toFractionDigits: 2).decimalString(minimumFractionDigits: 2)) (\(String(format: "%.1f", percent))% of the total bill)"
        return (line, report, "research on \(to) instead of \(from)")
    }
}
