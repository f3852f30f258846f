import Testing
@testable import TallyQuery

@Suite struct SmokeTests {
    @Test func smoke() throws {
        let engine = Fixtures.engine()
        for sql in [
            "SELECT tenant, count(*), sum(cost_usd) FROM agent_days GROUP BY tenant ORDER BY tenant",
            "SELECT day, sum(interactions) AS n FROM agent_days GROUP BY day HAVING n > 50 ORDER BY day",
            "SELECT conversation_id, avg_stars, cost_usd FROM conversations WHERE conversation_id < 'c07' ORDER BY avg_stars NULLS LAST, cost_usd DESC",
            "SELECT min(started_at), max(escalated) FROM conversations",
            "SELECT * FROM agent_days",
        ] {
            print(sql)
            for row in try engine.texts(sql) { print(row) }
        }
    }
}
