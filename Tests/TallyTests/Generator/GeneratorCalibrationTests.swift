import Testing
@testable import Tally

/// The generator against the real Azure LLM inference trace: the embedded tables are the trace's,
/// and the token counts the generator produces have the trace's quantiles.
@Suite("Generator calibration on the Azure trace")
struct GeneratorCalibrationTests {
    static let levels: [Double] = [0.10, 0.25, 0.50, 0.75, 0.90, 0.99]

    /// Relative tolerance for a quantile level: ±5 % from p10 to p90, ±10 % at p99.
    static func tolerance(_ p: Double) -> Double { p >= 0.99 ? 0.10 : 0.05 }

    @Test("the trace file is read whole, traps included")
    func traceReadsWhole() throws {
        let trace = try AzureTrace.load()
        #expect(trace.rows.count == 19_366)
        #expect(!trace.endsWithNewline, "the last row has no line terminator")
        #expect(trace.crlfLines == 19_366, "header and every row but the last end in CRLF")
        let last = try #require(trace.rows.last)
        #expect(last.contextTokens == 197 && last.generatedTokens == 183)
        // 2023-11-16 18:15:46.6805900 and 19:14:08.4025270, to the 100 ns.
        let first = try #require(trace.rows.first)
        #expect(first.ticks == 17_001_585_466_805_900) // 1700158546 s after the epoch, read as UTC
        #expect(last.ticks - first.ticks == 35_017_219_370)
        #expect(zip(trace.rows, trace.rows.dropFirst()).allSatisfy { $0.ticks < $1.ticks })
        #expect(trace.rows.reduce(0) { $0 + $1.contextTokens } == 22_361_870)
        #expect(trace.rows.reduce(0) { $0 + $1.generatedTokens } == 4_088_665)
    }

    @Test("the timestamp parser takes 1 to 7 fractional digits and rejects the rest")
    func timestampParser() {
        let base = AzureTrace.parseTimestamp(ArraySlice("2023-11-16 18:15:46".utf8))
        #expect(base != nil)
        #expect(AzureTrace.parseTimestamp(ArraySlice("2023-11-16 18:15:46.5".utf8)) == base.map { $0 + 5_000_000 })
        #expect(AzureTrace.parseTimestamp(ArraySlice("2023-11-16 18:15:46.0000001".utf8)) == base.map { $0 + 1 })
        #expect(AzureTrace.parseTimestamp(ArraySlice("2023-11-16 18:15:46.00000001".utf8)) == nil)
        #expect(AzureTrace.parseTimestamp(ArraySlice("2023-11-16T18:15:46.5".utf8)) == nil)
        #expect(AzureTrace.parseTimestamp(ArraySlice("2023-13-16 18:15:46".utf8)) == nil)
        #expect(AzureTrace.parseTimestamp(ArraySlice("2023-11-16 18:15:46.".utf8)) == nil)
    }

    @Test("the embedded token tables are the trace's percentiles 0…100")
    func tokenTablesMatchTrace() throws {
        let trace = try AzureTrace.load()
        let context = trace.rows.map { Double($0.contextTokens) }.sorted()
        let generated = trace.rows.map { Double($0.generatedTokens) }.sorted()
        for i in 0...100 {
            let p = Double(i) / 100
            #expect(abs(AzureTraceCalibration.contextTokens.values[i] - quantile(context, p)) < 1e-6, "ContextTokens p\(i)")
            #expect(abs(AzureTraceCalibration.generatedTokens.values[i] - quantile(generated, p)) < 1e-6, "GeneratedTokens p\(i)")
        }
        for k in 0...10 {
            let p = 0.99 + Double(k) / 1000
            #expect(abs(AzureTraceCalibration.contextTokens.tail[k] - quantile(context, p)) < 0.006, "ContextTokens p\(p * 100)")
            #expect(abs(AzureTraceCalibration.generatedTokens.tail[k] - quantile(generated, p)) < 0.006, "GeneratedTokens p\(p * 100)")
        }
        // With the tails, the tables keep the trace's means.
        let meanContext = context.reduce(0, +) / Double(context.count)
        let meanGenerated = generated.reduce(0, +) / Double(generated.count)
        #expect(abs(AzureTraceCalibration.contextTokens.mean / meanContext - 1) < 0.005)
        #expect(abs(AzureTraceCalibration.generatedTokens.mean / meanGenerated - 1) < 0.005)
    }

