import CLibFuzzer
import Foundation
import Foundation
import Tally
import TallyQuery

/// The store the statements run against: built once per process in a temporary directory
/// (`TALLY_FUZZ_STORE` to choose it), 1,000 demo events and a what-if set.
nonisolated(unsafe) let engine: QueryEngine = {
    let path = ProcessInfo.processInfo.environment["TALLY_FUZZ_STORE"]
        ?? FileManager.default.temporaryDirectory.appendingPathComponent("tally-fuzz-sql-\(getpid())").path
    do {
        return try QueryFuzzEntry.makeEngine(storePath: path)
    } catch {
        fatalError("cannot build the fuzz store at \(path): \(error)")
    }
}()

/// libFuzzer entry: one SQL statement or REPL script (see `QueryFuzzEntry.sql`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSQL(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    do {
        _ = try QueryFuzzEntry.sql(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size), engine: engine)
    } catch {
        fatalError("invariant violated: \(error)")
    }
    return 0
}

var arguments = CommandLine.argc
var vector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &vector, fuzzSQL))
