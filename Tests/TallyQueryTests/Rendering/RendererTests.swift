import Tally
import Testing
@testable import TallyQuery

@Suite struct RendererTests {
    /// Two rows covering every kind: text, integer, money, double, day, timestamp, bool, NULL.
    let result = QueryResult(
        columns: [
            ResultColumn(name: "agent", type: .text), ResultColumn(name: "n", type: .integer),
            ResultColumn(name: "cost_usd", type: .money), ResultColumn(name: "p95", type: .double),
            ResultColumn(name: "day", type: .day), ResultColumn(name: "at", type: .timestamp),
            ResultColumn(name: "ok", type: .bool),
        ],
        rows: [
            ["support", 12, Fixtures.money("1.236000000006"), 210.5, Fixtures.day("2026-01-01"), Fixtures.ts("2026-01-01T09:30:00Z"), true],
            ["billing, \"east\"", 3, Fixtures.money("0.5"), .null, Fixtures.day("2026-01-02"), .null, false],
        ])

    func render(_ mode: String, headers: Bool = true, _ result: QueryResult? = nil) -> String {
        OutputMode.named(mode)!.render(result ?? self.result, options: RenderOptions(headers: headers))
    }

    @Test func table() {
        #expect(render("table") == """
            ┌─────────────────┬────┬────────────────┬───────┬────────────┬──────────────────────────┬───────┐
            │      agent      │ n  │    cost_usd    │  p95  │    day     │            at            │  ok   │
            ├─────────────────┼────┼────────────────┼───────┼────────────┼──────────────────────────┼───────┤
            │ support         │ 12 │ 1.236000000006 │ 210.5 │ 2026-01-01 │ 2026-01-01T09:30:00.000Z │ true  │
            │ billing, "east" │  3 │            0.5 │  NULL │ 2026-01-02 │ NULL                     │ false │
            └─────────────────┴────┴────────────────┴───────┴────────────┴──────────────────────────┴───────┘

            """)
    }

    @Test func tableWithoutHeaders() {
        let small = QueryResult(columns: [ResultColumn(name: "a", type: .text), ResultColumn(name: "b", type: .integer)], rows: [["x", 1], ["yy", 22]])
        #expect(render("table", headers: false, small) == """
            ┌────┬────┐
            │ x  │  1 │
            │ yy │ 22 │
            └────┴────┘

            """)
    }

    @Test func emptyTableShowsItsColumns() {
        let empty = QueryResult(columns: [ResultColumn(name: "agent", type: .text)], rows: [])
        #expect(render("table", empty) == "┌───────┐\n│ agent │\n└───────┘\n")
        #expect(render("table", headers: false, empty) == "")
    }

    @Test func wideCharactersAlign() {
        let wide = QueryResult(columns: [ResultColumn(name: "name", type: .text)], rows: [["日本"], ["ab"]])
        #expect(render("table", wide) == """
            ┌──────┐
            │ name │
            ├──────┤
            │ 日本 │
            │ ab   │
            └──────┘

            """)
    }

    @Test func controlCharactersAreEscapedInCells() {
        let text = QueryResult(columns: [ResultColumn(name: "c", type: .text)], rows: [["a\nb\tc"]])
        #expect(render("table", text).contains("│ a\\nb\\tc │"))
    }

    @Test func csv() {
        #expect(render("csv") == "agent,n,cost_usd,p95,day,at,ok\r\n"
            + "support,12,1.236000000006,210.5,2026-01-01,2026-01-01T09:30:00.000Z,true\r\n"
            + "\"billing, \"\"east\"\"\",3,0.5,,2026-01-02,,false\r\n")
        #expect(render("csv", headers: false).hasPrefix("support,12,"))
        let multiline = QueryResult(columns: [ResultColumn(name: "c", type: .text)], rows: [["line1\nline2"]])
        #expect(render("csv", multiline) == "c\r\n\"line1\nline2\"\r\n")
    }

    @Test func json() {
        #expect(render("json") == """
            [{"agent":"support","n":12,"cost_usd":1.236000000006,"p95":210.5,"day":"2026-01-01","at":"2026-01-01T09:30:00.000Z","ok":true},
            {"agent":"billing, \\"east\\"","n":3,"cost_usd":0.5,"p95":null,"day":"2026-01-02","at":null,"ok":false}]

            """)
        #expect(render("json", QueryResult(columns: result.columns, rows: [])) == "[]\n")
    }

    @Test func jsonMoneyCarriesEveryDigit() {
        let money = QueryResult(
            columns: [ResultColumn(name: "m", type: .money)],
            rows: [[Fixtures.money("123456789012.000000000001")], [Fixtures.money("-0.000000000001")], [Fixtures.money("0")]])
        #expect(render("json", money) == "[{\"m\":123456789012.000000000001},\n{\"m\":-0.000000000001},\n{\"m\":0}]\n")
    }

    @Test func jsonEscapesAndNonFiniteDoubles() {
        let odd = QueryResult(columns: [ResultColumn(name: "k\"ey", type: .text), ResultColumn(name: "d", type: .double)], rows: [["a\\b\u{1}", .double(.infinity)]])
        #expect(render("json", odd) == "[{\"k\\\"ey\":\"a\\\\b\\u0001\",\"d\":null}]\n")
    }

    @Test func markdown() {
        #expect(render("markdown") == """
            | agent           |   n |       cost_usd |   p95 | day        | at                       | ok    |
            |-----------------|----:|---------------:|------:|------------|--------------------------|-------|
            | support         |  12 | 1.236000000006 | 210.5 | 2026-01-01 | 2026-01-01T09:30:00.000Z | true  |
            | billing, "east" |   3 |            0.5 |  NULL | 2026-01-02 | NULL                     | false |

            """)
    }

    @Test func markdownEscapesPipes() {
        let piped = QueryResult(columns: [ResultColumn(name: "a|b", type: .text)], rows: [["x|y"]])
        #expect(render("markdown", piped) == "| a\\|b |\n|------|\n| x\\|y |\n")
    }

    @Test func line() {
        #expect(render("line") == """
               agent = support
                   n = 12
            cost_usd = 1.236000000006
                 p95 = 210.5
                 day = 2026-01-01
                  at = 2026-01-01T09:30:00.000Z
                  ok = true

               agent = billing, "east"
                   n = 3
            cost_usd = 0.5
                 p95 = NULL
                 day = 2026-01-02
                  at = NULL
                  ok = false

            """)
    }

    @Test func everyModeIsRegisteredOnce() {
        #expect(OutputMode.all.map(\.name) == ["table", "csv", "json", "markdown", "line"])
        #expect(OutputMode.named("JSON")?.name == "json")
        #expect(OutputMode.named("html") == nil)
    }

    @Test func streamingModesWriteAsRowsArrive() {
        var csv = OutputMode.named("csv")!.makeRenderer(RenderOptions())
        #expect(csv.begin([ResultColumn(name: "a", type: .integer)]) == "a\r\n")
        #expect(csv.row([1]) == "1\r\n")
        var json = OutputMode.named("json")!.makeRenderer(RenderOptions())
        _ = json.begin([ResultColumn(name: "a", type: .integer)])
        #expect(json.row([1]) == "[{\"a\":1}")
        #expect(json.row([2]) == ",\n{\"a\":2}")
        #expect(json.end() == "]\n")
    }
}
