import CLibFuzzer
import Foundation
import Tally

/// libFuzzer entry: a price file of any format (see `FuzzEntry.priceFile`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPriceFile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    do {
        _ = try FuzzEntry.priceFile(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
    } catch {
        fatalError("invariant violated: \(error)")
    }
    return 0
}

var arguments = CommandLine.argc
var vector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &vector, fuzzPriceFile))
