/// The hourly state of one (tenant, agent, model) series: the current hour's accumulators and an
/// exponentially weighted baseline (mean and variance) per metric.
struct SeriesState: Hashable, Sendable {
    /// The hour being accumulated (hours since the epoch), or `Int64.min` before any event.
    var hour: Int64 = .min
    var samples: Int64 = 0
    var errors: Int64 = 0
    var latency = LatencyHistogram()
    var latencySamples: Int64 = 0
    var slaBreaches: Int64 = 0
    var cost: Money = .zero
    var ratingCount: Int64 = 0
    var starsSum: Int64 = 0
    var starsSquares: Int64 = 0
    /// The previous judged hour's counts, for two-hour pooled tests (`previousHour` = its hour).
    var previousHour: Int64 = .min
    var previous = HourCounts()
    var baselines: [Baseline] = Array(repeating: Baseline(), count: SeriesState.metricCount)
    /// The open anomaly id per metric (0 = none), indexed like `baselines`.
    var open: [UInt64] = Array(repeating: 0, count: SeriesState.metricCount)

    /// error rate, latency p95, cost per hour, quality (stars), SLA breach rate.
    static let metricCount = 5
    static let kinds: [AnomalyKind] = [.errorRate, .latency, .cost, .quality, .sla]

    /// An exponentially weighted mean and variance of one metric's hourly values.
    struct Baseline: Hashable, Sendable {
        var mean: Double = 0
        var variance: Double = 0
        var hours: Int64 = 0

        mutating func update(_ x: Double, alpha: Double) {
            if hours == 0 {
                mean = x
                variance = 0
            } else {
                let delta = x - mean
                mean += alpha * delta
                variance = (1 - alpha) * (variance + alpha * delta * delta)
            }
            hours += 1
        }
    }

    /// The counts of one hour that pooled tests need.
    struct HourCounts: Hashable, Sendable {
        var samples: Int64 = 0
        var errors: Int64 = 0
        var latencySamples: Int64 = 0
        var slaBreaches: Int64 = 0
        var ratingCount: Int64 = 0
        var starsSum: Int64 = 0
        var starsSquares: Int64 = 0

        func encode(into w: inout ByteWriter) {
            w.writeSignedVarint(samples); w.writeSignedVarint(errors); w.writeSignedVarint(latencySamples); w.writeSignedVarint(slaBreaches)
            w.writeSignedVarint(ratingCount); w.writeSignedVarint(starsSum); w.writeSignedVarint(starsSquares)
        }

        init() {}

        init?(from r: inout ByteReader) {
            guard let a = r.readSignedVarint(), let b = r.readSignedVarint(), let c = r.readSignedVarint(), let d = r.readSignedVarint(),
                  let e = r.readSignedVarint(), let f = r.readSignedVarint(), let g = r.readSignedVarint() else { return nil }
            (samples, errors, latencySamples, slaBreaches, ratingCount, starsSum, starsSquares) = (a, b, c, d, e, f, g)
        }
    }

    /// Two hours' counts added together.
    static func pool(_ a: HourCounts, _ b: HourCounts) -> HourCounts {
        var c = HourCounts()
        c.samples = a.samples + b.samples
        c.errors = a.errors + b.errors
        c.latencySamples = a.latencySamples + b.latencySamples
        c.slaBreaches = a.slaBreaches + b.slaBreaches
        c.ratingCount = a.ratingCount + b.ratingCount
        c.starsSum = a.starsSum + b.starsSum
        c.starsSquares = a.starsSquares + b.starsSquares
        return c
    }

    /// This hour's counts.
    var current: HourCounts {
        var c = HourCounts()
        (c.samples, c.errors, c.latencySamples, c.slaBreaches) = (samples, errors, latencySamples, slaBreaches)
        (c.ratingCount, c.starsSum, c.starsSquares) = (ratingCount, starsSum, starsSquares)
        return c
    }

    mutating func resetHour(_ newHour: Int64) {
        if hour != .min {
            previousHour = hour
            previous = current
        }
        hour = newHour
        samples = 0; errors = 0; latency.removeAll(); latencySamples = 0; slaBreaches = 0
        cost = .zero; ratingCount = 0; starsSum = 0; starsSquares = 0
    }

