/// Turns a parsed statement into a `QueryPlan` against one snapshot: resolves the table, binds
/// every clause, derives the key scans, and decides whether `ORDER BY` needs a sort.
struct Planner {
    let sql: String
    let statement: SelectStatement
    let options: QueryOptions

    /// The plan and the table it reads (`nil` without `FROM`).
    static func plan(
        _ statement: SelectStatement, sql: String, snapshot: any QuerySnapshot, options: QueryOptions
    ) throws(QueryError) -> (QueryPlan, (any QueryTable)?) {
        let planner = Planner(sql: sql, statement: statement, options: options)
        var table: (any QueryTable)?
        if let from = statement.from {
            table = try planner.resolveTable(from, in: snapshot)
        }
        return (try planner.makePlan(schema: table?.schema), table)
    }

    // MARK: Tables

    /// The candidates a name may denote, in order (the what-if set first when one is active).
    static func candidateNames(_ name: String, tableSet: String?) -> [String] {
        let lower = name.lowercased()
        if lower.hasPrefix("main.") { return [String(lower.dropFirst(5))] }
        if let tableSet, !lower.contains(".") { return [tableSet.lowercased() + "." + lower, lower] }
        return [lower]
    }

    func resolveTable(_ reference: TableReference, in snapshot: any QuerySnapshot) throws(QueryError) -> any QueryTable {
        for candidate in Planner.candidateNames(reference.name, tableSet: options.tableSet) {
            if let table = try snapshot.table(named: candidate) { return table }
        }
        let names = try snapshot.tableSchemas().map(\.name)
        var message = "no such table: \(reference.name)"
        if let suggestion = Suggestions.closest(to: reference.name, in: names) {
            message += " (did you mean \(suggestion)?)"
        }
        message += names.isEmpty ? "; the store has no tables" : "; tables: " + names.joined(separator: ", ")
        throw QueryError(.unknownTable, message, at: reference.span)
    }

    // MARK: Binding

    private struct Item {
        var expr: Expr
        var alias: String?
    }

