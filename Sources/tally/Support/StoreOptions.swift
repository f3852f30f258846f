import ArgumentParser
import Foundation
import Tally

/// `--store DIR`, shared by every command.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store directory (default: $TALLY_STORE or ./tally.lmdb).", valueName: "DIR"))
    var store: String?

    /// The store path after the environment variable and the default.
    var path: String {
        if let store { return store }
        if let fromEnvironment = ProcessInfo.processInfo.environment["TALLY_STORE"], !fromEnvironment.isEmpty { return fromEnvironment }
        return "./tally.lmdb"
    }

    /// Opens the log, creating the store when `create` is set; otherwise a missing store is an error.
    func open(create: Bool = false, readOnly: Bool = false, projections: Bool = true) throws -> EventLog {
        if !create && !FileManager.default.fileExists(atPath: path + "/data.mdb") {
            throw ValidationError("no store at \(path): create one with `tally import` or `tally demo`, or point --store / TALLY_STORE at one")
        }
        var options = LogOptions()
        options.environment.readOnly = readOnly
        options.environment.createIfMissing = create
        options.projections = projections
        return try EventLog(path: path, options: options)
    }
}
