import CLMDB

/// What every transaction can do: read. Both `ReadTransaction` and `WriteTransaction` conform, so a
/// function that only reads accepts either (`borrowing some TransactionReading & ~Copyable`).
///
/// Buffers returned by `get` and cursors point into the memory map and are valid only until the
/// transaction ends (and, in a write transaction, until the next write to that database).
public protocol TransactionReading: ~Copyable {
    /// The LMDB transaction handle; valid only inside the closure that received the transaction.
    var handle: OpaquePointer { get }
}

extension TransactionReading where Self: ~Copyable {
    /// The value stored under `key`, or `nil`.
    @inlinable
    public func get(_ db: Database, key: UnsafeRawBufferPointer) throws(StoreError) -> UnsafeRawBufferPointer? {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val()
        let rc = mdb_get(handle, db.dbi, &k, &v)
        if rc == MDB_NOTFOUND { return nil }
        if rc != 0 { throw StoreError(code: rc, operation: "read from \(db.name)") }
        return UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size)
    }

    /// The value stored under the bytes of `key`, or `nil`.
    @inlinable
    public func get(_ db: Database, key: [UInt8]) throws(StoreError) -> UnsafeRawBufferPointer? {
        let result: Result<UnsafeRawBufferPointer?, StoreError> = key.withUnsafeBytes { raw in
            do throws(StoreError) { return .success(try get(db, key: raw)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Runs `body` with a cursor over `db`; the cursor closes when `body` returns.
    @inlinable
    public func withCursor<R>(_ db: Database, _ body: (inout Cursor) throws -> R) throws -> R {
        var pointer: OpaquePointer?
        let rc = mdb_cursor_open(handle, db.dbi, &pointer)
        guard rc == 0, let pointer else { throw StoreError(code: rc, operation: "open cursor on \(db.name)") }
        var cursor = Cursor(pointer: pointer, database: db)
        return try body(&cursor)
    }

    /// The number of entries in `db`.
    public func count(_ db: Database) throws(StoreError) -> Int {
        var stat = MDB_stat()
        try check(mdb_stat(handle, db.dbi, &stat), "stat \(db.name)")
        return stat.ms_entries
    }
}

/// A read-only snapshot of the store. Exists only inside `Environment.read`.
public struct ReadTransaction: ~Copyable, TransactionReading {
    public let handle: OpaquePointer
    @usableFromInline init(handle: OpaquePointer) { self.handle = handle }

    /// A copyable reference to this snapshot for helper objects; valid only until the closure returns.
    public var unsafeReference: UnsafeReadTransactionReference { UnsafeReadTransactionReference(handle: handle) }
}

/// A copyable handle on an open transaction, for reading (see `ReadTransaction.unsafeReference`).
public struct UnsafeReadTransactionReference: TransactionReading {
    public let handle: OpaquePointer
    @usableFromInline init(handle: OpaquePointer) { self.handle = handle }
}

/// What a write transaction can do beyond reading: `put`, `delete` and `clear`.
public protocol TransactionWriting: TransactionReading, ~Copyable {}

/// A write transaction: everything a read transaction does, plus `put`, `delete` and `clear`.
/// Exists only inside `Environment.write`, which commits when the closure returns and aborts when
/// it throws.
public struct WriteTransaction: ~Copyable, TransactionWriting {
    public let handle: OpaquePointer
    @usableFromInline init(handle: OpaquePointer) { self.handle = handle }

    /// A copyable reference to this transaction, for helper objects (encoders, interners) that must
    /// hold on to it while the closure runs. It is valid only until the closure returns: never
    /// store it beyond that.
    public var unsafeReference: UnsafeWriteTransactionReference { UnsafeWriteTransactionReference(handle: handle) }

    /// A copyable read-only view of this transaction (sees its uncommitted writes).
    public var unsafeReadReference: UnsafeReadTransactionReference { UnsafeReadTransactionReference(handle: handle) }
}

/// A copyable handle on an open write transaction (see `WriteTransaction.unsafeReference`).
public struct UnsafeWriteTransactionReference: TransactionWriting {
    public let handle: OpaquePointer
    @usableFromInline init(handle: OpaquePointer) { self.handle = handle }

    /// The same transaction, for code that only reads.
    public var readReference: UnsafeReadTransactionReference { UnsafeReadTransactionReference(handle: handle) }
}

extension TransactionWriting where Self: ~Copyable {
    /// Stores `value` under `key`. Returns `false` when `.noOverwrite` is given and the key exists.
    @inlinable @discardableResult
    public func put(_ db: Database, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, options: PutOptions = []) throws(StoreError) -> Bool {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        let rc = mdb_put(handle, db.dbi, &k, &v, options.rawValue)
        if rc == MDB_KEYEXIST && options.contains(.noOverwrite) { return false }
        if rc != 0 { throw StoreError(code: rc, operation: "write to \(db.name)") }
        return true
    }

    /// Stores `value` under `key` unless the key exists; returns `nil` when stored, else the value
    /// already there (one B-tree descent for "look up, or insert if missing"). The returned bytes
    /// are valid until the transaction writes again or ends.
    @inlinable
    public func insertIfAbsent(_ db: Database, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws(StoreError) -> UnsafeRawBufferPointer? {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        let rc = mdb_put(handle, db.dbi, &k, &v, UInt32(MDB_NOOVERWRITE))
        if rc == MDB_KEYEXIST { return UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size) }
        if rc != 0 { throw StoreError(code: rc, operation: "write to \(db.name)") }
        return nil
    }

    /// Stores `value` under `key` (any contiguous byte collections).
    @inlinable @discardableResult
    public func put(_ db: Database, key: [UInt8], value: [UInt8], options: PutOptions = []) throws(StoreError) -> Bool {
        let result: Result<Bool, StoreError> = key.withUnsafeBytes { k in
            value.withUnsafeBytes { v in
                do throws(StoreError) { return .success(try put(db, key: k, value: v, options: options)) } catch { return .failure(error) }
            }
        }
        return try result.get()
    }

    /// Reserves `size` bytes under `key` and lets `fill` write them in place (`MDB_RESERVE`): no copy.
    @inlinable
    public func putReserving(_ db: Database, key: UnsafeRawBufferPointer, size: Int, options: PutOptions = [], _ fill: (UnsafeMutableRawBufferPointer) -> Void) throws(StoreError) {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: size, mv_data: nil)
        let rc = mdb_put(handle, db.dbi, &k, &v, options.rawValue | UInt32(MDB_RESERVE))
        if rc != 0 { throw StoreError(code: rc, operation: "write to \(db.name)") }
        fill(UnsafeMutableRawBufferPointer(start: v.mv_data, count: size))
    }

    /// Removes `key`; returns whether it was there.
    @discardableResult
    public func delete(_ db: Database, key: UnsafeRawBufferPointer) throws(StoreError) -> Bool {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        let rc = mdb_del(handle, db.dbi, &k, nil)
        if rc == MDB_NOTFOUND { return false }
        try check(rc, "delete from \(db.name)")
        return true
    }

    /// Removes `key` (any contiguous bytes); returns whether it was there.
    @discardableResult
    public func delete(_ db: Database, key: [UInt8]) throws(StoreError) -> Bool {
        let result: Result<Bool, StoreError> = key.withUnsafeBytes { k in
            do throws(StoreError) { return .success(try delete(db, key: k)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Removes every entry of `db` (the database itself stays).
    public func clear(_ db: Database) throws(StoreError) {
        try check(mdb_drop(handle, db.dbi, 0), "clear \(db.name)")
    }
}
