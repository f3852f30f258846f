import Tally

/// A bound expression with its static type and where it was written.
struct TypedExpr {
    var expr: BoundExpr
    var type: QueryType
    var span: SourceSpan
    /// The literal's text when the expression is a decimal literal (kept exact for money).
    var decimalText: String?
    /// Whether the expression is a string literal (convertible to a timestamp or day).
    var isStringLiteral = false

    init(_ expr: BoundExpr, _ type: QueryType, _ span: SourceSpan, decimalText: String? = nil, isStringLiteral: Bool = false) {
        self.expr = expr
        self.type = type
        self.span = span
        self.decimalText = decimalText
        self.isStringLiteral = isStringLiteral
    }

    var constantValue: QueryValue? {
        if case let .constant(v) = expr { return v }
        return nil
    }
}

/// Where an expression is bound.
enum BindContext {
    /// Over the input row; aggregates are refused, naming the clause (`WHERE`, `GROUP BY`…).
    case input(clause: String)
    /// Over the grouped row (group keys, then aggregates): `SELECT`, `HAVING` and `ORDER BY` of an
    /// aggregate query. A column must be a group key or inside an aggregate.
    case grouped
}

/// Resolves names, checks types and turns `Expr` into `BoundExpr`.
///
/// For grouped queries it also collects the aggregates: each distinct aggregate call gets a slot
/// after the group keys in the grouped row.
struct Binder {
    let source: [UInt8]
    let schema: TableSchema?
    /// Names a column may be qualified with (the table's name, its last part, its alias).
    let qualifiers: Set<String>
    var groupKeys: [BoundExpr] = []
    var groupKeyTypes: [QueryType] = []
    var aggregates: [AggregateCall] = []

    init(source: String, schema: TableSchema?, table: TableReference?) {
        self.source = Array(source.utf8)
        self.schema = schema
        var names = Set<String>()
        if let table {
            let full = table.name.lowercased()
            names.insert(full)
            if let last = full.split(separator: ".").last { names.insert(String(last)) }
            if let alias = table.alias { names.insert(alias.lowercased()) }
        }
        if let schema {
            names.insert(schema.name)
            if let last = schema.name.split(separator: ".").last { names.insert(String(last)) }
        }
        qualifiers = names
    }

    /// The statement text of a span, shortened for messages.
    func text(_ span: SourceSpan) -> String {
        let end = min(span.end, source.count)
        let start = min(span.offset, end)
        let full = String(decoding: source[start..<end], as: UTF8.self)
        return full.count > 40 ? String(full.prefix(37)) + "…" : full
    }

    /// The full statement text of a span (for output column names).
    func fullText(_ span: SourceSpan) -> String {
        let end = min(span.end, source.count)
        let start = min(span.offset, end)
        return String(decoding: source[start..<end], as: UTF8.self)
    }

    private func describe(_ t: TypedExpr) -> String {
        "\(text(t.span)) (\(t.type))"
    }

    // MARK: Entry

    mutating func bind(_ e: Expr, _ context: BindContext) throws(QueryError) -> TypedExpr {
        if case .grouped = context, !e.containsAggregate {
            switch e.kind {
            case .integer, .decimal, .string, .null, .bool:
                break
            default:
                let t = try bind(e, .input(clause: "GROUP BY"))
                if let k = groupKeys.firstIndex(of: t.expr) {
                    return TypedExpr(.column(k), groupKeyTypes[k], e.span)
                }
                if t.expr.isConstantFoldable { return t }
                if case .column = e.kind {
                    throw QueryError(
                        .aggregateMisuse,
                        "column \(text(e.span)) must appear in the GROUP BY clause or be used in an aggregate function",
                        at: e.span)
                }
            }
        }
        let bound = try bindStructure(e, context)
        // Fold what reads no column into a constant, once, here rather than per row.
        if bound.constantValue == nil, bound.decimalText == nil, !bound.isStringLiteral, bound.expr.isConstantFoldable {
            var folded = bound
            folded.expr = .constant(try bound.expr.evaluate([]))
            return folded
        }
        return bound
    }

