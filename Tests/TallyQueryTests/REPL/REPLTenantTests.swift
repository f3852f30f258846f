import Testing
@testable import TallyQuery

/// `.tenant NAME|off` scopes every table that has a tenant column.
@Suite struct REPLTenantTests {
    @Test func scopeAppliesToEveryQueryUntilOff() {
        let s = Session.run("""
            .mode csv
            .headers off
            .tenant
            SELECT count(*) FROM conversations;
            .tenant globex
            .tenant
            SELECT count(*) FROM conversations;
            SELECT DISTINCT tenant FROM agent_days;
            SELECT count(*) FROM events WHERE tenant = 'acme';
            .tenant off
            SELECT count(*) FROM conversations;
            """)
        #expect(s.output == "tenant: all (no scope)\n20\r\ntenant: globex\n6\r\nglobex\r\n0\r\n20\r\n")
        #expect(s.errors == "")
    }

    @Test func tablesWithoutATenantColumnAreUnaffected() throws {
        let schema = try TableSchema(name: "models", columns: [ColumnDescription("model", .text)], key: ["model"])
        let catalog = Fixtures.catalog()
        catalog.add(try InMemoryTable(schema: schema, rows: [["gpt-4o"], ["claude-sonnet"]]))
        let s = Session.run(".tenant acme\n.mode csv\nSELECT count(*) FROM models;\n", engine: QueryEngine(catalog: catalog))
        #expect(s.output == "count(*)\r\n2\r\n")
    }
}
