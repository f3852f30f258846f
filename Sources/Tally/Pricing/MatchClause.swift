/// A boolean rule over model names, in the syntax of pydantic's genai-prices data:
/// `{"equals": "o3"}`, `{"starts_with": "claude-opus-4-6"}`, `{"ends_with": …}`,
/// `{"contains": …}`, `{"regex": …}`, `{"or": [ … ]}`, `{"and": [ … ]}`.
///
/// Tally uses it as the `clauses` match of a price entry. Matching is case-insensitive, as in
/// genai-prices: literals compare with the model name lowercased, and a regex is searched (not
/// anchored unless it says so) in the lowercased name.
///
/// To pick the longest match among entries, a clause that holds also says how much of the name
/// it pins down (`MatchScore`): `equals` the whole name (and counts as exact), `starts_with`,
/// `ends_with` and `contains` their literal's length, `regex` the length of its first match, `or`
/// its best holding alternative, `and` its best part.
public indirect enum MatchClause: Hashable, Sendable {
    case equals(String)
    case startsWith(String)
    case endsWith(String)
    case contains(String)
    case regex(String)
    case or([MatchClause])
    case and([MatchClause])

    /// How strongly a model name matched, for "longest match wins".
    public struct Score: Hashable, Comparable, Sendable {
        /// UTF-8 bytes of the name the match accounts for.
        public var length: Int
        /// Whether the whole name matched exactly (beats a prefix of equal length).
        public var isExact: Bool

        public init(length: Int, isExact: Bool) {
            self.length = length
            self.isExact = isExact
        }

        public static func < (a: Score, b: Score) -> Bool {
            a.length != b.length ? a.length < b.length : (!a.isExact && b.isExact)
        }
    }

    /// The score with which the clause holds for `model` (already lowercased), or `nil`.
    ///
    /// Regexes are compiled on each call (Swift's `Regex` is not `Sendable`); lookups are cached
    /// by callers, so this runs once per model, not per event.
    public func score(lowercasedModel model: String) -> Score? {
        switch self {
        case .equals(let literal):
            return model == literal.lowercased() ? Score(length: model.utf8.count, isExact: true) : nil
        case .startsWith(let literal):
            let l = literal.lowercased()
            return model.hasPrefix(l) ? Score(length: l.utf8.count, isExact: false) : nil
        case .endsWith(let literal):
            let l = literal.lowercased()
            return model.hasSuffix(l) ? Score(length: l.utf8.count, isExact: false) : nil
        case .contains(let literal):
            let l = literal.lowercased()
            return (l.isEmpty || model.contains(l)) ? Score(length: l.utf8.count, isExact: false) : nil
        case .regex(let pattern):
            guard let regex = try? Regex(pattern), let found = try? regex.firstMatch(in: model) else { return nil }
            return Score(length: model[found.range].utf8.count, isExact: false)
        case .or(let clauses):
            var best: Score?
            for clause in clauses {
                if let s = clause.score(lowercasedModel: model), best.map({ $0 < s }) ?? true { best = s }
            }
            return best
        case .and(let clauses):
            guard !clauses.isEmpty else { return nil }
            var best: Score?
            for clause in clauses {
                guard let s = clause.score(lowercasedModel: model) else { return nil }
                if best.map({ $0 < s }) ?? true { best = s }
            }
            return best
        }
    }

    /// Whether the clause holds for `model` (compared case-insensitively).
    public func matches(_ model: String) -> Bool {
        score(lowercasedModel: model.lowercased()) != nil
    }

    /// The clause in genai-prices JSON syntax.
    public var jsonValue: JSONValue {
        switch self {
        case .equals(let s): .object(JSONObject(["equals": .string(s)]))
        case .startsWith(let s): .object(JSONObject(["starts_with": .string(s)]))
        case .endsWith(let s): .object(JSONObject(["ends_with": .string(s)]))
        case .contains(let s): .object(JSONObject(["contains": .string(s)]))
        case .regex(let s): .object(JSONObject(["regex": .string(s)]))
        case .or(let cs): .object(JSONObject(["or": .array(cs.map(\.jsonValue))]))
        case .and(let cs): .object(JSONObject(["and": .array(cs.map(\.jsonValue))]))
        }
    }

    /// Why a clause could not be read.
    public struct ParseError: Error, Hashable, Sendable {
        /// Path below the clause's own field, e.g. `.or[2].regex`.
        public var path: String
        /// What is wrong there.
        public var reason: String
    }

    /// Reads a clause from genai-prices JSON syntax, checking that every regex compiles.
    public static func parse(_ json: JSONValue, maxDepth: Int = 32) throws(ParseError) -> MatchClause {
        try parse(json, path: "", depth: 0, maxDepth: maxDepth)
    }

    private static func parse(_ json: JSONValue, path: String, depth: Int, maxDepth: Int) throws(ParseError) -> MatchClause {
        guard depth < maxDepth else { throw ParseError(path: path, reason: "clauses nested deeper than \(maxDepth) levels") }
        guard let object = json.objectValue else {
            throw ParseError(path: path, reason: "expected a clause object, found \(json.kindDescription)")
        }
        guard object.count == 1, let member = object.first else {
            throw ParseError(path: path, reason: "a clause has exactly one key (equals, starts_with, ends_with, contains, regex, or, and)")
        }
        let here = path + "." + member.key
        switch member.key {
        case "equals", "starts_with", "ends_with", "contains", "regex":
            guard let literal = member.value.stringValue else {
                throw ParseError(path: here, reason: "expected a string, found \(member.value.kindDescription)")
            }
            switch member.key {
            case "equals": return .equals(literal)
            case "starts_with": return .startsWith(literal)
            case "ends_with": return .endsWith(literal)
            case "contains": return .contains(literal)
            default:
                do { _ = try Regex(literal) } catch {
                    throw ParseError(path: here, reason: "invalid regular expression: \(error)")
                }
                return .regex(literal)
            }
        case "or", "and":
            guard let items = member.value.arrayValue else {
                throw ParseError(path: here, reason: "expected an array of clauses, found \(member.value.kindDescription)")
            }
            guard !items.isEmpty else { throw ParseError(path: here, reason: "an empty list of clauses") }
            var clauses: [MatchClause] = []
            for (i, item) in items.enumerated() {
                clauses.append(try parse(item, path: here + "[\(i)]", depth: depth + 1, maxDepth: maxDepth))
            }
            return member.key == "or" ? .or(clauses) : .and(clauses)
        default:
            throw ParseError(path: here, reason: "unknown clause \"\(member.key)\" (expected equals, starts_with, ends_with, contains, regex, or, and)")
        }
    }
}
