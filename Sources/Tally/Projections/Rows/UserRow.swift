/// One row of the `users` projection (keyed by user symbol).
public struct UserRow: Hashable, Sendable {
    public var tenant: Symbol = 0
    public var firstSeen: Int64 = .max
    public var lastSeen: Int64 = .min
    public var conversations: Int64 = 0
    public var usage = UsageTotals()
    /// Ratings of this user's conversations and interactions.
    public var ratings = RatingAggregate()
    /// Per agent: interactions and the ratings of that agent's work for this user.
    public var agents: [AgentUse] = []
    /// Task types by interaction count.
    public var tasks = SymbolCounts()

    public init() {}

    /// One agent's use by a user.
    public struct AgentUse: Hashable, Sendable {
        public var agent: Symbol
        public var interactions: Int64 = 0
        public var ratings = RatingAggregate()
    }

    /// The agent use entry for `agent`, created when missing.
    mutating func withAgent(_ agent: Symbol, _ body: (inout AgentUse) -> Void) {
        if let i = agents.firstIndex(where: { $0.agent == agent }) {
            body(&agents[i])
        } else {
            var use = AgentUse(agent: agent)
            body(&use)
            agents.append(use)
        }
    }

    /// Best average rating among agents with at least 3 star ratings, else the most used agent.
    public var preferredAgent: Symbol? {
        var best: (Symbol, Double)? = nil
        for a in agents where a.ratings.starsCount >= 3 {
            if let avg = a.ratings.averageStars, avg > (best?.1 ?? -1) { best = (a.agent, avg) }
        }
        if let best { return best.0 }
        var most: (Symbol, Int64)? = nil
        for a in agents where a.interactions > (most?.1 ?? 0) { most = (a.agent, a.interactions) }
        return most?.0
    }

    static func encode(_ row: inout UserRow, into w: inout ByteWriter) {
        w.writeByte(1)
        w.writeVarint(UInt64(row.tenant)); w.writeSignedVarint(row.firstSeen); w.writeSignedVarint(row.lastSeen)
        w.writeSignedVarint(row.conversations)
        row.usage.encode(into: &w)
        row.ratings.encode(into: &w)
        w.writeVarint(UInt64(row.agents.count))
        for a in row.agents.indices {
            w.writeVarint(UInt64(row.agents[a].agent)); w.writeSignedVarint(row.agents[a].interactions); row.agents[a].ratings.encode(into: &w)
        }
        row.tasks.encode(into: &w)
    }

    init?(from r: inout ByteReader) {
        guard r.readByte() == 1, let t = r.readVarint32(), let f = r.readSignedVarint(), let l = r.readSignedVarint(),
              let c = r.readSignedVarint(), let usage = UsageTotals(from: &r), let ratings = RatingAggregate(from: &r),
              let n = r.readVarint(), n <= 1 << 16 else { return nil }
        (tenant, firstSeen, lastSeen, conversations) = (t, f, l, c)
        self.usage = usage
        self.ratings = ratings
        for _ in 0..<n {
            guard let a = r.readVarint32(), let i = r.readSignedVarint(), let ra = RatingAggregate(from: &r) else { return nil }
            agents.append(AgentUse(agent: a, interactions: i, ratings: ra))
        }
        guard let tasks = SymbolCounts(from: &r) else { return nil }
        self.tasks = tasks
    }
}

/// One row of the `models` projection: the registry (from `deployment` events) and per-model totals.
public struct ModelRow: Hashable, Sendable {
    public var provider: Symbol = 0
    public var usage = UsageTotals()
    public var ratings = RatingAggregate()
    public var firstSeen: Int64 = .max
    public var lastSeen: Int64 = .min
    /// 0 never deployed by an event, 1 deployed, 2 retired.
    public var state: UInt8 = 0
    public var trainingMethod: Symbol = 0
    public var baseModel: Symbol = 0
    public var version: String = ""
    public var endpoint: String = ""
    public var deployments: Int64 = 0
    public var firstDeployedAt: Int64 = .min
    /// The timestamps of the latest deployments (newest last, at most 16), for suspected causes.
    public var recentDeployments: [Int64] = []

    public init() {}

    func encode(into w: inout ByteWriter) {
        w.writeByte(1)
        w.writeVarint(UInt64(provider))
        usage.encode(into: &w)
        ratings.encode(into: &w)
        w.writeSignedVarint(firstSeen); w.writeSignedVarint(lastSeen)
        w.writeByte(state)
        w.writeVarint(UInt64(trainingMethod)); w.writeVarint(UInt64(baseModel))
        w.writeString(version); w.writeString(endpoint)
        w.writeSignedVarint(deployments); w.writeSignedVarint(firstDeployedAt)
        w.writeVarint(UInt64(recentDeployments.count))
        for d in recentDeployments { w.writeSignedVarint(d) }
    }

    init?(from r: inout ByteReader) {
        guard r.readByte() == 1, let p = r.readVarint32(), let usage = UsageTotals(from: &r),
              let ratings = RatingAggregate(from: &r), let f = r.readSignedVarint(), let l = r.readSignedVarint(),
              let s = r.readByte(), let tm = r.readVarint32(), let bm = r.readVarint32(),
              let v = r.readString(), let e = r.readString(), let d = r.readSignedVarint(), let fd = r.readSignedVarint(),
              let n = r.readVarint(), n <= 64 else { return nil }
        provider = p
        self.usage = usage
        self.ratings = ratings
        (firstSeen, lastSeen, state, trainingMethod, baseModel) = (f, l, s, tm, bm)
        (version, endpoint, deployments, firstDeployedAt) = (v, e, d, fd)
        for _ in 0..<n {
            guard let t = r.readSignedVarint() else { return nil }
            recentDeployments.append(t)
        }
    }

    /// The latest deployment in `[from, to]`, if any.
    public func latestDeployment(from: Int64, to: Int64) -> Int64? {
        recentDeployments.last { $0 >= from && $0 <= to }
    }
}
