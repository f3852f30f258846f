/// A list of (symbol, count) pairs in first-appearance order: agents of a conversation, failure
/// tags of an agent-day, task types of a user.
///
/// The first three pairs are kept inline and only further ones in an array, so the common rows
/// (a conversation with one or two agents, a user with a few task types) allocate nothing when
/// they are decoded, updated and freed — which the rebuild does for every touched row.
public struct SymbolCounts: Hashable, Sendable {
    @usableFromInline var inline: (Pair, Pair, Pair) = (Pair(), Pair(), Pair())
    @usableFromInline var inlineCount: Int = 0
    @usableFromInline var overflow: [Pair] = []

    @usableFromInline
    struct Pair: Sendable {
        @usableFromInline var symbol: Symbol = 0
        @usableFromInline var count: Int64 = 0
        @inlinable init() {}
        @inlinable init(_ symbol: Symbol, _ count: Int64) {
            self.symbol = symbol
            self.count = count
        }
    }

    public init() {}

    /// How many pairs there are.
    public var count: Int { inlineCount + overflow.count }

    /// The pairs, in first-appearance order.
    public var entries: [(symbol: Symbol, count: Int64)] {
        var out: [(symbol: Symbol, count: Int64)] = []
        out.reserveCapacity(count)
        forEach { out.append(($0, $1)) }
        return out
    }

    /// Visits the pairs in first-appearance order.
    @inlinable
    public func forEach(_ body: (Symbol, Int64) throws -> Void) rethrows {
        if inlineCount > 0 { try body(inline.0.symbol, inline.0.count) }
        if inlineCount > 1 { try body(inline.1.symbol, inline.1.count) }
        if inlineCount > 2 { try body(inline.2.symbol, inline.2.count) }
        for pair in overflow { try body(pair.symbol, pair.count) }
    }

    public static func == (a: SymbolCounts, b: SymbolCounts) -> Bool {
        a.entries.elementsEqual(b.entries) { $0.symbol == $1.symbol && $0.count == $1.count }
    }

    public func hash(into hasher: inout Hasher) {
        forEach { hasher.combine($0); hasher.combine($1) }
    }

    /// Applies `change` to `symbol`'s count, appending the symbol (with `change` applied to 0)
    /// when it is new.
    @inlinable @inline(__always)
    mutating func update(_ symbol: Symbol, _ change: (inout Int64) -> Void) {
        if inlineCount > 0 && inline.0.symbol == symbol { change(&inline.0.count); return }
        if inlineCount > 1 && inline.1.symbol == symbol { change(&inline.1.count); return }
        if inlineCount > 2 && inline.2.symbol == symbol { change(&inline.2.count); return }
        for i in overflow.indices where overflow[i].symbol == symbol {
            change(&overflow[i].count)
            return
        }
        var value: Int64 = 0
        change(&value)
        append(symbol, value)
    }

    @inlinable
    mutating func append(_ symbol: Symbol, _ value: Int64) {
        switch inlineCount {
        case 0: inline.0 = Pair(symbol, value)
        case 1: inline.1 = Pair(symbol, value)
        case 2: inline.2 = Pair(symbol, value)
        default:
            overflow.append(Pair(symbol, value))
            return
        }
        inlineCount += 1
    }

    /// Adds `delta` to `symbol`'s count, appending it when new. Entries that drop to zero stay, so
    /// first-appearance order is stable.
    @inlinable
    public mutating func add(_ symbol: Symbol, _ delta: Int64 = 1) {
        update(symbol) { $0 += delta }
    }

    /// Sets `symbol`'s value (used as a small map, e.g. agent → last model).
    mutating func set(_ symbol: Symbol, _ value: Int64) {
        update(symbol) { $0 = value }
    }

    /// The count of `symbol`.
    public func count(of symbol: Symbol) -> Int64 {
        var found: Int64 = 0
        var seen = false
        forEach { s, c in
            if !seen && s == symbol { found = c; seen = true }
        }
        return found
    }

    /// The symbol with the highest count (the first to appear wins ties), if any is positive.
    public var top: Symbol? {
        var best: (Symbol, Int64)? = nil
        forEach { s, c in if c > 0 && c > (best?.1 ?? 0) { best = (s, c) } }
        return best?.0
    }

    func encode(into w: inout ByteWriter) {
        w.writeVarint(UInt64(count))
        forEach { s, c in
            w.writeVarint(UInt64(s))
            w.writeSignedVarint(c)
        }
    }

    init?(from r: inout ByteReader) {
        guard let n = r.readVarint(), n <= 1 << 20 else { return nil }
        if n > 3 { overflow.reserveCapacity(Int(n) - 3) }
        for _ in 0..<n {
            guard let s = r.readVarint32(), let c = r.readSignedVarint() else { return nil }
            append(s, c)
        }
    }
}
