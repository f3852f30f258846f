import TallyStore

/// The key of a budget's state: `tenant (4) | scope (1) | scope id (4) | period (1)`.
struct BudgetKey: Hashable, OverlayKey {
    var tenant: Symbol
    var scope: BudgetScope
    var scopeID: Symbol
    var period: BudgetPeriod

    var overlayHash: UInt64 {
        overlayMix(UInt64(tenant), UInt64(scopeID) << 16 | UInt64(scope.rawValue) << 8 | UInt64(period.rawValue))
    }

    /// Runs `body` on the 10-byte stored key, without allocating.
    @inline(__always)
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        func byte(_ value: Symbol, _ shift: Symbol) -> UInt8 { UInt8(truncatingIfNeeded: value >> shift) }
        var raw = (byte(tenant, 24), byte(tenant, 16), byte(tenant, 8), byte(tenant, 0), scope.rawValue,
                   byte(scopeID, 24), byte(scopeID, 16), byte(scopeID, 8), byte(scopeID, 0), period.rawValue)
        return try withUnsafeBytes(of: &raw) { try body($0) }
    }

    /// Reads a stored key; `nil` when it is not one.
    init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 10, let tenant = BigEndianKey.uint32(bytes, at: 0), let scopeID = BigEndianKey.uint32(bytes, at: 5),
              let scope = BudgetScope(rawValue: bytes[4]), let period = BudgetPeriod(rawValue: bytes[9]) else { return nil }
        (self.tenant, self.scope, self.scopeID, self.period) = (tenant, scope, scopeID, period)
    }

    init(tenant: Symbol, scope: BudgetScope, scopeID: Symbol, period: BudgetPeriod) {
        (self.tenant, self.scope, self.scopeID, self.period) = (tenant, scope, scopeID, period)
    }
}

