import ArgumentParser
import Tally

/// `tally rebuild [NAME]`: rebuild projections from position 0.
struct RebuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Rebuild the projections from the whole log.",
        discussion: "The projections share their rating and message state, so naming one rebuilds them all."
    )

    @OptionGroup var store: StoreOptions

    @Argument(help: "A projection: conversations, users, agent_days, anomalies, models (default: all).")
    var name: String?

    func validate() throws {
        if let name, ProjectionName(rawValue: name) == nil {
            throw ValidationError("no projection named \(name); choose one of \(ProjectionName.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let log = try store.open(projections: false)
        let engine = try ProjectionEngine(log: log)
        let bar = ProgressBar("rebuild")
        let clock = ContinuousClock()
        let start = clock.now
        try engine.rebuild { done, total in bar.update(done, of: total) }
        bar.finish()
        let seconds = (clock.now - start).seconds
        let events = try log.lastPosition
        print("rebuilt \(ProjectionName.allCases.map(\.rawValue).joined(separator: ", ")) from \(formatCount(events)) events in \(String(format: "%.2f", seconds)) s")
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
