/// The rows of a statement, with their columns.
public struct QueryResult: Hashable, Sendable {
    /// Names and types of the columns.
    public var columns: [ResultColumn]
    /// The rows, each with one value per column.
    public var rows: [[QueryValue]]
    /// What the statement cost.
    public var stats: QueryStats
    /// A note from the store when the statement returned nothing because nothing is stored.
    public var notice: String?

    public init(columns: [ResultColumn], rows: [[QueryValue]], stats: QueryStats = QueryStats(), notice: String? = nil) {
        self.columns = columns
        self.rows = rows
        self.stats = stats
        self.notice = notice
    }
}
