/// How a statement is run: the REPL's `.tenant` and `.whatif` state, and a way to interrupt it.
public struct QueryOptions: Sendable {
    /// When set, every table with a `tenant` column is filtered to this tenant (`.tenant NAME`).
    public var tenant: String?
    /// When set (e.g. `"whatif"`), an unqualified table name `T` means `<tableSet>.T` when that table
    /// exists, else `T` (`.whatif BOOK`). `main.T` always means the base table `T`.
    public var tableSet: String?
    /// Polled every few thousand rows; returning `true` ends the statement with `.interrupted`.
    public var isInterrupted: (@Sendable () -> Bool)?

    public init(tenant: String? = nil, tableSet: String? = nil, isInterrupted: (@Sendable () -> Bool)? = nil) {
        self.tenant = tenant
        self.tableSet = tableSet
        self.isInterrupted = isInterrupted
    }
}
