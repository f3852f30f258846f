import Foundation
import Testing
import Tally

/// CI's share of the fuzzing: every committed seed (`Fuzz/corpus/TARGET`) and every crash
/// reproducer (`Fuzz/regressions/TARGET`) runs through the same entry function the libFuzzer
/// target calls, without libFuzzer or sanitizers. A violated property fails the test; a trap
/// crashes it.
@Suite struct FuzzCorpusReplayTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The seed and regression inputs of a target, sorted by path.
    static func inputs(_ target: String) -> [URL] {
        var files: [URL] = []
        for folder in ["corpus", "regressions"] {
            let directory = repository.appendingPathComponent("Fuzz/\(folder)/\(target)")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            files += names.filter { !$0.hasPrefix(".") }.map { directory.appendingPathComponent($0) }
        }
        return files.sorted { $0.path < $1.path }
    }

    static func replay(_ target: String, _ entry: (UnsafeRawBufferPointer) throws(FuzzInvariantViolation) -> FuzzVerdict) throws -> (accepted: Int, rejected: Int) {
        var accepted = 0
        var rejected = 0
        for file in inputs(target) {
            let bytes = try [UInt8](Data(contentsOf: file))
            do {
                switch try bytes.withUnsafeBytes({ raw throws(FuzzInvariantViolation) in try entry(raw) }) {
                case .accepted: accepted += 1
                case .rejected: rejected += 1
                }
            } catch {
                Issue.record("\(file.lastPathComponent): \(error)")
            }
        }
        return (accepted, rejected)
    }

    @Test func eventRecordCorpus() throws {
        let outcome = try Self.replay("event-record", FuzzEntry.eventRecord)
        #expect(outcome.accepted >= FuzzEntry.eventRecordSeeds().count)
        #expect(outcome.rejected >= 1) // the regression inputs are refused
    }

    @Test func ndjsonCorpus() throws {
        let outcome = try Self.replay("ndjson", FuzzEntry.ndjson)
        #expect(outcome.accepted >= 7)   // the valid schema examples
        #expect(outcome.rejected >= 40)  // the invalid ones
    }

    @Test func priceFileCorpus() throws {
        let outcome = try Self.replay("price-file", FuzzEntry.priceFile)
        #expect(outcome.accepted >= 15)
        #expect(outcome.rejected >= 10)
    }

    /// The seeds written by `FuzzEventRecord --write-seeds` are the ones committed.
    @Test func committedEventRecordSeedsAreCurrent() throws {
        for (index, seed) in FuzzEntry.eventRecordSeeds().enumerated() {
            let file = Self.repository.appendingPathComponent("Fuzz/corpus/event-record/seed-\(index)")
            #expect(try [UInt8](Data(contentsOf: file)) == seed, "seed-\(index) is stale: run FuzzEventRecord --write-seeds Fuzz/corpus/event-record")
        }
    }
}
