import TallyStore

/// A what-if projection set left by a replay.
public struct WhatIfProjectionSet: Sendable, Hashable {
    /// The set's name (tables are `<name>.conversations`, `<name>.agent_days`, …).
    public var name: String
    /// The replay that built it, as `key=value` lines (book, map, window).
    public var description: String
}

extension ProjectionEngine {
    static let descriptionKey = Array("replay".utf8)

    func writeReplayDescription(_ options: ReplayOptions) throws {
        var lines = ["book=\(options.book.id)"]
        for remap in options.scenario.remaps { lines.append("map=\(remap.from)=\(remap.to)") }
        if let agents = options.scenario.agents { lines.append("agents=\(agents.sorted().joined(separator: ","))") }
        if let from = options.from { lines.append("from=\(from.rfc3339)") }
        if let to = options.to { lines.append("to=\(to.rfc3339)") }
        let text = lines.joined(separator: "\n")
        try environment.write { txn in
            _ = try txn.put(tables.meta, key: ProjectionEngine.descriptionKey, value: Array(text.utf8))
        }
    }

    /// Opens an existing what-if set by name (read-only use: queries); `nil` when the store has
    /// no what-if sets yet.
    public static func whatIf(named name: String, log: EventLog) throws -> ProjectionEngine? {
        guard let environment = try log.derived.environment(create: false) else { return nil }
        return try log.whatIfEngine(named: name, in: environment, pricing: .baseline)
    }
}

extension EventLog {
    /// The environment of the what-if sets (`nil` when no replay has run yet).
    public func whatIfEnvironment() throws -> Environment? {
        try derived.environment(create: false)
    }

    /// A projection set named `name` in the derived environment, fed from this log.
    func whatIfEngine(named name: String, in environment: Environment, pricing: PricingSource, prefix: String = "w.") throws -> ProjectionEngine {
        try ProjectionEngine(
            environment: environment, logEnvironment: self.environment, schema: schema,
            configuration: projections?.configuration ?? StoreConfiguration(), prefix: "\(prefix)\(name).", pricing: pricing
        )
    }

    /// The what-if sets replays have left in this store, by name. A set whose replay did not
    /// finish (no description yet) is not listed.
    public func whatIfSets() throws -> [WhatIfProjectionSet] {
        guard let environment = try derived.environment(create: false) else { return [] }
        // Named databases are keys of LMDB's main (unnamed) database.
        let main = try environment.database("")
        let names: [String] = try environment.read { txn in
            var names: [String] = []
            try txn.unsafeReference.withCursor(main) { cursor in
                try Array("w.".utf8).withUnsafeBytes { prefix in
                    try cursor.scan(prefix: prefix) { entry in
                        let name = String(decoding: entry.key, as: UTF8.self)
                        if name.hasSuffix(".meta") { names.append(String(name.dropFirst(2).dropLast(5))) }
                        return true
                    }
                }
            }
            return names
        }
        // Opening a table may need a write transaction: do it outside any read.
        let metas = try names.map { try environment.database("w.\($0).meta") }
        return try environment.read { txn in
            var sets: [WhatIfProjectionSet] = []
            for (name, meta) in zip(names, metas) {
                if let raw = try ProjectionEngine.descriptionKey.withUnsafeBytes({ try txn.unsafeReference.get(meta, key: $0) }) {
                    sets.append(WhatIfProjectionSet(name: name, description: String(decoding: raw, as: UTF8.self)))
                }
            }
            return sets
        }
    }
}
