/// A small in-memory symbol table for the event-record fuzz target: symbols `0..<names.count`
/// resolve (so random varints often name something), interning adds new names after them.
struct FuzzSymbols: SymbolResolving, SymbolInterning {
    /// The names the table starts with; symbol 0 is the empty name.
    static let seedNames: [String] = [
        "", "default", "acme", "globex", "support", "billing", "triage", "research", "gpt-4o", "gpt-4o-mini",
        "claude-sonnet-4", "deepseek-chat", "openai", "anthropic", "deepseek", "summarize", "code", "u1", "u2",
        "c1", "c2", "c3", "timeout", "rate_limit", "routing", "escalation", "exp-a", "wrong_answer", "slow",
        "lora", "base-llama", "é", "日本", "\u{0}", String(repeating: "x", count: 300), "a b", "A", "gpt-5",
    ]

    private(set) var names: [String] = FuzzSymbols.seedNames
    private var index: [String: Symbol] = [:]

    init() {
        for (i, name) in names.enumerated() where index[name] == nil { index[name] = Symbol(i) }
    }

    mutating func intern(_ name: String) throws -> Symbol {
        if let symbol = index[name] { return symbol }
        names.append(name)
        let symbol = Symbol(names.count - 1)
        index[name] = symbol
        return symbol
    }

    func name(of symbol: Symbol) throws -> String? {
        Int(symbol) < names.count ? names[Int(symbol)] : nil
    }
}