    /// Binds a condition (`WHERE`, `HAVING`, `WHEN`), which must be boolean.
    mutating func bindCondition(_ e: Expr, _ context: BindContext, clause: String) throws(QueryError) -> BoundExpr {
        let t = try bind(e, context)
        guard t.type == .bool || t.type == .null else {
            throw QueryError(.typeMismatch, "type mismatch: \(clause) needs a boolean condition, got \(describe(t))", at: t.span)
        }
        return t.expr
    }

    // MARK: Structure

    private mutating func bindStructure(_ e: Expr, _ context: BindContext) throws(QueryError) -> TypedExpr {
        switch e.kind {
        case let .column(qualifier, name):
            return try column(qualifier, name, e.span)
        case let .integer(v):
            return TypedExpr(.constant(.integer(v)), .integer, e.span)
        case let .decimal(text):
            guard let d = Double(text), d.isFinite else {
                throw QueryError(.syntax, "number out of range: \(text)", at: e.span)
            }
            return TypedExpr(.constant(.double(d)), .double, e.span, decimalText: text)
        case let .string(s):
            return TypedExpr(.constant(.text(s)), .text, e.span, isStringLiteral: true)
        case .null:
            return TypedExpr(.constant(.null), .null, e.span)
        case let .bool(b):
            return TypedExpr(.constant(.bool(b)), .bool, e.span)
        case .star:
            throw QueryError(.syntax, "near \"*\": syntax error (* is allowed only in SELECT * and count(*))", at: e.span)
        case let .unary(op, operand):
            return try unary(op, operand, e.span, context)
        case let .binary(op, a, b):
            return try binary(op, a, b, e.span, context)
        case let .isNull(operand, negated):
            let t = try bind(operand, context)
            return TypedExpr(.isNull(t.expr, negated: negated), .bool, e.span)
        case let .between(operand, low, high, negated):
            let x = try bind(operand, context)
            let lo = try bind(low, context)
            let hi = try bind(high, context)
            let lower = try comparison(negated ? .less : .greaterEqual, x, lo, e.span)
            let upper = try comparison(negated ? .greater : .lessEqual, x, hi, e.span)
            return TypedExpr(negated ? .or(lower, upper) : .and(lower, upper), .bool, e.span)
        case let .inList(operand, list, negated):
            let x = try bind(operand, context)
            var items: [BoundExpr] = []
            for item in list {
                var t = try bind(item, context)
                (_, t) = try coerceForComparison(x, t)
                try checkComparable(x, t)
                items.append(t.expr)
            }
            return TypedExpr(.inList(x.expr, items, negated: negated), .bool, e.span)
        case let .like(operand, pattern, negated):
            let x = try bind(operand, context)
            let p = try bind(pattern, context)
            for t in [x, p] where t.type != .text && t.type != .null {
                throw QueryError(.typeMismatch, "type mismatch: LIKE needs text, got \(describe(t))", at: t.span)
            }
            if case let .text(s)? = p.constantValue {
                return TypedExpr(.like(x.expr, LikePattern(s), negated: negated), .bool, e.span)
            }
            return TypedExpr(.likeDynamic(x.expr, p.expr, negated: negated), .bool, e.span)
        case let .caseWhen(operand, branches, otherwise):
            return try caseWhen(operand, branches, otherwise, e.span, context)
        case let .call(name, arguments, distinct):
            if let kind = AggregateKind(name: name) {
                return try aggregate(kind, name, arguments, distinct, e.span, context)
            }
            return try function(name, arguments, distinct, e.span, context)
        case let .cast(operand, typeName, typeSpan):
            let t = try bind(operand, context)
            guard let type = QueryType(castName: typeName) else {
                let names = QueryType.allCases.filter { $0 != .null }.map(\.name).joined(separator: ", ")
                throw QueryError(.typeMismatch, "unknown type \(typeName) in CAST (types: \(names))", at: typeSpan)
            }
            return TypedExpr(.cast(t.expr, type, Located(e.span)), type, e.span)
        }
    }

