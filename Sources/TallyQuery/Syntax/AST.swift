/// An expression as written, before names are resolved and types checked.
struct Expr: Hashable, Sendable {
    indirect enum Kind: Hashable, Sendable {
        /// A column name, optionally qualified by the table name or alias.
        case column(qualifier: String?, name: String)
        case integer(Int64)
        /// A number with a point or exponent, kept as written so money arithmetic stays exact.
        case decimal(String)
        case string(String)
        case null
        case bool(Bool)
        /// `*` inside `count(*)`.
        case star
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        case isNull(Expr, negated: Bool)
        case between(Expr, low: Expr, high: Expr, negated: Bool)
        case inList(Expr, [Expr], negated: Bool)
        case like(Expr, pattern: Expr, negated: Bool)
        /// `CASE [operand] WHEN … THEN … [ELSE …] END`.
        case caseWhen(operand: Expr?, branches: [CaseBranch], otherwise: Expr?)
        /// A function or aggregate call.
        case call(name: String, arguments: [Expr], distinct: Bool)
        case cast(Expr, typeName: String, typeSpan: SourceSpan)
    }

    var kind: Kind
    var span: SourceSpan

    init(_ kind: Kind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
    }
}

/// One `WHEN condition THEN result` of a `CASE`.
struct CaseBranch: Hashable, Sendable {
    var when: Expr
    var then: Expr
}

enum UnaryOperator: String, Hashable, Sendable {
    case negate = "-", plus = "+", not = "NOT"
}

enum BinaryOperator: String, Hashable, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%", concat = "||"
    case equal = "=", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and = "AND", or = "OR"

    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: true
        default: false
        }
    }

    var isArithmetic: Bool {
        switch self {
        case .add, .subtract, .multiply, .divide, .remainder: true
        default: false
        }
    }

    /// The comparison with its operands swapped (`a < b` ⇔ `b > a`).
    var mirrored: BinaryOperator {
        switch self {
        case .less: .greater
        case .lessEqual: .greaterEqual
        case .greater: .less
        case .greaterEqual: .lessEqual
        default: self
        }
    }
}

/// One item of the `SELECT` list.
enum SelectItem: Hashable, Sendable {
    /// `*` or `t.*`.
    case star(SourceSpan)
    /// An expression with an optional alias.
    case expression(Expr, alias: String?)
}

/// The table of `FROM`.
struct TableReference: Hashable, Sendable {
    /// The name as written, parts joined by `.` (`whatif.agent_days`).
    var name: String
    var span: SourceSpan
    /// `FROM agent_days a` or `FROM agent_days AS a`.
    var alias: String?
}

/// One key of `ORDER BY`.
struct OrderItem: Hashable, Sendable {
    var expr: Expr
    var descending: Bool
    /// `NULLS FIRST` (true) / `NULLS LAST` (false); `nil`: NULLs sort as the smallest value.
    var nullsFirst: Bool?
}

/// A parsed `SELECT` statement.
struct SelectStatement: Hashable, Sendable {
    var explain = false
    var distinct = false
    var items: [SelectItem] = []
    var from: TableReference?
    var whereClause: Expr?
    var groupBy: [Expr] = []
    var having: Expr?
    var orderBy: [OrderItem] = []
    var limit: Expr?
    var offset: Expr?
}

extension Expr {
    /// Whether the expression contains an aggregate call (at any depth).
    var containsAggregate: Bool {
        switch kind {
        case let .call(name, arguments, _):
            if AggregateKind(name: name) != nil { return true }
            return arguments.contains { $0.containsAggregate }
        case .column, .integer, .decimal, .string, .null, .bool, .star: return false
        case let .unary(_, e), let .isNull(e, _), let .cast(e, _, _): return e.containsAggregate
        case let .binary(_, a, b), let .like(a, b, _): return a.containsAggregate || b.containsAggregate
        case let .between(e, low, high, _): return e.containsAggregate || low.containsAggregate || high.containsAggregate
        case let .inList(e, list, _): return e.containsAggregate || list.contains { $0.containsAggregate }
        case let .caseWhen(operand, branches, otherwise):
            return (operand?.containsAggregate ?? false)
                || branches.contains { $0.when.containsAggregate || $0.then.containsAggregate }
                || (otherwise?.containsAggregate ?? false)
        }
    }

    /// The first aggregate call in the expression (for pointing at it in an error).
    var firstAggregate: Expr? {
        switch kind {
        case let .call(name, arguments, _):
            if AggregateKind(name: name) != nil { return self }
            return arguments.lazy.compactMap(\.firstAggregate).first
        case .column, .integer, .decimal, .string, .null, .bool, .star: return nil
        case let .unary(_, e), let .isNull(e, _), let .cast(e, _, _): return e.firstAggregate
        case let .binary(_, a, b), let .like(a, b, _): return a.firstAggregate ?? b.firstAggregate
        case let .between(e, low, high, _): return e.firstAggregate ?? low.firstAggregate ?? high.firstAggregate
        case let .inList(e, list, _): return e.firstAggregate ?? list.lazy.compactMap(\.firstAggregate).first
        case let .caseWhen(operand, branches, otherwise):
            if let found = operand?.firstAggregate { return found }
            for b in branches {
                if let found = b.when.firstAggregate ?? b.then.firstAggregate { return found }
            }
            return otherwise?.firstAggregate
        }
    }
}
