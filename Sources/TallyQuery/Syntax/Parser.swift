/// A recursive-descent parser for one `SELECT` statement.
///
/// Precedence, loosest first: `OR`, `AND`, `NOT`, comparisons (`= != <> < <= > >=`, `IS [NOT]
/// NULL`, `[NOT] BETWEEN`, `[NOT] IN`, `[NOT] LIKE`), `+ -`, `* / %`, `||`, unary `- +`. Errors are
/// `.syntax` errors in sqlite's words (`near "FORM": syntax error`), pointing at the token.
struct Parser {
    private let source: [UInt8]
    private let tokens: [Token]
    private var index = 0
    private var depth = 0

    /// How deeply expressions may nest before the statement is refused (keeps the stack bounded).
    static let maximumDepth = 200

    init(_ text: String) throws(QueryError) {
        source = Array(text.utf8)
        tokens = try Lexer.tokenize(text)
    }

    /// Parses `text` as one statement, with an optional trailing `;`.
    static func parse(_ text: String) throws(QueryError) -> SelectStatement {
        var parser = try Parser(text)
        return try parser.statement()
    }

    // MARK: Statement

    mutating func statement() throws(QueryError) -> SelectStatement {
        var stmt = SelectStatement()
        if accept(.explain) { stmt.explain = true }
        guard accept(.select) else {
            if case .end = current.kind { throw QueryError(.syntax, "empty statement", at: current.span) }
            throw syntaxError("expected SELECT")
        }
        if accept(.distinct) { stmt.distinct = true } else { _ = accept(.all) }
        stmt.items = try selectList()
        if accept(.from) {
            stmt.from = try tableReference()
        }
        if accept(.where) { stmt.whereClause = try expression() }
        if accept(.group) {
            try expect(.by)
            stmt.groupBy = try expressionList()
        }
        if accept(.having) { stmt.having = try expression() }
        if accept(.order) {
            try expect(.by)
            stmt.orderBy = try orderList()
        }
        if accept(.limit) {
            stmt.limit = try expression()
            if accept(.offset) {
                stmt.offset = try expression()
            } else if accept(.comma) {
                // sqlite's `LIMIT offset, count`.
                let count = try expression()
                stmt.offset = stmt.limit
                stmt.limit = count
            }
        } else if accept(.offset) {
            stmt.offset = try expression()
        }
        _ = accept(.semicolon)
        guard case .end = current.kind else {
            throw syntaxError(stmt.from == nil && stmt.whereClause == nil ? "expected FROM or end of statement" : "expected end of statement")
        }
        return stmt
    }

    private mutating func selectList() throws(QueryError) -> [SelectItem] {
        var items: [SelectItem] = []
        repeat {
            if case .symbol(.star) = current.kind {
                items.append(.star(current.span))
                advance()
                continue
            }
            // `t.*`
            if case .identifier = current.kind, case .symbol(.dot) = peek(1).kind, case .symbol(.star) = peek(2).kind {
                let span = current.span.union(peek(2).span)
                advance(3)
                items.append(.star(span))
                continue
            }
            let expr = try expression()
            var alias: String?
            if accept(.as) {
                alias = try name("expected a column alias after AS").name
            } else if case let .identifier(text) = current.kind {
                try checkNotMisspelledKeyword(text)
                alias = text
                advance()
            } else if case let .quotedIdentifier(text) = current.kind {
                alias = text
                advance()
            } else if case .string = current.kind, let text = stringValue(current) {
                alias = text
                advance()
            }
            items.append(.expression(expr, alias: alias))
        } while accept(.comma)
        return items
    }

    /// A bare word used as an implicit alias that looks like a misspelled clause keyword
    /// (`SELECT a FORM t`) is reported as such, rather than as an error at the next token.
    private func checkNotMisspelledKeyword(_ text: String) throws(QueryError) {
        let next = peek(1).kind
        switch next {
        case .symbol(.comma), .symbol(.semicolon), .end, .keyword: return
        default: break
        }
        let clauses = ["FROM", "WHERE", "GROUP", "ORDER", "LIMIT", "HAVING"]
        if let keyword = Suggestions.closest(to: text, in: clauses), keyword != text.uppercased() {
            throw QueryError(.syntax, "near \"\(text)\": syntax error (did you mean \(keyword)?)", at: current.span)
        }
    }

