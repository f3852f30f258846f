import Testing
@testable import Tally

/// The binary decoder never crashes or hangs: random bytes and mutated valid records either
/// decode or fail with a `DecodingError`.
@Suite struct EventCodecFuzzTests {
    struct Names: SymbolResolving, SymbolInterning {
        var table: [String] = [""]
        var index: [String: Symbol] = [:]
        mutating func intern(_ name: String) throws -> Symbol {
            if let s = index[name] { return s }
            table.append(name)
            index[name] = Symbol(table.count - 1)
            return Symbol(table.count - 1)
        }
        func name(of symbol: Symbol) throws -> String? { Int(symbol) < table.count ? table[Int(symbol)] : nil }
    }

    @Test func roundTripsEveryTypeAndSurvivesMutations() throws {
        var names = Names()
        var g = SeededRandom(seed: 99)
        var records: [[UInt8]] = []
        for event in randomEvents(seed: 5, count: 400) {
            var writer = ByteWriter()
            try EventCodec.encode(event, id: event.id ?? "x", into: &writer, symbols: &names)
            let decoded = try writer.bytes.withUnsafeBytes { try EventDecoder.decode($0, symbols: names) }
            var expected = event
            expected.id = event.id ?? "x"
            #expect(decoded == expected)
            records.append(writer.bytes)
        }
        var decodedCount = 0
        var failedCount = 0
        for round in 0..<20_000 {
            var bytes: [UInt8]
            if round % 4 == 0 {
                bytes = (0..<Int.random(in: 0...80, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }
            } else {
                bytes = records[Int.random(in: 0..<records.count, using: &g)]
                for _ in 0..<Int.random(in: 1...4, using: &g) {
                    guard !bytes.isEmpty else { break }
                    switch Int.random(in: 0..<3, using: &g) {
                    case 0: bytes[Int.random(in: 0..<bytes.count, using: &g)] = UInt8.random(in: 0...255, using: &g)
                    case 1: bytes.removeLast(Int.random(in: 0...min(8, bytes.count), using: &g))
                    default: bytes.insert(UInt8.random(in: 0...255, using: &g), at: Int.random(in: 0...bytes.count, using: &g))
                    }
                }
            }
            let ok: Bool = bytes.withUnsafeBytes { raw in
                do {
                    _ = try EventDecoder.decode(raw, symbols: names)
                    return true
                } catch {
                    return false
                }
            }
            if ok { decodedCount += 1 } else { failedCount += 1 }
        }
        #expect(decodedCount + failedCount == 20_000)
        #expect(failedCount > 0)
    }
}
