/// A column of a query's result.
public struct ResultColumn: Hashable, Sendable {
    /// The alias, the column name, or the expression as written.
    public var name: String
    /// The static type of the column's values (each value is of this type or `NULL`).
    public var type: QueryType

    public init(name: String, type: QueryType) {
        self.name = name
        self.type = type
    }
}
