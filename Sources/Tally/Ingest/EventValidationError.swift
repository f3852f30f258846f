/// Why an event is invalid: the offending field (by its NDJSON name, with a path such as
/// `attributes.region`, `failure_tags[2]` or `book.models` where it helps) and the reason.
public struct EventValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The NDJSON name (or path) of the field that breaks a rule.
    public var field: String
    /// What is wrong, in words a user can act on.
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    /// `field: reason`.
    public var description: String { "\(field): \(reason)" }
}
