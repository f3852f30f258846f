import TallyStore
#if canImport(Glibc)
import Glibc
#endif

/// Finds a name's symbol without ever creating one.
protocol SymbolLookingUp {
    /// The symbol the store has for `name`, or `nil` when it has none.
    mutating func existingSymbol(of name: String) throws -> Symbol?
}

/// A name the store has no symbol for: it cannot occur in any stored record.
struct NameNotInStore: Error {}

/// Encodes with the store's existing symbols only (throws `NameNotInStore` otherwise), so that
/// comparing a resent event with its stored record leaves no trace in the symbol table.
struct ExistingSymbolInterner<Lookup: SymbolLookingUp>: SymbolInterning {
    var lookup: Lookup

    mutating func intern(_ name: String) throws -> Symbol {
        guard let symbol = try lookup.existingSymbol(of: name) else { throw NameNotInStore() }
        return symbol
    }
}

/// Compares an event sent under an id with the record already stored under that id.
///
/// Fast path, for true retries: the event is encoded with the store's own symbols (symbols are
/// per store, so identical content gives identical bytes whatever order names were interned in)
/// and compared byte for byte with the record. The record holds only what the client sent —
/// the append time lives in the `batches` table — so nothing needs masking. When the bytes differ
/// (or a name is new to the store), the record is decoded and the two events are compared field
/// by field: that names what differs, and a difference of representation only (a record of an
/// older format version, `-0.0` for `0.0`) is still the same event.
///
/// Runs only for duplicate ids: appending a new id does none of this.
struct StoredEventComparer<Lookup: SymbolLookingUp>: ~Copyable {
    private var scratch = ByteWriter(capacity: 0) // grows on the first duplicate
    private var interner: ExistingSymbolInterner<Lookup>

    /// A comparer that looks names up with `symbols` (never creating any).
    init(symbols: Lookup) {
        interner = ExistingSymbolInterner(lookup: symbols)
    }

    /// The differing fields (empty when the event is the stored one, i.e. a duplicate).
    ///
    /// - Parameters:
    ///   - record: the stored record under the id, at `position`.
    ///   - event: the event sent again.
    ///   - storedID: the id's stored form (as in the record).
    ///   - resolver: resolves the record's symbols (for the field-by-field comparison).
    /// - Throws: `DecodingError` when the record does not decode; storage errors.
    mutating func differences<R: SymbolResolving>(
        record: UnsafeRawBufferPointer, position: UInt64, event: Event, storedID: [UInt8], resolver: R
    ) throws -> [String] {
        scratch.reset()
        var encoded = true
        do {
            try EventCodec.encode(event, storedID: storedID, into: &scratch, symbols: &interner)
        } catch is NameNotInStore {
            encoded = false
        }
        if encoded, scratch.withUnsafeBytes({ StoredEventComparer.equal($0, record) }) { return [] }
        let stored: Event
        do {
            stored = try EventDecoder.decode(record, symbols: resolver)
        } catch var error as DecodingError {
            error.position = position
            throw error
        }
        return EventContentDifference.fields(stored, event)
    }

    private static func equal(_ mine: UnsafeRawBufferPointer, _ record: UnsafeRawBufferPointer) -> Bool {
        guard mine.count == record.count else { return false }
        guard let a = mine.baseAddress, let b = record.baseAddress else { return mine.count == 0 }
        return memcmp(a, b, mine.count) == 0
    }
}

/// The writer's lookup: the symbol cache, names staged in this transaction, then the index.
struct TransactionSymbolLookup: SymbolLookingUp {
    let table: SymbolTable
    let txn: UnsafeWriteTransactionReference

    func existingSymbol(of name: String) throws -> Symbol? {
        try table.existingSymbol(of: name, txn)
    }
}

/// A reader's lookup, remembering the names it found (names repeat across events; a name the
/// store lacks is looked up again, which happens only for conflicts).
struct SnapshotSymbolLookup: SymbolLookingUp {
    let resolver: SymbolResolver
    private var known = NameTable()

    init(resolver: SymbolResolver) {
        self.resolver = resolver
    }

    mutating func existingSymbol(of name: String) throws -> Symbol? {
        guard !name.isEmpty else { return nil }
        var copy = name
        return try copy.withUTF8 { utf8 throws -> Symbol? in
            let bytes = UnsafeRawBufferPointer(utf8)
            let hash = NameTable.hash(bytes)
            if let remembered = known.symbol(of: bytes, hash: hash) { return remembered }
            guard let raw = try resolver.txn.get(resolver.schema.symbolIDs, key: bytes) else { return nil }
            guard let symbol = BigEndianKey.uint32(raw) else {
                throw StoreError(kind: .corrupted, operation: "look up \(name)", detail: "the symbol index holds a malformed entry; run `tally verify`")
            }
            if known.count < 1_000_000 { known.insert(bytes, hash: hash, symbol: symbol) }
            return symbol
        }
    }
}
