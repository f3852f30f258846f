import TallyStore

/// The LMDB tables of one projection set: the main set (prefix `p.`) or a what-if set
/// (prefix `w.<name>.`).
public struct ProjectionTables: Sendable {
    public let prefix: String
    public let conversations: Database
    public let users: Database
    public let agentDays: Database
    public let models: Database
    /// Per (tenant, model, task type): the seed-002 view's base.
    public let modelTasks: Database
    public let anomalies: Database
    let series: Database
    let budgets: Database
    let ratings: Database
    let pending: Database
    let priceBooks: Database
    let meta: Database

    /// All tables, for clearing and comparing.
    var all: [Database] { [conversations, users, agentDays, models, modelTasks, anomalies, series, budgets, ratings, pending, priceBooks, meta] }
    /// The tables whose content defines the projections' answers (compared by `verify`).
    var observable: [Database] { [conversations, users, agentDays, models, modelTasks, anomalies, series, budgets, ratings, pending] }

    public init(environment: Environment, prefix: String) throws(StoreError) {
        self.prefix = prefix
        conversations = try environment.database(prefix + "conversations")
        users = try environment.database(prefix + "users")
        agentDays = try environment.database(prefix + "agent_days")
        models = try environment.database(prefix + "models")
        modelTasks = try environment.database(prefix + "model_tasks")
        anomalies = try environment.database(prefix + "anomalies")
        series = try environment.database(prefix + "series")
        budgets = try environment.database(prefix + "budgets")
        ratings = try environment.database(prefix + "ratings")
        pending = try environment.database(prefix + "pending")
        priceBooks = try environment.database(prefix + "price_books")
        meta = try environment.database(prefix + "meta")
    }
}

/// The projections a store maintains, with their versions. A projection whose stored version
/// differs from its code version is rebuilt on open.
public enum ProjectionName: String, CaseIterable, Sendable {
    case conversations, users, agentDays = "agent_days", anomalies, models

    /// The version of the projection's code: bump it when its rows change meaning or layout.
    public var version: UInt32 {
        switch self {
        case .conversations: 2
        case .users: 2
        case .agentDays: 2
        case .anomalies: 2
        case .models: 2
        }
    }
}
