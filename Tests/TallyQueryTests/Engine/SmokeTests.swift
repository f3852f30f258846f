import Testing
@testable import TallyQuery

@Suite struct SmokeTests {
    @Test func smoke() throws {
        let out = StringOutput()
        let script = """
        SELECT agent, sum(cost_usd) AS cost, count(*) n, avg(latency_ms_avg) FROM agent_days GROUP BY agent ORDER BY 2 DESC;
        .mode csv
        SELECT * FROM conversations WHERE conversation_id IN ('c05', 'c07');
        .mode json
        SELECT * FROM conversations WHERE conversation_id IN ('c05', 'c07');
        .mode markdown
        SELECT day, tenant, sum(cost_usd) FROM agent_days GROUP BY 1, 2 ORDER BY 1, 2 LIMIT 3;
        .mode line
        SELECT * FROM events LIMIT 2;
        .mode table
        SELECT agnet FROM agent_days;
        SELECT *
          FROM agent_dayz;
        .tabels
        .tables
        .schema agent_days
        .timer on
        SELECT count(*) FROM events;
        .help
        """
        let repl = REPL(engine: Fixtures.engine(), input: ScriptInput(text: script), output: out, interactive: false)
        repl.run()
        print(out.text)
    }
}
