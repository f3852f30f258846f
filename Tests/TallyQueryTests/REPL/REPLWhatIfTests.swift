import Tally
import Testing
@testable import TallyQuery

/// `.whatif BOOK` calls the host's replay, then unqualified names mean the what-if tables.
@Suite struct REPLWhatIfTests {
    /// A fake replay: "double" leaves `whatif.agent_days` with every cost doubled.
    func hook(_ catalog: InMemoryCatalog, calls: Box) -> WhatIfHook {
        { book in
            calls.books.append(book)
            guard book == "double" else { throw QueryError(.invalidArgument, "no price book named \(book)") }
            let base = Fixtures.agentDays()
            let rows = base.rows.map { row -> [QueryValue] in
                var r = row
                if case let .money(m) = r[7] { r[7] = .money(m + m) }
                return r
            }
            catalog.add(try InMemoryTable(schema: base.schema.renamed("whatif.agent_days"), rows: rows))
            return WhatIfSet(tableSet: "whatif", summary: "replayed 12 rows under double")
        }
    }

    final class Box: @unchecked Sendable { var books: [String] = [] }

    @Test func switchesToTheWhatIfTablesAndBack() {
        let catalog = Fixtures.catalog()
        let calls = Box()
        let s = Session.run("""
            .mode csv
            .headers off
            SELECT sum(cost_usd) FROM agent_days;
            .whatif double
            .whatif
            SELECT sum(cost_usd) FROM agent_days;
            SELECT sum(cost_usd) FROM main.agent_days;
            SELECT count(*) FROM events;
            .tables
            .whatif off
            SELECT sum(cost_usd) FROM agent_days;
            """, engine: QueryEngine(catalog: catalog), whatifHook: hook(catalog, calls: calls))
        #expect(calls.books == ["double"])
        #expect(s.output == """
            2.466000000012\r
            replayed 12 rows under double
            what-if: tables from the whatif set
            4.932000000024\r
            2.466000000012\r
            1000\r
            agent_days         conversations      events             whatif.agent_days
            2.466000000012\r

            """)
        #expect(s.errors == "")
    }

    @Test func replayErrorsAreReportedAndNothingSwitches() {
        let catalog = Fixtures.catalog()
        let s = Session.run(".whatif nosuchbook\n.whatif\n", engine: QueryEngine(catalog: catalog), whatifHook: hook(catalog, calls: Box()))
        #expect(s.errors == "Error: no price book named nosuchbook\n")
        #expect(s.output == "what-if: off\n")
    }

    @Test func withoutAHookTheCommandSaysSo() {
        #expect(Session.run(".whatif list-2026\n").errors == "Error: what-if replay is not available in this session\n")
    }
}
