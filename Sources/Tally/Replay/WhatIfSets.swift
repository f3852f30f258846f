import TallyStore

/// A what-if projection set left by a replay.
public struct WhatIfSet: Sendable, Hashable {
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
    public func whatIfSets() throws -> [WhatIfSet] {
        // Named databases are keys of LMDB's main (unnamed) database.
        let main = try environment.database("")
        return try environment.read { txn in
            var sets: [WhatIfSet] = []
            let ref = txn.unsafeReference
            try ref.withCursor(main) { cursor in
                try Array("w.".utf8).withUnsafeBytes { prefix in
                    try cursor.scan(prefix: prefix) { entry in
                        let name = String(decoding: entry.key, as: UTF8.self)
                        guard name.hasSuffix(".meta") else { return true }
                        let setName = String(name.dropFirst(2).dropLast(5))
                        sets.append(WhatIfSet(name: setName, description: ""))
                        return true
                    }
                }
            }
            for index in sets.indices {
                let meta = try environment.database("w.\(sets[index].name).meta")
                if let raw = try ProjectionEngine.descriptionKey.withUnsafeBytes({ try ref.get(meta, key: $0) }) {
                    sets[index].description = String(decoding: raw, as: UTF8.self)
                }
            }
            return sets
        }
    }
}
