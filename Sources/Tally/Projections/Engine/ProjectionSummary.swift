import TallyStore

/// Row counts and grand totals of a projection set, for `tally stats`.
public struct ProjectionSummary: Sendable {
    public var checkpoint: UInt64 = 0
    public var conversations = 0
    public var users = 0
    public var agentDays = 0
    public var models = 0
    public var anomalies = 0
    public var openAnomalies = 0
    /// All usage, summed over `agent_days`.
    public var totals = UsageTotals()
    public var ratings = RatingAggregate()
    public var firstDay: Int32?
    public var lastDay: Int32?
}

extension ProjectionEngine {
    /// Counts and totals in one snapshot.
    public func summary() throws -> ProjectionSummary {
        try environment.read { txn in
            let ref = txn.unsafeReference
            var s = ProjectionSummary()
            s.checkpoint = try checkpoint(ref)
            s.conversations = try ref.count(tables.conversations)
            s.users = try ref.count(tables.users)
            s.agentDays = try ref.count(tables.agentDays)
            s.models = try ref.count(tables.models)
            s.anomalies = try ref.count(tables.anomalies)
            try ref.withCursor(tables.agentDays) { cursor in
                try cursor.scan { entry in
                    var r = ByteReader(entry.value)
                    if let row = AgentDayRow(from: &r, latency: false) {
                        s.totals.merge(row.usage)
                        s.ratings.ratings += row.ratings.ratings
                        s.ratings.starsSum += row.ratings.starsSum
                        s.ratings.starsCount += row.ratings.starsCount
                    }
                    if let key = AgentDayKey(bytes: entry.key) {
                        if s.firstDay == nil { s.firstDay = key.day }
                        s.lastDay = key.day
                    }
                    return true
                }
            }
            try ref.withCursor(tables.anomalies) { cursor in
                try cursor.scan { entry in
                    var r = ByteReader(entry.value)
                    if let row = AnomalyRow(from: &r), row.isOpen { s.openAnomalies += 1 }
                    return true
                }
            }
            return s
        }
    }
}