    func encode(into w: inout ByteWriter) {
        w.writeByte(1)
        w.writeSignedVarint(hour); w.writeSignedVarint(samples); w.writeSignedVarint(errors)
        latency.encode(into: &w)
        w.writeSignedVarint(latencySamples); w.writeSignedVarint(slaBreaches)
        w.writeSignedVarint128(cost.picodollars)
        w.writeSignedVarint(ratingCount); w.writeSignedVarint(starsSum); w.writeSignedVarint(starsSquares)
        w.writeSignedVarint(previousHour)
        previous.encode(into: &w)
        for b in baselines {
            w.writeUInt64LE(b.mean.bitPattern); w.writeUInt64LE(b.variance.bitPattern); w.writeSignedVarint(b.hours)
        }
        for o in open { w.writeVarint(o) }
    }

    init() {}

    init?(from r: inout ByteReader) {
        guard r.readByte() == 1, let h = r.readSignedVarint(), let s = r.readSignedVarint(), let e = r.readSignedVarint(),
              let lat = LatencyHistogram(from: &r), let ls = r.readSignedVarint(), let sb = r.readSignedVarint(),
              let c = r.readSignedVarint128(), let rc = r.readSignedVarint(), let ss = r.readSignedVarint(),
              let sq = r.readSignedVarint(), let ph = r.readSignedVarint(), let prev = HourCounts(from: &r) else { return nil }
        (hour, samples, errors, latency, latencySamples, slaBreaches) = (h, s, e, lat, ls, sb)
        cost = Money(picodollars: c)
        (ratingCount, starsSum, starsSquares, previousHour, previous) = (rc, ss, sq, ph, prev)
        for i in 0..<SeriesState.metricCount {
            guard let m = r.readUInt64LE(), let v = r.readUInt64LE(), let n = r.readSignedVarint() else { return nil }
            baselines[i] = Baseline(mean: Double(bitPattern: m), variance: Double(bitPattern: v), hours: n)
        }
        for i in 0..<SeriesState.metricCount {
            guard let o = r.readVarint() else { return nil }
            open[i] = o
        }
    }
}

/// The state of one budget: its definition and the spend in its current period.
struct BudgetState: Hashable, Sendable {
    var amount: Money = .zero
    var thresholds: [Int] = Budget.defaultThresholds
    /// The current period's index (day, ISO week or month number), or `Int64.min` before any spend.
    var period: Int64 = .min
    var spend: Money = .zero
    /// Bit i set: threshold i already crossed in this period.
    var crossed: UInt64 = 0
    /// Open alert ids of this period.
    var openAlerts: [UInt64] = []
    /// Not stored: the time of the latest charge whose spend the open alerts do not show yet
    /// (`Int64.min` when they are current), and that spend. Alerts are refreshed once per batch.
    var alertsStaleSince: Int64 = .min
    var alertSpend: Money = .zero
    /// Not stored: when the current period begins and ends (ms; empty until first charged in
    /// this batch), so a charge inside it needs no calendar arithmetic.
    var periodStartMs: Int64 = .max
    var periodEndMs: Int64 = .min
    /// Not stored: a spend (picodollars) below which no threshold not yet crossed can be
    /// crossed, or `nil` when it must be worked out again.
    var nextLimit: Int128? = nil

    func encode(into w: inout ByteWriter) {
        w.writeByte(1)
        w.writeSignedVarint128(amount.picodollars)
        w.writeVarint(UInt64(thresholds.count))
        for t in thresholds { w.writeVarint(UInt64(t)) }
        w.writeSignedVarint(period); w.writeSignedVarint128(spend.picodollars); w.writeVarint(crossed)
        w.writeVarint(UInt64(openAlerts.count))
        for a in openAlerts { w.writeVarint(a) }
    }

    init() {}

    init?(from r: inout ByteReader) {
        guard r.readByte() == 1, let a = r.readSignedVarint128(), let n = r.readVarint(), n <= 64 else { return nil }
        amount = Money(picodollars: a)
        thresholds = []
        for _ in 0..<n {
            guard let t = r.readVarint() else { return nil }
            thresholds.append(Int(t))
        }
        guard let p = r.readSignedVarint(), let s = r.readSignedVarint128(), let c = r.readVarint(), let m = r.readVarint(), m <= 64 else { return nil }
        (period, spend, crossed) = (p, Money(picodollars: s), c)
        for _ in 0..<m {
            guard let id = r.readVarint() else { return nil }
            openAlerts.append(id)
        }
    }
}
