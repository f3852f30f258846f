import Foundation
import Testing
@testable import Tally

/// `tally import` and ids that already name another event: such a line is a bad line (field `id`)
/// in both import modes, reported with its line number and what it conflicts with.
@Suite struct NDJSONImportConflictTests {
    /// An interaction line with `id` (omitted when nil).
    private func line(_ id: String?, model: String = "m", input: Int = 100, ts: String = "2026-11-21T09:30:00.000Z") -> String {
        let idField = id.map { #""id":"\#($0)","# } ?? ""
        return #"{"type":"interaction",\#(idField)"ts":"\#(ts)","conversation_id":"c1","agent":"a","model":"\#(model)","input_tokens":\#(input),"output_tokens":20,"status":"ok"}"#
    }

    private struct Outcome {
        var report: NDJSONImportReport
        var appended = AppendResult()
        var batches = 0
        /// The error of a batch `append` rejected (the import stops there).
        var rejectedBatch: IngestError?
        /// Duplicates found by the screen (not appended) and by `append`.
        var duplicates: Int { report.alreadyStored + appended.duplicates }
    }

    /// Imports `lines` into `log` the way `tally import` does: content ids, the conflict screen,
    /// append errors translated to lines.
    private func runImport(
        _ lines: [String], into log: EventLog, mode: NDJSONImportMode = .allOrNothing,
        configure: (inout NDJSONImportReader) -> Void = { _ in }
    ) throws -> Outcome {
        var reader = NDJSONImportReader(source: .bytes(Array((lines.joined(separator: "\n") + "\n").utf8)), mode: mode)
        reader.assignsContentIDs = true
        configure(&reader)
        var outcome = Outcome(report: NDJSONImportReport())
        struct Stop: Error { var error: IngestError }
        do {
            outcome.report = try reader.run(screen: { try log.importVerdicts(for: $0) }) { batch in
                outcome.batches += 1
                do {
                    outcome.appended.merge(try log.append(batch.events.map(\.event), durability: .bulk))
                } catch let error as AppendError {
                    throw Stop(error: batch.ingestError(for: error))
                }
            }
        } catch let stop as Stop {
            outcome.rejectedBatch = stop.error
        }
        return outcome
    }

    @Test func allOrNothingReportsEveryConflictInLineOrderAndStoresNothing() throws {
        let log = try TemporaryStore().open()
        #expect(try runImport([line("d1"), line("d2")], into: log).appended.appended == 2)
        let input = [
            line("d3"),
            line("d1", model: "m2"), // the stored d1 is another event
            line("d9"),
            "",
            line("d9", input: 101), // line 3 already uses d9
            line("d2"), // a retry: a duplicate
            #"{"type":"interaction""#, // broken JSON
        ]
        let outcome = try runImport(input, into: log)
        #expect(outcome.batches == 0)
        #expect(!outcome.report.yielded)
        #expect(outcome.report.rejected == 3)
        #expect(outcome.report.events == 3)
        #expect(outcome.report.alreadyStored == 1)
        #expect(outcome.report.errors.map(\.line) == [2, 5, 7])
        #expect(outcome.report.errors.map(\.field) == ["id", "id", nil])
        #expect(outcome.report.errors[0].description == #"line 2: id: id "d1" is already stored at position 1 with different content (model differs); a retry must resend the same event"#)
        #expect(outcome.report.errors[1].description == #"line 5: id: id "d9" is already used on line 3 with different content (input_tokens differs); each event needs its own id"#)
        #expect(try log.lastPosition == 2)
        // The kept errors are the first by line, even though the conflicts were found last.
        let capped = try runImport(input, into: log) { $0.maxReportedErrors = 2 }
        #expect(capped.report.rejected == 3 && capped.report.errors.map(\.line) == [2, 5])
    }

    @Test func reRunningAnImportIsAllDuplicatesEvenWithoutIDs() throws {
        let log = try TemporaryStore().open()
        let input = [line("e1"), line(nil), line(nil, input: 7), line(nil), line("e1")]
        let first = try runImport(input, into: log)
        #expect(first.report.rejected == 0)
        #expect(first.appended.appended == 3 && first.duplicates == 2)
        let again = try runImport(input, into: log)
        #expect(again.report.rejected == 0)
        #expect(again.appended.appended == 0 && again.duplicates == 5)
        // The screen found them all stored: nothing was handed to `append`.
        #expect(again.report.alreadyStored == 5 && again.batches == 0)
        // Changing a line without an id makes it another event (another content id), not a conflict.
        let changed = try runImport([line(nil, input: 8)], into: log)
        #expect(changed.report.rejected == 0 && changed.appended.appended == 1)
    }

    @Test(arguments: [
        (NDJSONImportMode.allOrNothing, 100_000), (.allOrNothing, 2), (.skipInvalid(rejectsPath: nil), 100_000),
    ])
    func eventsStoredAlreadyAreNotHandedOutAgain(mode: NDJSONImportMode, retainedEventLimit: Int) throws {
        let log = try TemporaryStore().open()
        #expect(try runImport([line("s1"), line("s2"), line(nil)], into: log).appended.appended == 3)
        let input = [line("n1"), line("s1"), line(nil), line("n2"), line("s2"), line("n3")]
        var handedOut: [Int] = []
        var reader = NDJSONImportReader(source: .bytes(Array(input.joined(separator: "\n").utf8)), mode: mode)
        reader.assignsContentIDs = true
        reader.batchSize = 2
        reader.retainedEventLimit = retainedEventLimit
        let report = try reader.run(screen: { try log.importVerdicts(for: $0) }) { batch in
            handedOut += batch.events.map(\.line)
            try log.append(batch.events.map(\.event))
        }
        #expect(handedOut == [1, 4, 6])
        #expect(report.alreadyStored == 3 && report.events == 6 && report.rejected == 0)
        #expect(report.usedSecondPass == (retainedEventLimit == 2))
        #expect(try log.lastPosition == 6)
    }

    @Test func skipInvalidStoresTheOtherLinesAndWritesConflictsToTheRejectsFile() throws {
        let log = try TemporaryStore().open()
        let rejectsPath = FileManager.default.temporaryDirectory.appendingPathComponent("rejects-\(UUID().uuidString).ndjson").path
        defer { try? FileManager.default.removeItem(atPath: rejectsPath) }
        let input = [
            line("d1"), line("d2"),
            line("d1", model: "m2"), // conflicts with line 1, stored by the first batch
            line("d4"),
            "{", // broken JSON
            line("d4", ts: "2026-11-21T09:30:00.001Z"), // conflicts with line 4
            line("d5"),
        ]
        let outcome = try runImport(input, into: log, mode: .skipInvalid(rejectsPath: rejectsPath)) { $0.batchSize = 2 }
        #expect(outcome.rejectedBatch == nil)
        #expect(outcome.report.rejected == 3)
        #expect(outcome.report.events == 4)
        #expect(outcome.report.errors.map(\.line) == [3, 5, 6])
        #expect(outcome.report.errors[0].reason.hasPrefix(#"id "d1" is already stored at position 1 with different content (model differs)"#))
        #expect(outcome.report.errors[2].reason.hasPrefix(#"id "d4" is already stored at position 3 with different content (ts differs)"#))
        #expect(outcome.appended.appended == 4)
        #expect(try log.read { try $0.position(ofID: "d5") } == 4)
        let rejects = try String(contentsOfFile: rejectsPath, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(rejects.count == 3)
        let parsed = rejects.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(parsed.compactMap { $0["line"] as? Int }.sorted() == [3, 5, 6])
        let conflictReject = parsed.first { $0["line"] as? Int == 6 }
        #expect(conflictReject?["field"] as? String == "id")
        #expect(conflictReject?["input"] as? String == input[5])
    }

    @Test func aConflictWithinOneBatchNamesTheEarlierLine() throws {
        let log = try TemporaryStore().open()
        let outcome = try runImport([line("y1"), line("y2"), line("y1", input: 5)], into: log, mode: .skipInvalid(rejectsPath: nil))
        #expect(outcome.report.errors.map(\.description) == [#"line 3: id: id "y1" is already used on line 1 with different content (input_tokens differs); each event needs its own id"#])
        #expect(outcome.appended.appended == 2)
    }

    @Test func idsReusedFurtherApartThanAScreenChunkAreFoundWhenAppending() throws {
        let input = [line("x1"), line("x2"), line("x3"), line("x1", model: "m2")]
        // One chunk (the default, up to `retainedEventLimit` events): found before anything is stored.
        let whole = try TemporaryStore().open()
        let found = try runImport(input, into: whole) { $0.batchSize = 2 }
        #expect(found.report.errors.map(\.description) == [#"line 4: id: id "x1" is already used on line 1 with different content (model differs); each event needs its own id"#])
        #expect(try whole.lastPosition == 0)
        // Chunks of two: the screen misses it, the append of the second batch rejects it, and the
        // first batch is already stored.
        let chunked = try TemporaryStore().open()
        let late = try runImport(input, into: chunked) { $0.batchSize = 2; $0.retainedEventLimit = 2 }
        #expect(late.report.rejected == 0)
        #expect(late.rejectedBatch?.description == #"line 4: id: id "x1" is already stored at position 1 with different content (model differs); a retry must resend the same event"#)
        #expect(try chunked.lastPosition == 2)
    }

    @Test func appendErrorsOfABatchNameTheLine() throws {
        let events = [
            NDJSONImportedEvent(line: 4, event: interaction("q1")),
            NDJSONImportedEvent(line: 9, event: interaction("q1", input: 3)),
            NDJSONImportedEvent(line: 12, event: interaction("q2", input: 10, cached: 20)),
        ]
        let batch = NDJSONImportBatch(events: events, bytesRead: 0, totalBytes: nil)
        let log = try TemporaryStore().open()
        do {
            try log.append(events.prefix(2).map(\.event)) // the third is invalid: validation comes first
            Issue.record("no error")
        } catch let error as AppendError {
            #expect(batch.ingestError(for: error).description == #"line 9: id: id "q1" is already used on line 4 with different content (input_tokens differs); each event needs its own id"#)
        }
        let invalid = AppendError(index: 2, field: "cached_input_tokens", reason: "too many")
        #expect(batch.ingestError(for: invalid) == IngestError(line: 12, field: "cached_input_tokens", reason: "too many"))
    }
}
