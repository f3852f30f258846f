import Testing
@testable import TallyQuery

/// `.mode` and `.headers` in a piped session: exact output per mode.
@Suite struct REPLModeTests {
    let query = "SELECT agent, sum(interactions) AS n, sum(cost_usd) AS cost FROM agent_days WHERE day = '2026-01-01' GROUP BY agent ORDER BY agent;"

    @Test func tableIsTheDefault() {
        let s = Session.run(query)
        #expect(s.output == """
            ┌─────────┬────┬────────────────┐
            │  agent  │ n  │      cost      │
            ├─────────┼────┼────────────────┤
            │ billing │ 21 │ 0.210000000002 │
            │ support │ 23 │ 0.212000000002 │
            └─────────┴────┴────────────────┘

            """)
        #expect(s.errors == "")
        #expect(s.status == 0)
    }

    @Test func csvWithAndWithoutHeaders() {
        let s = Session.run(".mode csv\n\(query)\n.headers off\n\(query)\n")
        #expect(s.output == "agent,n,cost\r\nbilling,21,0.210000000002\r\nsupport,23,0.212000000002\r\n"
            + "billing,21,0.210000000002\r\nsupport,23,0.212000000002\r\n")
    }

    @Test func json() {
        let s = Session.run(".mode json\n\(query)\n")
        #expect(s.output == """
            [{"agent":"billing","n":21,"cost":0.210000000002},
            {"agent":"support","n":23,"cost":0.212000000002}]

            """)
    }

    @Test func markdown() {
        let s = Session.run(".mode markdown\n\(query)\n")
        #expect(s.output == """
            | agent   |   n |           cost |
            |---------|----:|---------------:|
            | billing |  21 | 0.210000000002 |
            | support |  23 | 0.212000000002 |

            """)
    }

    @Test func line() {
        let s = Session.run(".mode line\n\(query)\n")
        #expect(s.output == """
            agent = billing
                n = 21
             cost = 0.210000000002

            agent = support
                n = 23
             cost = 0.212000000002

            """)
    }

    @Test func modeWithoutArgumentShowsTheCurrentOne() {
        #expect(Session.run(".mode\n.mode json\n.mode\n").output == "current output mode: table\ncurrent output mode: json\n")
    }

    @Test func unknownModeSuggests() {
        let s = Session.run(".mode tabel\n")
        #expect(s.errors == "Error: unknown mode \"tabel\" (did you mean table?); modes: table, csv, json, markdown, line\n")
        #expect(s.status == 1)
    }

    @Test func badHeadersArgument() {
        #expect(Session.run(".headers maybe\n").errors == "Error: usage: .headers on|off\n")
        #expect(Session.run(".headers\n").errors == "Error: usage: .headers on|off\n")
    }
}
