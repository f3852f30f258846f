import Testing
@testable import TallyQuery

@Suite struct InMemoryCatalogTests {
    let schema = try! TableSchema(
        name: "T", columns: [ColumnDescription("a", .text), ColumnDescription("b", .integer), ColumnDescription("v", .double)], key: ["a", "b"])

    func scan(_ table: InMemoryTable, _ constraint: KeyConstraint, descending: Bool = false, stopAfter: Int = .max) throws -> [[QueryValue]] {
        var rows: [[QueryValue]] = []
        let outcome = try table.scan(ScanRequest(constraint: constraint, descending: descending, columns: .all(count: 3))) { (row: [QueryValue]) throws(QueryError) -> ScanStep in
            rows.append(row)
            return rows.count >= stopAfter ? .stop : .next
        }
        #expect(outcome.exact)
        return rows
    }

    func table() throws -> InMemoryTable {
        try InMemoryTable(schema: schema, rows: [["y", 1, 0.5], ["x", 2, .null], ["x", 1, 1.5], ["z", 0, 2.5], ["y", 3, 3.5]])
    }

    @Test func namesAreLowerCaseAndRowsSortedByKey() throws {
        let t = try table()
        #expect(t.schema.name == "t")
        #expect(t.rows.map { [$0[0], $0[1]] } == [["x", 1], ["x", 2], ["y", 1], ["y", 3], ["z", 0]])
    }

    @Test func scansHonourPrefixesAndRanges() throws {
        let t = try table()
        #expect(try scan(t, KeyConstraint(equal: ["y"])).map { $0[1] } == [1, 3])
        #expect(try scan(t, KeyConstraint(equal: ["y", 3])).count == 1)
        #expect(try scan(t, KeyConstraint(equal: ["y"], lower: KeyBound(2, inclusive: true))).map { $0[1] } == [3])
        #expect(try scan(t, KeyConstraint(lower: KeyBound("x", inclusive: false), upper: KeyBound("y", inclusive: true))).count == 2)
        #expect(try scan(t, KeyConstraint(upper: KeyBound("y", inclusive: false))).count == 2)
        #expect(try scan(t, KeyConstraint(equal: ["w"])).isEmpty)
        #expect(try scan(t, KeyConstraint(lower: KeyBound("z", inclusive: false), upper: KeyBound("a", inclusive: false))).isEmpty)
    }

    @Test func descendingAndEarlyStop() throws {
        let t = try table()
        #expect(try scan(t, .all, descending: true).map { $0[0] } == ["z", "y", "y", "x", "x"])
        #expect(try scan(t, KeyConstraint(equal: ["x"]), descending: true).map { $0[1] } == [2, 1])
        #expect(try scan(t, .all, stopAfter: 2).count == 2)
    }

    @Test func invalidRowsAreRejected() {
        #expect(throws: QueryError(.invalidSchema, "table t: row 0 has 2 values, expected 3")) {
            try InMemoryTable(schema: schema, rows: [["x", 1]])
        }
        #expect(throws: QueryError(.invalidSchema, "table t: row 0, column b: text value in a integer column")) {
            try InMemoryTable(schema: schema, rows: [["x", "1", 0.5]])
        }
        #expect(throws: QueryError(.invalidSchema, "table t: row 0 has a NULL key column b")) {
            try InMemoryTable(schema: schema, rows: [["x", .null, 0.5]])
        }
    }

    @Test func invalidSchemasAreRejected() {
        #expect(throws: QueryError(.invalidSchema, "table t: key column c is not a column")) {
            try TableSchema(name: "t", columns: [ColumnDescription("a", .text)], key: ["c"])
        }
        #expect(throws: QueryError(.invalidSchema, "table t: column A is defined twice")) {
            try TableSchema(name: "t", columns: [ColumnDescription("a", .text), ColumnDescription("A", .text)], key: ["a"])
        }
        #expect(throws: QueryError(.invalidSchema, "table t: key column a is named twice")) {
            try TableSchema(name: "t", columns: [ColumnDescription("a", .text)], key: ["a", "a"])
        }
    }

    @Test func catalogSnapshotsAreStable() throws {
        let catalog = InMemoryCatalog(tables: [try table()])
        try catalog.withSnapshot { (snapshot: any QuerySnapshot) throws(QueryError) in
            // A table added while a statement runs is not part of its snapshot.
            catalog.add(try InMemoryTable(schema: schema.renamed("whatif.t"), rows: []))
            #expect(try snapshot.tableSchemas().map(\.name) == ["t"])
            #expect(try snapshot.table(named: "whatif.t") == nil)
            #expect(snapshot.emptyStoreNotice() == nil)
        }
        #expect(catalog.tableNames == ["t", "whatif.t"])
        catalog.remove(named: "WHATIF.T")
        #expect(catalog.tableNames == ["t"])
    }
}

@Suite struct InMemoryIndexTests {
    @Test func scansThroughAnIndex() throws {
        let schema = try TableSchema(
            name: "t", columns: [ColumnDescription("id", .integer), ColumnDescription("g", .text)], key: ["id"], indexes: [["g"]])
        #expect(schema.indexes == [TableIndex(name: "t_by_g", columns: [1])])
        let table = try InMemoryTable(schema: schema, rows: [[1, "b"], [2, "a"], [3, "b"], [4, .null], [5, "a"]])
        var seen: [QueryValue] = []
        _ = try table.scan(ScanRequest(index: 0, constraint: KeyConstraint(equal: ["b"]), columns: .all(count: 2))) { (row: [QueryValue]) throws(QueryError) -> ScanStep in
            seen.append(row[0])
            return .next
        }
        #expect(seen == [1, 3])
        seen = []
        _ = try table.scan(ScanRequest(index: 0, descending: true, columns: .all(count: 2))) { (row: [QueryValue]) throws(QueryError) -> ScanStep in
            seen.append(row[0])
            return .next
        }
        #expect(seen == [3, 1, 5, 2, 4])
        #expect(throws: QueryError(.storage, "table t has no index 3")) {
            try table.scan(ScanRequest(index: 3, columns: .all(count: 2))) { (_: [QueryValue]) throws(QueryError) -> ScanStep in .next }
        }
    }

    @Test func badIndexes() {
        #expect(throws: QueryError(.invalidSchema, "table t: index column zz is not a column")) {
            try TableSchema(name: "t", columns: [ColumnDescription("a", .text)], key: ["a"], indexes: [["zz"]])
        }
        #expect(throws: QueryError(.invalidSchema, "table t: the index has no columns")) {
            try TableSchema(name: "t", columns: [ColumnDescription("a", .text)], key: ["a"], indexes: [[]])
        }
        #expect(throws: QueryError(.invalidSchema, "table t: the key has no columns")) {
            try TableSchema(name: "t", columns: [ColumnDescription("a", .text)], key: [])
        }
    }
}
