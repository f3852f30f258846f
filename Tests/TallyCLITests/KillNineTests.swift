import Foundation
import Tally
import Testing

/// `kill -9` at random moments during appends: every acknowledged batch is present with its
/// content, no batch is partly stored, `verify` is clean, and the next append works.
@Suite(.serialized) struct KillNineTests {
    static let kills = Int(ProcessInfo.processInfo.environment["TALLY_KILLS"] ?? "") ?? 8

    @Test(arguments: ["durable", "grouped", "bulk"])
    func acknowledgedBatchesSurviveKill9(mode: String) throws {
        let dir = CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let writers = mode == "grouped" ? 4 : 1
        let batchSize = 50
        var generator = SeededRandom(seed: UInt64(mode.utf8.count * 7919))
        var totalAcks = 0
        for run in 0..<KillNineTests.kills {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLIRunner.binary)
            process.arguments = ["_crash-append", "--store", dir + "/s", "--durability", mode, "--writers", String(writers),
                                 "--batch-size", String(batchSize), "--run", String(run)]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Let it acknowledge a random number of batches, then kill it mid-flight.
            let wanted = Int.random(in: 1...40, using: &generator)
            var acked: [(Int, Int)] = []
            var buffer = Data()
            let handle = out.fileHandleForReading
            while acked.count < wanted {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: 0x0A) {
                    let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                    buffer.removeSubrange(buffer.startIndex...newline)
                    let parts = line.split(separator: " ")
                    if parts.count == 3, let w = Int(parts[1]), let b = Int(parts[2]) { acked.append((w, b)) }
                }
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // Acks already in the pipe were acknowledged too.
            buffer.append(handle.readDataToEndOfFile())
            for line in String(decoding: buffer, as: UTF8.self).split(separator: "\n") {
                let parts = line.split(separator: " ")
                if parts.count == 3, let w = Int(parts[1]), let b = Int(parts[2]) { acked.append((w, b)) }
            }
            totalAcks += acked.count

            let log = try EventLog(path: dir + "/s")
            try log.read { reader in
                for (w, b) in acked {
                    for i in [0, batchSize - 1] {
                        let position = try reader.position(ofID: "r\(run)-w\(w)-b\(b)-\(i)")
                        #expect(position != nil, "acknowledged batch \(b) of writer \(w) (run \(run), \(mode)) is missing")
                        if let position, case .interaction(let x)? = try reader.event(at: position)?.payload {
                            #expect(x.inputTokens == Int64(b * batchSize + i))
                        }
                    }
                }
                // No partial batch: every batch of this run is either whole or absent.
                for w in 0..<writers {
                    for b in 0..<80 {
                        let first = try reader.position(ofID: "r\(run)-w\(w)-b\(b)-0") != nil
                        let last = try reader.position(ofID: "r\(run)-w\(w)-b\(b)-\(batchSize - 1)") != nil
                        #expect(first == last, "batch \(b) of writer \(w) is partly stored (run \(run), \(mode))")
                    }
                }
            }
            let report = try log.verify()
            #expect(report.isClean, "\(report.problems)")
            #expect(report.events % UInt64(batchSize) == 0)
        }
        #expect(totalAcks > 0)
        print("kill -9 (\(mode)): \(KillNineTests.kills) kills, \(totalAcks) acknowledged batches, all present, no partial batch, verify clean")
    }
}
