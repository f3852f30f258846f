import Tally

/// The SQLite side's schema and SQL: what a careful engineer would write for the same job.
///
/// - `events`: one wide row per event, `position INTEGER PRIMARY KEY` (the rowid, = Tally's
///   position), a UNIQUE index on `id` (idempotency through `INSERT OR IGNORE`, as Tally's `ids`
///   table) and an index on `conversation_id` (as Tally's `conversation_events`).
/// - `prices`: one row per (tenant, model name, validity start), integer µ$ per 1M tokens, so
///   `tokens × price` is integer picodollars, exactly as Tally's `Money`.
/// - the summary tables `conversations`, `users`, `agent_days`, `models` (`WITHOUT ROWID`, keyed
///   as Tally's projections), carrying the same additive usage counters as Tally's `UsageTotals`.
enum SQLSchema {
    static let eventColumns = [
        "id", "type", "ts", "tenant", "conversation_id", "message_id", "user_id", "agent", "model", "provider", "task_type",
        "input_tokens", "output_tokens", "cached_input_tokens", "cache_write_tokens", "reasoning_tokens",
        "latency_ms", "ttft_ms", "status", "error_type", "tool_calls", "tool_failures", "context_tokens",
        "escalation_suggested", "confidence", "experiment", "reported_cost_pd", "attributes",
        "rater_id", "stars", "thumbs", "success", "failure_tags", "comment", "from_agent", "to_agent", "reason", "body",
    ]

    static let events = """
        CREATE TABLE IF NOT EXISTS events(
          position INTEGER PRIMARY KEY,
          id TEXT NOT NULL, type INTEGER NOT NULL, ts INTEGER NOT NULL, tenant TEXT NOT NULL,
          conversation_id TEXT, message_id TEXT, user_id TEXT, agent TEXT, model TEXT, provider TEXT, task_type TEXT,
          input_tokens INTEGER, output_tokens INTEGER, cached_input_tokens INTEGER, cache_write_tokens INTEGER,
          reasoning_tokens INTEGER, latency_ms INTEGER, ttft_ms INTEGER, status INTEGER, error_type TEXT,
          tool_calls INTEGER, tool_failures INTEGER, context_tokens INTEGER, escalation_suggested INTEGER,
          confidence REAL, experiment TEXT, reported_cost_pd INTEGER, attributes TEXT,
          rater_id TEXT, stars INTEGER, thumbs INTEGER, success INTEGER, failure_tags TEXT, comment TEXT,
          from_agent TEXT, to_agent TEXT, reason TEXT, body TEXT,
          cost_pd INTEGER);
        CREATE UNIQUE INDEX IF NOT EXISTS events_id ON events(id);
        CREATE INDEX IF NOT EXISTS events_conversation ON events(conversation_id);
        """

    static func prices(_ name: String) -> String {
        """
        CREATE TABLE IF NOT EXISTS \(name)(
          tenant TEXT NOT NULL, model TEXT NOT NULL, valid_from INTEGER NOT NULL, valid_until INTEGER NOT NULL,
          input INTEGER NOT NULL, output INTEGER NOT NULL, cached INTEGER NOT NULL, cache_write INTEGER NOT NULL,
          tier_above INTEGER, t_input INTEGER, t_output INTEGER, t_cached INTEGER, t_write INTEGER,
          PRIMARY KEY(tenant, model, valid_from)) WITHOUT ROWID;
        """
    }

    /// The additive usage counters of every summary row (Tally's `UsageTotals`).
    static let usage = [
        "interactions", "errors", "timeouts", "input_tokens", "output_tokens", "cached_input_tokens", "cache_write_tokens",
        "reasoning_tokens", "cost_pd", "unpriced", "reported_cost_pd", "reported_count", "latency_sum", "latency_count",
        "sla_breaches", "tool_calls", "tool_failures",
    ]

    static func summaries(prefix p: String) -> String {
        let u = usage.map { "\($0) INTEGER NOT NULL DEFAULT 0" }.joined(separator: ", ")
        return """
            CREATE TABLE IF NOT EXISTS \(p)conversations(conversation_id TEXT PRIMARY KEY, tenant TEXT, user_id TEXT,
              started_at INTEGER NOT NULL DEFAULT 9223372036854775807, last_at INTEGER NOT NULL DEFAULT -9223372036854775808,
              \(u), handoffs INTEGER NOT NULL DEFAULT 0, escalations INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS \(p)users(user_id TEXT PRIMARY KEY, tenant TEXT,
              first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, \(u)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS \(p)agent_days(day INTEGER NOT NULL, tenant TEXT NOT NULL, agent TEXT NOT NULL, model TEXT NOT NULL,
              \(u), PRIMARY KEY(day, tenant, agent, model)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS \(p)models(model TEXT PRIMARY KEY, provider TEXT,
              first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, \(u)) WITHOUT ROWID;
            """
    }

    /// The exact cost in picodollars of event row `e` under price row `p` (NULL when unpriced):
    /// input counts cached and cache-write tokens, which are priced at their own rates; the tier
    /// replaces the base prices when the input exceeds its threshold.
    static func cost(event e: String = "e", price p: String = "p") -> String {
        """
        (CASE WHEN \(p).model IS NULL THEN NULL \
        WHEN \(p).tier_above IS NOT NULL AND \(e).input_tokens > \(p).tier_above THEN \
        (\(e).input_tokens - \(e).cached_input_tokens - \(e).cache_write_tokens) * \(p).t_input + \(e).cached_input_tokens * \(p).t_cached \
        + \(e).cache_write_tokens * \(p).t_write + \(e).output_tokens * \(p).t_output \
        ELSE (\(e).input_tokens - \(e).cached_input_tokens - \(e).cache_write_tokens) * \(p).input + \(e).cached_input_tokens * \(p).cached \
        + \(e).cache_write_tokens * \(p).cache_write + \(e).output_tokens * \(p).output END)
        """
    }

