import TallyStore

extension ProjectionBatch {
    /// `tenant (4) | scope (1) | scope id (4) | period (1)`.
    static func budgetKey(tenant: Symbol, scope: BudgetScope, scopeID: Symbol, period: BudgetPeriod) -> [UInt8] {
        var key = [UInt8]()
        key.reserveCapacity(10)
        BigEndianKey.append(tenant, to: &key)
        key.append(scope.rawValue)
        BigEndianKey.append(scopeID, to: &key)
        key.append(period.rawValue)
        return key
    }

    /// The period index of `ts`: epoch day, Monday-based week, or month number (UTC).
    static func periodIndex(_ ts: Timestamp, _ period: BudgetPeriod) -> Int64 {
        let day = ts.epochDay
        switch period {
        case .day: return day
        case .week:
            let shifted = day + 3
            return shifted >= 0 ? shifted / 7 : (shifted - 6) / 7
        case .month:
            let (y, m, _) = CivilDate.fromEpochDay(day)
            return y * 12 + (m - 1)
        }
    }

    /// When a period begins (ms).
    static func periodStart(_ index: Int64, _ period: BudgetPeriod) -> Int64 {
        switch period {
        case .day: return index * Timestamp.dayMs
        case .week: return (index * 7 - 3) * Timestamp.dayMs
        case .month:
            let y = index >= 0 ? index / 12 : (index - 11) / 12
            let m = index - y * 12 + 1
            return CivilDate.toEpochDay(y, m, 1) * Timestamp.dayMs
        }
    }

    func applyBudget(_ record: EventRecord) throws {
        let b = try BudgetRecord(record.payload)
        let key = ProjectionBatch.budgetKey(tenant: record.tenant, scope: b.scope, scopeID: b.scopeID, period: b.period)
        try loadBudgetKeys()
        if !(engine.cache.budgetKeys[record.tenant]?.contains(key) ?? false) {
            engine.cache.budgetKeys[record.tenant, default: []].append(key)
        }
        try withBudget(key) { state in
            state.amount = b.amount
            state.thresholds = b.thresholdsBasisPoints.sorted()
        }
    }

    func withBudget(_ key: [UInt8], _ body: (inout BudgetState) throws -> Void) throws {
        try budgets.withValue(ByteKey(key), load: { try key.withUnsafeBytes { k in try load(tables.budgets, k) { BudgetState(from: &$0) } } ?? BudgetState() }, body)
    }

    /// Brings open budget alerts up to date once per batch (latest spend and time), rather than
    /// on every interaction.
    func flushBudgetAlerts() throws {
        for (_, entry) in openAlertSpend {
            for id in entry.ids {
                try withAnomaly(id) { row in
                    row.lastAt = max(row.lastAt, entry.lastAt)
                    row.value = entry.spend.approximateDollars
                }
            }
        }
        openAlertSpend.removeAll()
    }

    func loadBudgetKeys() throws {
        guard !engine.cache.budgetsLoaded else { return }
        var byTenant: [Symbol: [[UInt8]]] = [:]
        try txn.withCursor(tables.budgets) { cursor in
            try cursor.scan { entry in
                if entry.key.count == 10, let tenant = BigEndianKey.uint32(entry.key) {
                    byTenant[tenant, default: []].append(Array(entry.key))
                }
                return true
            }
        }
        engine.cache.budgetKeys = byTenant
        engine.cache.budgetsLoaded = true
    }

    /// Adds a priced interaction's cost to every budget it falls under, opening an alert for
    /// each threshold the spend crosses in the budget's current period.
    func chargeBudgets(tenant: Symbol, agent: Symbol, model: Symbol, user: Symbol, ts: Timestamp, cost: Money) throws {
        try loadBudgetKeys()
        guard let keys = engine.cache.budgetKeys[tenant], !keys.isEmpty else { return }
        for key in keys {
            guard let scope = BudgetScope(rawValue: key[4]), let period = BudgetPeriod(rawValue: key[9]) else { continue }
            let scopeID = key.withUnsafeBytes { BigEndianKey.uint32($0, at: 5) } ?? 0
            switch scope {
            case .tenant: break
            case .agent: guard scopeID == agent else { continue }
            case .model: guard scopeID == model else { continue }
            case .user: guard scopeID == user else { continue }
            }
            let index = ProjectionBatch.periodIndex(ts, period)
            var opened: [AnomalyRow] = []
            var resolvedAlerts: [UInt64] = []
            var resolveAt: Int64 = 0
            var stillOpen: [UInt64] = []
            var spendNow = Money.zero
            try withBudget(key) { state in
                if index > state.period {
                    resolvedAlerts = state.openAlerts
                    resolveAt = ProjectionBatch.periodStart(index, period)
                    state.openAlerts = []
                    state.period = index
                    state.spend = .zero
                    state.crossed = 0
                } else if index < state.period {
                    return // a late event of a period already closed: not part of the current alerts
                }
                let before = state.spend
                state.spend += cost
                spendNow = state.spend
                for (t, threshold) in state.thresholds.enumerated() where t < 64 {
                    let limit = Money(picodollars: state.amount.picodollars * Int128(threshold) / 10_000)
                    let bit = UInt64(1) << UInt64(t)
                    if state.crossed & bit == 0 && before < limit && state.spend >= limit {
                        state.crossed |= bit
                        var row = AnomalyRow()
                        row.tenant = tenant
                        row.kind = .budget
                        row.agent = scopeID
                        row.budgetScope = scope.rawValue
                        row.budgetPeriod = period.rawValue
                        row.threshold = Int64(threshold)
                        row.openedAt = ts.milliseconds
                        row.lastAt = ts.milliseconds
                        row.value = state.spend.approximateDollars
                        row.baseline = state.amount.approximateDollars
                        row.severity = threshold >= 10_000 ? 3 : threshold >= 9_000 ? 2 : 1
                        opened.append(row)
                    }
                }
                stillOpen = state.openAlerts
            }
            for id in resolvedAlerts {
                try withAnomaly(id) { row in
                    row.resolvedAt = resolveAt
                }
            }
            if !stillOpen.isEmpty { openAlertSpend[ByteKey(key)] = (stillOpen, ts.milliseconds, spendNow) }
            if !opened.isEmpty {
                var ids: [UInt64] = []
                for row in opened { ids.append(try openAnomaly(row)) }
                try withBudget(key) { $0.openAlerts.append(contentsOf: ids) }
            }
        }
    }
}
