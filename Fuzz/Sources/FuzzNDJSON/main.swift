import CLibFuzzer
import Foundation
import Tally

/// libFuzzer entry: an NDJSON import (see `FuzzEntry.ndjson`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNDJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    do {
        _ = try FuzzEntry.ndjson(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
    } catch {
        fatalError("invariant violated: \(error)")
    }
    return 0
}

var arguments = CommandLine.argc
var vector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &vector, fuzzNDJSON))
