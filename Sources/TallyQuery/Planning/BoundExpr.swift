/// An expression after binding: names resolved to row indices, types checked, literals converted
/// to the types they meet, `BETWEEN` desugared. Evaluated per row without any lookup by name.
///
/// Equality is structural and ignores source positions, so `SELECT a + b … GROUP BY a + b` finds
/// its group key.
indirect enum BoundExpr: Hashable, Sendable {
    case constant(QueryValue)
    /// The value at this index of the row (an input row, or a grouped row: keys then aggregates).
    case column(Int)
    case negate(BoundExpr, Located)
    case not(BoundExpr)
    case arithmetic(BinaryOperator, BoundExpr, BoundExpr, Located)
    /// Money scaled by an exact decimal: `value × numerator ÷ denominator`, rounded half away from
    /// zero to the picodollar (`cost_usd * 1.1`, `cost_usd / 2.5`).
    case scaleMoney(BoundExpr, numerator: Int128, denominator: Int128, Located)
    case concat(BoundExpr, BoundExpr)
    case compare(BinaryOperator, BoundExpr, BoundExpr)
    case and(BoundExpr, BoundExpr)
    case or(BoundExpr, BoundExpr)
    case isNull(BoundExpr, negated: Bool)
    case inList(BoundExpr, [BoundExpr], negated: Bool)
    case like(BoundExpr, LikePattern, negated: Bool)
    /// `LIKE` with a pattern computed per row.
    case likeDynamic(BoundExpr, BoundExpr, negated: Bool)
    case caseWhen([BoundBranch], otherwise: BoundExpr?)
    case function(ScalarFunction, [BoundExpr], Located)
    case cast(BoundExpr, QueryType, Located)

    /// The column indices the expression reads.
    func collectColumns(into set: inout ColumnSet) {
        switch self {
        case .constant: break
        case let .column(i): set.insert(i)
        case let .negate(e, _), let .not(e), let .scaleMoney(e, _, _, _), let .isNull(e, _), let .like(e, _, _), let .cast(e, _, _):
            e.collectColumns(into: &set)
        case let .arithmetic(_, a, b, _), let .concat(a, b), let .compare(_, a, b), let .and(a, b), let .or(a, b),
            let .likeDynamic(a, b, _):
            a.collectColumns(into: &set)
            b.collectColumns(into: &set)
        case let .inList(e, list, _):
            e.collectColumns(into: &set)
            for item in list { item.collectColumns(into: &set) }
        case let .caseWhen(branches, otherwise):
            for b in branches {
                b.when.collectColumns(into: &set)
                b.then.collectColumns(into: &set)
            }
            otherwise?.collectColumns(into: &set)
        case let .function(_, args, _):
            for a in args { a.collectColumns(into: &set) }
        }
    }

    /// Whether the expression reads no column (so it can be folded to a constant).
    var isConstantFoldable: Bool {
        switch self {
        case .constant: return true
        case .column: return false
        case let .negate(e, _), let .not(e), let .scaleMoney(e, _, _, _), let .isNull(e, _), let .like(e, _, _), let .cast(e, _, _):
            return e.isConstantFoldable
        case let .arithmetic(_, a, b, _), let .concat(a, b), let .compare(_, a, b), let .and(a, b), let .or(a, b),
            let .likeDynamic(a, b, _):
            return a.isConstantFoldable && b.isConstantFoldable
        case let .inList(e, list, _):
            return e.isConstantFoldable && list.allSatisfy(\.isConstantFoldable)
        case let .caseWhen(branches, otherwise):
            return branches.allSatisfy { $0.when.isConstantFoldable && $0.then.isConstantFoldable } && (otherwise?.isConstantFoldable ?? true)
        case let .function(_, args, _):
            return args.allSatisfy(\.isConstantFoldable)
        }
    }

    /// The conjuncts of an `AND` chain.
    var conjuncts: [BoundExpr] {
        if case let .and(a, b) = self { return a.conjuncts + b.conjuncts }
        return [self]
    }
}

/// One `WHEN … THEN …` of a bound `CASE`.
struct BoundBranch: Hashable, Sendable {
    var when: BoundExpr
    var then: BoundExpr
}

/// A source position carried for runtime errors (overflow), ignored by equality and hashing.
struct Located: Hashable, Sendable {
    var span: SourceSpan

    init(_ span: SourceSpan) { self.span = span }

    static func == (a: Located, b: Located) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}
