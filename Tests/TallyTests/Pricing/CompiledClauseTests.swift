import Testing
@testable import Tally

@Suite("Compiled clauses")
struct CompiledClauseTests {
    @Test func anchoredLiteralPrefixes() {
        #expect(CompiledRegex.anchoredLiteralPrefix(#"^gpt-5\.6-luna-\d{4}-\d{2}-\d{2}$"#) == "gpt-5.6-luna-")
        #expect(CompiledRegex.anchoredLiteralPrefix(#"^x-ai/grok-4\.3-\d{8}$"#) == "x-ai/grok-4.3-")
        #expect(CompiledRegex.anchoredLiteralPrefix(#"^o[134]"#) == "o")
        #expect(CompiledRegex.anchoredLiteralPrefix("^ab?c") == "a")
        #expect(CompiledRegex.anchoredLiteralPrefix("^ab*") == "a")
        #expect(CompiledRegex.anchoredLiteralPrefix("^x{2}") == "")
        #expect(CompiledRegex.anchoredLiteralPrefix("^a|b") == "")
        #expect(CompiledRegex.anchoredLiteralPrefix("(?:mi|code)stral") == "")
        #expect(CompiledRegex.anchoredLiteralPrefix("(?i)^GPT") == "")
        #expect(CompiledRegex.anchoredLiteralPrefix("^(foo)") == "")
        #expect(CompiledRegex.anchoredLiteralPrefix("gpt$") == "")
        #expect(CompiledRegex.anchoredLiteralPrefix("^") == "")
        #expect(CompiledRegex.anchoredLiteralPrefix(#"^a\"#) == "a")
    }

    /// The resolver's compiled clauses agree with `MatchClause` on every clause of the real
    /// genai-prices data and every name it lists (plus a few variations).
    @Test func compiledClausesAgreeWithMatchClause() throws {
        guard case .array(let providers) = try SharedData.json(SharedData.genaiPrices) else { Issue.record("not an array"); return }
        var clauses: [MatchClause] = []
        var all = Set<String>()
        func literals(_ c: MatchClause, into names: inout Set<String>) {
            switch c {
            case .equals(let s), .startsWith(let s), .endsWith(let s), .contains(let s): names.insert(s.lowercased())
            case .or(let cs), .and(let cs): for x in cs { literals(x, into: &names) }
            case .regex: break
            }
        }
        for provider in providers {
            for model in provider["models"]?.arrayValue ?? [] {
                guard let match = model["match"], let clause = try? MatchClause.parse(match) else { continue }
                clauses.append(clause)
                literals(clause, into: &all)
            }
        }
        #expect(clauses.count == 1466)
        let extra = ["gpt-5.6-luna-2026-07-30", "x-ai/grok-4.3-20260101", "grok-4.5-20250101", "gemini-3.5-flash-001", "é-model", ""]
        var rng = SeededRandom(seed: 3)
        let pool = all.sorted()
        var compared = 0
        var matched = 0
        for clause in clauses {
            var names = Set(extra)
            literals(clause, into: &names)
            for name in Array(names) { names.insert(name + "-x"); names.insert("x-" + name); names.insert(String(name.dropLast())) }
            for _ in 0..<40 { names.insert(pool[Int(rng.next() % UInt64(pool.count))]) }
            let compiled = CompiledClause(clause)
            for name in names {
                let expected = clause.score(lowercasedModel: name)
                #expect(compiled.score(bytes: Array(name.utf8), model: name) == expected, "\(clause) \(name)")
                compared += 1
                if expected != nil { matched += 1 }
            }
        }
        #expect(matched > 2_000)
        #expect(compared > 50_000)
    }
}
