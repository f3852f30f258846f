import Synchronization

/// A `MatchClause` prepared for repeated evaluation: literals lowercased once, regexes compiled
/// once. Used by `PriceResolver` for the clauses it cannot index.
indirect enum CompiledClause: Sendable {
    case equals([UInt8])
    case startsWith([UInt8])
    case endsWith([UInt8])
    case contains([UInt8])
    case regex(CompiledRegex)
    case or([CompiledClause])
    case and([CompiledClause])

    init(_ clause: MatchClause) {
        switch clause {
        case .equals(let s): self = .equals(Array(s.lowercased().utf8))
        case .startsWith(let s): self = .startsWith(Array(s.lowercased().utf8))
        case .endsWith(let s): self = .endsWith(Array(s.lowercased().utf8))
        case .contains(let s): self = .contains(Array(s.lowercased().utf8))
        case .regex(let pattern): self = .regex(CompiledRegex(pattern))
        case .or(let cs): self = .or(cs.map(CompiledClause.init))
        case .and(let cs): self = .and(cs.map(CompiledClause.init))
        }
    }

    /// Same result as `MatchClause.score(lowercasedModel:)`, comparing UTF-8 bytes: `bytes` is
    /// the lowercased model name's UTF-8, `model` the same name as a string (for regexes).
    func score(bytes: [UInt8], model: String) -> MatchClause.Score? {
        switch self {
        case .equals(let l):
            return bytes == l ? MatchClause.Score(length: bytes.count, isExact: true) : nil
        case .startsWith(let l):
            return bytes.starts(with: l) ? MatchClause.Score(length: l.count, isExact: false) : nil
        case .endsWith(let l):
            return bytes.count >= l.count && bytes[(bytes.count - l.count)...].elementsEqual(l)
                ? MatchClause.Score(length: l.count, isExact: false) : nil
        case .contains(let l):
            return CompiledClause.find(l, in: bytes) ? MatchClause.Score(length: l.count, isExact: false) : nil
        case .regex(let regex):
            return regex.firstMatchLength(in: model, bytes: bytes).map { MatchClause.Score(length: $0, isExact: false) }
        case .or(let clauses):
            var best: MatchClause.Score?
            for clause in clauses {
                if let s = clause.score(bytes: bytes, model: model), best.map({ $0 < s }) ?? true { best = s }
            }
            return best
        case .and(let clauses):
            guard !clauses.isEmpty else { return nil }
            var best: MatchClause.Score?
            for clause in clauses {
                guard let s = clause.score(bytes: bytes, model: model) else { return nil }
                if best.map({ $0 < s }) ?? true { best = s }
            }
            return best
        }
    }

    /// Whether `needle` occurs in `haystack` (bytes; names are short, so a plain scan).
    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= haystack.count, let first = needle.first else { return false }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var k = 1
                while k < needle.count, haystack[i + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}

/// A regex compiled once and shared: Swift's `Regex` is not `Sendable`, so matches run under a
/// lock (lookups are rare — callers cache their answers — so the lock is never hot).
final class CompiledRegex: Sendable {
    private let regex: Mutex<Regex<AnyRegexOutput>?>
    /// A literal every match must start the text with (from a leading `^`), checked before the
    /// regex runs: most model-name patterns are anchored, and most names fail at once.
    let requiredPrefix: String

    init(_ pattern: String) {
        regex = Mutex(try? Regex(pattern))
        requiredPrefix = CompiledRegex.anchoredLiteralPrefix(pattern)
    }

    /// UTF-8 length of the first match in `text`, or `nil` (also for a pattern that failed to
    /// compile; book parsing rejects those).
    func firstMatchLength(in text: String, bytes: [UInt8]) -> Int? {
        guard bytes.starts(with: requiredPrefix.utf8) else { return nil }
        return regex.withLock { regex in
            guard let regex, let found = try? regex.firstMatch(in: text) else { return nil }
            return text[found.range].utf8.count
        }
    }

    /// The literal text a pattern anchored with `^` must begin with, conservatively: empty when
    /// the pattern has an alternation or inline options, and stopping at the first character
    /// that is not plainly literal (a literal followed by a quantifier is not required).
    static func anchoredLiteralPrefix(_ pattern: String) -> String {
        let chars = Array(pattern)
        guard chars.first == "^", !pattern.contains("|"), !pattern.contains("(?") else { return "" }
        var literal: [Character] = []
        var i = 1
        while i < chars.count {
            var c = chars[i]
            var width = 1
            if c == "\\" {
                guard i + 1 < chars.count else { break }
                let next = chars[i + 1]
                guard next.isPunctuation || next.isSymbol else { break }   // \d, \w, \b… are classes
                c = next
                width = 2
            } else if ".[]()*+?{}^$".contains(c) {
                break
            }
            if i + width < chars.count, "*?{".contains(chars[i + width]) { break }   // optional or repeated
            literal.append(c)
            i += width
        }
        return String(literal)
    }
}
