/// A line of NDJSON input that cannot become a valid event.
///
/// `description` reads `line N: field: reason` (or `line N: reason` when the problem is not tied
/// to one field, such as broken JSON), which is what `tally import` prints for every bad line.
public struct IngestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The 1-based line number in the input (blank lines count).
    public var line: Int
    /// The NDJSON name (or path) of the offending field, if the problem is tied to one.
    public var field: String?
    /// What is wrong.
    public var reason: String

    public init(line: Int, field: String?, reason: String) {
        self.line = line
        self.field = field
        self.reason = reason
    }

    /// A validation failure of the event on `line`.
    public init(line: Int, _ error: EventValidationError) {
        self.init(line: line, field: error.field, reason: error.reason)
    }

    /// `line N: field: reason`, or `line N: reason` without a field.
    public var description: String {
        if let field { "line \(line): \(field): \(reason)" } else { "line \(line): \(reason)" }
    }
}
