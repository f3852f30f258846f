/// An interned string: a small integer that stands for a tenant, agent, model, provider, task
/// type, user, conversation, error type, tag or reason in the compact event encoding and in the
/// projections' keys. `0` means "absent". Ids are assigned in first-use order and never change.
public typealias Symbol = UInt32

/// Resolves names to symbols while encoding (the writer interns new names).
public protocol SymbolInterning {
    /// The symbol for `name`, assigning a new one if the store has none yet.
    mutating func intern(_ name: String) throws -> Symbol
}

/// Resolves symbols back to names while decoding.
public protocol SymbolResolving {
    /// The name of `symbol`, or `nil` if the store has no such symbol.
    func name(of symbol: Symbol) throws -> String?
}
