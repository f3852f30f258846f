import TallyStore

extension ProjectionEngine {
    /// Compares this set's tables with another set's, entry by entry (keys and value bytes).
    /// Returns one line per table that differs; empty when identical.
    public func differences(from other: ProjectionEngine) throws -> [String] {
        try environment.read { txn in
            try other.environment.read { otherTxn in
                var lines: [String] = []
                for (mine, theirs) in zip(tables.observable, other.tables.observable) {
                    let a = try ProjectionEngine.entries(of: mine, txn.unsafeReference)
                    let b = try ProjectionEngine.entries(of: theirs, otherTxn.unsafeReference)
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
    }

    private static func entries(of table: Database, _ txn: UnsafeReadTransactionReference) throws -> [([UInt8], [UInt8])] {
        var entries: [([UInt8], [UInt8])] = []
        try txn.withCursor(table) { c in try c.scan { entries.append((Array($0.key), Array($0.value))); return true } }
        return entries
    }

    /// Rebuilds the projections of `log` into a scratch set (in the store's derived environment,
    /// so the log's writer is never held up) and compares them with this set. Needs a writable
    /// store; the scratch tables are emptied afterwards.
    public func verifyAgainstRebuild(of log: EventLog, progress: ((UInt64, UInt64) -> Void)? = nil) throws -> [String] {
        guard let derived = try log.derived.environment(create: true) else {
            throw StoreError(kind: .readOnly, operation: "verify projections", detail: "the store was opened read-only")
        }
        let scratch = try log.whatIfEngine(named: "verify", in: derived, pricing: .baseline, prefix: "")
        try scratch.clearAll()
        defer { try? scratch.clearAll() }
        let end = try checkpoint()
        try scratch.replay(from: 1, to: end, progress: progress)
        return try differences(from: scratch)
    }
}
