/// Finds the price entry for a model, provider and instant. Build it once per book.
///
/// Rules (the SPEC's, made precise):
/// - **Names** match case-insensitively: an `exact` entry by its model or an alias, a `prefix`
///   entry when the name starts with its model or an alias, a `clauses` entry when its clause
///   tree holds (see `MatchClause`).
/// - **Longest match wins**: the match that accounts for more of the name is better; at equal
///   length an exact match beats a prefix (or other clause); at a full tie the entry earlier in
///   the book wins.
/// - **Provider**: when the event names a provider and the entry has one, they must agree
///   (case-insensitively); an event without provider matches entries of any provider.
/// - **Time**: an entry applies when `effective_from ≤ ts < effective_to` and `ts` lies in its
///   daily window. Entries that do not apply are not candidates, so a shorter match that applies
///   beats a longer one that does not.
///
/// Lookups use hash indexes (exact names; prefixes by length), not a scan of the book; only
/// clauses other than `equals`/`starts_with` (`contains`, `ends_with`, `regex`, `and`) are
/// evaluated one by one. Lookups are meant to be cached by (model, provider) using the answer's
/// validity span; `PriceMatch.cost` is the per-event work.
public struct PriceResolver: Sendable {
    /// The book the resolver answers for.
    public let book: PriceBook

    struct Compiled: Sendable {
        let provider: String?
        let from: Int64
        let to: Int64
        let window: TimeOfDayWindow?
        let prices: ResolvedPrices
    }

    struct Candidate {
        let entry: Int
        let score: MatchClause.Score
        let kind: PriceMatch.Kind
    }

    private let compiled: [Compiled]
    private let exact: [String: [Int]]
    private let prefixes: [String: [Int]]
    private let prefixLengths: [Int]
    private let general: [(entry: Int, clause: CompiledClause)]

    /// Indexes `book`.
    ///
    /// - Complexity: O(total names and clauses in the book).
    public init(book: PriceBook) {
        self.book = book
        var compiled: [Compiled] = []
        var exact: [String: [Int]] = [:]
        var prefixes: [String: [Int]] = [:]
        var general: [(entry: Int, clause: CompiledClause)] = []
        compiled.reserveCapacity(book.entries.count)

        func addExact(_ name: String, _ i: Int) {
            let key = name.lowercased()
            if exact[key]?.last != i { exact[key, default: []].append(i) }
        }
        func addPrefix(_ name: String, _ i: Int) {
            let key = name.lowercased()
            if prefixes[key]?.last != i { prefixes[key, default: []].append(i) }
        }
        func addClause(_ clause: MatchClause, _ i: Int) {
            switch clause {
            case .equals(let s): addExact(s, i)
            case .startsWith(let s): addPrefix(s, i)
            case .or(let clauses): for c in clauses { addClause(c, i) }
            default: general.append((i, CompiledClause(clause)))
            }
        }

        for (i, entry) in book.entries.enumerated() {
            compiled.append(Compiled(
                provider: entry.provider?.lowercased(),
                from: entry.effectiveFrom?.milliseconds ?? .min,
                to: entry.effectiveTo?.milliseconds ?? .max,
                window: entry.timeOfDay,
                prices: entry.resolvedPrices
            ))
            switch entry.match {
            case .exact:
                addExact(entry.model, i)
                for alias in entry.aliases { addExact(alias, i) }
            case .prefix:
                addPrefix(entry.model, i)
                for alias in entry.aliases { addPrefix(alias, i) }
            case .clauses(let clause):
                addClause(clause, i)
            }
        }
        self.compiled = compiled
        self.exact = exact
        self.prefixes = prefixes
        self.prefixLengths = Set(prefixes.keys.map(\.utf8.count)).sorted(by: >)
        self.general = general
    }

    /// The entry that prices `model` (from `provider`, if known) at `at`, or `nil`.
    public func match(model: String, provider: String?, at: Timestamp) -> PriceMatch? {
        lookup(model: model, provider: provider, at: at).match
    }

    /// The entry that prices `model` at `at` (or none), with the span in which that answer holds.
    public func lookup(model: String, provider: String?, at: Timestamp) -> PriceLookup {
        let name = model.lowercased()
        let wantedProvider = provider?.lowercased()
        var candidates: [Candidate] = []

        func consider(_ i: Int, _ score: MatchClause.Score, _ kind: PriceMatch.Kind) {
            if let wanted = wantedProvider, let own = compiled[i].provider, wanted != own { return }
            candidates.append(Candidate(entry: i, score: score, kind: kind))
        }

        let length = name.utf8.count
        if let hits = exact[name] {
            for i in hits { consider(i, MatchClause.Score(length: length, isExact: true), .exact) }
        }
        for l in prefixLengths where l <= length {
            let end = name.utf8.index(name.utf8.startIndex, offsetBy: l)
            guard let head = String(name.utf8[..<end]), let hits = prefixes[head] else { continue }
            for i in hits { consider(i, MatchClause.Score(length: l, isExact: false), .prefix) }
        }
        let bytes = Array(name.utf8)
        for (i, clause) in general {
            if let wanted = wantedProvider, let own = compiled[i].provider, wanted != own { continue }
            if let score = clause.score(bytes: bytes, model: name) {
                candidates.append(Candidate(entry: i, score: score, kind: score.isExact ? .exact : .clause))
            }
        }

        // The best applicable candidate; every candidate's time boundaries bound the validity.
        var best: Candidate?
        var lower = Int64.min
        var upper = Int64.max
        let t = at.milliseconds
        for candidate in candidates {
            let c = compiled[candidate.entry]
            for b in [c.from, c.to] where b != .min && b != .max {
                if b <= t { lower = max(lower, b) } else { upper = min(upper, b) }
            }
            var applies = c.from <= t && t < c.to
            if let window = c.window {
                let (previous, next) = window.boundaries(around: at)
                lower = max(lower, previous)
                upper = min(upper, next)
                applies = applies && window.contains(at)
            }
            guard applies else { continue }
            if let current = best {
                if current.score < candidate.score || (current.score == candidate.score && candidate.entry < current.entry) {
                    best = candidate
                }
            } else {
                best = candidate
            }
        }
        let validity = Timestamp(milliseconds: lower)..<Timestamp(milliseconds: upper)
        guard let best else { return PriceLookup(match: nil, validity: validity) }
        let match = PriceMatch(
            entryIndex: best.entry, entry: book.entries[best.entry], kind: best.kind,
            matchLength: best.score.length, prices: compiled[best.entry].prices, validity: validity
        )
        return PriceLookup(match: match, validity: validity)
    }
}
