import Testing
@testable import Tally

@Suite("Generator building blocks")
struct GeneratorPartsTests {
    @Test("SplitMix64 and xoshiro256** match their reference algorithms")
    func knownAnswers() {
        // Reference values from an independent implementation of the published algorithms.
        var mixer = SplitMix64(state: 0)
        #expect(mixer.next() == 0xE220_A839_7B1D_CDAF)
        var a = SeededRandom(seed: 42)
        #expect([a.next(), a.next(), a.next()] == [0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1])
        var b = SeededRandom(seed: 0)
        #expect([b.next(), b.next()] == [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A])
    }

    @Test("uniform helpers stay in range and streams are independent")
    func uniforms() {
        var random = SeededRandom(seed: 7)
        var counts = Array(repeating: 0, count: 10)
        var normalSum = 0.0, normalSquares = 0.0
        for _ in 0..<100_000 {
            let u = random.unit()
            #expect(u >= 0 && u < 1)
            counts[random.below(10)] += 1
            let z = random.approximateNormal()
            #expect(abs(z) <= 3.5)
            normalSum += z
            normalSquares += z * z
        }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 500 }, "below(10) is uniform: \(counts)")
        #expect(abs(normalSum / 100_000) < 0.02 && abs(normalSquares / 100_000 - 1) < 0.03, "mean 0, variance 1")
        var s1 = SeededRandom(seed: 7, stream: 1), s2 = SeededRandom(seed: 7, stream: 2)
        #expect(s1.next() != s2.next())
    }

    @Test("compact ids: base 36, short, distinct")
    func compactIDs() {
        #expect(CompactID.base36(0) == Array("0".utf8))
        #expect(CompactID.base36(35) == Array("z".utf8))
        #expect(CompactID.base36(36) == Array("10".utf8))
        #expect(String(decoding: CompactID.base36(UInt64.max), as: UTF8.self) == "3w5e11264sgsf")
        let events = CompactID(kind: UInt8(ascii: "e"), seed: 42)
        #expect(events.make(0) == "e-16-0")
        #expect(CompactID(kind: UInt8(ascii: "c"), seed: 42).make(1_295) == "c-16-zz")
        #expect(CompactID(kind: UInt8(ascii: "m"), seed: 42).make(1_296) == "m-16-100")
        #expect(events.make(UInt64.max) == "e-16-3w5e11264sgsf")
        // A prefix longer than 16 bytes takes the slow path.
        #expect(CompactID(kind: UInt8(ascii: "e"), seed: UInt64.max).make(UInt64.max) == "e-3w5e11264sgsf-3w5e11264sgsf")
        #expect(CompactID(kind: UInt8(ascii: "e"), seed: 2_176_782_335).make(35) == "e-zzzzzz-z", "a 9-byte prefix spans both words")
        var seen = Set<String>()
        for counter in 0..<50_000 as Range<UInt64> {
            let id = events.make(counter)
            #expect(seen.insert(id).inserted)
            #expect(String(decoding: CompactID.base36(counter), as: UTF8.self) == String(id.dropFirst(5)))
        }
    }

    @Test("a quantile table reproduces its quantiles and interpolates between them")
    func quantileTable() {
        let table = QuantileTable([0, 10, 40])
        #expect(table.value(at: 0) == 0 && table.value(at: 0.5) == 10 && table.value(at: 1) == 40)
        #expect(table.value(at: 0.25) == 5 && table.value(at: 0.75) == 25)
        #expect(table.value(at: -1) == 0 && table.value(at: 2) == 40, "clamped")
        #expect(table.mean == 15, "half the mass on 0…10 (mean 5), half on 10…40 (mean 25)")
        // A tail refines the last step: 0…10 (half the mass), then 10…20 and 20…40 (a quarter each).
        let tailed = QuantileTable([0, 10, 40], tail: [10, 20, 40])
        #expect(tailed.value(at: 0.75) == 20 && tailed.value(at: 0.875) == 30 && tailed.value(at: 1) == 40)
        #expect(tailed.value(at: 0.25) == 5)
        #expect(abs(tailed.mean - (0.5 * 5 + 0.25 * 15 + 0.25 * 30)) < 1e-12)
        var random = SeededRandom(seed: 1)
        var below10 = 0
        for _ in 0..<100_000 where table.sample(using: &random) < 10 { below10 += 1 }
        #expect(abs(below10 - 50_000) < 1_000)
    }

    @Test("Zipf ranks follow their weights")
    func zipf() {
        let sampler = ZipfSampler(count: 100, exponent: 1)
        var random = SeededRandom(seed: 3)
        var counts = Array(repeating: 0, count: 100)
        let draws = 500_000
        for _ in 0..<draws { counts[sampler.sample(using: &random)] += 1 }
        let harmonic = (1...100).reduce(0.0) { $0 + 1 / Double($1) }
        for rank in [0, 1, 9, 99] {
            let expected = Double(draws) / (Double(rank + 1) * harmonic)
            #expect(abs(Double(counts[rank]) - expected) < 5 * expected.squareRoot() + 1, "rank \(rank): \(counts[rank]) vs \(expected)")
        }
        let single = ZipfSampler(count: 1, exponent: 0.8)
        #expect(single.sample(using: &random) == 0)
    }

    @Test("pending records leave in time order, ties in insertion order")
    func pendingOrder() {
        var pending = PendingEvents()
        var random = SeededRandom(seed: 5)
        var expected: [(Int64, UInt64)] = []
        for index in 0..<5_000 as Range<UInt64> {
            let time = Int64(random.below(300)) - 100 // negative times too
            pending.push(PendingRecord(kind: .rating, tenant: 0, ts: time, conversation: index), logTime: time)
            expected.append((time, index))
            if index % 7 == 0, let record = pending.pop() {
                // Interleaved pops take the current minimum.
                let minimum = expected.min { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
                #expect(record.conversation == minimum?.1)
                expected.removeAll { $0.1 == record.conversation }
            }
        }
        expected.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var out: [UInt64] = []
        while let record = pending.pop() { out.append(record.conversation) }
        #expect(out == expected.map(\.1))
        #expect(pending.isEmpty && pending.earliestLogTime == nil)
    }

    @Test("price decimals keep at least two fraction digits and every exact digit")
    func priceDecimals() {
        #expect(DemoPriceBook.decimal(micros: 2_500_000) == "2.50")
        #expect(DemoPriceBook.decimal(micros: 75_000) == "0.075")
        #expect(DemoPriceBook.decimal(micros: 3_125_000) == "3.125")
        #expect(DemoPriceBook.decimal(micros: 10_000_000) == "10.00")
        #expect(DemoPriceBook.decimal(micros: 1) == "0.000001")
        #expect(DemoPriceBook.decimal(micros: 30_000) == "0.03")
    }

    @Test("costs follow the SPEC's token accounting exactly")
    func costs() throws {
        let sonnet = try #require(DemoCatalog.model(named: "claude-sonnet-4-5"))
        // 1,000 input of which 200 cached and 300 written, 100 output:
        // 500 × 3 + 200 × 0.30 + 300 × 3.75 + 100 × 15 µ$/Mtok-token = 4,185 picodollars × 1,000.
        #expect(sonnet.cost(input: 1_000, cached: 200, cacheWrite: 300, output: 100) == Money(decimal: "0.004185"))
        // Above 200k input tokens the long-context tier applies to all tokens.
        #expect(sonnet.cost(input: 200_001, cached: 0, cacheWrite: 0, output: 0) == Money(picodollars: 200_001 * 6_000_000))
        let mistral = try #require(DemoCatalog.model(named: "mistral-large-latest"))
        // No cache prices: cached tokens fall back to the input price.
        #expect(mistral.cost(input: 1_000, cached: 500, cacheWrite: 0, output: 0) == mistral.cost(input: 1_000, cached: 0, cacheWrite: 0, output: 0))
        #expect(DemoCatalog.model(named: "gpt-5") == nil)
    }
}
