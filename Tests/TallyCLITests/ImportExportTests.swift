import Foundation
import Testing

@Suite struct ImportExportTests {
    var validExamples: [String] {
        let dir = CLIRunner.repositoryRoot.appendingPathComponent("Schemas/examples/valid").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".ndjson") }.sorted().map { dir + "/" + $0 }
    }

    @Test func importExportImportReproducesTheLogAndVerifies() throws {
        let dir = CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(!validExamples.isEmpty)
        var appended = 0
        for file in validExamples {
            let r = try CLIRunner.run(["import", "--store", "a", file], in: dir)
            #expect(r.status == 0, "\(file): \(r.stderr)")
            if let n = r.stdout.split(separator: " ").dropFirst().first.flatMap({ Int($0.replacingOccurrences(of: ",", with: "")) }) { appended += n }
        }
        #expect(appended > 0)
        let export1 = try CLIRunner.run(["export", "--store", "a"], in: dir)
        #expect(export1.status == 0)
        try export1.stdout.write(toFile: dir + "/export.ndjson", atomically: true, encoding: .utf8)
        let reimport = try CLIRunner.run(["import", "--store", "b", "export.ndjson"], in: dir)
        #expect(reimport.stdout.hasPrefix("appended \(appended),"), "\(reimport.stdout)")
        let export2 = try CLIRunner.run(["export", "--store", "b"], in: dir)
        #expect(export2.stdout == export1.stdout)
        let again = try CLIRunner.run(["import", "--store", "b", "export.ndjson"], in: dir)
        #expect(again.stdout.hasPrefix("appended 0, duplicates \(appended),"))
        #expect(try CLIRunner.run(["verify", "--store", "b"], in: dir).status == 0)
    }

    @Test func aBadLineRejectsTheWholeInputWithLineFieldAndReason() throws {
        let dir = CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let input = """
            {"type":"interaction","id":"a1","ts":"2026-11-01T10:00:00.000Z","conversation_id":"c1","agent":"a","model":"m","input_tokens":10,"output_tokens":5,"status":"ok"}
            {"type":"interaction","id":"a2","ts":"2026-11-01T10:00:00.000Z","conversation_id":"c1","agent":"a","model":"m","input_tokens":-1,"output_tokens":5,"status":"ok"}
            {"type":"interaction","id":"a3","ts":"2026-11-01T10:00:00.000Z","conversation_id":"c1","agent":"a","model":"m","input_tokens":10,"output_tokens":5,"status":"ok"}

            """
        let r = try CLIRunner.run(["import", "--store", "s", "-"], stdin: input, in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("line 2: input_tokens:"))
        #expect(r.stderr.contains("nothing was stored"))
        let skip = try CLIRunner.run(["import", "--store", "s", "--skip-invalid", "--rejects", "rejects.ndjson", "-"], stdin: input, in: dir)
        #expect(skip.status == 0)
        #expect(skip.stdout.hasPrefix("appended 2, duplicates 0, rejected 1"))
        let rejects = try String(contentsOfFile: dir + "/rejects.ndjson", encoding: .utf8)
        #expect(rejects.contains("\"line\":2"))
        // A re-run appends nothing twice, even for lines without an id.
        let noID = #"{"type":"rating","ts":"2026-11-01T10:01:00.000Z","conversation_id":"c1","rater_id":"r","stars":4}"# + "\n"
        #expect(try CLIRunner.run(["import", "--store", "s", "-"], stdin: noID, in: dir).stdout.hasPrefix("appended 1,"))
        #expect(try CLIRunner.run(["import", "--store", "s", "-"], stdin: noID, in: dir).stdout.hasPrefix("appended 0, duplicates 1,"))
    }

    @Test func anIDReusedWithOtherContentIsABadLineInEveryMode() throws {
        let dir = CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func line(_ id: String, model: String) -> String {
            #"{"type":"interaction","id":"\#(id)","ts":"2026-11-01T10:00:00.000Z","conversation_id":"c1","agent":"a","model":"\#(model)","input_tokens":10,"output_tokens":5,"status":"ok"}"#
        }
        let first = try CLIRunner.run(["import", "--store", "s", "-"], stdin: line("a1", model: "m") + "\n", in: dir)
        #expect(first.stdout.hasPrefix("appended 1,"))
        let input = [line("a2", model: "m"), line("a1", model: "m2"), line("a3", model: "m"), line("a3", model: "m3")].joined(separator: "\n") + "\n"
        for durability in ["bulk", "durable", "grouped"] {
            let r = try CLIRunner.run(["import", "--store", "s", "--durability", durability, "-"], stdin: input, in: dir)
            #expect(r.status == 1, "\(durability)")
            #expect(r.stderr.contains(#"line 2: id: id "a1" is already stored at position 1 with different content (model differs); a retry must resend the same event"#), "\(durability): \(r.stderr)")
            #expect(r.stderr.contains(#"line 4: id: id "a3" is already used on line 3 with different content (model differs); each event needs its own id"#), "\(durability): \(r.stderr)")
            #expect(r.stderr.contains("nothing was stored"), "\(durability)")
        }
        let skip = try CLIRunner.run(["import", "--store", "s", "--skip-invalid", "--rejects", "rejects.ndjson", "-"], stdin: input, in: dir)
        #expect(skip.status == 0)
        #expect(skip.stdout.hasPrefix("appended 2, duplicates 0, rejected 2"), "\(skip.stdout)")
        let rejects = try String(contentsOfFile: dir + "/rejects.ndjson", encoding: .utf8)
        #expect(rejects.contains(#""line":2,"field":"id""#) && rejects.contains(#""line":4,"field":"id""#))
        // The true retry of everything stored is all duplicates.
        let retry = try CLIRunner.run(["import", "--store", "s", "-"], stdin: line("a1", model: "m") + "\n" + line("a2", model: "m") + "\n", in: dir)
        #expect(retry.stdout.hasPrefix("appended 0, duplicates 2, rejected 0"), "\(retry.stdout) \(retry.stderr)")
        #expect(try CLIRunner.run(["verify", "--store", "s"], in: dir).status == 0)
    }
}
