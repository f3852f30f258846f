/// Runs one phase in this (child) process and prints its `RESULT` lines, with the phase's peak
/// resident memory.
enum Child {
    static func run(_ phase: String, _ o: BenchOptions) async throws {
        let sampler = AnonymousMemorySampler()
        var lines: ResultLines
        switch phase {
        case "tally.bulk-log": lines = try TallyPhases.bulk(o, projections: false)
        case "sqlite.bulk-log": lines = try SQLitePhases.bulk(o, maintained: false)
        case "tally.bulk-proj": lines = try TallyPhases.bulk(o, projections: true)
        case "sqlite.bulk-proj": lines = try SQLitePhases.bulk(o, maintained: true)
        case "tally.durable8": lines = try TallyPhases.durable8(o, durability: .durable, projections: false)
        case "tally.grouped8": lines = try TallyPhases.durable8(o, durability: .grouped, projections: false)
        case "tally.grouped8-proj": lines = try TallyPhases.durable8(o, durability: .grouped, projections: true)
        case "sqlite.durable8": lines = try SQLitePhases.durable8(o)
        case "tally.async64": lines = try await TallyPhases.async64(o, projections: false)
        case "tally.async64-proj": lines = try await TallyPhases.async64(o, projections: true)
        case "sqlite.single64": lines = try SQLitePhases.single64(o)
        case "tally.rebuild": lines = try TallyPhases.rebuild(o)
        case "sqlite.rebuild": lines = try SQLitePhases.rebuild(o)
        case "tally.replay-report": lines = try TallyPhases.replay(o, full: false)
        case "sqlite.replay-report": lines = try SQLitePhases.replay(o, full: false)
        case "tally.replay-full": lines = try TallyPhases.replay(o, full: true)
        case "sqlite.replay-full": lines = try SQLitePhases.replay(o, full: true)
        case "tally.point": lines = try TallyPhases.point(o)
        case "sqlite.point": lines = try SQLitePhases.point(o)
        case "tally.aggregate": lines = try TallyPhases.aggregate(o)
        case "sqlite.aggregate": lines = try SQLitePhases.aggregate(o)
        case "tally.open": lines = try TallyPhases.openThenQuery(o)
        case "sqlite.open": lines = try SQLitePhases.open(o)
        default: throw UsageError("unknown phase \(phase)")
        }
        lines.add("hwm_mb", ProcessFacts.peakResidentMiB())
        lines.add("anon_peak_mb", sampler.stop())
        let written = ProcessFacts.writtenBytes()
        if written >= 0, let events = lines.values.first(where: { $0.0 == "events" }).flatMap({ Double($0.1) }), events > 0 {
            lines.add("written_bytes_per_event", Double(written) / events)
        }
        lines.print()
    }
}
