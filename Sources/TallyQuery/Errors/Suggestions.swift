/// "Did you mean …?": the closest known name to a mistyped one.
public enum Suggestions {
    /// The candidate nearest to `name` by edit distance (case-insensitive), when it is close enough
    /// to be a plausible typo: at most a third of the name's length, and at least one edit allowed.
    /// A candidate that contains `name`, or is contained in it, also counts (`cost` → `cost_usd`).
    public static func closest(to name: String, in candidates: [String]) -> String? {
        let target = Array(name.lowercased().unicodeScalars)
        guard !target.isEmpty else { return nil }
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let lower = candidate.lowercased()
            let other = Array(lower.unicodeScalars)
            var distance = editDistance(target, other)
            if distance > 0, lower.contains(name.lowercased()) || name.lowercased().contains(lower) {
                distance = min(distance, max(1, (target.count + 2) / 3))
            }
            if let current = best, current.distance <= distance { continue }
            best = (candidate, distance)
        }
        guard let best, best.distance <= max(1, (target.count + 2) / 3) else { return nil }
        return best.name
    }

    /// Levenshtein distance, with an adjacent transposition counting as one edit.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            swap(&previous2, &previous)
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
