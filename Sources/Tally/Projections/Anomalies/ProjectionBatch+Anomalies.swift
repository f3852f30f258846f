import TallyStore
#if canImport(Glibc)
import Glibc
#endif

extension ProjectionBatch {
    /// Runs `body` on the series state of `key`, loading it once per batch.
    func withSeries(_ key: SeriesKey, _ body: (inout SeriesState) throws -> Void) throws {
        let i: Int
        if let found = series.index(of: key) {
            i = found
        } else {
            // Loaded before inserting: a new series reads the other series of its agent.
            let state = try key.withBytes { k in try load(tables.series, k) { SeriesState(from: &$0) } } ?? newSeries(key)
            i = series.insert(key, state)
        }
        try body(&series.rows[i])
    }

    /// A series seen for the first time — typically an agent moved to a newly deployed model —
    /// starts from the baselines of the same agent's most established series, so a regression
    /// that begins with the deployment is judged against how the agent did before it. Its own
    /// hours then take over (the inherited history counts as just one warm-up's worth).
    func newSeries(_ key: SeriesKey) throws -> SeriesState {
        var state = SeriesState()
        // Candidates by model: this batch's overlay wins over the stored (older) state.
        var candidates: [Symbol: [SeriesState.Baseline]] = [:]
        var prefix = [UInt8]()
        BigEndianKey.append(key.tenant, to: &prefix)
        BigEndianKey.append(key.agent, to: &prefix)
        try txn.withCursor(tables.series) { cursor in
            try prefix.withUnsafeBytes { p in
                try cursor.scan(prefix: p) { entry in
                    var r = ByteReader(entry.value)
                    if let model = BigEndianKey.uint32(entry.key, at: 8), let stored = SeriesState(from: &r) { candidates[model] = stored.baselines }
                    return true
                }
            }
        }
        for (i, other) in series.keys.enumerated() where other.tenant == key.tenant && other.agent == key.agent && other.model != key.model {
            candidates[other.model] = series.rows[i].baselines
        }
        candidates[key.model] = nil
        // The most established one; ties go to the lower model symbol, so the choice is deterministic.
        let best = candidates.max { a, b in
            let ha = a.value.map(\.hours).max() ?? 0
            let hb = b.value.map(\.hours).max() ?? 0
            return ha != hb ? ha < hb : a.key > b.key
        }?.value
        if var inherited = best {
            let warmup = engine.configuration.anomalies.warmupHours
            for i in inherited.indices { inherited[i].hours = min(inherited[i].hours, warmup) }
            state.baselines = inherited
        }
        return state
    }

    /// Moves a series to `hour`, judging the hour it leaves. Returns `false` for a late event
    /// (an hour already judged), which then does not count in the anomaly state.
    func advance(_ state: inout SeriesState, key: SeriesKey, to hour: Int64) throws -> Bool {
        if state.hour == .min {
            state.resetHour(hour)
        } else if hour > state.hour {
            try judgeHour(&state, key: key)
            state.resetHour(hour)
        } else if hour < state.hour {
            return false
        }
        return true
    }

    func observeSeries(record: EventRecord, interaction i: InteractionRecord, cost: Money?) throws {
        let key = SeriesKey(tenant: record.tenant, agent: i.agent, model: i.model)
        let hour = record.ts.epochHour
        try withSeries(key) { state in
            guard try advance(&state, key: key, to: hour) else { return }
            state.samples += 1
            if i.status.isFailure { state.errors += 1 }
            if i.latencyMs >= 0 {
                state.latency.record(i.latencyMs)
                state.latencySamples += 1
                if i.latencyMs > slaMs { state.slaBreaches += 1 }
            }
            if let cost { state.cost += cost }
        }
    }

    func observeRating(_ applied: AppliedRating) throws {
        guard applied.contribution.stars > 0 else { return }
        let at = applied.attribution
        let key = SeriesKey(tenant: at.tenant, agent: at.agent, model: at.model)
        let hour = Timestamp(milliseconds: applied.ts).epochHour
        try withSeries(key) { state in
            guard try advance(&state, key: key, to: hour) else { return }
            let stars = Int64(applied.contribution.stars)
            state.ratingCount += 1
            state.starsSum += stars
            state.starsSquares += stars * stars
        }
    }

