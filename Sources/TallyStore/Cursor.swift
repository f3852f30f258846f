import CLMDB

/// A position in one database during one transaction. Closed automatically.
///
/// Every move returns the entry it lands on, or `nil` past either end. The returned buffers point
/// into the map and are valid until the transaction ends.
public struct Cursor: ~Copyable {
    @usableFromInline let pointer: OpaquePointer
    /// The database the cursor walks.
    public let database: Database

    @usableFromInline init(pointer: OpaquePointer, database: Database) {
        self.pointer = pointer
        self.database = database
    }

    deinit { mdb_cursor_close(pointer) }

    /// A key and value, both pointing into the map.
    public typealias Entry = (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)

    @inlinable
    func move(_ op: MDB_cursor_op, key: UnsafeRawBufferPointer? = nil) throws(StoreError) -> Entry? {
        var k = MDB_val(mv_size: key?.count ?? 0, mv_data: UnsafeMutableRawPointer(mutating: key?.baseAddress))
        var v = MDB_val()
        let rc = mdb_cursor_get(pointer, &k, &v, op)
        if rc == MDB_NOTFOUND { return nil }
        if rc != 0 { throw StoreError(code: rc, operation: "move cursor on \(database.name)") }
        return (UnsafeRawBufferPointer(start: k.mv_data, count: k.mv_size), UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size))
    }

    /// Stores `value` under `key` through this cursor, which must belong to a write transaction;
    /// the cursor then points at the entry. Consecutive `.append` puts through one cursor skip
    /// the per-call cursor setup that `put` on the transaction pays.
    @inlinable
    public mutating func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, options: PutOptions = []) throws(StoreError) {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        let rc = mdb_cursor_put(pointer, &k, &v, options.rawValue)
        if rc != 0 { throw StoreError(code: rc, operation: "write to \(database.name)") }
    }

    /// Stores `value` under `key` unless the key exists, through this cursor (a write
    /// transaction's); returns `nil` when stored, else the value already there (valid until the
    /// transaction writes again or ends).
    @inlinable
    public mutating func insertIfAbsent(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws(StoreError) -> UnsafeRawBufferPointer? {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        let rc = mdb_cursor_put(pointer, &k, &v, UInt32(MDB_NOOVERWRITE))
        if rc == MDB_KEYEXIST { return UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size) }
        if rc != 0 { throw StoreError(code: rc, operation: "write to \(database.name)") }
        return nil
    }

    /// The first entry.
    @inlinable public mutating func first() throws(StoreError) -> Entry? { try move(MDB_FIRST) }
    /// The last entry.
    @inlinable public mutating func last() throws(StoreError) -> Entry? { try move(MDB_LAST) }
    /// The next entry.
    @inlinable public mutating func next() throws(StoreError) -> Entry? { try move(MDB_NEXT) }
    /// The previous entry.
    @inlinable public mutating func previous() throws(StoreError) -> Entry? { try move(MDB_PREV) }
    /// The first entry whose key is ≥ `key`.
    @inlinable public mutating func seek(atOrAfter key: UnsafeRawBufferPointer) throws(StoreError) -> Entry? {
        try move(MDB_SET_RANGE, key: key)
    }
    /// The entry whose key is exactly `key`.
    @inlinable public mutating func seek(exactly key: UnsafeRawBufferPointer) throws(StoreError) -> Entry? {
        try move(MDB_SET_KEY, key: key)
    }

    /// Visits entries in key order starting at the first key ≥ `start` (or the first entry),
    /// until `visit` returns `false` or the database ends.
    @inlinable
    public mutating func scan(from start: UnsafeRawBufferPointer? = nil, _ visit: (Entry) throws -> Bool) throws {
        var entry = try start.map { (s) throws(StoreError) in try seek(atOrAfter: s) } ?? first()
        while let current = entry {
            guard try visit(current) else { return }
            entry = try next()
        }
    }

    /// Visits the entries whose keys begin with `prefix`, in key order.
    @inlinable
    public mutating func scan(prefix: UnsafeRawBufferPointer, _ visit: (Entry) throws -> Bool) throws {
        try scan(from: prefix) { entry in
            guard entry.key.starts(with: prefix) else { return false }
            return try visit(entry)
        }
    }
}