    private func column(_ qualifier: String?, _ name: String, _ span: SourceSpan) throws(QueryError) -> TypedExpr {
        guard let schema else {
            throw QueryError(.unknownColumn, "no such column: \(text(span)) (the statement has no FROM clause)", at: span)
        }
        if let qualifier, !qualifiers.contains(qualifier.lowercased()) {
            throw QueryError(.unknownColumn, "no such column: \(qualifier).\(name)", at: span)
        }
        guard let index = schema.columnIndex(named: name) else {
            var message = "no such column: \(name)"
            if let suggestion = Suggestions.closest(to: name, in: schema.columns.map(\.name)) {
                message += " (did you mean \(suggestion)?)"
            }
            throw QueryError(.unknownColumn, message, at: span)
        }
        return TypedExpr(.column(index), schema.columns[index].type, span)
    }

    private mutating func unary(_ op: UnaryOperator, _ operand: Expr, _ span: SourceSpan, _ context: BindContext) throws(QueryError) -> TypedExpr {
        let t = try bind(operand, context)
        switch op {
        case .not:
            guard t.type == .bool || t.type == .null else {
                throw QueryError(.typeMismatch, "type mismatch: NOT needs a boolean, got \(describe(t))", at: t.span)
            }
            return TypedExpr(.not(t.expr), .bool, span)
        case .negate, .plus:
            guard t.type.isNumeric || t.type == .null else {
                throw QueryError(.typeMismatch, "type mismatch: cannot apply \(op.rawValue) to \(describe(t))", at: t.span)
            }
            if op == .plus { return TypedExpr(t.expr, t.type, span, decimalText: t.decimalText) }
            return TypedExpr(.negate(t.expr, Located(span)), t.type, span)
        }
    }

    private mutating func binary(_ op: BinaryOperator, _ a: Expr, _ b: Expr, _ span: SourceSpan, _ context: BindContext) throws(QueryError) -> TypedExpr {
        let x = try bind(a, context)
        let y = try bind(b, context)
        switch op {
        case .and, .or:
            for t in [x, y] where t.type != .bool && t.type != .null {
                throw QueryError(.typeMismatch, "type mismatch: \(op.rawValue) needs boolean operands, got \(describe(t))", at: t.span)
            }
            return TypedExpr(op == .and ? .and(x.expr, y.expr) : .or(x.expr, y.expr), .bool, span)
        case .concat:
            return TypedExpr(.concat(x.expr, y.expr), .text, span)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            return TypedExpr(try comparison(op, x, y, span), .bool, span)
        case .add, .subtract, .multiply, .divide, .remainder:
            return try arithmetic(op, x, y, span)
        }
    }

    private func arithmetic(_ op: BinaryOperator, _ x: TypedExpr, _ y: TypedExpr, _ span: SourceSpan) throws(QueryError) -> TypedExpr {
        // Money with a decimal literal stays exact: the literal is a fraction, not a double.
        if op == .multiply || op == .divide {
            let pairs: [(TypedExpr, TypedExpr)] = op == .multiply ? [(x, y), (y, x)] : [(x, y)]
            for (money, literal) in pairs where money.type == .money {
                if let text = literal.decimalText, let f = Arithmetic.fraction(ofDecimal: text) {
                    if op == .multiply {
                        return TypedExpr(.scaleMoney(money.expr, numerator: f.numerator, denominator: f.denominator, Located(span)), .money, span)
                    }
                    if f.numerator == 0 { return TypedExpr(.constant(.null), .money, span) }
                    return TypedExpr(.scaleMoney(money.expr, numerator: f.denominator, denominator: f.numerator, Located(span)), .money, span)
                }
            }
        }
        var x = x
        var y = y
        if op == .add || op == .subtract {
            if x.type == .money, let m = y.decimalText.flatMap({ Money(decimal: $0) }) { y = TypedExpr(.constant(.money(m)), .money, y.span) }
            if y.type == .money, let m = x.decimalText.flatMap({ Money(decimal: $0) }) { x = TypedExpr(.constant(.money(m)), .money, x.span) }
        }
        guard let type = Arithmetic.resultType(op, x.type, y.type) else {
            throw QueryError(.typeMismatch, "type mismatch: cannot apply \(op.rawValue) to \(describe(x)) and \(describe(y))", at: y.span)
        }
        return TypedExpr(.arithmetic(op, x.expr, y.expr, Located(span)), type, span)
    }

