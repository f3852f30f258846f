import Foundation
import Testing
@testable import Tally

/// The anomaly detector's quality bar, on generated streams with injected faults: error rate ×3,
/// p95 latency ×2, average rating −1 star, cost per hour ×3. At least 95 % detected within 2 hours
/// of onset; at most 1 false alarm per 1,000 steady hour-buckets.
@Suite struct AnomalyDetectionTests {
    enum Fault: Int, CaseIterable { case errors, latency, quality, cost }

    struct Injection {
        var series: Int
        var fault: Fault
        var onset: Int // hour index
    }

    static let hours = 200
    static let seriesCount = 10
    static let faultLength = 3

    @Test func detectsInjectedFaultsWithFewFalseAlarms() throws {
        var g = SeededRandom(seed: UInt64(ProcessInfo.processInfo.environment["TALLY_ANOMALY_SEED"] ?? "") ?? 2026)
        // Plan: per series, one fault of each kind, after a 36-hour warm-up, ≥ 30 hours apart.
        var injections: [Injection] = []
        for s in 0..<Self.seriesCount {
            var start = 36 + Int.random(in: 0..<10, using: &g)
            for fault in Fault.allCases.shuffled(using: &g) {
                injections.append(Injection(series: s, fault: fault, onset: start))
                start += Self.faultLength + 30 + Int.random(in: 0..<8, using: &g)
            }
        }
        let base = Int64(1_790_812_800_000) // 2026-10-01T00:00:00Z
        let book = #"{"id":"t","currency":"USD","models":[{"model":"m","match":"prefix","input_per_mtok":"2.50","output_per_mtok":"10.00"}]}"#
        let store = TemporaryStore()
        let log = try store.open { $0.environment.initialMapSize = 256 << 20 }
        try log.append([Event(id: "book", ts: Timestamp(milliseconds: base), payload: .priceBook(PriceBookChange(bookJSON: book)))])
        var counter = 0
        for hour in 0..<Self.hours {
            var events: [Event] = []
            for s in 0..<Self.seriesCount {
                let active = Set(injections.filter { $0.series == s && hour >= $0.onset && hour < $0.onset + Self.faultLength }.map(\.fault))
                let n = 250 + Int.random(in: 0...100, using: &g)
                for _ in 0..<n {
                    counter += 1
                    let ts = base + Int64(hour) * Timestamp.hourMs + Int64.random(in: 0..<(Timestamp.hourMs - 120_000), using: &g)
                    let errorP = active.contains(.errors) ? 0.06 : 0.02
                    let failed = Double.random(in: 0..<1, using: &g) < errorP
                    // Log-normal latency: median 1.5 s, σ 0.3.
                    let z = gaussian(&g)
                    var latency = 1500 * exp(0.3 * z)
                    if active.contains(.latency) { latency *= 2 }
                    let scale: Int64 = active.contains(.cost) ? 3 : 1
                    let message = "m\(counter)"
                    events.append(Event(id: "e\(counter)", ts: Timestamp(milliseconds: ts), payload: .interaction(Interaction(
                        conversationID: "c\(counter / 4)", messageID: message, userID: "u\(counter % 50)",
                        agent: "agent\(s % 5)", model: "m\(s / 5)", inputTokens: Int64.random(in: 500...1500, using: &g) * scale,
                        outputTokens: Int64.random(in: 100...300, using: &g) * scale, latencyMs: Int64(latency),
                        status: failed ? .error : .ok
                    ))))
                    if Double.random(in: 0..<1, using: &g) < 0.12 {
                        var stars = [5, 5, 5, 5, 4, 4, 4, 3, 3, 2][Int.random(in: 0..<10, using: &g)]
                        if active.contains(.quality) { stars = max(1, stars - 1) }
                        counter += 1
                        events.append(Event(id: "e\(counter)", ts: Timestamp(milliseconds: ts + 60_000), payload: .rating(Rating(
                            conversationID: "c\((counter - 1) / 4)", messageID: message, raterID: "r\(counter)", score: .stars(stars)
                        ))))
                    }
                }
            }
            events.sort { $0.ts < $1.ts }
            try log.append(events, durability: .bulk)
        }
        // One more event per series in the following hour closes the last judged hour.
        var closing: [Event] = []
        for s in 0..<Self.seriesCount {
            counter += 1
            closing.append(Event(id: "e\(counter)", ts: Timestamp(milliseconds: base + Int64(Self.hours) * Timestamp.hourMs), payload: .interaction(Interaction(
                conversationID: "close", agent: "agent\(s % 5)", model: "m\(s / 5)", inputTokens: 1, outputTokens: 1, latencyMs: 1000
            ))))
        }
        try log.append(closing, durability: .bulk)

        // Read the anomalies.
        struct Seen { var series: Int; var kind: AnomalyKind; var openedHour: Int }
        var seen: [Seen] = []
        try log.readProjections { p in
            try p.anomalies { _, row in
                let agent = try p.name(row.agent)
                let model = try p.name(row.model)
                guard let a = Int(agent.dropFirst(5)), let m = Int(model.dropFirst(1)) else { return true }
                let series = m * 5 + a
                seen.append(Seen(series: series, kind: row.kind, openedHour: Int((row.openedAt - base) / Timestamp.hourMs)))
                return true
            }
        }
        func kind(_ fault: Fault) -> [AnomalyKind] {
            switch fault {
            case .errors: [.errorRate]
            case .latency: [.latency]
            case .quality: [.quality]
            case .cost: [.cost]
            }
        }
        var detected = 0
        for injection in injections {
            if seen.contains(where: { $0.series == injection.series && kind(injection.fault).contains($0.kind) && $0.openedHour >= injection.onset && $0.openedHour < injection.onset + 2 }) {
                detected += 1
            } else {
                print("missed \(injection.fault) in series \(injection.series) at hour \(injection.onset); seen: \(seen.filter { $0.series == injection.series }.map { "\($0.kind.name)@\($0.openedHour)" })")
            }
        }
        // Steady buckets: hours after warm-up with no fault active nor just ended.
        var steadyBuckets = 0
        var falseAlarms = 0
        for s in 0..<Self.seriesCount {
            for hour in 12..<Self.hours {
                let disturbed = injections.contains { $0.series == s && hour >= $0.onset && hour < $0.onset + Self.faultLength + 1 }
                guard !disturbed else { continue }
                steadyBuckets += 1
                let alarms = seen.filter { $0.series == s && $0.openedHour == hour }
                for a in alarms { print("false alarm: \(a.kind.name) series \(s) hour \(hour)") }
                falseAlarms += alarms.count
            }
        }
        let detectionRate = Double(detected) / Double(injections.count)
        let falseAlarmRate = Double(falseAlarms) / Double(steadyBuckets) * 1000
        print("anomaly detection: \(detected)/\(injections.count) detected within 2 h (\(String(format: "%.1f", detectionRate * 100)) %), \(falseAlarms) false alarms in \(steadyBuckets) steady hour-buckets (\(String(format: "%.2f", falseAlarmRate)) per 1,000)")
        #expect(detectionRate >= 0.95)
        #expect(falseAlarmRate <= 1)
    }
}

/// A standard normal sample (Box–Muller).
func gaussian(_ g: inout SeededRandom) -> Double {
    let u1 = max(Double.random(in: 0..<1, using: &g), 1e-12)
    let u2 = Double.random(in: 0..<1, using: &g)
    return sqrt(-2 * log(u1)) * cos(2 * .pi * u2)
}
