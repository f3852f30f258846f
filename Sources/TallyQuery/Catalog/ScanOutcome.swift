/// A visitor's answer: keep going or stop the scan (used for `LIMIT` without a sort).
public enum ScanStep: Hashable, Sendable {
    case next, stop
}

/// What a table reports after a scan.
public struct ScanOutcome: Hashable, Sendable {
    /// `true` when the table delivered exactly the rows of the constraint; `false` when it ignored
    /// the constraint or part of it (the executor filters anyway; `EXPLAIN` shows the difference).
    public var exact: Bool

    public init(exact: Bool) { self.exact = exact }
}
