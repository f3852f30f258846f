import TallyStore

/// The writer's view of the symbol table: interns names inside write transactions.
///
/// Committed name→symbol pairs are cached in memory; names first met in the current transaction
/// are staged and join the cache only when the transaction commits, so an aborted or retried
/// transaction leaves no trace. Used only under the store's writer lock.
final class SymbolTable: @unchecked Sendable {
    private let schema: StoreSchema
    // Read for every name of every appended event, only under the log's commit lock: no runtime
    // exclusivity check.
    @exclusivity(unchecked) private var cache = NameTable()
    @exclusivity(unchecked) private var staged = NameTable()
    private var nextSymbol: Symbol = 1

    init(schema: StoreSchema) {
        self.schema = schema
    }

    /// Starts a transaction: learns the next free symbol (another process may have added some).
    func begin(_ txn: UnsafeWriteTransactionReference) throws {
        staged.removeAll()
        nextSymbol = try txn.withCursor(schema.symbols) { cursor in
            guard let last = try cursor.last(), let value = BigEndianKey.uint32(last.key) else { return 1 }
            return value + 1
        }
    }

    /// The transaction committed: staged names join the cache.
    func commit() {
        cache.absorb(staged)
        staged.removeAll()
    }

    /// The transaction was abandoned.
    func abort() {
        staged.removeAll()
    }

    /// The symbol for `name`, creating it in `txn` when the store has none.
    @inline(__always)
    func intern(_ name: String, _ txn: UnsafeWriteTransactionReference) throws -> Symbol {
        if let symbol = try name.utf8.withContiguousStorageIfAvailable({ try intern(UnsafeRawBufferPointer($0), name, txn) }) {
            return symbol
        }
        var copy = name // a bridged string: make it native and contiguous
        return try copy.withUTF8 { try intern(UnsafeRawBufferPointer($0), name, txn) }
    }

    @inline(__always)
    private func intern(_ bytes: UnsafeRawBufferPointer, _ name: String, _ txn: UnsafeWriteTransactionReference) throws -> Symbol {
        let hash = NameTable.hash(bytes)
        if let known = cache.symbol(of: bytes, hash: hash) ?? staged.symbol(of: bytes, hash: hash) { return known }
        return try internSlow(bytes, hash: hash, name, txn)
    }

    /// The symbol `name` already has (committed, staged in this transaction, or stored by another
    /// process), or `nil` — never creates one.
    func existingSymbol(of name: String, _ txn: UnsafeWriteTransactionReference) throws -> Symbol? {
        guard !name.isEmpty else { return nil } // LMDB keys cannot be empty; no symbol is
        var copy = name
        return try copy.withUTF8 { utf8 throws -> Symbol? in
            let bytes = UnsafeRawBufferPointer(utf8)
            let hash = NameTable.hash(bytes)
            if let known = cache.symbol(of: bytes, hash: hash) ?? staged.symbol(of: bytes, hash: hash) { return known }
            guard let raw = try txn.get(schema.symbolIDs, key: bytes) else { return nil }
            guard let found = BigEndianKey.uint32(raw) else {
                throw StoreError(kind: .corrupted, operation: "look up \(name)", detail: "the symbol index holds a malformed entry; run `tally verify`")
            }
            return found
        }
    }

    private func internSlow(_ raw: UnsafeRawBufferPointer, hash: UInt64, _ name: String, _ txn: UnsafeWriteTransactionReference) throws -> Symbol {
        let candidate = nextSymbol
        guard candidate < Symbol.max else {
            throw StoreError(kind: .databasesFull, operation: "intern \(name)", detail: "the symbol table is full")
        }
        // One descent of the name index: either the name is there (another batch or process
        // interned it) or it is stored under the next free symbol.
        let symbol: Symbol = try BigEndianKey.with(candidate) { key in
            if let existing = try txn.insertIfAbsent(schema.symbolIDs, key: raw, value: key) {
                guard let found = BigEndianKey.uint32(existing) else {
                    throw StoreError(kind: .corrupted, operation: "intern \(name)", detail: "the symbol index holds a malformed entry; run `tally verify`")
                }
                return found
            }
            try txn.put(schema.symbols, key: key, value: raw, options: .append)
            nextSymbol += 1
            return candidate
        }
        staged.insert(raw, hash: hash, symbol: symbol)
        return symbol
    }
}

/// Interns through a `SymbolTable` inside one write transaction (what `EventCodec.encode` needs).
struct TransactionInterner: SymbolInterning {
    let table: SymbolTable
    let txn: UnsafeWriteTransactionReference

    @inline(__always)
    mutating func intern(_ name: String) throws -> Symbol {
        try table.intern(name, txn)
    }
}

/// Resolves symbols to names inside one read transaction.
public struct SymbolResolver: SymbolResolving {
    let schema: StoreSchema
    let txn: UnsafeReadTransactionReference

    public func name(of symbol: Symbol) throws -> String? {
        try BigEndianKey.with(symbol) { key throws -> String? in
            guard let raw = try txn.get(schema.symbols, key: key) else { return nil }
            return String(decoding: raw, as: UTF8.self)
        }
    }

    /// The symbol of `name`, if the store has one (used to turn query constants into keys).
    public func symbol(of name: String) throws -> Symbol? {
        guard !name.isEmpty else { return nil } // LMDB keys cannot be empty; no symbol is
        var copy = name
        return try copy.withUTF8 { bytes throws -> Symbol? in
            guard let raw = try txn.get(schema.symbolIDs, key: UnsafeRawBufferPointer(bytes)) else { return nil }
            return BigEndianKey.uint32(raw)
        }
    }
}