    /// Judges the hour a series is leaving: opens, updates or resolves its anomalies and folds
    /// normal hours into the baselines (anomalous hours are kept out, so a long incident does
    /// not become the new normal).
    ///
    /// Rates (errors, SLA breaches) and average ratings are tested for significance against their
    /// baseline: the hour's count of errors has a Poisson upper tail below `alarmProbability` at
    /// the baseline rate; the hour's average rating lies that far below the baseline in units of
    /// its own standard error. Both also need a minimum change, and both are tested again pooled
    /// over this hour and the one before, which catches moderate shifts within two hours. p95
    /// latency and cost per hour have no sampling model: they must exceed the baseline by `bound`
    /// of its own (EWMA) spread and by a minimum relative change. Baselines learn from normal
    /// hours only, each value clipped to two standard errors so a slow drift cannot hide a fault.
    func judgeHour(_ state: inout SeriesState, key: SeriesKey) throws {
        let settings = engine.configuration.anomalies
        let hourStart = state.hour * Timestamp.hourMs
        let hourEnd = hourStart + Timestamp.hourMs
        let now = state.current
        let pooled: SeriesState.HourCounts? = state.previousHour == state.hour - 1 ? SeriesState.pool(state.previous, now) : nil
        for metric in 0..<SeriesState.metricCount {
            let kind = SeriesState.kinds[metric]
            var baseline = state.baselines[metric]
            let spread = sqrt(max(0, baseline.variance))
            let warmedUp = baseline.hours >= settings.warmupHours
            var value: Double? = nil
            var anomalous = false
            var robustValue: Double? = nil // the value folded into the baseline, clipped
            switch kind {
            case .errorRate, .sla:
                let rate: (SeriesState.HourCounts) -> (Int64, Int64) = kind == .errorRate ? { ($0.errors, $0.samples) } : { ($0.slaBreaches, $0.latencySamples) }
                for (index, counts) in [now, pooled].enumerated() {
                    guard let counts else { continue }
                    let (hits, n) = rate(counts)
                    guard n >= settings.minimumSamples else { continue }
                    let x = Double(hits) / Double(n)
                    let p = max(baseline.mean, 0.002)
                    if index == 0 {
                        value = x
                        robustValue = warmedUp ? min(x, baseline.mean + 2 * (p * (1 - p) / Double(n)).squareRoot()) : x
                    }
                    guard warmedUp else { continue }
                    let rises = x > baseline.mean + max(settings.minimumRateRise, settings.minimumRelativeChange * baseline.mean)
                    if rises && Significance.poissonUpperTail(hits, lambda: p * Double(n)) < settings.alarmProbability { anomalous = true }
                }
            case .quality:
                for (index, counts) in [now, pooled].enumerated() {
                    guard let counts, counts.ratingCount >= settings.minimumRatings else { continue }
                    let k = Double(counts.ratingCount)
                    let mean = Double(counts.starsSum) / k
                    let variance = max(0.25, Double(counts.starsSquares) / k - mean * mean)
                    let sampling = (variance / k).squareRoot()
                    if index == 0 {
                        value = mean
                        robustValue = warmedUp ? max(mean, baseline.mean - 2 * sampling) : mean
                    }
                    guard warmedUp else { continue }
                    let drops = mean < baseline.mean - settings.minimumStarDrop
                    if drops && Significance.normalUpperTail((baseline.mean - mean) / sampling) < settings.alarmProbability { anomalous = true }
                }
            case .latency, .cost:
                guard state.latencySamples >= settings.minimumSamples || kind == .cost, state.samples >= settings.minimumSamples else { break }
                let x: Double
                if kind == .latency {
                    guard let p95 = state.latency.quantile(0.95) else { break }
                    x = p95
                } else {
                    x = state.cost.approximateDollars
                }
                value = x
                robustValue = warmedUp && spread > 0 ? min(x, baseline.mean + 2 * spread) : x
                if warmedUp { anomalous = x > baseline.mean + max(settings.bound * spread, settings.minimumRelativeChange * baseline.mean) }
            case .budget:
                break
            }
            guard let value else { continue }
            if anomalous {
                let severity = ProjectionBatch.severity(kind: kind, value: value, baseline: baseline.mean)
                if state.open[metric] != 0 {
                    try withAnomaly(state.open[metric]) { row in
                        row.lastAt = hourEnd
                        row.value = value
                        row.severity = max(row.severity, severity)
                    }
                } else {
                    var row = AnomalyRow()
                    row.tenant = key.tenant
                    row.kind = kind
                    row.agent = key.agent
                    row.model = key.model
                    row.openedAt = hourStart
                    row.lastAt = hourEnd
                    row.value = value
                    row.baseline = baseline.mean
                    row.severity = severity
                    try withModel(key.model) { m in
                        row.suspectedDeploymentAt = m.latestDeployment(from: hourStart - 24 * Timestamp.hourMs, to: hourEnd) ?? .min
                    }
                    state.open[metric] = try openAnomaly(row)
                }
            } else {
                if state.open[metric] != 0 {
                    try withAnomaly(state.open[metric]) { row in
                        row.resolvedAt = hourEnd
                        row.lastAt = hourEnd
                    }
                    state.open[metric] = 0
                }
                baseline.update(robustValue ?? value, alpha: settings.alpha)
                state.baselines[metric] = baseline
            }
        }
    }

    static func severity(kind: AnomalyKind, value: Double, baseline: Double) -> UInt8 {
        if kind == .quality {
            let drop = baseline - value
            return drop >= 1.5 ? 3 : drop >= 1 ? 2 : 1
        }
        let ratio = baseline > 0 ? value / baseline : .infinity
        return ratio >= 3 ? 3 : ratio >= 2 ? 2 : 1
    }

    func withAnomaly(_ id: UInt64, _ body: (inout AnomalyRow) -> Void) throws {
        let i = try anomalies.index(of: id) { try BigEndianKey.with(id) { k in try load(tables.anomalies, k) { AnomalyRow(from: &$0) } } ?? AnomalyRow() }
        body(&anomalies.rows[i])
    }

    /// Stores a new anomaly under the next id (ids follow opening order).
    func openAnomaly(_ row: AnomalyRow) throws -> UInt64 {
        if nextAnomalyID == 0 {
            let raw = try Array("next_anomaly".utf8).withUnsafeBytes { k in try txn.get(tables.meta, key: k) }
            nextAnomalyID = raw.map { $0.count >= 8 ? UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) : 1 } ?? 1
        }
        let id = nextAnomalyID
        nextAnomalyID += 1
        anomalies.insert(id, row)
        return id
    }
}
