import ArgumentParser
import Tally

/// The `tally` command line.
@main
struct TallyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tally",
        abstract: "An event-sourced analytics engine for LLM agent platforms.",
        discussion: """
            Every command takes --store DIR (or TALLY_STORE; default ./tally.lmdb).
            Start with `tally demo`, then `tally repl`.
            """,
        version: "0.1.0",
        subcommands: [
            ImportCommand.self, ExportCommand.self, StatsCommand.self, VerifyCommand.self, RebuildCommand.self,
            PricesCommand.self, DemoCommand.self, QueryCommand.self, ReplCommand.self, ReplayCommand.self, CrashAppendCommand.self, HoldReaderCommand.self,
        ]
    )
}
