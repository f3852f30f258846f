import Foundation
import Testing
import Tally

/// The Swift decoder/validator and the JSON Schemas in `Schemas/` agree on every example:
/// every valid example decodes; every invalid line fails with the line and field that
/// `examples/invalid/EXPECTED.tsv` names; and the schemas (run with Python's `jsonschema` by
/// `Schemas/check_examples.py`) classify each line the same way, except the rules marked
/// `validator-only`, which JSON Schema cannot express and which the schema must then accept.
@Suite("Schemas and examples agree with the decoder")
struct SchemaExamplesTests {
    static let schemas = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Schemas")
    static let valid = schemas.appendingPathComponent("examples/valid")
    static let invalid = schemas.appendingPathComponent("examples/invalid")

    struct Expectation: Hashable {
        var file: String
        var line: Int
        var field: String
        var catcher: String // schema, json or validator-only
    }

    static func expectations() throws -> [Expectation] {
        let text = try String(contentsOf: invalid.appendingPathComponent("EXPECTED.tsv"), encoding: .utf8)
        return try text.split(separator: "\n").compactMap { row -> Expectation? in
            if row.hasPrefix("#") || row.hasPrefix("file\t") || row.isEmpty { return nil }
            let cells = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            try #require(cells.count == 4, "EXPECTED.tsv row: \(row)")
            try #require(["schema", "json", "validator-only"].contains(cells[3]), "EXPECTED.tsv row: \(row)")
            return Expectation(file: cells[0], line: Int(cells[1]) ?? -1, field: cells[2], catcher: cells[3])
        }
    }

    static func files(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".ndjson") }.sorted()
    }

    private func read(_ url: URL) throws -> (NDJSONImportReport, [NDJSONImportedEvent]) {
        var events: [NDJSONImportedEvent] = []
        let report = try NDJSONImportReader(source: .file(url.path), mode: .skipInvalid(rejectsPath: nil)).run { events += $0.events }
        return (report, events)
    }

    @Test func everyValidExampleDecodes() throws {
        let files = try Self.files(in: Self.valid)
        try #require(files.count >= 6)
        var types = Set<EventType>()
        for file in files {
            let (report, events) = try read(Self.valid.appendingPathComponent(file))
            #expect(report.errors.isEmpty, "\(file): \(report.errors)")
            #expect(!events.isEmpty, "\(file) holds no event")
            types.formUnion(events.map(\.event.type))
            // Canonical re-encoding reads back to the same event.
            for imported in events {
                let line = NDJSONEventEncoder().encode(imported.event)
                #expect(try NDJSONEventDecoder().decode(line) == imported.event, "\(file):\(imported.line)")
            }
        }
        #expect(types == Set(EventType.allCases), "valid examples cover every type")
    }

    @Test func everyInvalidLineFailsWithTheExpectedField() throws {
        let expected = try Self.expectations()
        let files = try Self.files(in: Self.invalid)
        #expect(Set(expected.map(\.file)) == Set(files), "EXPECTED.tsv and the invalid examples list the same files")
        for file in files {
            let (report, events) = try read(Self.invalid.appendingPathComponent(file))
            #expect(events.isEmpty, "\(file): lines \(events.map(\.line)) were accepted")
            let got = report.errors.map { "\($0.line)\t\($0.field ?? "-")" }
            let want = expected.filter { $0.file == file }.map { "\($0.line)\t\($0.field)" }
            #expect(got == want, "\(file): \(report.errors.map(\.description))")
        }
    }

    @Test(.enabled(if: PythonJSONSchema.isAvailable, "needs python3 with jsonschema (pip install jsonschema); it could not be installed"))
    func schemasClassifyEveryExampleTheSameWay() throws {
        let output = try PythonJSONSchema.run(script: Self.schemas.appendingPathComponent("check_examples.py"), argument: Self.schemas.path)
        var verdicts: [String: String] = [:]
        for row in output.split(separator: "\n") where !row.hasPrefix("#") {
            let cells = row.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            try #require(cells.count >= 3, "checker row: \(row)")
            verdicts["\(cells[0]):\(cells[1])"] = cells[2] + (cells.count > 3 && !cells[3].isEmpty ? " (\(cells[3]))" : "")
        }
        // Valid examples: the schema accepts every line.
        for file in try Self.files(in: Self.valid) {
            let rows = verdicts.filter { $0.key.hasPrefix("valid/\(file):") }
            #expect(!rows.isEmpty, "\(file) not checked")
            for (key, verdict) in rows {
                #expect(verdict == "valid", "\(key): \(verdict)")
            }
        }
        // Invalid examples: the schema rejects exactly the lines not marked validator-only.
        let expected = try Self.expectations()
        for e in expected {
            let verdict = verdicts["invalid/\(e.file):\(e.line)"] ?? "missing"
            switch e.catcher {
            case "schema": #expect(verdict.hasPrefix("schema-invalid"), "\(e.file):\(e.line) \(e.field): \(verdict)")
            case "json": #expect(verdict.hasPrefix("json-invalid"), "\(e.file):\(e.line) \(e.field): \(verdict)")
            default: #expect(verdict == "valid", "\(e.file):\(e.line) is marked validator-only but the schema says \(verdict)")
            }
        }
        #expect(verdicts.keys.filter { $0.hasPrefix("invalid/") }.count == expected.count)
    }
}

/// Finds (or installs, once) Python's `jsonschema` for the schema half of the agreement test.
enum PythonJSONSchema {
    static let isAvailable: Bool = {
        if probe() { return true }
        _ = try? execute(["python3", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "jsonschema"])
        return probe()
    }()

    private static func probe() -> Bool {
        (try? execute(["python3", "-c", "import jsonschema, referencing"]))?.status == 0
    }

    static func run(script: URL, argument: String) throws -> String {
        let result = try execute(["python3", script.path, argument])
        try #require(result.status == 0, "check_examples.py failed: \(result.error)")
        return result.output
    }

    private static func execute(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}