    private mutating func tableReference() throws(QueryError) -> TableReference {
        let first = try name("expected a table name after FROM")
        var parts = [first.name]
        var span = first.span
        while case .symbol(.dot) = current.kind {
            advance()
            let next = try name("expected a table name after \".\"")
            parts.append(next.name)
            span = span.union(next.span)
        }
        var alias: String?
        if accept(.as) {
            alias = try name("expected a table alias after AS").name
        } else if case let .identifier(text) = current.kind {
            try checkNotMisspelledKeyword(text)
            alias = text
            advance()
        }
        return TableReference(name: parts.joined(separator: "."), span: span, alias: alias)
    }

    private mutating func orderList() throws(QueryError) -> [OrderItem] {
        var items: [OrderItem] = []
        repeat {
            let expr = try expression()
            var descending = false
            if accept(.desc) { descending = true } else { _ = accept(.asc) }
            var nullsFirst: Bool?
            if case let .identifier(word) = current.kind, word.lowercased() == "nulls" {
                advance()
                if case let .identifier(which) = current.kind, which.lowercased() == "first" || which.lowercased() == "last" {
                    nullsFirst = which.lowercased() == "first"
                    advance()
                } else {
                    throw syntaxError("expected FIRST or LAST after NULLS")
                }
            }
            items.append(OrderItem(expr: expr, descending: descending, nullsFirst: nullsFirst))
        } while accept(.comma)
        return items
    }

    private mutating func expressionList() throws(QueryError) -> [Expr] {
        var list: [Expr] = []
        repeat { list.append(try expression()) } while accept(.comma)
        return list
    }

    // MARK: Expressions

    mutating func expression() throws(QueryError) -> Expr {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Parser.maximumDepth else {
            throw QueryError(.tooComplex, "expression nested too deeply (more than \(Parser.maximumDepth) levels of parentheses or operators)", at: current.span)
        }
        return try orExpression()
    }

    /// One more level of the tree being built: parentheses, unary operators, and each operator of
    /// a left-associative chain (`a + b + c` is as deep as it is long, and the binder, planner and
    /// evaluator recurse through it), so that no statement can exhaust the stack.
    private mutating func nest() throws(QueryError) {
        depth += 1
        guard depth <= Parser.maximumDepth else {
            throw QueryError(.tooComplex, "expression nested too deeply (more than \(Parser.maximumDepth) levels of parentheses or operators)", at: current.span)
        }
    }

    private mutating func orExpression() throws(QueryError) -> Expr {
        let base = depth
        defer { depth = base }
        var left = try andExpression()
        while accept(.or) {
            try nest()
            let right = try andExpression()
            left = Expr(.binary(.or, left, right), left.span.union(right.span))
        }
        return left
    }

    private mutating func andExpression() throws(QueryError) -> Expr {
        let base = depth
        defer { depth = base }
        var left = try notExpression()
        while accept(.and) {
            try nest()
            let right = try notExpression()
            left = Expr(.binary(.and, left, right), left.span.union(right.span))
        }
        return left
    }

    private mutating func notExpression() throws(QueryError) -> Expr {
        if case .keyword(.not) = current.kind {
            let start = current.span
            advance()
            depth += 1
            defer { depth -= 1 }
            guard depth <= Parser.maximumDepth else {
                throw QueryError(.tooComplex, "expression nested too deeply (more than \(Parser.maximumDepth) levels of parentheses or operators)", at: current.span)
            }
            let operand = try notExpression()
            return Expr(.unary(.not, operand), start.union(operand.span))
        }
        return try comparison()
    }

