import Foundation
import Testing
import Tally
import TallyQuery

/// CI's share of the SQL fuzzing: every committed seed (`Fuzz/corpus/sql`) and crash reproducer
/// (`Fuzz/regressions/sql`) runs through `QueryFuzzEntry.sql`, the libFuzzer target's entry,
/// against the same small store, without libFuzzer.
@Suite struct SQLCorpusReplayTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func sqlCorpus() throws {
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("tally-sql-corpus-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: store) }
        let engine = try QueryFuzzEntry.makeEngine(storePath: store)
        var accepted = 0
        var rejected = 0
        for folder in ["corpus", "regressions"] {
            let directory = Self.repository.appendingPathComponent("Fuzz/\(folder)/sql")
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            for name in names {
                let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(name)))
                do {
                    switch try bytes.withUnsafeBytes({ raw throws(FuzzInvariantViolation) in try QueryFuzzEntry.sql(raw, engine: engine) }) {
                    case .accepted: accepted += 1
                    case .rejected: rejected += 1
                    }
                } catch {
                    Issue.record("\(folder)/\(name): \(error)")
                }
            }
        }
        // Most seeds are the README's and the tests' valid statements.
        #expect(accepted >= 100)
        print("sql corpus: \(accepted) statements ran, \(rejected) refused with a QueryError")
    }
}