    /// A comparison, with string literals read as timestamps or days when they meet one.
    private func comparison(_ op: BinaryOperator, _ x: TypedExpr, _ y: TypedExpr, _ span: SourceSpan) throws(QueryError) -> BoundExpr {
        let (a, b) = try coerceForComparison(x, y)
        try checkComparable(a, b)
        return .compare(op, a.expr, b.expr)
    }

    /// Converts a string literal facing a timestamp or day (and a decimal literal facing money) so
    /// the comparison needs no conversion per row.
    func coerceForComparison(_ x: TypedExpr, _ y: TypedExpr) throws(QueryError) -> (TypedExpr, TypedExpr) {
        var x = x
        var y = y
        if let converted = try convertLiteral(y, toMeet: x) { y = converted }
        if let converted = try convertLiteral(x, toMeet: y) { x = converted }
        return (x, y)
    }

    private func convertLiteral(_ literal: TypedExpr, toMeet other: TypedExpr) throws(QueryError) -> TypedExpr? {
        if literal.isStringLiteral, case let .text(s)? = literal.constantValue {
            switch other.type {
            case .timestamp:
                guard let ts = TimeCoercion.timestamp(s) else {
                    throw QueryError(
                        .typeMismatch,
                        "type mismatch: \(text(literal.span)) is not a timestamp (expected RFC 3339 or YYYY-MM-DD[ HH:MM[:SS]]) to compare with \(describe(other))",
                        at: literal.span)
                }
                return TypedExpr(.constant(.timestamp(ts)), .timestamp, literal.span)
            case .day:
                if let d = TimeCoercion.epochDay(s) { return TypedExpr(.constant(.day(d)), .day, literal.span) }
                if let ts = TimeCoercion.timestamp(s) { return TypedExpr(.constant(.timestamp(ts)), .timestamp, literal.span) }
                throw QueryError(
                    .typeMismatch, "type mismatch: \(text(literal.span)) is not a day (expected YYYY-MM-DD) to compare with \(describe(other))",
                    at: literal.span)
            default:
                return nil
            }
        }
        if other.type == .money, let decimal = literal.decimalText, let m = Money(decimal: decimal) {
            return TypedExpr(.constant(.money(m)), .money, literal.span)
        }
        return nil
    }

    func checkComparable(_ x: TypedExpr, _ y: TypedExpr) throws(QueryError) {
        guard Binder.comparable(x.type, y.type) else {
            throw QueryError(.typeMismatch, "type mismatch: cannot compare \(describe(x)) with \(describe(y))", at: y.span)
        }
    }

    static func comparable(_ a: QueryType, _ b: QueryType) -> Bool {
        if a == .null || b == .null || a == b { return true }
        if a.isNumeric && b.isNumeric { return true }
        let temporal: Set<QueryType> = [.timestamp, .day]
        return temporal.contains(a) && temporal.contains(b)
    }

    private mutating func caseWhen(
        _ operand: Expr?, _ branches: [CaseBranch], _ otherwise: Expr?, _ span: SourceSpan, _ context: BindContext
    ) throws(QueryError) -> TypedExpr {
        let subject = try operand.map { (o: Expr) throws(QueryError) -> TypedExpr in try bind(o, context) }
        var whens: [BoundExpr] = []
        var results: [TypedExpr] = []
        for branch in branches {
            if let subject {
                let value = try bind(branch.when, context)
                whens.append(try comparison(.equal, subject, value, branch.when.span))
            } else {
                whens.append(try bindCondition(branch.when, context, clause: "WHEN"))
            }
            results.append(try bind(branch.then, context))
        }
        if let otherwise { results.append(try bind(otherwise, context)) }
        let (type, unified) = try unify(results, what: "CASE branches")
        var bound: [BoundBranch] = []
        for (i, when) in whens.enumerated() { bound.append(BoundBranch(when: when, then: unified[i])) }
        return TypedExpr(.caseWhen(bound, otherwise: otherwise == nil ? nil : unified.last), type, span)
    }