    @Test("the embedded arrival tables are the trace's local gaps and minute envelope")
    func arrivalTablesMatchTrace() throws {
        let trace = try AzureTrace.load()
        let first = try #require(trace.rows.first).ticks
        let minuteTicks: Int64 = 600_000_000
        let minutes = trace.rows.map { Int(($0.ticks - first) / minuteTicks) }
        var counts = Array(repeating: 0, count: (minutes.last ?? 0) + 1)
        for minute in minutes { counts[minute] += 1 }
        let whole = 58
        #expect(counts.count == 59, "58 whole minutes and a partial one")
        let mean = Double(counts[0..<whole].reduce(0, +)) / Double(whole)
        for minute in 0..<whole {
            let expected = Double(counts[minute]) / mean
            #expect(abs(AzureTraceCalibration.minuteEnvelope[minute] - expected) <= 0.0005 + 1e-9, "minute \(minute)")
        }
        var gaps: [Double] = []
        for index in 1..<trace.rows.count where minutes[index] < whole {
            let gapSeconds = Double(trace.rows[index].ticks - trace.rows[index - 1].ticks) / 1e7
            gaps.append(gapSeconds * Double(counts[minutes[index]]) / 60)
        }
        let gapMean = gaps.reduce(0, +) / Double(gaps.count)
        let normalized = gaps.map { $0 / gapMean }.sorted()
        for i in 0...100 {
            let expected = quantile(normalized, Double(i) / 100)
            #expect(abs(AzureTraceCalibration.localGaps.values[i] - expected) <= 0.00005 + 1e-9, "local gap p\(i)")
        }
        for k in 0...10 {
            let p = 0.99 + Double(k) / 1000
            #expect(abs(AzureTraceCalibration.localGaps.tail[k] - quantile(normalized, p)) <= 0.00005 + 1e-9, "local gap p\(p * 100)")
        }
    }

    @Test("generated token counts have the trace's quantiles")
    func generatedTokensMatchTrace() throws {
        let trace = try AzureTrace.load()
        let traceInput = trace.rows.map { Double($0.contextTokens) }.sorted()
        let traceOutput = trace.rows.map { Double($0.generatedTokens) }.sorted()

        // Completed calls carry the usage the trace records (failed ones report none).
        var input: [Double] = []
        var output: [Double] = []
        input.reserveCapacity(200_000)
        output.reserveCapacity(200_000)
        var events = try DemoGenerator(seed: 11, eventCount: 400_000).makeIterator()
        while input.count < 200_000, let event = events.next() {
            guard case let .interaction(call) = event.payload, call.status == .ok else { continue }
            input.append(Double(call.inputTokens))
            output.append(Double(call.outputTokens))
        }
        #expect(input.count == 200_000, "enough completed calls in 400k events")
        input.sort()
        output.sort()
        for p in Self.levels {
            let tolerance = Self.tolerance(p)
            let expectedIn = quantile(traceInput, p), gotIn = quantile(input, p)
            let expectedOut = quantile(traceOutput, p), gotOut = quantile(output, p)
            #expect(abs(gotIn - expectedIn) <= tolerance * expectedIn, "input p\(Int(p * 100)): generator \(gotIn), trace \(expectedIn)")
            #expect(abs(gotOut - expectedOut) <= tolerance * expectedOut, "output p\(Int(p * 100)): generator \(gotOut), trace \(expectedOut)")
        }
        print("calibration (p10 p25 p50 p75 p90 p99):",
              "input trace", Self.levels.map { quantile(traceInput, $0) }, "generated", Self.levels.map { quantile(input, $0) },
              "output trace", Self.levels.map { quantile(traceOutput, $0) }, "generated", Self.levels.map { quantile(output, $0) })
    }

