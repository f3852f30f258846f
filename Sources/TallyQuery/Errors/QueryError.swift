/// Every error a statement can raise: a matchable code, a message in the manner of sqlite's, and
/// where in the statement text the offending token is.
///
/// ```swift
/// do { _ = try engine.run(sql: "SELECT agnet FROM agent_days") }
/// catch where error.code == .unknownColumn { print(error.message) }
/// // no such column: agnet (did you mean agent?)
/// ```
public struct QueryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of error.
    public enum Code: String, Hashable, Sendable {
        /// The text is not a statement of the language (`near "FORM": syntax error`).
        case syntax
        /// `FROM` names a table the snapshot does not have.
        case unknownTable
        /// A name is not a column of the table (nor an output alias where those are allowed).
        case unknownColumn
        /// A call names a function the language does not have.
        case unknownFunction
        /// Operand types do not fit the operator or function.
        case typeMismatch
        /// An aggregate where none is allowed, or a column neither grouped nor aggregated.
        case aggregateMisuse
        /// A function argument or clause value is out of its domain (`percentile(x, 2)`).
        case invalidArgument
        /// Integer arithmetic overflowed 64 bits.
        case overflow
        /// The statement is nested too deeply or too large to run.
        case tooComplex
        /// A table schema or in-memory row is malformed (raised when building tables).
        case invalidSchema
        /// The store failed underneath the snapshot.
        case storage
        /// The statement was interrupted (Ctrl-C).
        case interrupted
    }

    /// What kind of error.
    public var code: Code
    /// The message, without the `Error: ` prefix: `no such table: agent_day (did you mean agent_days?)`.
    public var message: String
    /// The offending token, when the error has one.
    public var span: SourceSpan?

    public init(_ code: Code, _ message: String, at span: SourceSpan? = nil) {
        self.code = code
        self.message = message
        self.span = span
    }

    public var description: String { message }
}
