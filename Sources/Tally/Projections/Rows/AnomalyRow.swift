/// The kinds of anomaly the anomaly state tracks.
public enum AnomalyKind: UInt8, CaseIterable, Hashable, Sendable {
    case errorRate = 0, latency = 1, cost = 2, quality = 3, budget = 4, sla = 5

    /// The name shown in the `kind` column.
    public var name: String {
        switch self {
        case .errorRate: "error_rate"
        case .latency: "latency"
        case .cost: "cost"
        case .quality: "quality"
        case .budget: "budget"
        case .sla: "sla"
        }
    }
}

/// One row of the `anomalies` projection (keyed by anomaly id, assigned in opening order).
public struct AnomalyRow: Hashable, Sendable {
    public var tenant: Symbol = 0
    public var kind: AnomalyKind = .errorRate
    /// The series (agent, model) or, for budgets, the budget's scope symbol.
    public var agent: Symbol = 0
    public var model: Symbol = 0
    /// For budget alerts: scope kind, period, threshold in basis points.
    public var budgetScope: UInt8 = 0
    public var budgetPeriod: UInt8 = 0
    public var threshold: Int64 = 0
    public var openedAt: Int64 = 0
    public var lastAt: Int64 = 0
    /// `Int64.min` while open.
    public var resolvedAt: Int64 = .min
    /// The hour's value (rates as fractions, latency ms, cost $, stars) — or spend for budgets.
    public var value: Double = 0
    public var baseline: Double = 0
    /// 1 warning, 2 high, 3 critical.
    public var severity: UInt8 = 1
    /// The latest deployment of the model in the 24 h before the anomaly opened (ms), or `Int64.min`.
    public var suspectedDeploymentAt: Int64 = .min

    public init() {}

    public var isOpen: Bool { resolvedAt == .min }

    func encode(into w: inout ByteWriter) {
        w.writeByte(1)
        w.writeVarint(UInt64(tenant)); w.writeByte(kind.rawValue)
        w.writeVarint(UInt64(agent)); w.writeVarint(UInt64(model))
        w.writeByte(budgetScope); w.writeByte(budgetPeriod); w.writeSignedVarint(threshold)
        w.writeSignedVarint(openedAt); w.writeSignedVarint(lastAt); w.writeSignedVarint(resolvedAt)
        w.writeUInt64LE(value.bitPattern); w.writeUInt64LE(baseline.bitPattern)
        w.writeByte(severity); w.writeSignedVarint(suspectedDeploymentAt)
    }

    init?(from r: inout ByteReader) {
        guard r.readByte() == 1, let t = r.readVarint32(), let k = r.readByte(), let kind = AnomalyKind(rawValue: k),
              let a = r.readVarint32(), let m = r.readVarint32(), let bs = r.readByte(), let bp = r.readByte(),
              let th = r.readSignedVarint(), let o = r.readSignedVarint(), let l = r.readSignedVarint(),
              let res = r.readSignedVarint(), let v = r.readUInt64LE(), let b = r.readUInt64LE(),
              let s = r.readByte(), let sd = r.readSignedVarint() else { return nil }
        (tenant, self.kind, agent, model, budgetScope, budgetPeriod, threshold) = (t, kind, a, m, bs, bp, th)
        (openedAt, lastAt, resolvedAt) = (o, l, res)
        value = Double(bitPattern: v)
        baseline = Double(bitPattern: b)
        (severity, suspectedDeploymentAt) = (s, sd)
    }
}