    @Test("conversation starts are paced to the configured volume and period")
    func volumeSpansThePeriod() throws {
        let generator = try DemoGenerator(seed: 5, eventCount: 60_000, days: 7)
        var last = Timestamp(milliseconds: 0)
        var count = 0
        for event in generator {
            last = Swift.max(last, event.ts)
            count += 1
        }
        #expect(count == 60_000)
        // The last event lands near the end of the period: within a day either side.
        let end = generator.scenario.end.milliseconds
        #expect(abs(last.milliseconds - end) < Timestamp.dayMs, "last event \(last), period end \(generator.scenario.end)")
    }
}

@Suite("Generator arrivals")
struct GeneratorArrivalTests {
    static let start = DemoGeneratorConfiguration.defaultStart // a Monday, 00:00 UTC

    @Test("within a minute, gaps have the trace's locally normalized distribution")
    func gapShape() {
        var arrivals = DemoArrivals(profiles: TenantProfile.builtIn, start: Self.start, days: 7, envelopePhase: 0)
        arrivals.calibrate(conversations: 1_000_000)
        var random = SeededRandom(seed: 21)
        // Always ask at the same instant: one rate, so gaps divided by their mean are the shape.
        let at = Double(Self.start.milliseconds + 14 * Timestamp.hourMs)
        let gaps = (0..<200_000).map { _ in arrivals.gap(after: at, random: &random) }
        let mean = gaps.reduce(0, +) / Double(gaps.count)
        let sorted = gaps.map { $0 / mean }.sorted()
        let table = AzureTraceCalibration.localGaps
        let tableMean = table.mean
        for p in [0.25, 0.5, 0.75, 0.9, 0.99] {
            let expected = table.value(at: p) / tableMean
            let got = quantile(sorted, p)
            #expect(abs(got - expected) <= 0.05 * expected, "normalized gap p\(Int(p * 100)): \(got) vs trace \(expected)")
        }
        let variance = sorted.reduce(0) { $0 + ($1 - 1) * ($1 - 1) } / Double(sorted.count)
        #expect(abs(variance.squareRoot() - 1.03) < 0.05, "coefficient of variation \(variance.squareRoot()), the trace's is 1.03")
    }

    @Test("per-minute counts follow the trace's minute envelope")
    func minuteBurstiness() {
        var arrivals = DemoArrivals(profiles: TenantProfile.builtIn, start: Self.start, days: 7, envelopePhase: 11)
        arrivals.calibrate(conversations: 40_000_000) // a high rate, so minute counts are precise
        var random = SeededRandom(seed: 8)
        let hourStart = Self.start.milliseconds + 14 * Timestamp.hourMs
        var counts = Array(repeating: 0.0, count: 58)
        var time = Double(hourStart)
        while time < Double(hourStart + 58 * 60_000) {
            counts[Int((Int64(time) - hourStart) / 60_000)] += 1
            time += arrivals.gap(after: time, random: &random)
        }
        let envelope = AzureTraceCalibration.minuteEnvelope
        let expected = (0..<58).map { minute in
            envelope[Int((hourStart / 60_000 + Int64(minute) + 11) % Int64(envelope.count))]
        }
        func correlation(_ a: [Double], _ b: [Double]) -> Double {
            let ma = a.reduce(0, +) / Double(a.count), mb = b.reduce(0, +) / Double(b.count)
            var sab = 0.0, saa = 0.0, sbb = 0.0
            for (x, y) in zip(a, b) {
                sab += (x - ma) * (y - mb)
                saa += (x - ma) * (x - ma)
                sbb += (y - mb) * (y - mb)
            }
            return sab / (saa * sbb).squareRoot()
        }
        let r = correlation(counts, expected)
        #expect(r > 0.9, "minute counts correlate with the envelope: r = \(r)")
    }

    @Test("traffic follows each tenant's working day and dips at weekends")
    func dailyRhythm() {
        let acme = TenantProfile.builtIn[0] // UTC−5
        let mondayStart = Self.start.epochHour
        let night = DemoArrivals.weight(of: acme, epochHour: mondayStart + 8) // 03:00 local
        let afternoon = DemoArrivals.weight(of: acme, epochHour: mondayStart + 19) // 14:00 local
        let saturday = DemoArrivals.weight(of: acme, epochHour: mondayStart + 5 * 24 + 19)
        #expect(afternoon > 8 * night)
        #expect(abs(saturday / afternoon - DemoArrivals.weekendFactor) < 1e-9)
    }
}