    /// The insert of one event; with `priced`, its baseline cost is looked up in `prices` by the
    /// same statement (tenant's book in force at `ts`).
    static func insertEvent(priced: Bool) -> String {
        let names = eventColumns.joined(separator: ", ")
        let slots = (1...eventColumns.count).map { "?\($0)" }.joined(separator: ", ")
        guard priced else { return "INSERT OR IGNORE INTO events(\(names)) VALUES (\(slots))" }
        // ?3 ts, ?4 tenant, ?9 model, ?12 input, ?13 output, ?14 cached, ?15 cache write.
        let cost = """
            (SELECT CASE WHEN p.tier_above IS NOT NULL AND ?12 > p.tier_above \
            THEN (?12 - ?14 - ?15) * p.t_input + ?14 * p.t_cached + ?15 * p.t_write + ?13 * p.t_output \
            ELSE (?12 - ?14 - ?15) * p.input + ?14 * p.cached + ?15 * p.cache_write + ?13 * p.output END \
            FROM prices p WHERE ?2 = 1 AND p.tenant = ?4 AND p.model = ?9 AND p.valid_from <= ?3 AND ?3 < p.valid_until)
            """
        return "INSERT OR IGNORE INTO events(\(names), cost_pd) VALUES (\(slots), \(cost))"
    }

    /// The usage aggregates over a source with a `cost` column.
    static func usageAggregates(slaMs: Int64) -> String {
        """
        count(*), sum(status IN (1, 2)), sum(status = 2), sum(input_tokens), sum(output_tokens), sum(cached_input_tokens), \
        sum(cache_write_tokens), sum(reasoning_tokens), coalesce(sum(cost), 0), sum(cost IS NULL), \
        coalesce(sum(reported_cost_pd), 0), count(reported_cost_pd), coalesce(sum(latency_ms), 0), count(latency_ms), \
        coalesce(sum(latency_ms > \(slaMs)), 0), sum(tool_calls), sum(tool_failures)
        """
    }

    /// The upserts that fold interaction rows from `source` (a SELECT with the events' columns
    /// and `cost`) and handoff rows matching `handoffFilter` into the summary tables.
    static func foldStatements(prefix p: String, source: String, handoffFilter: String, slaMs: Int64) -> [String] {
        let u = usage.joined(separator: ", ")
        let add = usage.map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", ")
        let aggregates = usageAggregates(slaMs: slaMs)
        return [
            """
            INSERT INTO \(p)conversations(conversation_id, tenant, user_id, started_at, last_at, \(u))
            SELECT conversation_id, min(tenant), min(user_id), min(ts), max(ts), \(aggregates) FROM (\(source)) WHERE true
            GROUP BY conversation_id
            ON CONFLICT(conversation_id) DO UPDATE SET tenant = coalesce(tenant, excluded.tenant),
              user_id = coalesce(user_id, excluded.user_id), started_at = min(started_at, excluded.started_at),
              last_at = max(last_at, excluded.last_at), \(add)
            """,
            """
            INSERT INTO \(p)users(user_id, tenant, first_seen, last_seen, \(u))
            SELECT user_id, min(tenant), min(ts), max(ts), \(aggregates) FROM (\(source)) WHERE user_id IS NOT NULL
            GROUP BY user_id
            ON CONFLICT(user_id) DO UPDATE SET first_seen = min(first_seen, excluded.first_seen),
              last_seen = max(last_seen, excluded.last_seen), \(add)
            """,
            """
            INSERT INTO \(p)agent_days(day, tenant, agent, model, \(u))
            SELECT ts / 86400000, tenant, agent, model, \(aggregates) FROM (\(source)) WHERE true
            GROUP BY ts / 86400000, tenant, agent, model
            ON CONFLICT(day, tenant, agent, model) DO UPDATE SET \(add)
            """,
            """
            INSERT INTO \(p)models(model, provider, first_seen, last_seen, \(u))
            SELECT model, max(provider), min(ts), max(ts), \(aggregates) FROM (\(source)) WHERE true
            GROUP BY model
            ON CONFLICT(model) DO UPDATE SET provider = coalesce(excluded.provider, provider),
              first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen), \(add)
            """,
            """
            INSERT INTO \(p)conversations(conversation_id, tenant, handoffs, escalations)
            SELECT conversation_id, min(tenant), count(*), sum(reason = 'escalation') FROM events
            WHERE type = 3 AND \(handoffFilter) GROUP BY conversation_id
            ON CONFLICT(conversation_id) DO UPDATE SET handoffs = handoffs + excluded.handoffs,
              escalations = escalations + excluded.escalations
            """,
        ]
    }

    /// The batch's own interactions with the cost stored at insert (`?1` = last position before the batch).
    static let batchSource = "SELECT *, cost_pd AS cost FROM events WHERE position > ?1 AND type = 1"

    /// Every interaction, repriced through a join with a price table (`prices`: the tenant's book
    /// in force at `ts`; `whatif_prices`: one book for everything).
    static func repricedSource(prices table: String) -> String {
        let tenant = table == "prices" ? "p.tenant = e.tenant AND " : ""
        return """
            SELECT e.*, \(cost()) AS cost FROM events e LEFT JOIN \(table) p
            ON \(tenant)p.model = e.model AND p.valid_from <= e.ts AND e.ts < p.valid_until WHERE e.type = 1
            """
    }
}
