import CLibFuzzer
import Foundation
import Tally

/// libFuzzer entry: one stored event record (see `FuzzEntry.eventRecord`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEventRecord(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    do {
        _ = try FuzzEntry.eventRecord(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
    } catch {
        fatalError("invariant violated: \(error)")
    }
    return 0
}

// `FuzzEventRecord --write-seeds DIR` writes the seed corpus instead of fuzzing.
if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "--write-seeds" {
    let directory = CommandLine.arguments[2]
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    for (index, record) in FuzzEntry.eventRecordSeeds().enumerated() {
        try Data(record).write(to: URL(fileURLWithPath: directory).appendingPathComponent("seed-\(index)"))
    }
    exit(0)
}

var arguments = CommandLine.argc
var vector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &vector, fuzzEventRecord))
