/// One row of the `conversations` projection (keyed by conversation symbol).
public struct ConversationRow: Hashable, Sendable {
    public var tenant: Symbol = 0
    public var user: Symbol = 0
    public var startedAt: Int64 = .max
    public var lastAt: Int64 = .min
    public var usage = UsageTotals()
    /// Agents in order of first appearance, with their interaction counts.
    public var agents = SymbolCounts()
    /// The model each agent used last in this conversation (agent → model), for handoff attribution.
    public var agentModels = SymbolCounts()
    public var handoffs: Int64 = 0
    public var escalations: Int64 = 0
    public var ratings = RatingAggregate()
    public var experiment: Symbol = 0
    /// Where a conversation-level rating counts: the last interaction's day, agent and model.
    public var lastDay: Int64 = 0
    public var lastAgent: Symbol = 0
    public var lastModel: Symbol = 0
    public var lastTask: Symbol = 0

    public init() {}

    /// The agent with the most interactions (the first to appear wins ties).
    public var primaryAgent: Symbol? { agents.top }

    static func encode(_ row: inout ConversationRow, into w: inout ByteWriter) {
        w.writeByte(1)
        w.writeVarint(UInt64(row.tenant)); w.writeVarint(UInt64(row.user))
        w.writeSignedVarint(row.startedAt); w.writeSignedVarint(row.lastAt)
        row.usage.encode(into: &w)
        row.agents.encode(into: &w); row.agentModels.encode(into: &w)
        w.writeSignedVarint(row.handoffs); w.writeSignedVarint(row.escalations)
        row.ratings.encode(into: &w)
        w.writeVarint(UInt64(row.experiment))
        w.writeSignedVarint(row.lastDay); w.writeVarint(UInt64(row.lastAgent)); w.writeVarint(UInt64(row.lastModel)); w.writeVarint(UInt64(row.lastTask))
    }

    init?(from r: inout ByteReader) {
        guard r.readByte() == 1, let t = r.readVarint32(), let u = r.readVarint32(),
              let s = r.readSignedVarint(), let l = r.readSignedVarint(),
              let usage = UsageTotals(from: &r), let agents = SymbolCounts(from: &r), let am = SymbolCounts(from: &r),
              let h = r.readSignedVarint(), let e = r.readSignedVarint(), let ratings = RatingAggregate(from: &r),
              let x = r.readVarint32(), let ld = r.readSignedVarint(), let la = r.readVarint32(), let lm = r.readVarint32(),
              let lt = r.readVarint32()
        else { return nil }
        (tenant, user, startedAt, lastAt) = (t, u, s, l)
        self.usage = usage
        self.agents = agents
        agentModels = am
        (handoffs, escalations) = (h, e)
        self.ratings = ratings
        (experiment, lastDay, lastAgent, lastModel, lastTask) = (x, ld, la, lm, lt)
    }
}

/// The key of an `agent_days` row: UTC day, tenant, agent, model (model 0 for handoffs that
/// happened before the agent used any model in the conversation).
public struct AgentDayKey: Hashable, Sendable, Comparable {
    public var day: Int32
    public var tenant: Symbol
    public var agent: Symbol
    public var model: Symbol

    public init(day: Int32, tenant: Symbol, agent: Symbol, model: Symbol) {
        self.day = day
        self.tenant = tenant
        self.agent = agent
        self.model = model
    }

    public static func < (a: AgentDayKey, b: AgentDayKey) -> Bool {
        (a.day, a.tenant, a.agent, a.model) < (b.day, b.tenant, b.agent, b.model)
    }

    /// 16 big-endian bytes; the day is offset so negative days sort first.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(16)
        BigEndianKey.append(UInt32(bitPattern: day) ^ 0x8000_0000, to: &out)
        BigEndianKey.append(tenant, to: &out)
        BigEndianKey.append(agent, to: &out)
        BigEndianKey.append(model, to: &out)
        return out
    }

    /// Runs `body` on the same 16 bytes as `bytes`, without allocating.
    @inline(__always)
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var raw = ((UInt32(bitPattern: day) ^ 0x8000_0000).bigEndian, tenant.bigEndian, agent.bigEndian, model.bigEndian)
        return try withUnsafeBytes(of: &raw) { try body($0) }
    }

    public init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 16, let d = BigEndianKey.uint32(bytes, at: 0), let t = BigEndianKey.uint32(bytes, at: 4),
              let a = BigEndianKey.uint32(bytes, at: 8), let m = BigEndianKey.uint32(bytes, at: 12) else { return nil }
        day = Int32(bitPattern: d ^ 0x8000_0000)
        (tenant, agent, model) = (t, a, m)
    }
}

/// One row of the `agent_days` projection.
public struct AgentDayRow: Hashable, Sendable {
    public var usage = UsageTotals()
    public var latency = LatencyHistogram()
    public var ratings = RatingAggregate()
    public var failureTags = SymbolCounts()
    public var handoffsIn: Int64 = 0
    public var handoffsOut: Int64 = 0
    public var escalations: Int64 = 0

    public init() {}

    func encode(into w: inout ByteWriter) {
        w.writeByte(1)
        usage.encode(into: &w)
        latency.encode(into: &w)
        ratings.encode(into: &w)
        failureTags.encode(into: &w)
        w.writeSignedVarint(handoffsIn); w.writeSignedVarint(handoffsOut); w.writeSignedVarint(escalations)
    }

    init?(from r: inout ByteReader, latency decodeLatency: Bool = true) {
        guard r.readByte() == 1, let usage = UsageTotals(from: &r),
              let latency = decodeLatency ? LatencyHistogram(from: &r) : LatencyHistogram.skip(&r),
              let ratings = RatingAggregate(from: &r), let tags = SymbolCounts(from: &r),
              let i = r.readSignedVarint(), let o = r.readSignedVarint(), let e = r.readSignedVarint() else { return nil }
        self.usage = usage
        self.latency = latency
        self.ratings = ratings
        failureTags = tags
        (handoffsIn, handoffsOut, escalations) = (i, o, e)
    }
}

extension AgentDayKey: OverlayKey {
    var overlayHash: UInt64 {
        overlayMix(UInt64(UInt32(bitPattern: day)) << 32 | UInt64(tenant), UInt64(agent) << 32 | UInt64(model))
    }
}
