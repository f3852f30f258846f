import Testing
@testable import Tally

@Suite struct OverlayTableTests {
    /// Dense runs of symbols (what a batch meets), keys a power-of-two stride apart (which share
    /// their low bits), and a reuse after `removeAll`: every key finds its own row.
    @Test func denseStridedAndReusedKeysFindTheirRows() {
        var table = OverlayTable<Symbol, Int64>(capacity: 16)
        let dense = (Symbol(1_000_000)..<1_050_000).map { $0 }
        let strided = (Symbol(1)...2000).map { $0 &* 131_072 &+ 7 }
        for round in 0..<2 {
            for key in dense + strided { table.insert(key, Int64(key) &+ Int64(round)) }
            #expect(table.count == dense.count + strided.count)
            for key in dense + strided {
                #expect(table.index(of: key).map { table.rows[$0] } == Int64(key) &+ Int64(round))
            }
            #expect(table.index(of: 999_999) == nil)
            #expect(table.index(of: 3 &* 131_072) == nil)
            table.removeAll()
            #expect(table.isEmpty)
        }
    }
}
