import TallyStore

/// How a replay groups its report.
public enum ReplayGrouping: String, CaseIterable, Sendable {
    case model, agent, day, user, tenant
}

/// What to replay: a price book (and a model remap) over a window of the log.
public struct ReplayOptions: Sendable {
    /// The what-if price book.
    public var book: PriceBook
    /// Model remaps (`--map old=new`, or a scenario file's `map` and `agents`).
    public var scenario = WhatIfScenario()
    /// Only events with `from ≤ ts < to`.
    public var from: Timestamp?
    public var to: Timestamp?
    public var groupBy: ReplayGrouping = .model
    /// The what-if set's name: its tables are queryable as `<name>.agent_days` etc.
    public var name: String = "whatif"
    /// Build the full what-if projection set (anomalies and budget alerts included); when `false`
    /// only the report is computed, which is much faster.
    public var buildProjections = true

    public init(book: PriceBook) {
        self.book = book
    }
}

/// Baseline against what-if cost for one group.
public struct ReplayGroup: Sendable, Hashable {
    public var group: String
    public var baseline: Money = .zero
    public var whatIf: Money = .zero
    public var interactions: Int64 = 0
    /// Interactions the what-if book could not price.
    public var unpriced: Int64 = 0
    /// Interactions the baseline could not price.
    public var baselineUnpriced: Int64 = 0

    public init(group: String) {
        self.group = group
    }

    /// What-if minus baseline.
    public var delta: Money { whatIf - baseline }

    /// The relative change in percent, or `nil` when the baseline is zero.
    public var deltaPercent: Double? {
        baseline.picodollars == 0 ? nil : Double(delta.picodollars) / Double(baseline.picodollars) * 100
    }

    mutating func add(_ other: ReplayGroup) {
        baseline += other.baseline
        whatIf += other.whatIf
        interactions += other.interactions
        unpriced += other.unpriced
        baselineUnpriced += other.baselineUnpriced
    }
}

/// The outcome of a replay.
public struct ReplayReport: Sendable {
    public var name: String
    public var bookID: String
    public var groupBy: ReplayGrouping
    /// Groups, largest baseline first.
    public var groups: [ReplayGroup]
    public var total: ReplayGroup
    /// Per UTC day (`YYYY-MM-DD`), for charts.
    public var daily: [ReplayGroup]
    public var eventsScanned: UInt64
}

extension EventLog {
    /// Replays the log under another price book (and model remap), reporting baseline against
    /// what-if cost per group, and (unless `buildProjections` is off) leaving a complete what-if
    /// projection set named `options.name` beside the main one, which it never touches.
    public func replay(_ options: ReplayOptions, progress: ((UInt64, UInt64) -> Void)? = nil) throws -> ReplayReport {
        let baselinePricer = Pricer(source: .baseline, schema: schema, tables: try ProjectionTables(environment: environment, prefix: "p."))
        var groups: [UInt64: ReplayGroup] = [:]
        var daily: [Int64: ReplayGroup] = [:]
        // Per-chunk figures while building the what-if projections: a chunk retried after the map
        // grew must not be counted twice, so they join the totals only once the chunk commits.
        var chunkGroups: [UInt64: ReplayGroup] = [:]
        var chunkDaily: [Int64: ReplayGroup] = [:]
        var scannedInChunk: UInt64 = 0
        let range = (options.from?.milliseconds ?? .min)..<(options.to?.milliseconds ?? .max)

        func observe(_ record: EventRecord, _ i: InteractionRecord, _ whatIf: Money?, _ txn: UnsafeReadTransactionReference) throws {
            let baseline = try baselinePricer.cost(of: i, tenant: record.tenant, at: record.ts, txn: txn, logTxn: txn)
            let key: UInt64
            switch options.groupBy {
            case .model: key = UInt64(i.model)
            case .agent: key = UInt64(i.agent)
            case .user: key = UInt64(i.user)
            case .tenant: key = UInt64(record.tenant)
            case .day: key = UInt64(bitPattern: record.ts.epochDay)
            }
            var delta = ReplayGroup(group: "")
            delta.interactions = 1
            if let baseline { delta.baseline = baseline } else { delta.baselineUnpriced = 1 }
            if let whatIf { delta.whatIf = whatIf } else { delta.unpriced = 1 }
            if options.buildProjections {
                chunkGroups[key, default: ReplayGroup(group: "")].add(delta)
                chunkDaily[record.ts.epochDay, default: ReplayGroup(group: "")].add(delta)
            } else {
                groups[key, default: ReplayGroup(group: "")].add(delta)
                daily[record.ts.epochDay, default: ReplayGroup(group: "")].add(delta)
            }
        }

        var scanned: UInt64 = 0
        if options.buildProjections {
            guard let derivedEnvironment = try derived.environment(create: true) else {
                throw StoreError(kind: .readOnly, operation: "replay into \(derived.path)", detail: "the store was opened read-only")
            }
            let engine = try whatIfEngine(named: options.name, in: derivedEnvironment, pricing: .fixed(options.book, scenario: options.scenario))
            try engine.clearAll()
            engine.timeFilter = range
            engine.observer = { record, i, cost, txn in
                scannedInChunk += 1
                try observe(record, i, cost, txn)
            }
            engine.chunkStarted = {
                chunkGroups.removeAll(keepingCapacity: true)
                chunkDaily.removeAll(keepingCapacity: true)
                scannedInChunk = 0
            }
            engine.chunkCommitted = {
                for (key, g) in chunkGroups { groups[key, default: ReplayGroup(group: "")].add(g) }
                for (key, g) in chunkDaily { daily[key, default: ReplayGroup(group: "")].add(g) }
                scanned += scannedInChunk
            }
            try engine.rebuild(progress: progress)
            try engine.writeReplayDescription(options)
        } else {
            let whatIfPricer = Pricer(source: .fixed(options.book, scenario: options.scenario), schema: schema, tables: baselinePricer.tables)
            try read { reader in
                let last = try reader.lastPosition()
                try reader.scan { position, bytes in
                    let record = try EventRecord(bytes)
                    guard record.type == .interaction, range.contains(record.ts.milliseconds) else { return true }
                    let i = try InteractionRecord(record.payload)
                    scanned += 1
                    try observe(record, i, try whatIfPricer.cost(of: i, tenant: record.tenant, at: record.ts, txn: reader.txn, logTxn: reader.txn), reader.txn)
                    if position % 262_144 == 0 { progress?(position, last) }
                    return true
                }
                progress?(last, last)
            }
        }

        return try read { reader in
            var named: [ReplayGroup] = []
            for (key, var group) in groups {
                switch options.groupBy {
                case .day: group.group = Timestamp(milliseconds: Int64(bitPattern: key) * Timestamp.dayMs).dayString
                default: group.group = key == 0 ? "(none)" : try reader.symbols.name(of: Symbol(truncatingIfNeeded: key)) ?? "#\(key)"
                }
                named.append(group)
            }
            if options.groupBy == .day {
                named.sort { $0.group < $1.group }
            } else {
                named.sort { ($0.baseline, $1.group) > ($1.baseline, $0.group) }
            }
            var total = ReplayGroup(group: "total")
            for g in named { total.add(g) }
            let days = daily.sorted { $0.key < $1.key }.map { entry -> ReplayGroup in
                var g = entry.value
                g.group = Timestamp(milliseconds: entry.key * Timestamp.dayMs).dayString
                return g
            }
            return ReplayReport(name: options.name, bookID: options.book.id, groupBy: options.groupBy, groups: named, total: total, daily: days, eventsScanned: scanned)
        }
    }
}