    private mutating func comparison() throws(QueryError) -> Expr {
        let left = try additive()
        if case let .symbol(symbol) = current.kind, let op = Parser.comparisonOperator(symbol) {
            advance()
            let right = try additive()
            return Expr(.binary(op, left, right), left.span.union(right.span))
        }
        if accept(.is) {
            let negated = accept(.not)
            let nullToken = current
            try expect(.null, "expected NULL after IS")
            return Expr(.isNull(left, negated: negated), left.span.union(nullToken.span))
        }
        let negated = accept(.not)
        if accept(.between) {
            let low = try additive()
            try expect(.and, "expected AND in BETWEEN")
            let high = try additive()
            return Expr(.between(left, low: low, high: high, negated: negated), left.span.union(high.span))
        }
        if accept(.in) {
            try expectSymbol(.leftParen, "expected ( after IN")
            let list = try expressionList()
            let close = current
            try expectSymbol(.rightParen, "expected ) to close the IN list")
            return Expr(.inList(left, list, negated: negated), left.span.union(close.span))
        }
        if accept(.like) {
            let pattern = try additive()
            return Expr(.like(left, pattern: pattern, negated: negated), left.span.union(pattern.span))
        }
        if negated { throw syntaxError("expected BETWEEN, IN or LIKE after NOT") }
        return left
    }

    private static func comparisonOperator(_ symbol: Symbol) -> BinaryOperator? {
        switch symbol {
        case .equal, .doubleEqual: .equal
        case .notEqual, .ltGt: .notEqual
        case .less: .less
        case .lessEqual: .lessEqual
        case .greater: .greater
        case .greaterEqual: .greaterEqual
        default: nil
        }
    }

    private mutating func additive() throws(QueryError) -> Expr {
        let base = depth
        defer { depth = base }
        var left = try multiplicative()
        while case let .symbol(symbol) = current.kind, symbol == .plus || symbol == .minus {
            advance()
            try nest()
            let right = try multiplicative()
            left = Expr(.binary(symbol == .plus ? .add : .subtract, left, right), left.span.union(right.span))
        }
        return left
    }

    private mutating func multiplicative() throws(QueryError) -> Expr {
        let base = depth
        defer { depth = base }
        var left = try concatenation()
        while case let .symbol(symbol) = current.kind, symbol == .star || symbol == .slash || symbol == .percent {
            advance()
            try nest()
            let right = try concatenation()
            let op: BinaryOperator = symbol == .star ? .multiply : (symbol == .slash ? .divide : .remainder)
            left = Expr(.binary(op, left, right), left.span.union(right.span))
        }
        return left
    }

    private mutating func concatenation() throws(QueryError) -> Expr {
        let base = depth
        defer { depth = base }
        var left = try unary()
        while accept(.concat) {
            try nest()
            let right = try unary()
            left = Expr(.binary(.concat, left, right), left.span.union(right.span))
        }
        return left
    }

    private mutating func unary() throws(QueryError) -> Expr {
        if case let .symbol(symbol) = current.kind, symbol == .minus || symbol == .plus {
            let start = current.span
            advance()
            // `-9223372036854775808` is a literal, not the negation of an out-of-range one.
            if symbol == .minus, case let .integer(text) = current.kind, let value = Int64("-" + text) {
                let span = start.union(current.span)
                advance()
                return Expr(.integer(value), span)
            }
            if symbol == .minus, case let .decimal(text) = current.kind {
                let span = start.union(current.span)
                advance()
                return Expr(.decimal("-" + text), span)
            }
            depth += 1
            defer { depth -= 1 }
            guard depth <= Parser.maximumDepth else {
                throw QueryError(.tooComplex, "expression nested too deeply (more than \(Parser.maximumDepth) levels of parentheses or operators)", at: current.span)
            }
            let operand = try unary()
            return Expr(.unary(symbol == .minus ? .negate : .plus, operand), start.union(operand.span))
        }
        return try primary()
    }

