import Foundation
import Testing
@testable import Tally

@Suite("NDJSON import reader")
struct NDJSONImportReaderTests {
    private func run(
        _ text: String, mode: NDJSONImportMode = .allOrNothing, chunkSize: Int = 4 << 20,
        configure: (inout NDJSONImportReader) -> Void = { _ in }
    ) throws -> (NDJSONImportReport, [NDJSONImportedEvent], [Int]) {
        try run(Array(text.utf8), mode: mode, chunkSize: chunkSize, configure: configure)
    }

    private func run(
        _ bytes: [UInt8], mode: NDJSONImportMode = .allOrNothing, chunkSize: Int = 4 << 20,
        configure: (inout NDJSONImportReader) -> Void = { _ in }
    ) throws -> (NDJSONImportReport, [NDJSONImportedEvent], [Int]) {
        var reader = NDJSONImportReader(source: .bytes(bytes), mode: mode)
        reader.chunkSize = chunkSize
        configure(&reader)
        var events: [NDJSONImportedEvent] = []
        var batchSizes: [Int] = []
        let report = try reader.run { batch in
            events += batch.events
            batchSizes.append(batch.events.count)
        }
        return (report, events, batchSizes)
    }

    private func line(_ n: Int) -> String { interactionLine(#""id":"e\#(n)""#) }

    @Test func crlfBlankLinesAndLastLineWithoutNewline() throws {
        let text = line(1) + "\r\n\r\n" + "  \t\n" + line(2) + "\n\n" + line(3)
        let (report, events, _) = try run(text)
        #expect(report == NDJSONImportReport(lines: 6, events: 3, rejected: 0, errors: [], yielded: true, usedSecondPass: false))
        #expect(events.map(\.line) == [1, 4, 6])
        #expect(events.map(\.event.id) == ["e1", "e2", "e3"])
    }

    @Test func byteOrderMarkOnLineOne() throws {
        let (report, events, _) = try run([0xEF, 0xBB, 0xBF] + Array((line(1) + "\n" + line(2) + "\r\n").utf8))
        #expect(report.rejected == 0)
        #expect(events.map(\.event.id) == ["e1", "e2"])
        // A BOM anywhere else is not whitespace.
        let (later, _, _) = try run(Array((line(1) + "\n").utf8) + [0xEF, 0xBB, 0xBF] + Array(line(2).utf8))
        #expect(later.errors.map(\.line) == [2])
    }

    @Test func linesAcrossChunkBoundaries() throws {
        let text = (1...200).map(line).joined(separator: "\n") + "\n"
        for chunk in [64, 100, 257, 4096] {
            let (report, events, _) = try run(text, chunkSize: chunk)
            #expect(report.events == 200, "chunk \(chunk)")
            #expect(events.map(\.line) == Array(1...200), "chunk \(chunk)")
        }
    }

    @Test func batchesRespectBatchSize() throws {
        let text = (1...25).map(line).joined(separator: "\n")
        let (_, events, sizes) = try run(text) { $0.batchSize = 10 }
        #expect(sizes == [10, 10, 5])
        #expect(events.count == 25)
    }

    @Test func allOrNothingYieldsNothingWhenAnyLineIsBad() throws {
        let text = [line(1), interactionLine(#""input_token":3"#), line(3), "{oops", line(5)].joined(separator: "\n")
        let (report, events, _) = try run(text)
        #expect(events.isEmpty)
        #expect(!report.yielded)
        #expect(report.rejected == 2)
        #expect(report.events == 3)
        #expect(report.errors.map(\.description) == [
            "line 2: input_token: unknown field (did you mean \"input_tokens\"?)",
            "line 4: invalid JSON at byte 2: unexpected 'o', expected a member name in quotes",
        ])
    }

    @Test func allOrNothingSecondPassWhenEventsExceedRetention() throws {
        let text = (1...50).map(line).joined(separator: "\n")
        let (report, events, _) = try run(text, chunkSize: 128) { $0.retainedEventLimit = 10; $0.batchSize = 7 }
        #expect(report.usedSecondPass)
        #expect(report.yielded)
        #expect(events.map(\.line) == Array(1...50))
    }

    @Test func skipInvalidWritesRejects() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tally-ingest-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let rejectsPath = directory.appendingPathComponent("rejects.ndjson").path
        let bad = interactionLine(#""cached_input_tokens":500"#)
        let text = [line(1), bad, "not json \"quoted\"", line(4)].joined(separator: "\n") + "\n"
        let (report, events, _) = try run(text, mode: .skipInvalid(rejectsPath: rejectsPath))
        #expect(report.yielded)
        #expect(events.map(\.line) == [1, 4])
        #expect(report.rejected == 2)
        let rejects = try String(contentsOfFile: rejectsPath, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(rejects.count == 2)
        let first = try JSONSerialization.jsonObject(with: Data(rejects[0].utf8)) as? [String: Any]
        #expect(first?["line"] as? Int == 2)
        #expect(first?["field"] as? String == "cached_input_tokens")
        #expect(first?["reason"] as? String == "500 exceeds input_tokens (100), which counts cached input too")
        #expect(first?["input"] as? String == bad)
        let second = try JSONSerialization.jsonObject(with: Data(rejects[1].utf8)) as? [String: Any]
        #expect(second?["field"] is NSNull)
        #expect(second?["input"] as? String == "not json \"quoted\"")
    }

    @Test func overlongLinesAreRejectedWithoutBufferingThem() throws {
        let long = interactionLine(#""attributes":{"k":"\#(String(repeating: "x", count: 900))"}"#)
        let text = [line(1), long, line(3)].joined(separator: "\n")
        let (report, events, _) = try run(text, mode: .skipInvalid(rejectsPath: nil), chunkSize: 64) { $0.maxLineBytes = 256 }
        #expect(events.map(\.line) == [1, 3])
        #expect(report.errors == [IngestError(line: 2, field: nil, reason: "line is \(long.utf8.count) bytes, longer than the limit of 256")])
    }

    @Test func manyErrorsAreCountedButReportIsCapped() throws {
        let text = (1...30).map { _ in "{" }.joined(separator: "\n")
        let (report, _, _) = try run(text, mode: .skipInvalid(rejectsPath: nil)) { $0.maxReportedErrors = 5 }
        #expect(report.rejected == 30)
        #expect(report.errors.count == 5)
        #expect(report.unreportedErrors == 25)
    }

    @Test func readsFilesAndReportsMissingOnes() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tally-ingest-\(UInt64.random(in: 0...UInt64.max)).ndjson").path
        try Data(((1...3).map(line).joined(separator: "\n")).utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var seen = 0
        let report = try NDJSONImportReader(source: .file(path)).run { batch in
            seen += batch.events.count
            #expect(batch.totalBytes == Int64((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1))
        }
        #expect(seen == 3 && report.events == 3)
        #expect(throws: NDJSONImportIOError.self) {
            try NDJSONImportReader(source: .file(path + ".missing")).run { _ in }
        }
        do {
            _ = try NDJSONImportReader(source: .file("/nonexistent/x.ndjson")).run { _ in }
        } catch let error as NDJSONImportIOError {
            #expect(error.description == "cannot open /nonexistent/x.ndjson: No such file or directory")
        }
    }

    @Test func callerErrorsStopTheRun() throws {
        struct Stop: Error {}
        let text = (1...30).map(line).joined(separator: "\n")
        var reader = NDJSONImportReader(source: .bytes(Array(text.utf8)), mode: .skipInvalid(rejectsPath: nil))
        reader.batchSize = 10
        var calls = 0
        #expect(throws: Stop.self) {
            try reader.run { _ in
                calls += 1
                throw Stop()
            }
        }
        #expect(calls == 1)
    }

    @Test func ingestErrorFormat() {
        #expect(IngestError(line: 12, field: "input_tokens", reason: "must not be negative, got -3").description
            == "line 12: input_tokens: must not be negative, got -3")
        #expect(IngestError(line: 3, field: nil, reason: "invalid JSON at byte 1: empty line").description == "line 3: invalid JSON at byte 1: empty line")
        #expect(IngestError(line: 4, EventValidationError(field: "stars", reason: "r")) == IngestError(line: 4, field: "stars", reason: "r"))
    }
}