    /// The common type of several expressions, with narrower numbers widened (integer → money →
    /// double) by casts so every value is of the common type.
    func unify(_ items: [TypedExpr], what: String) throws(QueryError) -> (QueryType, [BoundExpr]) {
        var type = QueryType.null
        for item in items where item.type != .null {
            if type == .null || type == item.type {
                type = item.type
            } else if type.isNumeric && item.type.isNumeric {
                type = (type == .double || item.type == .double) ? .double : .money
            } else if Set([type, item.type]) == Set([QueryType.timestamp, .day]) {
                type = .timestamp
            } else {
                throw QueryError(.typeMismatch, "type mismatch: \(what) mix \(type) and \(describe(item))", at: item.span)
            }
        }
        let exprs = items.map { item -> BoundExpr in
            if item.type == type || item.type == .null { return item.expr }
            if type == .money, let decimal = item.decimalText, let m = Money(decimal: decimal) { return .constant(.money(m)) }
            return .cast(item.expr, type, Located(item.span))
        }
        return (type, exprs)
    }

    // MARK: Calls

    private mutating func aggregate(
        _ kind: AggregateKind, _ name: String, _ arguments: [Expr], _ distinct: Bool, _ span: SourceSpan, _ context: BindContext
    ) throws(QueryError) -> TypedExpr {
        guard case .grouped = context else {
            if case let .input(clause) = context {
                if clause == "an aggregate" {
                    throw QueryError(.aggregateMisuse, "misuse of aggregate: \(name)() inside another aggregate", at: span)
                }
                throw QueryError(.aggregateMisuse, "misuse of aggregate: \(name)() is not allowed in \(clause)", at: span)
            }
            throw QueryError(.aggregateMisuse, "misuse of aggregate: \(name)()", at: span)
        }
        let arity = name == "percentile" ? 2 : 1
        guard arguments.count == arity else {
            throw QueryError(.invalidArgument, "wrong number of arguments to function \(name)() (expected \(arity))", at: span)
        }
        var kind = kind
        var argument: TypedExpr?
        if case .star = arguments[0].kind {
            guard name == "count", !distinct else {
                throw QueryError(.syntax, "near \"*\": syntax error (* is allowed only in count(*))", at: arguments[0].span)
            }
            kind = .countRows
        } else {
            argument = try bind(arguments[0], .input(clause: "an aggregate"))
        }
        let argumentType = argument?.type ?? .integer
        func require(_ allowed: (QueryType) -> Bool, _ what: String) throws(QueryError) {
            guard let argument, !allowed(argument.type), argument.type != .null else { return }
            throw QueryError(.typeMismatch, "type mismatch: \(name)() needs \(what), got \(describe(argument))", at: argument.span)
        }
        var fraction = 0.5
        let resultType: QueryType
        switch kind {
        case .countRows, .count:
            resultType = .integer
        case .sum:
            try require(\.isNumeric, "a number or money")
            resultType = argumentType == .null ? .integer : argumentType
        case .avg:
            try require(\.isNumeric, "a number or money")
            resultType = argumentType == .money ? .money : .double
        case .min, .max:
            resultType = argumentType
        case .percentile:
            try require({ $0.isNumeric || $0 == .timestamp }, "numbers, money or timestamps")
            if name == "percentile" {
                let p = try bind(arguments[1], .input(clause: "an aggregate"))
                guard let value = p.constantValue, let d = Arithmetic.double(value), d >= 0, d <= 1 else {
                    throw QueryError(.invalidArgument, "percentile() needs a constant fraction between 0 and 1 as its second argument, got \(text(p.span))", at: p.span)
                }
                fraction = d
            }
            resultType = argumentType == .money ? .money : (argumentType == .timestamp ? .timestamp : .double)
        }
        let call = AggregateCall(
            kind: kind, argument: argument?.expr, distinct: distinct, fraction: fraction,
            argumentType: argumentType, resultType: resultType, location: Located(span))
        let slot: Int
        if let existing = aggregates.firstIndex(of: call) {
            slot = existing
        } else {
            aggregates.append(call)
            slot = aggregates.count - 1
        }
        return TypedExpr(.column(groupKeys.count + slot), resultType, span)
    }

