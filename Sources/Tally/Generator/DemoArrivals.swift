/// When conversations start, and for which tenant.
///
/// The rate is a product of three curves:
/// - a daily curve in each tenant's local time and a weekend dip — this project's assumption
///   (the Azure trace covers one hour, so it has no daily pattern to measure);
/// - the Azure trace's minute-by-minute envelope (`AzureTraceCalibration.minuteEnvelope`), cycled
///   from a seeded phase: the burstiness the trace shows at the minute scale;
/// - within a minute, gaps drawn from the trace's locally normalized inter-arrival distribution
///   (`AzureTraceCalibration.localGaps`), scaled to the current mean gap.
///
/// The trace times requests; here they time conversation starts (each conversation then makes
/// several requests), which is the only arrival process the generator is free to set.
/// The overall scale is chosen so that the expected number of conversations over the period
/// yields the configured number of events.
struct DemoArrivals {
    /// Relative traffic by local hour of day (0–23), peaking in working hours.
    static let dailyCurve: [Double] = [
        0.22, 0.15, 0.11, 0.09, 0.09, 0.12, 0.22, 0.42, 0.70, 0.92, 1.00, 1.04,
        1.00, 1.02, 1.05, 1.00, 0.92, 0.80, 0.66, 0.56, 0.50, 0.45, 0.38, 0.30,
    ]
    /// Saturday and Sunday traffic relative to weekdays (local days).
    static let weekendFactor = 0.45

    private let profiles: [TenantProfile]
    private let startHour: Int64
    private let periodHours: Int64
    private let envelopePhase: Int64
    private let gapMean: Double
    /// Conversations per hour per unit of weight.
    private(set) var scale: Double = 0

    private var cachedHour: Int64 = .min
    private var cachedWeight: Double = 0
    private var cachedTenantCumulative: [Double]

    init(profiles: [TenantProfile], start: Timestamp, days: Int, envelopePhase: Int64) {
        self.profiles = profiles
        self.startHour = start.epochHour
        self.periodHours = Int64(days) * 24
        self.envelopePhase = envelopePhase
        self.gapMean = AzureTraceCalibration.localGaps.mean
        self.cachedTenantCumulative = Array(repeating: 0, count: profiles.count)
    }

    /// The weight of one tenant in a UTC hour (since the epoch).
    static func weight(of profile: TenantProfile, epochHour: Int64) -> Double {
        let local = epochHour + Int64(profile.utcOffsetHours)
        let hourOfDay = Int(((local % 24) + 24) % 24)
        let day = local >= 0 ? local / 24 : (local - 23) / 24
        let weekend = CivilDate.isoWeekday(day) >= 5
        return profile.share * dailyCurve[hourOfDay] * (weekend ? weekendFactor : 1)
    }

    /// The total weight of tenant `index` over the period's hours, or over those `include` keeps.
    func periodWeight(tenant index: Int, include: (Int64) -> Bool = { _ in true }) -> Double {
        var total = 0.0
        for hour in startHour..<(startHour + periodHours) where include(hour) {
            total += DemoArrivals.weight(of: profiles[index], epochHour: hour)
        }
        return total
    }

    /// Sets the scale so that `conversations` start over the period, in expectation.
    mutating func calibrate(conversations: Double) {
        var total = 0.0
        for index in profiles.indices { total += periodWeight(tenant: index) }
        scale = total > 0 ? max(conversations, 1e-9) / total : 0
    }

    /// Expected conversations of tenant `index` in a UTC hour.
    func expectedConversations(tenant index: Int, epochHour: Int64) -> Double {
        scale * DemoArrivals.weight(of: profiles[index], epochHour: epochHour)
    }

    private mutating func refresh(hour: Int64) {
        guard hour != cachedHour else { return }
        cachedHour = hour
        var running = 0.0
        for index in profiles.indices {
            running += DemoArrivals.weight(of: profiles[index], epochHour: hour)
            cachedTenantCumulative[index] = running
        }
        cachedWeight = running
    }

    /// The gap, in milliseconds, from a conversation start at `time` (ms since the epoch) to the next.
    mutating func gap(after time: Double, random: inout SeededRandom) -> Double {
        let ms = Int64(time)
        refresh(hour: ms / Timestamp.hourMs)
        let minute = (ms / 60_000 + envelopePhase) % Int64(AzureTraceCalibration.minuteEnvelope.count)
        let perHour = scale * cachedWeight * AzureTraceCalibration.minuteEnvelope[Int(minute)]
        guard perHour > 0 else { return Double(Timestamp.hourMs) }
        let meanGap = Double(Timestamp.hourMs) / perHour
        return meanGap * AzureTraceCalibration.localGaps.sample(using: &random) / gapMean
    }

    /// The tenant of a conversation starting at `time`, in proportion to the tenants' current rates.
    mutating func tenant(at time: Double, random: inout SeededRandom) -> Int {
        refresh(hour: Int64(time) / Timestamp.hourMs)
        let u = random.unit() * cachedWeight
        var index = 0
        while index < cachedTenantCumulative.count - 1, u >= cachedTenantCumulative[index] { index += 1 }
        return index
    }
}
