import TallyStore

extension ProjectionEngine {
    /// Compares this set's tables with another set's, entry by entry (keys and value bytes).
    /// Returns one line per table that differs; empty when identical.
    public func differences(from other: ProjectionEngine) throws -> [String] {
        try environment.read { txn in
            let ref = txn.unsafeReference
            var lines: [String] = []
            for (mine, theirs) in zip(tables.observable, other.tables.observable) {
                var a: [([UInt8], [UInt8])] = []
                var b: [([UInt8], [UInt8])] = []
                try ref.withCursor(mine) { c in try c.scan { a.append((Array($0.key), Array($0.value))); return true } }
                try ref.withCursor(theirs) { c in try c.scan { b.append((Array($0.key), Array($0.value))); return true } }
                if a.count != b.count {
                    lines.append("\(mine.name): \(a.count) rows, a fresh rebuild has \(b.count)")
                    continue
                }
                let differing = zip(a, b).filter { $0.0 != $0.1 }.count
                if differing > 0 { lines.append("\(mine.name): \(differing) of \(a.count) rows differ from a fresh rebuild") }
            }
            return lines
        }
    }

    /// Rebuilds the projections from the log into a scratch set and compares them with this set.
    /// Needs a writable store; the scratch tables are emptied afterwards.
    public func verifyAgainstRebuild(progress: ((UInt64, UInt64) -> Void)? = nil) throws -> [String] {
        let scratch = try ProjectionEngine(environment: environment, schema: schema, configuration: configuration, prefix: "verify.", pricing: .baseline)
        try scratch.clearAll()
        let end = try checkpoint()
        try scratch.replay(from: 1, to: end, progress: progress)
        defer { try? scratch.clearAll() }
        return try differences(from: scratch)
    }
}
