/// A compiled `LIKE` pattern: `%` matches any run of characters, `_` exactly one; ASCII letters
/// match case-insensitively (as in sqlite). Matching is O(text × pattern) in the worst case, never
/// exponential, so no pattern can hang a query.
struct LikePattern: Hashable, Sendable {
    enum Element: Hashable, Sendable {
        case literal(Unicode.Scalar)
        case any
        case many
    }

    let elements: [Element]

    init(_ pattern: String) {
        var elements: [Element] = []
        for scalar in pattern.unicodeScalars {
            switch scalar {
            case "%":
                if elements.last != .many { elements.append(.many) }
            case "_": elements.append(.any)
            default: elements.append(.literal(LikePattern.fold(scalar)))
            }
        }
        self.elements = elements
    }

    static func fold(_ s: Unicode.Scalar) -> Unicode.Scalar {
        if s.value >= 65, s.value <= 90, let lower = Unicode.Scalar(s.value + 32) { return lower }
        return s
    }

    /// Whether `text` matches the whole pattern.
    func matches(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var t = 0
        var p = 0
        var starP = -1
        var starT = 0
        while t < scalars.count {
            if p < elements.count {
                switch elements[p] {
                case .many:
                    starP = p
                    starT = t
                    p += 1
                    continue
                case .any:
                    t += 1
                    p += 1
                    continue
                case let .literal(c):
                    if c == LikePattern.fold(scalars[t]) {
                        t += 1
                        p += 1
                        continue
                    }
                }
            }
            guard starP >= 0 else { return false }
            p = starP + 1
            starT += 1
            t = starT
        }
        while p < elements.count, elements[p] == .many { p += 1 }
        return p == elements.count
    }
}