extension ProjectionBatch {
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
        let key = BudgetKey(tenant: record.tenant, scope: b.scope, scopeID: b.scopeID, period: b.period)
        try loadBudgetKeys()
        let t = engine.cache.budgetKeys.index(of: record.tenant) { [] }
        if !engine.cache.budgetKeys.rows[t].contains(key) { engine.cache.budgetKeys.rows[t].append(key) }
        try withBudget(key) { state in
            state.amount = b.amount
            state.thresholds = b.thresholdsBasisPoints.sorted()
            state.nextLimit = nil
        }
    }

    @inline(__always)
    func withBudget(_ key: BudgetKey, _ body: (inout BudgetState) throws -> Void) throws {
        let i = try budgets.index(of: key) { try key.withBytes { k in try load(tables.budgets, k) { BudgetState(from: &$0) } } ?? BudgetState() }
        try body(&budgets.rows[i])
    }

    /// Brings a budget's open alerts up to date with its latest charge (time and spend): once
    /// per batch, and before the alerts close at a period change — not on every interaction.
    func refreshAlerts(of state: inout BudgetState) throws {
        guard state.alertsStaleSince != .min else { return }
        for id in state.openAlerts {
            try withAnomaly(id) { row in
                row.lastAt = max(row.lastAt, state.alertsStaleSince)
                row.value = state.alertSpend.approximateDollars
            }
        }
        state.alertsStaleSince = .min
    }

    func flushBudgetAlerts() throws {
        for i in 0..<budgets.count where budgets.rows[i].alertsStaleSince != .min {
            try refreshAlerts(of: &budgets.rows[i])
        }
    }

    func loadBudgetKeys() throws {
        guard !engine.cache.budgetsLoaded else { return }
        var byTenant = OverlayTable<Symbol, [BudgetKey]>()
        try txn.withCursor(tables.budgets) { cursor in
            try cursor.scan { entry in
                if let key = BudgetKey(bytes: entry.key) {
                    let t = byTenant.index(of: key.tenant) { [] }
                    byTenant.rows[t].append(key)
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
        guard let t = engine.cache.budgetKeys.index(of: tenant) else { return }
        let keys = engine.cache.budgetKeys.rows[t]
        for key in keys {
            switch key.scope {
            case .tenant: break
            case .agent: guard key.scopeID == agent else { continue }
            case .model: guard key.scopeID == model else { continue }
            case .user: guard key.scopeID == user else { continue }
            }
            try withBudget(key) { state in try charge(&state, key: key, ts: ts, cost: cost) }
        }
    }

    /// Charges one budget's current period.
    private func charge(_ state: inout BudgetState, key: BudgetKey, ts: Timestamp, cost: Money) throws {
        let ms = ts.milliseconds
        if ms < state.periodStartMs || ms >= state.periodEndMs {
            let index = ProjectionBatch.periodIndex(ts, key.period)
            if index > state.period {
                try refreshAlerts(of: &state)
                let resolveAt = ProjectionBatch.periodStart(index, key.period)
                for id in state.openAlerts {
                    try withAnomaly(id) { row in row.resolvedAt = resolveAt }
                }
                state.openAlerts = []
                state.period = index
                state.spend = .zero
                state.crossed = 0
                state.nextLimit = nil
            } else if index < state.period {
                return // a late event of a period already closed: not part of the current alerts
            }
            state.periodStartMs = ProjectionBatch.periodStart(index, key.period)
            state.periodEndMs = ProjectionBatch.periodStart(index + 1, key.period)
        }
        let before = state.spend
        state.spend += cost
        if !state.openAlerts.isEmpty {
            state.alertsStaleSince = ms
            state.alertSpend = state.spend
        }
        // Spend only grows (costs are never negative), so below the limit nothing can cross.
        if cost.picodollars >= 0, let limit = state.nextLimit, state.spend.picodollars < limit { return }
        defer { state.nextLimit = ProjectionBatch.nextLimit(of: state) }
        for (t, threshold) in state.thresholds.enumerated() where t < 64 {
            let bit = UInt64(1) << UInt64(t)
            guard state.crossed & bit == 0 else { continue }
            // The limit is ⌊amount × threshold / 10,000⌋ picodollars; for an integer spend s,
            // s ≥ ⌊a / 10,000⌋ exactly when 10,000 × (s + 1) > a — compared without dividing.
            let scaledLimit = state.amount.picodollars * Int128(threshold)
            if 10_000 * (before.picodollars + 1) <= scaledLimit && 10_000 * (state.spend.picodollars + 1) > scaledLimit {
                state.crossed |= bit
                var row = AnomalyRow()
                row.tenant = key.tenant
                row.kind = .budget
                row.agent = key.scopeID
                row.budgetScope = key.scope.rawValue
                row.budgetPeriod = key.period.rawValue
                row.threshold = Int64(threshold)
                row.openedAt = ts.milliseconds
                row.lastAt = ts.milliseconds
                row.value = state.spend.approximateDollars
                row.baseline = state.amount.approximateDollars
                row.severity = threshold >= 10_000 ? 3 : threshold >= 9_000 ? 2 : 1
                state.openAlerts.append(try openAnomaly(row))
            }
        }
    }

    /// The least spend at which a threshold not crossed yet would be crossed, above the current
    /// spend; `Int128.max` when none can be; `nil` when a threshold has no such spend (a
    /// negative limit), so every charge checks them all.
    ///
    /// Threshold t crosses when the spend goes from below ⌊amount × t / 10,000⌋ to at least it
    /// (the test in `charge`, for a limit that is not negative); a threshold whose limit the
    /// spend already reached without crossing can never cross in this period.
    static func nextLimit(of state: BudgetState) -> Int128? {
        var limit = Int128.max
        for (t, threshold) in state.thresholds.enumerated() where t < 64 && state.crossed & (UInt64(1) << UInt64(t)) == 0 {
            let scaled = state.amount.picodollars * Int128(threshold)
            guard scaled >= 0 else { return nil }
            let at = scaled / 10_000
            if at > state.spend.picodollars { limit = min(limit, at) }
        }
        return limit
    }
}
