/// The key of a `model_tasks` row: tenant, model, task type (0 when interactions carry none).
public struct ModelTaskKey: Hashable, Sendable {
    public var tenant: Symbol
    public var model: Symbol
    public var task: Symbol

    public init(tenant: Symbol, model: Symbol, task: Symbol) {
        (self.tenant, self.model, self.task) = (tenant, model, task)
    }

    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(12)
        BigEndianKey.append(tenant, to: &out)
        BigEndianKey.append(model, to: &out)
        BigEndianKey.append(task, to: &out)
        return out
    }

    /// Runs `body` on the same 12 bytes as `bytes`, without allocating.
    @inline(__always)
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var raw = (tenant.bigEndian, model.bigEndian, task.bigEndian)
        return try withUnsafeBytes(of: &raw) { try body($0) }
    }

    public init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 12, let t = BigEndianKey.uint32(bytes, at: 0), let m = BigEndianKey.uint32(bytes, at: 4),
              let k = BigEndianKey.uint32(bytes, at: 8) else { return nil }
        (tenant, model, task) = (t, m, k)
    }
}

/// One row of `model_tasks`: a model's record on one task type (seed 002's model performance).
public struct ModelTaskRow: Hashable, Sendable {
    public var usage = UsageTotals()
    public var ratings = RatingAggregate()

    public init() {}

    /// Calls that succeeded (status `ok`), in percent.
    public var successRate: Double? {
        usage.interactions > 0 ? Double(usage.interactions - usage.errors) / Double(usage.interactions) * 100 : nil
    }

    /// Satisfied ratings (thumbs up or 4–5 stars) among all ratings, in percent.
    public var satisfactionRate: Double? {
        ratings.ratings > 0 ? Double(ratings.satisfied) / Double(ratings.ratings) * 100 : nil
    }

    /// Seed 002's speed score: `max(0, 100 − min(100, avgResponseTime / 100))`.
    public var speedScore: Double? {
        usage.averageLatency.map { max(0, 100 - min(100, $0 / 100)) }
    }

    /// Seed 002's quality score: 40 % success rate + 40 % satisfaction + 20 % speed score.
    /// A model without ratings counts satisfaction as unknown: the score is then `nil`.
    public var qualityScore: Double? {
        guard let success = successRate, let satisfaction = satisfactionRate, let speed = speedScore else { return nil }
        return 0.4 * success + 0.4 * satisfaction + 0.2 * speed
    }

    /// Seed 002's confidence: 50 % sample size (full at 100 calls), 30 % reliability, 20 % satisfaction.
    public var confidence: Double {
        let sample = min(1, Double(usage.interactions) / 100) * 50
        return sample + 0.3 * (successRate ?? 0) + 0.2 * (satisfactionRate ?? 0)
    }

    func encode(into w: inout ByteWriter) {
        w.writeByte(1)
        usage.encode(into: &w)
        ratings.encode(into: &w)
    }

    init?(from r: inout ByteReader) {
        guard r.readByte() == 1, let usage = UsageTotals(from: &r), let ratings = RatingAggregate(from: &r) else { return nil }
        self.usage = usage
        self.ratings = ratings
    }
}

extension ModelTaskKey: OverlayKey {
    var overlayHash: UInt64 { overlayMix(UInt64(tenant), UInt64(model) << 32 | UInt64(task)) }
}