    private mutating func primary() throws(QueryError) -> Expr {
        let token = current
        switch token.kind {
        case let .integer(text):
            advance()
            guard let value = Int64(text) else {
                throw QueryError(.syntax, "integer literal out of range: \(text)", at: token.span)
            }
            return Expr(.integer(value), token.span)
        case let .decimal(text):
            advance()
            return Expr(.decimal(text), token.span)
        case let .string(text):
            advance()
            return Expr(.string(text), token.span)
        case .keyword(.null):
            advance()
            return Expr(.null, token.span)
        case .keyword(.true):
            advance()
            return Expr(.bool(true), token.span)
        case .keyword(.false):
            advance()
            return Expr(.bool(false), token.span)
        case .keyword(.case):
            return try caseExpression()
        case .keyword(.cast):
            advance()
            try expectSymbol(.leftParen, "expected ( after CAST")
            let operand = try expression()
            try expect(.as, "expected AS in CAST")
            let type = try name("expected a type name in CAST")
            let close = current
            try expectSymbol(.rightParen, "expected ) to close CAST")
            return Expr(.cast(operand, typeName: type.name, typeSpan: type.span), token.span.union(close.span))
        case .symbol(.leftParen):
            advance()
            let inner = try expression()
            let close = current
            try expectSymbol(.rightParen, "expected )")
            return Expr(inner.kind, token.span.union(close.span))
        case let .identifier(text), let .quotedIdentifier(text):
            advance()
            if case .identifier = token.kind, accept(.leftParen) {
                return try call(name: text, nameSpan: token.span)
            }
            if case .symbol(.dot) = current.kind {
                advance()
                let column = try name("expected a column name after \".\"")
                return Expr(.column(qualifier: text, name: column.name), token.span.union(column.span))
            }
            return Expr(.column(qualifier: nil, name: text), token.span)
        default:
            throw syntaxError("expected an expression")
        }
    }

    private mutating func call(name: String, nameSpan: SourceSpan) throws(QueryError) -> Expr {
        var arguments: [Expr] = []
        var distinct = false
        if case .symbol(.star) = current.kind {
            arguments.append(Expr(.star, current.span))
            advance()
        } else if case .symbol(.rightParen) = current.kind {
            // no arguments
        } else {
            if accept(.distinct) { distinct = true }
            arguments = try expressionList()
        }
        let close = current
        try expectSymbol(.rightParen, "expected ) to close the call to \(name)")
        return Expr(.call(name: name.lowercased(), arguments: arguments, distinct: distinct), nameSpan.union(close.span))
    }

    private mutating func caseExpression() throws(QueryError) -> Expr {
        let start = current.span
        advance()
        var operand: Expr?
        if case .keyword(.when) = current.kind {} else { operand = try expression() }
        var branches: [CaseBranch] = []
        while accept(.when) {
            let when = try expression()
            try expect(.then, "expected THEN")
            let then = try expression()
            branches.append(CaseBranch(when: when, then: then))
        }
        guard !branches.isEmpty else { throw syntaxError("expected WHEN") }
        var otherwise: Expr?
        if accept(.else) { otherwise = try expression() }
        let end = current
        try expect(.end, "expected END to close CASE")
        return Expr(.caseWhen(operand: operand, branches: branches, otherwise: otherwise), start.union(end.span))
    }

    // MARK: Tokens

    private var current: Token { tokens[min(index, tokens.count - 1)] }

    private func peek(_ offset: Int) -> Token { tokens[min(index + offset, tokens.count - 1)] }

    private mutating func advance(_ count: Int = 1) {
        index = min(index + count, tokens.count - 1)
    }

    private mutating func accept(_ keyword: Keyword) -> Bool {
        if case .keyword(keyword) = current.kind {
            advance()
            return true
        }
        return false
    }

    private mutating func accept(_ symbol: Symbol) -> Bool {
        if case .symbol(symbol) = current.kind {
            advance()
            return true
        }
        return false
    }

    private mutating func expect(_ keyword: Keyword, _ message: String? = nil) throws(QueryError) {
        guard accept(keyword) else { throw syntaxError(message ?? "expected \(keyword.text)") }
    }

    private mutating func expectSymbol(_ symbol: Symbol, _ message: String) throws(QueryError) {
        guard accept(symbol) else { throw syntaxError(message) }
    }

    /// A name: a bare or quoted identifier (keywords need quoting).
    private mutating func name(_ message: String) throws(QueryError) -> (name: String, span: SourceSpan) {
        switch current.kind {
        case let .identifier(text), let .quotedIdentifier(text):
            let span = current.span
            advance()
            return (text, span)
        default:
            throw syntaxError(message)
        }
    }

    private func stringValue(_ token: Token) -> String? {
        if case let .string(text) = token.kind { return text }
        return nil
    }

    private func syntaxError(_ expectation: String) -> QueryError {
        let token = current
        return QueryError(.syntax, "near \(token.quoted(in: source)): syntax error (\(expectation))", at: token.span)
    }
}
