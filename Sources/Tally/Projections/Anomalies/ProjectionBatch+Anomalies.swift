import TallyStore
#if canImport(Glibc)
import Glibc
#endif

extension ProjectionBatch {
    /// Runs `body` on the series state of `key`, loading it once per batch.
    func withSeries(_ key: SeriesKey, _ body: (inout SeriesState) throws -> Void) throws {
        if series[key] == nil {
            series[key] = try key.bytes.withUnsafeBytes { k in try load(tables.series, k) { SeriesState(from: &$0) } } ?? SeriesState()
        }
        try body(&series[key, default: SeriesState()])
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
            state.ratingCount += 1
            state.starsSum += Int64(applied.contribution.stars)
        }
    }

    /// Judges the hour a series is leaving: opens, updates or resolves its anomalies and folds
    /// normal hours into the baselines (anomalous hours are kept out, so a long incident does
    /// not become the new normal).
    func judgeHour(_ state: inout SeriesState, key: SeriesKey) throws {
        let settings = engine.configuration.anomalies
        let hourStart = state.hour * Timestamp.hourMs
        let hourEnd = hourStart + Timestamp.hourMs
        for metric in 0..<SeriesState.metricCount {
            let kind = SeriesState.kinds[metric]
            let value: Double
            switch kind {
            case .errorRate:
                guard state.samples >= settings.minimumSamples else { continue }
                value = Double(state.errors) / Double(state.samples)
            case .latency:
                guard state.latencySamples >= settings.minimumSamples, let p95 = state.latency.quantile(0.95) else { continue }
                value = p95
            case .cost:
                guard state.samples >= settings.minimumSamples else { continue }
                value = state.cost.approximateDollars
            case .quality:
                guard state.ratingCount >= settings.minimumRatings else { continue }
                value = Double(state.starsSum) / Double(state.ratingCount)
            case .sla:
                guard state.latencySamples >= settings.minimumSamples else { continue }
                value = Double(state.slaBreaches) / Double(state.latencySamples)
            case .budget:
                continue
            }
            var baseline = state.baselines[metric]
            var anomalous = false
            if baseline.hours >= settings.warmupHours {
                let spread = settings.bound * sqrt(max(0, baseline.variance))
                switch kind {
                case .quality:
                    anomalous = value < baseline.mean - max(spread, settings.minimumStarDrop)
                case .errorRate, .sla:
                    anomalous = value > baseline.mean + max(spread, settings.minimumRateRise, settings.minimumRelativeChange * baseline.mean)
                default:
                    anomalous = value > baseline.mean + max(spread, settings.minimumRelativeChange * baseline.mean)
                }
            }
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
                baseline.update(value, alpha: settings.alpha)
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
        if anomalies[id] == nil {
            anomalies[id] = try BigEndianKey.with(id) { k in try load(tables.anomalies, k) { AnomalyRow(from: &$0) } } ?? AnomalyRow()
        }
        body(&anomalies[id, default: AnomalyRow()])
    }

    /// Stores a new anomaly under the next id (ids follow opening order).
    func openAnomaly(_ row: AnomalyRow) throws -> UInt64 {
        if nextAnomalyID == 0 {
            let raw = try Array("next_anomaly".utf8).withUnsafeBytes { k in try txn.get(tables.meta, key: k) }
            nextAnomalyID = raw.map { $0.count >= 8 ? UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) : 1 } ?? 1
        }
        let id = nextAnomalyID
        nextAnomalyID += 1
        anomalies[id] = row
        return id
    }
}
