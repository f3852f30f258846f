import ArgumentParser
import Foundation
import Tally

/// `tally _crash-append`: appends numbered batches and prints one `ack WRITER BATCH` line per
/// acknowledged batch, flushed at once — the child of the kill -9 and soak reliability tests
/// (hidden). With `--latency` each line ends with the append's duration in microseconds; with
/// `--seconds` it stops after that long.
struct CrashAppendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_crash-append", shouldDisplay: false)

    @OptionGroup var store: StoreOptions

    @Option var durability: DurabilityArgument = .durable
    @Option var writers = 1
    @Option var batches = 1_000
    @Option var batchSize = 50
    @Option(name: .customLong("run")) var runNumber = 0
    @Option(help: "Stop after this many seconds (0: no limit).") var seconds: Double = 0
    @Flag(help: "Print each append's duration in microseconds after the batch number.") var latency = false

    func run() throws {
        let log = try store.open(create: true)
        let lock = NSLock()
        let clock = ContinuousClock()
        let deadline = seconds > 0 ? clock.now + .milliseconds(Int64(seconds * 1000)) : nil
        DispatchQueue.concurrentPerform(iterations: max(1, writers)) { writer in
            for batch in 0..<batches {
                if let deadline, clock.now >= deadline { return }
                let events = (0..<batchSize).map { i in
                    Event(
                        id: "r\(runNumber)-w\(writer)-b\(batch)-\(i)", ts: Timestamp(milliseconds: 1_790_812_800_000 + Int64(batch * batchSize + i) * 1000),
                        payload: .interaction(Interaction(
                            conversationID: "c\(runNumber)-\(writer)-\(batch % 7)", messageID: "m\(batch)-\(i)", agent: "a\(i % 3)", model: "gpt-4o",
                            inputTokens: Int64(batch * batchSize + i), outputTokens: 1, latencyMs: 100
                        ))
                    )
                }
                let started = clock.now
                do {
                    try log.append(events, durability: durability.value)
                } catch {
                    FileHandle.standardError.write(Data("append failed: \(error)\n".utf8))
                    return
                }
                let took = clock.now - started
                let micros = took.components.seconds * 1_000_000 + took.components.attoseconds / 1_000_000_000_000
                lock.lock()
                FileHandle.standardOutput.write(Data((latency ? "ack \(writer) \(batch) \(micros)\n" : "ack \(writer) \(batch)\n").utf8))
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
