import Testing
@testable import Tally

/// `SymbolCounts` keeps three pairs inline and the rest in an array: the order, the counts and
/// the stored bytes must not depend on where a pair lives.
@Suite struct SymbolCountsTests {
    @Test func firstAppearanceOrderAcrossTheInlineAndOverflowPairs() {
        var counts = SymbolCounts()
        for symbol: Symbol in [7, 3, 7, 9, 1, 3, 12, 1, 1] { counts.add(symbol) }
        #expect(counts.entries.map(\.symbol) == [7, 3, 9, 1, 12])
        #expect(counts.entries.map(\.count) == [2, 2, 1, 3, 1])
        #expect(counts.count == 5)
        #expect(counts.count(of: 1) == 3)
        #expect(counts.count(of: 4) == 0)
        #expect(counts.top == 1)
        counts.add(1, -3)
        #expect(counts.entries.map(\.symbol) == [7, 3, 9, 1, 12]) // a pair at zero keeps its place
        #expect(counts.top == 7) // the first of the tied highest
        counts.set(12, 40)
        #expect(counts.count(of: 12) == 40)
    }

    @Test(arguments: [0, 1, 3, 4, 20])
    func roundTripsThroughItsBytes(pairs: Int) throws {
        var counts = SymbolCounts()
        for i in 0..<pairs { counts.add(Symbol(100 + i), Int64(i) - 2) }
        var writer = ByteWriter()
        counts.encode(into: &writer)
        let decoded = try writer.withUnsafeBytes { raw in
            var reader = ByteReader(raw)
            return try #require(SymbolCounts(from: &reader))
        }
        #expect(decoded == counts)
        #expect(decoded.entries.map(\.symbol) == counts.entries.map(\.symbol))
        // The layout is the one rows were stored with before: a count, then (symbol, zigzag count) pairs.
        var expected = ByteWriter()
        expected.writeVarint(UInt64(pairs))
        for i in 0..<pairs {
            expected.writeVarint(UInt64(100 + i))
            expected.writeSignedVarint(Int64(i) - 2)
        }
        #expect(writer.bytes == expected.bytes)
    }

    @Test func equalityAndHashFollowTheEntries() {
        var a = SymbolCounts()
        var b = SymbolCounts()
        for s: Symbol in [1, 2, 3, 4, 5] { a.add(s); b.add(s) }
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        b.add(5)
        #expect(a != b)
        var c = SymbolCounts()
        for s: Symbol in [2, 1, 3, 4, 5] { c.add(s) }
        #expect(a != c) // order matters: it is first appearance
    }
}
