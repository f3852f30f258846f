import ArgumentParser
import Tally

/// `tally stats`: what the store holds.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Show what the store holds: events by type, projections, totals.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        let log = try store.open()
        let info = log.environment.info()
        try log.read { reader in
            let last = try reader.lastPosition()
            print("store        \(store.path)")
            print("events       \(formatCount(last))  (positions 1…\(formatCount(last)))")
            let counts = try reader.countsByType()
            for type in EventType.allCases {
                print("  \(type.name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(formatCount(counts[type] ?? 0))")
            }
            if last > 0, let first = try reader.event(at: 1), let newest = try reader.event(at: last) {
                print("first event  \(first.ts.rfc3339)")
                print("last event   \(newest.ts.rfc3339)")
            }
            print("on disk      \(formatBytes(info.usedBytes))  (map \(formatBytes(info.mapSize)))")
        }
        let sets = try log.whatIfSets()
        if !sets.isEmpty, let derived = try log.whatIfEnvironment() {
            print("what-if sets \(sets.map(\.name).joined(separator: ", "))  (derived/, \(formatBytes(derived.info().usedBytes)))")
        }
        if let engine = log.projections {
            let s = try engine.summary()
            print("projections  at position \(formatCount(s.checkpoint))")
            print("  conversations \(formatCount(s.conversations))")
            print("  users         \(formatCount(s.users))")
            print("  agent_days    \(formatCount(s.agentDays))")
            print("  models        \(formatCount(s.models))")
            print("  anomalies     \(formatCount(s.anomalies)) (\(formatCount(s.openAnomalies)) open)")
            let t = s.totals
            print("totals")
            print("  interactions  \(formatCount(t.interactions))  errors \(formatCount(t.errors))")
            print("  tokens        \(formatCount(t.inputTokens)) in, \(formatCount(t.outputTokens)) out, \(formatCount(t.cachedInputTokens)) cached")
            print("  cost          $\(t.cost.decimalString(minimumFractionDigits: 2))  (\(formatCount(t.unpriced)) unpriced interactions)")
            if t.reportedCount > 0 {
                print("  billed        $\(t.reportedCost.decimalString(minimumFractionDigits: 2)) reported on \(formatCount(t.reportedCount)) interactions")
            }
            if let avg = s.ratings.averageStars {
                print("  ratings       \(formatCount(s.ratings.ratings)), average \(String(format: "%.2f", avg)) stars")
            }
        }
    }
}

/// 1536 → "1.5 KiB".
func formatBytes(_ bytes: Int) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
        value /= 1024
        unit += 1
    }
    return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
}