    func makePlan(schema: TableSchema?) throws(QueryError) -> QueryPlan {
        var binder = Binder(source: sql, schema: schema, table: statement.from)

        // SELECT list, with * expanded.
        var items: [Item] = []
        for item in statement.items {
            switch item {
            case let .star(span):
                guard let schema else {
                    throw QueryError(.syntax, "SELECT * needs a FROM clause", at: span)
                }
                for column in schema.columns {
                    items.append(Item(expr: Expr(.column(qualifier: nil, name: column.name), span), alias: nil))
                }
            case let .expression(expr, alias):
                items.append(Item(expr: expr, alias: alias))
            }
        }
        var aliases: [String: Int] = [:]
        for (i, item) in items.enumerated() {
            if let alias = item.alias, aliases[alias.lowercased()] == nil { aliases[alias.lowercased()] = i }
        }

        let grouped = !statement.groupBy.isEmpty || statement.having != nil
            || items.contains { $0.expr.containsAggregate } || statement.orderBy.contains { $0.expr.containsAggregate }

        // WHERE, and the tenant scope.
        var filter: BoundExpr?
        if let condition = statement.whereClause {
            filter = try binder.bindCondition(condition, .input(clause: "WHERE"), clause: "WHERE")
        }
        if let tenant = options.tenant, let column = schema?.tenantColumn, schema?.columns[column].type == .text {
            let scope = BoundExpr.compare(.equal, .column(column), .constant(.text(tenant)))
            filter = filter.map { .and(scope, $0) } ?? scope
        }

        // GROUP BY: ordinals and aliases name SELECT items; table columns win over aliases.
        for g in statement.groupBy {
            var expr = g
            if case let .integer(k) = g.kind {
                guard k >= 1, k <= items.count else {
                    throw QueryError(.invalidArgument, "GROUP BY term out of range - should be between 1 and \(items.count)", at: g.span)
                }
                expr = items[Int(k) - 1].expr
            } else if case let .column(nil, name) = g.kind, schema?.columnIndex(named: name) == nil, let i = aliases[name.lowercased()] {
                expr = items[i].expr
            }
            if let aggregate = expr.firstAggregate {
                throw QueryError(.aggregateMisuse, "misuse of aggregate: aggregate functions are not allowed in GROUP BY", at: g.kind == expr.kind ? aggregate.span : g.span)
            }
            let t = try binder.bind(expr, .input(clause: "GROUP BY"))
            binder.groupKeys.append(t.expr)
            binder.groupKeyTypes.append(t.type)
        }

        // Output columns.
        let context: BindContext = grouped ? .grouped : .input(clause: "SELECT")
        var outputs: [BoundExpr] = []
        var resultColumns: [ResultColumn] = []
        for item in items {
            let t = try binder.bind(item.expr, context)
            outputs.append(t.expr)
            let name: String
            if let alias = item.alias {
                name = alias
            } else if case let .column(_, columnName) = item.expr.kind, let schema, let i = schema.columnIndex(named: columnName) {
                name = schema.columns[i].name
            } else {
                name = binder.fullText(item.expr.span)
            }
            resultColumns.append(ResultColumn(name: name, type: t.type == .null ? .text : t.type))
        }

        // HAVING.
        var having: BoundExpr?
        if let condition = statement.having {
            having = try binder.bindCondition(substituteAliases(condition, items, aliases, schema), .grouped, clause: "HAVING")
        }

        // ORDER BY: ordinals and aliases name output columns; aliases win over table columns.
        var sortKeys: [SortKey] = []
        for o in statement.orderBy {
            let source: SortKey.Source
            if case let .integer(k) = o.expr.kind {
                guard k >= 1, k <= items.count else {
                    throw QueryError(.invalidArgument, "ORDER BY term out of range - should be between 1 and \(items.count)", at: o.expr.span)
                }
                source = .output(Int(k) - 1)
            } else if case let .column(nil, name) = o.expr.kind, let i = aliases[name.lowercased()] {
                source = .output(i)
            } else {
                let t = try binder.bind(substituteAliases(o.expr, items, aliases, schema), context)
                if let i = outputs.firstIndex(of: t.expr) {
                    source = .output(i)
                } else if statement.distinct {
                    throw QueryError(.invalidArgument, "for SELECT DISTINCT, ORDER BY expressions must appear in the select list", at: o.expr.span)
                } else {
                    source = .expression(t.expr)
                }
            }
            sortKeys.append(SortKey(source: source, descending: o.descending, nullsFirst: o.nullsFirst ?? !o.descending))
        }

        let limit = try statement.limit.map { (e: Expr) throws(QueryError) -> Int in try constantCount(e, "LIMIT", &binder) }
        let offset = try statement.offset.map { (e: Expr) throws(QueryError) -> Int in try constantCount(e, "OFFSET", &binder) } ?? 0

        let grouping = grouped ? Grouping(keys: binder.groupKeys, aggregates: binder.aggregates, having: having) : nil

        // Key access and key order.
        var scans: [KeyConstraint] = []
        var descending = false
        var orderedByScan = false
        var columns = ColumnSet(count: schema?.columns.count ?? 0)
        var index: Int?
        if let schema {
            // The key and every index are candidate access paths; keep the one that narrows the
            // scan most, and among equals the one whose order answers ORDER BY (then the key).
            var best: (index: Int?, columns: [Int], access: KeyAccess.Result, rank: [Int], ordered: Bool?)?
            let paths: [(Int?, [Int])] = [(nil, schema.keyColumns)] + schema.indexes.enumerated().map { ($0.offset, $0.element.columns) }
            for (pathIndex, pathColumns) in paths {
                let access = KeyAccess.derive(from: filter, keyColumns: pathColumns, schema: schema)
                let rank = KeyAccess.rank(access, columnCount: pathColumns.count)
                var ordered: Bool?
                if !grouped, !statement.distinct, !sortKeys.isEmpty {
                    // Only the leading key columns the store keeps in value order can answer ORDER BY.
                    let orderColumns = pathIndex == nil ? Array(pathColumns.prefix(schema.orderedKeyColumns)) : pathColumns
                    ordered = Planner.keyOrderDirection(sortKeys, outputs: outputs, keyColumns: orderColumns, pinned: access.pinned)
                }
                let better: Bool
                if let current = best {
                    better = rank.lexicographicallyPrecedes(current.rank, by: >) || (rank == current.rank && ordered != nil && current.ordered == nil)
                } else {
                    better = true
                }
                if better { best = (pathIndex, pathColumns, access, rank, ordered) }
            }
            if let best {
                index = best.index
                scans = best.access.scans
                if let direction = best.ordered {
                    descending = direction
                    orderedByScan = true
                    sortKeys = []
                    if descending { scans.reverse() }
                }
            }
            filter?.collectColumns(into: &columns)
            if let grouping {
                for key in grouping.keys { key.collectColumns(into: &columns) }
                for aggregate in grouping.aggregates { aggregate.argument?.collectColumns(into: &columns) }
            } else {
                for output in outputs { output.collectColumns(into: &columns) }
                for key in sortKeys { if case let .expression(e) = key.source { e.collectColumns(into: &columns) } }
            }
        }

        return QueryPlan(
            schema: schema, index: index, scans: scans, descending: descending, columns: columns, filter: filter,
            grouping: grouping, outputs: outputs, resultColumns: resultColumns, sortKeys: sortKeys,
            orderedByScan: orderedByScan, distinct: statement.distinct, limit: limit, offset: offset,
            explain: statement.explain)
    }

