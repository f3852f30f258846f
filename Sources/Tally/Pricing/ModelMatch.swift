/// How a price entry recognizes model names. Matching is case-insensitive.
public enum ModelMatch: Hashable, Sendable {
    /// The model name equals the entry's `model` or one of its `aliases`.
    case exact
    /// The model name starts with the entry's `model` or one of its `aliases`.
    case prefix
    /// The entry's clause tree holds (genai-prices syntax; see `MatchClause`). `model` and
    /// `aliases` then only name the entry; matching uses the clauses alone.
    case clauses(MatchClause)

    /// The `match` value in a book: `exact`, `prefix` or `clauses`.
    public var name: String {
        switch self {
        case .exact: "exact"
        case .prefix: "prefix"
        case .clauses: "clauses"
        }
    }
}
