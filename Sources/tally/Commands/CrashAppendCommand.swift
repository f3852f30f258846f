import ArgumentParser
import Foundation
import Tally

/// `tally _crash-append`: appends numbered batches and prints one `ack WRITER BATCH` line per
/// acknowledged batch, flushed at once — the child of the kill -9 reliability tests (hidden).
struct CrashAppendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_crash-append", shouldDisplay: false)

    @OptionGroup var store: StoreOptions

    @Option var durability: DurabilityArgument = .durable
    @Option var writers = 1
    @Option var batches = 1_000
    @Option var batchSize = 50
    @Option(name: .customLong("run")) var runNumber = 0

    func run() throws {
        let log = try store.open(create: true)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: max(1, writers)) { writer in
            for batch in 0..<batches {
                let events = (0..<batchSize).map { i in
                    Event(
                        id: "r\(runNumber)-w\(writer)-b\(batch)-\(i)", ts: Timestamp(milliseconds: 1_790_812_800_000 + Int64(batch * batchSize + i) * 1000),
                        payload: .interaction(Interaction(
                            conversationID: "c\(runNumber)-\(writer)-\(batch % 7)", messageID: "m\(batch)-\(i)", agent: "a\(i % 3)", model: "gpt-4o",
                            inputTokens: Int64(batch * batchSize + i), outputTokens: 1, latencyMs: 100
                        ))
                    )
                }
                do {
                    try log.append(events, durability: durability.value)
                } catch {
                    FileHandle.standardError.write(Data("append failed: \(error)\n".utf8))
                    return
                }
                lock.lock()
                FileHandle.standardOutput.write(Data("ack \(writer) \(batch)\n".utf8))
                lock.unlock()
            }
        }
    }
}

/// `tally _hold-reader`: opens a read transaction, says so, and waits to be killed — the child of
/// the stale-reader-slot test (hidden).
struct HoldReaderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_hold-reader", shouldDisplay: false)

    @OptionGroup var store: StoreOptions

    func run() throws {
        let log = try store.open(readOnly: true, projections: false)
        try log.read { reader in
            let last = try reader.lastPosition()
            FileHandle.standardOutput.write(Data("holding \(last)\n".utf8))
            sleep(600)
        }
    }
}
