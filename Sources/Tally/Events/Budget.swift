/// A spending budget: alerts open when spend in the period crosses each threshold.
public struct Budget: Hashable, Sendable {
    public var scope: BudgetScope
    /// The tenant, agent, user or model the budget covers (`nil` for the whole tenant).
    public var scopeID: String?
    public var period: BudgetPeriod
    public var amount: Money
    /// Fractions of `amount`, in basis points (5000 = 50 %), ascending.
    public var thresholdsBasisPoints: [Int]

    /// 50 %, 75 %, 90 % and 100 %.
    public static let defaultThresholds = [5000, 7500, 9000, 10000]

    public init(scope: BudgetScope, scopeID: String? = nil, period: BudgetPeriod, amount: Money, thresholdsBasisPoints: [Int] = Budget.defaultThresholds) {
        self.scope = scope
        self.scopeID = scopeID
        self.period = period
        self.amount = amount
        self.thresholdsBasisPoints = thresholdsBasisPoints
    }
}

/// What a budget covers.
public enum BudgetScope: UInt8, CaseIterable, Hashable, Sendable {
    case tenant = 0, agent = 1, user = 2, model = 3

    public var name: String {
        switch self {
        case .tenant: "tenant"
        case .agent: "agent"
        case .user: "user"
        case .model: "model"
        }
    }

    public init?(name: some StringProtocol) {
        guard let match = BudgetScope.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }
}

/// A budget's period: calendar day, ISO week or calendar month, all UTC.
public enum BudgetPeriod: UInt8, CaseIterable, Hashable, Sendable {
    case day = 0, week = 1, month = 2

    public var name: String {
        switch self {
        case .day: "day"
        case .week: "week"
        case .month: "month"
        }
    }

    public init?(name: some StringProtocol) {
        guard let match = BudgetPeriod.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }
}
