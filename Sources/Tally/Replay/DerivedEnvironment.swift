import TallyStore
#if canImport(Glibc)
import Glibc
#endif

/// The second LMDB environment of a store, in its `derived/` folder: tables that are a function
/// of the log and can always be made again — what-if sets left by replays and the scratch set
/// `verify` rebuilds into.
///
/// Keeping them out of the log's environment means a replay never takes the log's writer lock,
/// and a durable append's `fdatasync` never has to flush the hundreds of megabytes a replay
/// writes. Its commits are unsynced and each replay syncs once at its end; a replay cut short
/// leaves a set without its description, which `whatIfSets()` does not list.
final class DerivedEnvironment: @unchecked Sendable {
    /// The folder of the environment.
    let path: String
    private let options: EnvironmentOptions
    private let lock = Lock()
    private var opened: Environment?

    init(storePath: String, options: EnvironmentOptions) {
        path = storePath.hasSuffix("/") ? storePath + "derived" : storePath + "/derived"
        var derived = options
        derived.initialMapSize = min(options.initialMapSize, 64 << 20)
        derived.maxDatabases = 256
        self.options = derived
    }

    /// The environment, opened once per log; `nil` when it does not exist and `create` is off
    /// (or the store is read-only).
    func environment(create: Bool) throws -> Environment? {
        lock.lock()
        defer { lock.unlock() }
        if let opened { return opened }
        var options = self.options
        if !create || options.readOnly {
            var status = stat()
            guard stat(path + "/data.mdb", &status) == 0 else { return nil }
            options.createIfMissing = false
        } else {
            options.createIfMissing = true // the store exists; its derived environment may not yet
        }
        let environment = try Environment(path: path, options: options)
        opened = environment
        return environment
    }
}
