/// What `DemoGenerator` produces: how many events, over which days, for which tenants, from which seed.
///
/// Everything else (the deployment day, the price change, the budgets) follows from these, so a
/// configuration and a seed name a stream exactly.
public struct DemoGeneratorConfiguration: Hashable, Sendable {
    /// The seed: the same configuration gives the same events, event for event.
    public var seed: UInt64
    /// Exactly how many events the stream yields.
    public var eventCount: Int
    /// When the period starts (the first events, the price books, are stamped with it).
    public var start: Timestamp
    /// Days of traffic: conversation arrivals are spread over `days × 24` hours from `start`.
    public var days: Int
    /// Tenant names. Each takes one of three built-in profiles in turn; the first one gets the
    /// fine-tuned deployment and the monthly budget, the second the daily agent budget.
    public var tenants: [String]
    /// Users per tenant (activity among them is Zipf-skewed); `nil` scales with `eventCount`.
    public var usersPerTenant: Int?
    /// Share of interactions that reach the log late, after a rating of them (0 keeps every
    /// event's `ts` in log order).
    public var lateArrivalFraction: Double
    /// How many hours the fine-tuned model misbehaves after its deployment.
    public var regressionHours: Int

    /// 2026-11-02T00:00:00Z, a Monday.
    public static let defaultStart = Timestamp(milliseconds: CivilDate.toEpochDay(2026, 11, 2) * Timestamp.dayMs)

    /// A configuration; every parameter has a default (100,000 events over 14 days from
    /// `defaultStart`, tenants `acme`, `globex`, `initech`). Checked by `validate()`.
    public init(
        seed: UInt64 = 1,
        eventCount: Int = 100_000,
        start: Timestamp = DemoGeneratorConfiguration.defaultStart,
        days: Int = 14,
        tenants: [String] = ["acme", "globex", "initech"],
        usersPerTenant: Int? = nil,
        lateArrivalFraction: Double = 0.002,
        regressionHours: Int = 6
    ) {
        self.seed = seed
        self.eventCount = eventCount
        self.start = start
        self.days = days
        self.tenants = tenants
        self.usersPerTenant = usersPerTenant
        self.lateArrivalFraction = lateArrivalFraction
        self.regressionHours = regressionHours
    }

    /// Throws the first field that is out of range.
    public func validate() throws(DemoGeneratorError) {
        guard eventCount >= 0 else { throw .invalid(field: "eventCount", reason: "must not be negative, got \(eventCount)") }
        guard (1...3660).contains(days) else { throw .invalid(field: "days", reason: "must be 1 to 3660, got \(days)") }
        guard !tenants.isEmpty else { throw .invalid(field: "tenants", reason: "needs at least one tenant") }
        for tenant in tenants {
            guard (1...64).contains(tenant.utf8.count) else {
                throw .invalid(field: "tenants", reason: "a tenant name must be 1 to 64 bytes, got \"\(tenant)\"")
            }
        }
        guard Set(tenants).count == tenants.count else { throw .invalid(field: "tenants", reason: "names must be distinct") }
        if let users = usersPerTenant, !(1...1_000_000).contains(users) {
            throw .invalid(field: "usersPerTenant", reason: "must be 1 to 1,000,000, got \(users)")
        }
        guard lateArrivalFraction >= 0, lateArrivalFraction <= 0.5 else {
            throw .invalid(field: "lateArrivalFraction", reason: "must be between 0 and 0.5, got \(lateArrivalFraction)")
        }
        guard (1...240).contains(regressionHours) else {
            throw .invalid(field: "regressionHours", reason: "must be 1 to 240, got \(regressionHours)")
        }
        let year = CivilDate.fromEpochDay(start.epochDay).year
        guard (1971...9000).contains(year) else { throw .invalid(field: "start", reason: "year \(year) is out of range") }
    }

    /// Users per tenant actually used.
    var resolvedUsersPerTenant: Int {
        usersPerTenant ?? min(200_000, max(20, eventCount / (60 * tenants.count)))
    }
}

/// Why a generator could not be made.
public enum DemoGeneratorError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A configuration field is out of range.
    case invalid(field: String, reason: String)

    /// The error as a sentence naming the field.
    public var description: String {
        switch self {
        case let .invalid(field, reason): "invalid generator configuration: \(field) \(reason)"
        }
    }
}
