.mode markdown
SELECT model, sum(cost_usd) FROM whatif.agent_days GROUP BY 1 ORDER BY 2 DESC;
.mode line
SELECT * FROM whatif.models LIMIT 1;
.timer on
SELECT count(*) FROM events;