    private mutating func function(
        _ name: String, _ arguments: [Expr], _ distinct: Bool, _ span: SourceSpan, _ context: BindContext
    ) throws(QueryError) -> TypedExpr {
        guard let info = FunctionCatalog.byName[name] else {
            var message = "no such function: \(name)"
            if let suggestion = Suggestions.closest(to: name, in: FunctionCatalog.allNames) { message += " (did you mean \(suggestion)?)" }
            throw QueryError(.unknownFunction, message, at: span)
        }
        guard info.arity.contains(arguments.count) else {
            throw QueryError(.invalidArgument, "wrong number of arguments to function \(name)() (usage: \(info.signature))", at: span)
        }
        if distinct { throw QueryError(.syntax, "DISTINCT is allowed only in aggregate functions, not in \(name)()", at: span) }
        var args: [TypedExpr] = []
        for a in arguments { args.append(try bind(a, context)) }
        let at = Located(span)

        func expect(_ t: TypedExpr, _ types: Set<QueryType>, _ what: String) throws(QueryError) {
            guard types.contains(t.type) || t.type == .null else {
                throw QueryError(.typeMismatch, "type mismatch: \(name)() needs \(what), got \(describe(t))", at: t.span)
            }
        }
        func constantInteger(_ t: TypedExpr, _ what: String) throws(QueryError) -> Int {
            guard case let .integer(v)? = t.constantValue, let i = Int(exactly: v), abs(i) <= 1000 else {
                throw QueryError(.invalidArgument, "\(name)() needs a constant integer \(what), got \(text(t.span))", at: t.span)
            }
            return i
        }
        let temporal: Set<QueryType> = [.timestamp, .day]

        switch name {
        case "coalesce", "ifnull":
            let (type, exprs) = try unify(args, what: "arguments of \(name)()")
            return TypedExpr(.function(.coalesce, exprs, at), type, span)
        case "nullif":
            let (a, b) = try coerceForComparison(args[0], args[1])
            try checkComparable(a, b)
            return TypedExpr(.function(.nullif, [a.expr, b.expr], at), args[0].type, span)
        case "round":
            try expect(args[0], [.integer, .money, .double], "a number")
            let digits = args.count > 1 ? try constantInteger(args[1], "number of digits") : 0
            return TypedExpr(.function(.round(digits), [args[0].expr], at), args[0].type, span)
        case "abs":
            try expect(args[0], [.integer, .money, .double], "a number")
            return TypedExpr(.function(.abs, [args[0].expr], at), args[0].type, span)
        case "lower", "upper", "length":
            try expect(args[0], [.text], "text")
            let f: ScalarFunction = name == "lower" ? .lower : (name == "upper" ? .upper : .length)
            return TypedExpr(.function(f, [args[0].expr], at), name == "length" ? .integer : .text, span)
        case "substr":
            try expect(args[0], [.text], "text")
            for a in args.dropFirst() { try expect(a, [.integer], "integer positions") }
            return TypedExpr(.function(.substr, args.map(\.expr), at), .text, span)
        case "day", "date":
            try expect(args[0], temporal, "a timestamp")
            return TypedExpr(.function(.day, [args[0].expr], at), .day, span)
        case "hour", "year", "month":
            try expect(args[0], temporal, "a timestamp")
            let f: ScalarFunction = name == "hour" ? .hour : (name == "year" ? .year : .month)
            return TypedExpr(.function(f, [args[0].expr], at), .integer, span)
        case "epoch_ms":
            try expect(args[0], temporal, "a timestamp")
            return TypedExpr(.function(.epochMilliseconds, [args[0].expr], at), .integer, span)
        case "date_trunc":
            let units = TruncationUnit.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            guard case let .text(unitName)? = args[0].constantValue, let unit = TruncationUnit(rawValue: unitName.lowercased()) else {
                throw QueryError(.invalidArgument, "date_trunc() needs a unit of \(units) as its first argument, got \(text(args[0].span))", at: args[0].span)
            }
            try expect(args[1], temporal, "a timestamp")
            return TypedExpr(.function(.dateTrunc(unit), [.constant(.null), args[1].expr], at), args[1].type == .day ? .day : .timestamp, span)
        default:
            throw QueryError(.unknownFunction, "no such function: \(name)", at: span)
        }
    }
}
