import ArgumentParser
import Foundation
import Tally

/// `tally export`: the log as NDJSON, in position order.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the log as NDJSON (import of the output reproduces the log)."
    )

    @OptionGroup var store: StoreOptions

    @Option(name: [.short, .long], help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "FILE"))
    var output: String?

    @Option(help: "The first position to export.")
    var from: UInt64 = 1

    @Option(help: "The last position to export.")
    var to: UInt64?

    func run() throws {
        let log = try store.open(readOnly: true, projections: false)
        let handle: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil) else { throw ValidationError("cannot write \(output)") }
            guard let opened = FileHandle(forWritingAtPath: output) else { throw ValidationError("cannot write \(output)") }
            handle = opened
        } else {
            handle = FileHandle.standardOutput
        }
        let encoder = NDJSONEventEncoder()
        var buffer = [UInt8]()
        buffer.reserveCapacity(1 << 20)
        var count = 0
        try log.read { reader in
            let last = min(to ?? .max, try reader.lastPosition())
            try reader.scan(from: from) { position, _ in
                guard position <= last else { return false }
                guard let event = try reader.event(at: position) else { return true }
                encoder.encode(event, into: &buffer)
                count += 1
                if buffer.count >= 1 << 20 {
                    handle.write(Data(buffer))
                    buffer.removeAll(keepingCapacity: true)
                }
                return true
            }
        }
        if !buffer.isEmpty { handle.write(Data(buffer)) }
        if output != nil {
            try handle.close()
            printError("exported \(formatCount(count)) events")
        }
    }
}
