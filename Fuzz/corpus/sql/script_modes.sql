.mode json
.headers off
SELECT agent, count(*) FROM agent_days GROUP BY agent;
.tenant acme
SELECT * FROM users LIMIT 2;
.tables
.schema events
