import TallyStore

/// What `tally verify` found.
public struct VerifyReport: Sendable {
    public var events: UInt64 = 0
    public var problems: [String] = []
    /// Whether the store is consistent.
    public var isClean: Bool { problems.isEmpty }
}

extension EventLog {
    /// Checks the whole store: every event decodes, positions are gap-free, the id and
    /// conversation indexes agree with the log, and the projections equal a fresh rebuild.
    public func verify(progress: ((UInt64, UInt64) -> Void)? = nil) throws -> VerifyReport {
        var report = VerifyReport()
        let limit = 20
        func problem(_ text: String) {
            if report.problems.count < limit { report.problems.append(text) }
            else if report.problems.count == limit { report.problems.append("… (further problems not listed)") }
        }
        try read { reader in
            let last = try reader.lastPosition()
            var expected: UInt64 = 1
            var conversational: Int = 0
            try reader.scan { position, bytes in
                if position != expected {
                    problem("positions jump from \(expected - 1) to \(position)")
                }
                expected = position + 1
                report.events += 1
                do {
                    let record = try EventRecord(bytes)
                    let event = try EventDecoder.decode(record, symbols: reader.symbols)
                    if let conversation = event.conversationID {
                        conversational += 1
                        if let line = try EventLog.conversationIndexProblem(event, conversation: conversation, at: position, schema: schema, reader) { problem(line) }
                    }
                    if let stored = try reader.txn.get(schema.ids, key: record.storedID) {
                        if BigEndianKey.uint64(stored) != position { problem("id \(event.id ?? "?") points at position \(BigEndianKey.uint64(stored) ?? 0), not \(position)") }
                    } else {
                        problem("event at position \(position) is missing from the id index")
                    }
                } catch {
                    problem("event at position \(position) does not decode: \(error)")
                }
                if position % 65_536 == 0 { progress?(position, last) }
                return true
            }
            let ids = try reader.txn.count(schema.ids)
            if UInt64(ids) != report.events { problem("the id index has \(ids) entries for \(report.events) events") }
            let conversations = try reader.txn.count(schema.conversationEvents)
            if conversations != conversational { problem("the conversation index has \(conversations) entries for \(conversational) conversation events") }
            let counts = try reader.countsByType().values.reduce(0, +)
            if UInt64(counts) != report.events { problem("the per-type counters add up to \(counts), the log has \(report.events)") }
        }
        if let projections, !environment.options.readOnly {
            let checkpoint = try projections.checkpoint()
            if checkpoint != report.events { problem("projections are at position \(checkpoint), the log at \(report.events)") }
            do {
                for line in try projections.verifyAgainstRebuild(of: self) { problem(line) }
            } catch {
                // A record the rebuild cannot read is listed above with its position; report
                // the comparison as impossible rather than abandoning the whole report.
                problem("the projections could not be rebuilt for comparison: \(error)")
            }
        }
        return report
    }
}

extension EventLog {
    /// What is wrong with the conversation index's entry for `event` at `position`, if anything:
    /// it must exist, and its value (when it has one: entries written before values existed are
    /// empty) must be the one the event calls for.
    static func conversationIndexProblem(_ event: Event, conversation: String, at position: UInt64, schema: StoreSchema, _ reader: LogReader) throws -> String? {
        guard let symbol = try reader.symbols.symbol(of: conversation) else {
            return "the conversation of the event at position \(position) has no symbol"
        }
        var key = [UInt8]()
        BigEndianKey.append(symbol, to: &key)
        BigEndianKey.append(position, to: &key)
        guard let stored = try key.withUnsafeBytes({ try reader.txn.get(schema.conversationEvents, key: $0) }) else {
            return "event at position \(position) is missing from the conversation index"
        }
        guard !stored.isEmpty else { return nil }
        var expected = [UInt8]()
        ConversationIndexValue.encode(event, into: &expected)
        return stored.elementsEqual(expected) ? nil : "the conversation index entry of position \(position) does not match its event"
    }
}
