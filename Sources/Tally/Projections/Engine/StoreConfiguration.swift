/// The analytic configuration of a store: projections are a pure function of the log and this.
public struct StoreConfiguration: Hashable, Sendable {
    /// Latency above this counts as an SLA breach (ms).
    public var slaMs: Int64 = 5000
    /// Anomaly detection settings.
    public var anomalies = AnomalySettings()

    public init() {}
}

/// How the anomaly state opens and resolves anomalies (see README "Anomaly rules").
public struct AnomalySettings: Hashable, Sendable {
    /// Hours of baseline a series needs before it can raise anomalies.
    public var warmupHours: Int64 = 12
    /// Interactions an hour needs before its rates and latency are judged.
    public var minimumSamples: Int64 = 20
    /// Star ratings an hour needs before its average rating is judged.
    public var minimumRatings: Int64 = 8
    /// Smoothing of the hourly baselines (EWMA weight of the newest hour).
    public var alpha: Double = 0.1
    /// How unlikely (one-sided tail probability under the baseline) an hour's error count, SLA
    /// breach count or average rating must be to open an anomaly.
    public var alarmProbability: Double = 1e-4
    /// How many standard deviations of the baseline's own spread p95 latency and cost per hour
    /// must exceed it by.
    public var bound: Double = 4.5
    /// The least relative change that can open an anomaly: a metric must also exceed the
    /// baseline by this fraction (error rate, latency, cost, SLA) …
    public var minimumRelativeChange: Double = 0.5
    /// … and the least absolute drop of the average rating, in stars.
    public var minimumStarDrop: Double = 0.5
    /// The least absolute rise of an error or SLA-breach rate (fraction).
    public var minimumRateRise: Double = 0.02

    public init() {}
}
