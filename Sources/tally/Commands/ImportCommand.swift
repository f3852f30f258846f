import ArgumentParser
import Foundation
import Tally

/// `tally import FILE|-`: validated, idempotent NDJSON import.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Append NDJSON events from a file or standard input.",
        discussion: """
            The whole input is validated first: every bad line is reported as `line N: field: reason`
            and nothing is stored, unless --skip-invalid, which stores the good lines and writes the
            rejects to a file. Events whose id is already stored with the same content are counted as
            duplicates; an id already stored (or used on an earlier line) with different content is a
            bad line (field `id`). Lines without an id get one derived from their content, so a re-run
            of an interrupted import appends nothing twice.
            """
    )

    @OptionGroup var store: StoreOptions

    @Argument(help: "An NDJSON file, or - for standard input.")
    var file: String

    @Flag(help: "Store the valid lines and write the invalid ones to --rejects.")
    var skipInvalid = false

    @Option(help: ArgumentHelp("Where --skip-invalid writes rejected lines (NDJSON).", valueName: "FILE"))
    var rejects: String?

    @Option(help: "Durability of each batch: bulk (one sync at the end), durable or grouped.")
    var durability: DurabilityArgument = .bulk

    @Option(help: "Events per appended batch.")
    var batchSize = 50_000

    func validate() throws {
        if rejects != nil && !skipInvalid { throw ValidationError("--rejects goes with --skip-invalid") }
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() throws {
        let source: NDJSONImportSource = file == "-" ? .standardInput : .file(file)
        if case .file(let path) = source, !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("no such file: \(path)")
        }
        let rejectsPath = skipInvalid ? (rejects ?? (file == "-" ? "tally-rejects.ndjson" : file + ".rejects.ndjson")) : nil
        var reader = NDJSONImportReader(source: source, mode: skipInvalid ? .skipInvalid(rejectsPath: rejectsPath) : .allOrNothing)
        reader.batchSize = batchSize
        reader.assignsContentIDs = true
        let log = try store.open(create: true)
        let bar = ProgressBar("import")
        var totals = AppendResult()
        let report: NDJSONImportReport
        do {
            // The screen reports lines whose id names another event before anything is stored, and
            // leaves out the events stored already (a re-run).
            report = try reader.run(screen: { try log.importVerdicts(for: $0) }) { batch in
                let result: AppendResult
                do {
                    result = try log.append(batch.events.map(\.event), durability: durability.value)
                } catch let error as AppendError {
                    throw RejectedBatch(error: batch.ingestError(for: error))
                }
                totals.merge(result)
                if let total = batch.totalBytes { bar.update(UInt64(batch.bytesRead), of: UInt64(total)) }
            }
        } catch let rejected as RejectedBatch {
            // Found only when appending: an id reused with other content further apart than the
            // screen compares, or a conflicting event stored by another writer meanwhile.
            try log.sync()
            bar.finish()
            printError(rejected.error.description)
            printError(totals.appended == 0 ? "nothing was stored"
                : "its batch was not stored; \(formatCount(totals.appended)) events of earlier batches were (a re-run appends nothing twice)")
            throw ExitCode(1)
        }
        try log.sync()
        bar.finish()
        for error in report.errors { printError(error.description) }
        if report.unreportedErrors > 0 { printError("… and \(report.unreportedErrors) more invalid lines") }
        if report.rejected > 0 && !skipInvalid {
            printError("\(report.rejected) invalid line\(report.rejected == 1 ? "" : "s"): nothing was stored (fix them, or use --skip-invalid)")
            throw ExitCode(1)
        }
        let duplicates = totals.duplicates + report.alreadyStored
        var line = "appended \(formatCount(totals.appended)), duplicates \(formatCount(duplicates)), rejected \(formatCount(report.rejected))"
        if report.rejected > 0, let rejectsPath { line += " (rejects written to \(rejectsPath))" }
        print(line)
    }
}

/// A batch `append` rejected during an import, with the error translated to its input line.
private struct RejectedBatch: Error {
    var error: IngestError
}

/// `--durability`, as a closed choice.
enum DurabilityArgument: String, ExpressibleByArgument, CaseIterable {
    case bulk, durable, grouped

    var value: Durability {
        switch self {
        case .bulk: .bulk
        case .durable: .durable
        case .grouped: .grouped
        }
    }
}
