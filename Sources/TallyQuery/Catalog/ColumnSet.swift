/// A set of column indices (a bit set).
public struct ColumnSet: Hashable, Sendable, CustomStringConvertible {
    private var words: [UInt64]

    /// The empty set, sized for a table of `count` columns.
    public init(count: Int) {
        words = Array(repeating: 0, count: max(1, (count + 63) / 64))
    }

    /// Every column of a table of `count` columns.
    public static func all(count: Int) -> ColumnSet {
        var set = ColumnSet(count: count)
        for i in 0..<count { set.insert(i) }
        return set
    }

    /// Whether column `index` is in the set.
    @inlinable public func contains(_ index: Int) -> Bool {
        index >= 0 && index / 64 < wordCount && word(index / 64) & (1 << UInt64(index % 64)) != 0
    }

    /// Adds column `index` (negative indices are ignored).
    public mutating func insert(_ index: Int) {
        guard index >= 0 else { return }
        while index / 64 >= words.count { words.append(0) }
        words[index / 64] |= 1 << UInt64(index % 64)
    }

    /// The indices in the set, ascending.
    public var indices: [Int] {
        var out: [Int] = []
        for (w, word) in words.enumerated() where word != 0 {
            for bit in 0..<64 where word & (1 << UInt64(bit)) != 0 { out.append(w * 64 + bit) }
        }
        return out
    }

    /// Whether the set is empty.
    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    @usableFromInline var wordCount: Int { words.count }
    @usableFromInline func word(_ i: Int) -> UInt64 { words[i] }

    public var description: String { "{" + indices.map(String.init).joined(separator: ", ") + "}" }
}
