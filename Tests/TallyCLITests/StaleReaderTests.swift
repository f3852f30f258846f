import Foundation
import Tally
import Testing

/// A reader process killed while it held a read transaction leaves a stale reader slot. A live
/// process clears it (`mdb_reader_check`, which `EventLog` also runs on every open); when no process
/// has the store open any more, LMDB resets the reader table on the next open. Appends go on.
@Suite struct StaleReaderTests {
    @Test func aKilledReadersSlotIsCleared() throws {
        let dir = CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = try EventLog(path: dir + "/s")
        try log.append([Event(id: "a", ts: Timestamp(milliseconds: 0), payload: .handoff(Handoff(conversationID: "c", fromAgent: "x", toAgent: "y", reason: "routing")))])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIRunner.binary)
        process.arguments = ["_hold-reader", "--store", dir + "/s"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let line = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        #expect(line.hasPrefix("holding 1"))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        #expect(log.environment.clearStaleReaders() >= 1)
        #expect(log.environment.clearStaleReaders() == 0) // cleared for good
        try log.append([Event(id: "b", ts: Timestamp(milliseconds: 1), payload: .handoff(Handoff(conversationID: "c", fromAgent: "y", toAgent: "x", reason: "routing")))])
        #expect(try log.verify().isClean)
    }
}
