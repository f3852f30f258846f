import ArgumentParser
import Tally

/// `tally import FILE|-` (wired to the NDJSON reader once the ingest layer lands).
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Append NDJSON events from a file or standard input.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "An NDJSON file, or - for standard input.") var file: String
    func run() throws { throw ValidationError("import is not wired yet") }
}

/// `tally export`.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Write the log as NDJSON.")
    @OptionGroup var store: StoreOptions
    func run() throws { throw ValidationError("export is not wired yet") }
}
