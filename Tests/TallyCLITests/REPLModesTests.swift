import Foundation
import Testing

@Suite struct REPLModesTests {
    @Test func outputModes() throws {
        let dir = try REPLSession.store()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try REPLSession.session(dir, """
            .mode csv
            SELECT conversation_id, interactions, cost_usd FROM conversations WHERE conversation_id = 'c1';
            .mode json
            SELECT tenant, sum(cost_usd) AS cost FROM agent_days GROUP BY tenant ORDER BY tenant;
            .mode markdown
            SELECT day, count(*) AS n
              FROM agent_days GROUP BY day ORDER BY day;

            """)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
            conversation_id,interactions,cost_usd\r
            c1,2,0.0044\r
            [{"tenant":"acme","cost":0.008},
            {"tenant":"default","cost":0.0044}]
            | day        |   n |
            |------------|----:|
            | 2026-11-01 |   2 |
            | 2026-11-02 |   1 |

            """)
    }
}
