import ArgumentParser
import Tally

/// `tally verify`: check the whole store.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that every event decodes, positions are gap-free, indexes agree and projections equal a fresh rebuild."
    )

    @OptionGroup var store: StoreOptions

    func run() throws {
        let log = try store.open()
        let bar = ProgressBar("verify")
        let report = try log.verify { done, total in bar.update(done, of: total) }
        bar.finish()
        if report.isClean {
            print("ok: \(formatCount(report.events)) events, positions gap-free, indexes consistent, projections equal a fresh rebuild")
        } else {
            for line in report.problems { printError("problem: \(line)") }
            throw ExitCode(1)
        }
    }
}
