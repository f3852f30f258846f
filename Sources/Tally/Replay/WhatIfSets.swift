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

    /// Opens an existing what-if set by name (read-only use: queries).
    public static func whatIf(named name: String, log: EventLog) throws -> ProjectionEngine {
        try ProjectionEngine(
            environment: log.environment, schema: log.schema, configuration: log.projections?.configuration ?? StoreConfiguration(),
            prefix: "w.\(name).", pricing: .baseline
        )
    }
}

extension EventLog {
    /// The what-if sets replays have left in this store.
    public func whatIfSets() throws -> [WhatIfProjectionSet] {
        // Named databases are keys of LMDB's main (unnamed) database.
        let main = try environment.database("")
        var sets: [WhatIfProjectionSet] = try environment.read { txn in
            var sets: [WhatIfProjectionSet] = []
            try txn.unsafeReference.withCursor(main) { cursor in
                try Array("w.".utf8).withUnsafeBytes { prefix in
                    try cursor.scan(prefix: prefix) { entry in
                        let name = String(decoding: entry.key, as: UTF8.self)
                        guard name.hasSuffix(".meta") else { return true }
                        sets.append(WhatIfProjectionSet(name: String(name.dropFirst(2).dropLast(5)), description: ""))
                        return true
                    }
                }
            }
            return sets
        }
        // Opening a table may need a write transaction: do it outside any read.
        let metas = try sets.map { try environment.database("w.\($0.name).meta") }
        try environment.read { txn in
            for index in sets.indices {
                if let raw = try ProjectionEngine.descriptionKey.withUnsafeBytes({ try txn.unsafeReference.get(metas[index], key: $0) }) {
                    sets[index].description = String(decoding: raw, as: UTF8.self)
                }
            }
        }
        return sets
    }
}
