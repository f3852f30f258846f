/// Two entries of a book that price the same name equally well over a common stretch of time,
/// where the later one is not a fallback for the earlier one (see `PriceBook.overlaps`).
public struct PriceOverlap: Hashable, Sendable, CustomStringConvertible {
    /// The entry that is used where both apply (earlier in the book).
    public var used: Int
    /// The entry that is shadowed there.
    public var shadowed: Int
    /// A name both entries match equally well.
    public var name: String
    /// Whether the shadowed entry never applies at all.
    public var shadowedEverywhere: Bool

    public var description: String {
        shadowedEverywhere
            ? "models[\(shadowed)] is never used: models[\(used)], earlier in the book, prices \"\(name)\" whenever it would apply"
            : "models[\(used)] and models[\(shadowed)] both price \"\(name)\" over overlapping times; where both apply, models[\(used)] (earlier in the book) is used"
    }
}

extension PriceBook {
    /// Entries whose effective ranges (and daily windows) overlap for the same name, in a way that
    /// is probably a mistake.
    ///
    /// The rule Tally applies is fixed: among equally good matches (same name, same `exact` or
    /// `prefix` kind, compatible providers) the entry earlier in the book wins wherever both
    /// apply, and an instant no entry covers (a gap between effective ranges) leaves the model
    /// unpriced (`unpriced_interactions`), never at zero cost. Listing a narrower entry before a
    /// broader one is the way to override part of it (a promotion, off-peak hours), so that is not
    /// reported; reported are an earlier entry that hides a later one entirely (dead entry) and
    /// two entries that overlap only partly (e.g. `2026-01-01…06-01` and `2026-05-01…`, whose May
    /// is priced by the first). `tally prices import` and `prices activate` print these as warnings.
    /// Entries matched by `clauses` are not compared.
    public var overlaps: [PriceOverlap] {
        var found: [PriceOverlap] = []
        for (j, later) in entries.enumerated() {
            for i in 0..<j {
                let earlier = entries[i]
                guard let name = PriceBook.commonName(earlier, later),
                      PriceBook.providersCompatible(earlier.provider, later.provider),
                      PriceBook.timesOverlap(earlier, later) else { continue }
                if PriceBook.contains(later, earlier) { continue } // an override listed first
                found.append(PriceOverlap(used: i, shadowed: j, name: name, shadowedEverywhere: PriceBook.contains(earlier, later)))
            }
        }
        return found
    }

    /// A name both entries match with the same kind and the same length, if any.
    static func commonName(_ a: PriceEntry, _ b: PriceEntry) -> String? {
        switch (a.match, b.match) {
        case (.exact, .exact), (.prefix, .prefix):
            let names = Set(([a.model] + a.aliases).map { $0.lowercased() })
            return ([b.model] + b.aliases).first { names.contains($0.lowercased()) }
        default:
            return nil
        }
    }

    static func providersCompatible(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return true }
        return a.lowercased() == b.lowercased()
    }

    static func range(_ e: PriceEntry) -> (Int64, Int64) {
        (e.effectiveFrom?.milliseconds ?? .min, e.effectiveTo?.milliseconds ?? .max)
    }

    /// The daily intervals of an entry's window, in milliseconds of the day.
    static func dailyIntervals(_ e: PriceEntry) -> [(Int64, Int64)] {
        guard let w = e.timeOfDay else { return [(Int64(0), Timestamp.dayMs)] }
        return w.wrapsMidnight ? [(w.start, Timestamp.dayMs), (Int64(0), w.end)] : [(w.start, w.end)]
    }

    static func timesOverlap(_ a: PriceEntry, _ b: PriceEntry) -> Bool {
        let (af, at) = range(a)
        let (bf, bt) = range(b)
        guard af < bt, bf < at else { return false }
        return dailyIntervals(a).contains { x in dailyIntervals(b).contains { y in x.0 < y.1 && y.0 < x.1 } }
    }

    /// Whether `outer` applies wherever `inner` does (time range and daily window).
    static func contains(_ outer: PriceEntry, _ inner: PriceEntry) -> Bool {
        let (of, ot) = range(outer)
        let (inf, int) = range(inner)
        guard of <= inf, int <= ot else { return false }
        return dailyIntervals(inner).allSatisfy { x in dailyIntervals(outer).contains { y in y.0 <= x.0 && x.1 <= y.1 } }
    }
}
