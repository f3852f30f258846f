import Foundation
import Testing
@testable import Tally

/// `Schemas/price_book.schema.json` and its examples agree with the Swift reader: every valid
/// example reads (and survives canonical JSON), every invalid one is rejected, and the schema
/// lists exactly the fields the reader accepts.
@Suite("Price book schema and examples")
struct PriceBookSchemaTests {
    private var schemas: URL { SharedData.repositoryRoot().appendingPathComponent("Schemas") }

    private func files(_ kind: String) throws -> [URL] {
        let dir = schemas.appendingPathComponent("examples/\(kind)")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        return names.filter { $0.hasPrefix("price_book_") && $0.hasSuffix(".json") }.sorted().map { dir.appendingPathComponent($0) }
    }

    private func json(_ url: URL) throws -> JSONValue {
        let data = try #require(FileManager.default.contents(atPath: url.path), "cannot read \(url.path)")
        return try JSONParser.parse(data)
    }

    @Test func validExamplesRead() throws {
        let valid = try files("valid")
        #expect(valid.count >= 3)
        for url in valid {
            let book = try PriceBook.parse(json: json(url))
            #expect(!book.entries.isEmpty, "\(url.lastPathComponent)")
            #expect(try PriceBook.parse(json: JSONParser.parse(book.canonicalJSON())) == book, "\(url.lastPathComponent)")
        }
    }

    @Test func invalidExamplesAreRejected() throws {
        let invalid = try files("invalid")
        #expect(invalid.count >= 10)
        for url in invalid {
            let value = try json(url)
            #expect(throws: PriceBookError.self, "\(url.lastPathComponent)") { try PriceBook.parse(json: value) }
        }
    }

    @Test func schemaListsTheFieldsTheReaderAccepts() throws {
        let schema = try json(schemas.appendingPathComponent("price_book.schema.json"))
        #expect(schema["$schema"]?.stringValue == "https://json-schema.org/draft/2020-12/schema")
        func keys(_ value: JSONValue?) -> Set<String> { Set(value?["properties"]?.objectValue?.keys ?? []) }
        let defs = schema["$defs"]
        #expect(keys(schema) == PriceBook.bookKeys)
        #expect(keys(defs?["entry"]) == PriceBook.entryKeys)
        #expect(keys(defs?["tier"]) == PriceBook.tierKeys)
        #expect(keys(defs?["source"]) == PriceBook.sourceKeys)
        #expect(keys(defs?["clause"]) == ["equals", "starts_with", "ends_with", "contains", "regex", "or", "and"])
    }
}