    /// `LIMIT`/`OFFSET`: a constant, non-negative integer.
    private func constantCount(_ e: Expr, _ clause: String, _ binder: inout Binder) throws(QueryError) -> Int {
        if e.containsAggregate {
            throw QueryError(.aggregateMisuse, "misuse of aggregate: aggregate functions are not allowed in \(clause)", at: e.span)
        }
        let t = try binder.bind(e, .input(clause: clause))
        guard case let .integer(n)? = t.constantValue, n >= 0, let count = Int(exactly: n) else {
            throw QueryError(.invalidArgument, "\(clause) needs a constant non-negative integer, got \(binder.text(e.span))", at: e.span)
        }
        return count
    }

    /// Names in `HAVING` and `ORDER BY` expressions that are not table columns but are aliases of
    /// SELECT items stand for those items.
    private func substituteAliases(_ e: Expr, _ items: [Item], _ aliases: [String: Int], _ schema: TableSchema?) -> Expr {
        guard !aliases.isEmpty else { return e }
        func walk(_ e: Expr, _ depth: Int) -> Expr {
            guard depth < Parser.maximumDepth * 2 else { return e }
            var copy = e
            switch e.kind {
            case let .column(nil, name):
                if schema?.columnIndex(named: name) == nil, let i = aliases[name.lowercased()], !items[i].expr.containsAlias(name) {
                    return Expr(items[i].expr.kind, e.span)
                }
                return e
            case .column, .integer, .decimal, .string, .null, .bool, .star:
                return e
            case let .unary(op, a): copy.kind = .unary(op, walk(a, depth + 1))
            case let .binary(op, a, b): copy.kind = .binary(op, walk(a, depth + 1), walk(b, depth + 1))
            case let .isNull(a, n): copy.kind = .isNull(walk(a, depth + 1), negated: n)
            case let .between(a, lo, hi, n): copy.kind = .between(walk(a, depth + 1), low: walk(lo, depth + 1), high: walk(hi, depth + 1), negated: n)
            case let .inList(a, list, n): copy.kind = .inList(walk(a, depth + 1), list.map { walk($0, depth + 1) }, negated: n)
            case let .like(a, p, n): copy.kind = .like(walk(a, depth + 1), pattern: walk(p, depth + 1), negated: n)
            case let .caseWhen(operand, branches, otherwise):
                copy.kind = .caseWhen(
                    operand: operand.map { walk($0, depth + 1) },
                    branches: branches.map { CaseBranch(when: walk($0.when, depth + 1), then: walk($0.then, depth + 1)) },
                    otherwise: otherwise.map { walk($0, depth + 1) })
            case let .call(name, args, distinct): copy.kind = .call(name: name, arguments: args.map { walk($0, depth + 1) }, distinct: distinct)
            case let .cast(a, type, span): copy.kind = .cast(walk(a, depth + 1), typeName: type, typeSpan: span)
            }
            return copy
        }
        return walk(e, 0)
    }

    /// When every `ORDER BY` key is a key column, all in one direction, and together (ignoring
    /// columns pinned by an equality) they are a prefix of the key (also ignoring pinned columns),
    /// the scan already delivers the order: returns the direction (`true` = descending).
    static func keyOrderDirection(_ keys: [SortKey], outputs: [BoundExpr], keyColumns: [Int], pinned: Set<Int>) -> Bool? {
        var columns: [Int] = []
        var directions = Set<Bool>()
        for key in keys {
            let e: BoundExpr
            switch key.source {
            case let .output(i): e = outputs[i]
            case let .expression(x): e = x
            }
            guard case let .column(c) = e else { return nil }
            if pinned.contains(c) { continue }
            columns.append(c)
            directions.insert(key.descending)
        }
        guard directions.count <= 1 else { return nil }
        let remaining = keyColumns.filter { !pinned.contains($0) }
        guard columns.count <= remaining.count, Array(remaining.prefix(columns.count)) == columns else { return nil }
        return directions.first ?? false
    }
}

extension Expr {
    /// Whether the expression mentions an unqualified column of this name (an alias that refers to
    /// itself, as in `SELECT x + 1 AS x`, must not be substituted into itself).
    func containsAlias(_ name: String) -> Bool {
        let lower = name.lowercased()
        func walk(_ e: Expr) -> Bool {
            switch e.kind {
            case let .column(nil, n): return n.lowercased() == lower
            case .column, .integer, .decimal, .string, .null, .bool, .star: return false
            case let .unary(_, a), let .isNull(a, _), let .cast(a, _, _): return walk(a)
            case let .binary(_, a, b), let .like(a, b, _): return walk(a) || walk(b)
            case let .between(a, lo, hi, _): return walk(a) || walk(lo) || walk(hi)
            case let .inList(a, list, _): return walk(a) || list.contains(where: walk)
            case let .caseWhen(o, branches, other):
                return (o.map(walk) ?? false) || branches.contains { walk($0.when) || walk($0.then) } || (other.map(walk) ?? false)
            case let .call(_, args, _): return args.contains(where: walk)
            }
        }
        return walk(self)
    }
}
