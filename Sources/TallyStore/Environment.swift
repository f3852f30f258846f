import CLMDB
#if canImport(Glibc)
import Glibc
#endif

/// One LMDB environment: a directory holding one Tally store.
///
/// - One writer at a time (serialised in-process by a lock, across processes by LMDB), any number
///   of concurrent readers in this and other processes, each seeing a consistent snapshot.
/// - Opened with `MDB_NOTLS`, so read transactions are not bound to threads: Swift tasks that hop
///   threads cannot exhaust reader slots. No transaction may cross an `await`: the closures are
///   synchronous and the transaction types cannot escape them.
/// - The map grows by itself (see `EnvironmentOptions`). Growing needs no transaction open in this
///   process, so transactions hold a shared gate and growth takes it exclusively.
public final class Environment: @unchecked Sendable {
    /// The LMDB environment handle.
    public let handle: OpaquePointer
    /// The directory of the store.
    public let path: String
    /// The options it was opened with.
    public let options: EnvironmentOptions

    private let writerLock = Lock()
    private let gate = ReadWriteLock()
    private let stateLock = Lock()
    private var databases: [String: Database] = [:]
    private var currentMapSize: Int

    /// Stale reader slots reclaimed when the store was opened.
    public private(set) var staleReadersCleared: Int32 = 0

    /// Opens (or creates) the store at `path`.
    public init(path: String, options: EnvironmentOptions = EnvironmentOptions()) throws(StoreError) {
        self.path = path
        self.options = options
        var pointer: OpaquePointer?
        try check(mdb_env_create(&pointer), "create environment")
        guard let pointer else { throw StoreError(kind: .other, operation: "create environment") }
        handle = pointer
        currentMapSize = options.initialMapSize
        do throws(StoreError) {
            try check(mdb_env_set_maxdbs(handle, options.maxDatabases), "set max databases")
            try check(mdb_env_set_maxreaders(handle, options.maxReaders), "set max readers")
            try check(mdb_env_set_mapsize(handle, options.initialMapSize), "set map size")
            if !options.readOnly && options.createIfMissing {
                if mkdir(path, 0o755) != 0 && errno != EEXIST {
                    throw StoreError(code: errno, operation: "create store directory \(path)")
                }
            }
            if options.readOnly || !options.createIfMissing { try checkDataFileNotEmpty() }
            var flags = UInt32(MDB_NOTLS)
            if options.readOnly { flags |= UInt32(MDB_RDONLY) }
            try check(mdb_env_open(handle, path, flags, 0o644), "open store at \(path)")
            var dead: Int32 = 0
            mdb_reader_check(handle, &dead)
            staleReadersCleared = dead
            // The store may already be larger than the map we asked for (another process grew it).
            var info = MDB_envinfo()
            if mdb_env_info(handle, &info) == 0 { currentMapSize = max(currentMapSize, info.me_mapsize) }
            try checkDataFileLength()
        } catch {
            // Every stored property is set by now, so `deinit` runs and closes the handle: closing
            // it here too would free it twice.
            throw error
        }
    }

    deinit {
        mdb_env_close(handle)
    }

    /// The current map size in bytes.
    public var mapSize: Int { stateLock.withLock { currentMapSize } }

    // MARK: Databases

    /// Opens (creating when missing and the store is writable) the named database. The empty
    /// name opens LMDB's main database, whose keys are the names of the other databases.
    public func database(_ name: String, integerKeys: Bool = false) throws(StoreError) -> Database {
        if let known = stateLock.withLock({ databases[name] }) { return known }
        let flags = integerKeys ? UInt32(MDB_INTEGERKEY) : 0
        let dbi: MDB_dbi
        if options.readOnly {
            dbi = try readOnlyOpen(name, flags: flags)
        } else {
            do {
                dbi = try write(durability: .synced) { (txn: borrowing WriteTransaction) throws(StoreError) -> MDB_dbi in
                    var dbi: MDB_dbi = 0
                    let rc = name.isEmpty
                        ? mdb_dbi_open(txn.handle, nil, flags, &dbi)
                        : mdb_dbi_open(txn.handle, name, flags | UInt32(MDB_CREATE), &dbi)
                    try check(rc, "open table \(name)")
                    return dbi
                }
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError(kind: .other, operation: "open table \(name)", detail: "\(error)")
            }
        }
        let database = Database(dbi: dbi, name: name)
        stateLock.withLock { databases[name] = database }
        return database
    }

    private func readOnlyOpen(_ name: String, flags: UInt32) throws(StoreError) -> MDB_dbi {
        var txn: OpaquePointer?
        try check(mdb_txn_begin(handle, nil, UInt32(MDB_RDONLY), &txn), "open table \(name)")
        guard let txn else { throw StoreError(kind: .other, operation: "open table \(name)") }
        var dbi: MDB_dbi = 0
        let rc = name.isEmpty ? mdb_dbi_open(txn, nil, flags, &dbi) : mdb_dbi_open(txn, name, flags, &dbi)
        if rc != 0 {
            mdb_txn_abort(txn)
            if rc == MDB_NOTFOUND { throw StoreError(kind: .notFound, code: rc, operation: "open table \(name)", detail: "the store has no table \(name)") }
            throw StoreError(code: rc, operation: "open table \(name)")
        }
        try check(mdb_txn_commit(txn), "open table \(name)")
        return dbi
    }

    // MARK: Transactions

    /// Runs `body` in a read-only snapshot. The snapshot stays fixed while `body` runs, whatever
    /// other writers in this or other processes commit meanwhile.
    @inlinable
    public func read<R, E: Error>(_ body: (borrowing ReadTransaction) throws(E) -> R) throws -> R {
        let txn = try beginRead()
        defer { endRead(txn) }
        return try body(ReadTransaction(handle: txn))
    }

    /// Begins a raw read transaction (prefer `read`). Must be ended with `endRead`.
    @usableFromInline
    func beginRead() throws(StoreError) -> OpaquePointer {
        gate.lockShared()
        var attempts = 0
        while true {
            var txn: OpaquePointer?
            let rc = mdb_txn_begin(handle, nil, UInt32(MDB_RDONLY), &txn)
            if rc == 0, let txn { return txn }
            if rc == MDB_MAP_RESIZED && attempts < 3 {
                attempts += 1
                gate.unlock()
                adoptGrownMap()
                gate.lockShared()
                continue
            }
            gate.unlock()
            throw StoreError(code: rc, operation: "begin read transaction on \(path)")
        }
    }

    @usableFromInline
    func endRead(_ txn: OpaquePointer) {
        mdb_txn_abort(txn)
        gate.unlock()
    }

    /// Runs `body` in the write transaction and commits when it returns; aborts when it throws.
    ///
    /// If the map fills up and `autoGrow` is on, the transaction is aborted, the map doubles and
    /// `body` runs again from the start — so `body` must derive everything from the transaction
    /// and its inputs (no side effects it cannot repeat).
    public func write<R, E: Error>(durability: CommitDurability = .synced, _ body: (borrowing WriteTransaction) throws(E) -> R) throws -> R {
        guard !options.readOnly else {
            throw StoreError(kind: .readOnly, code: EACCES, operation: "write to \(path)", detail: "the store was opened read-only")
        }
        writerLock.lock()
        defer { writerLock.unlock() }
        while true {
            gate.lockShared()
            var pointer: OpaquePointer?
            var rc = mdb_txn_begin(handle, nil, 0, &pointer)
            guard rc == 0, let txn = pointer else {
                gate.unlock()
                if rc == MDB_MAP_RESIZED { adoptGrownMap(); continue }
                throw StoreError(code: rc, operation: "begin write transaction on \(path)")
            }
            let result: R
            do {
                result = try body(WriteTransaction(handle: txn))
            } catch let error as StoreError where error.kind == .mapFull && options.autoGrow {
                mdb_txn_abort(txn)
                gate.unlock()
                try grow()
                continue
            } catch {
                mdb_txn_abort(txn)
                gate.unlock()
                throw error
            }
            if durability == .unsynced { mdb_env_set_flags(handle, UInt32(MDB_NOSYNC), 1) }
            rc = mdb_txn_commit(txn)
            if durability == .unsynced { mdb_env_set_flags(handle, UInt32(MDB_NOSYNC), 0) }
            gate.unlock()
            if rc == MDB_MAP_FULL && options.autoGrow {
                try grow()
                continue
            }
            if rc != 0 { throw writeFailure(rc, operation: "commit to \(path)") }
            return result
        }
    }

    /// Flushes everything committed so far to disk (`fdatasync`). Used after unsynced commits.
    public func sync() throws(StoreError) {
        let rc = mdb_env_sync(handle, 1)
        if rc != 0 { throw writeFailure(rc, operation: "sync \(path)") }
    }

    // MARK: Map size

    /// Doubles the map (bounded by `maximumMapSize`). Called with the writer lock held and no
    /// transaction of ours open: waits for in-process readers by taking the gate exclusively.
    private func grow() throws(StoreError) {
        gate.lockExclusive()
        defer { gate.unlock() }
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        let current = max(info.me_mapsize, stateLock.withLock { currentMapSize })
        guard current < options.maximumMapSize else {
            throw StoreError(kind: .mapFull, code: MDB_MAP_FULL, operation: "grow map of \(path)", detail: "already at the maximum of \(options.maximumMapSize) bytes")
        }
        let next = min(options.maximumMapSize, current * 2)
        try check(mdb_env_set_mapsize(handle, next), "grow map of \(path) to \(next) bytes")
        stateLock.withLock { currentMapSize = next }
    }

    /// Adopts a map size another process set (after `MDB_MAP_RESIZED`).
    private func adoptGrownMap() {
        gate.lockExclusive()
        defer { gate.unlock() }
        if mdb_env_set_mapsize(handle, 0) == 0 {
            var info = MDB_envinfo()
            mdb_env_info(handle, &info)
            stateLock.withLock { currentMapSize = info.me_mapsize }
        }
    }

    // MARK: Resident memory

    /// Drops this process's mapping of the pages it has read (`madvise(MADV_DONTNEED)` over the
    /// data file's map), so that a long scan — a rebuild or a replay reading the whole log — does
    /// not keep every page it passed counted in the process's resident set. The pages stay in the
    /// OS page cache and are mapped again on the next read (a minor fault). Safe at any time: the
    /// map is read-only (LMDB writes through the file, not the map), so nothing lives only in it;
    /// map growth is held off meanwhile. LMDB does not report where it mapped the file (only
    /// with `MDB_FIXEDMAP`), so the mapping is found in `/proc/self/maps`; elsewhere this does nothing.
    public func releaseMappedPages() {
        gate.lockShared()
        defer { gate.unlock() }
        guard let resolved = realpath(path, nil) else { return }
        let dataFile = String(cString: resolved) + "/data.mdb"
        free(resolved)
        for range in Environment.mappings(of: dataFile) {
            _ = madvise(UnsafeMutableRawPointer(bitPattern: range.lowerBound), Int(range.upperBound - range.lowerBound), MADV_DONTNEED)
        }
    }

    /// The address ranges at which this process maps `file`, from `/proc/self/maps`.
    private static func mappings(of file: String) -> [Range<UInt>] {
        let fd = open("/proc/self/maps", O_RDONLY)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
        }
        var ranges: [Range<UInt>] = []
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            // start-end perms offset dev inode        pathname
            let fields = line.split(separator: UInt8(ascii: " "), maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6,
                  String(decoding: fields[5], as: UTF8.self).trimmingLeadingSpaces() == file else { continue }
            let bounds = fields[0].split(separator: UInt8(ascii: "-"))
            guard bounds.count == 2,
                  let start = UInt(String(decoding: bounds[0], as: UTF8.self), radix: 16),
                  let end = UInt(String(decoding: bounds[1], as: UTF8.self), radix: 16), start < end else { continue }
            ranges.append(start..<end)
        }
        return ranges
    }

    // MARK: Facts

    /// Facts about the environment: map size, last page, readers.
    public struct Info: Sendable {
        public var mapSize: Int
        public var lastPage: Int
        public var lastTransaction: Int
        public var maxReaders: UInt32
        public var readersInUse: UInt32
        public var pageSize: UInt32
        /// Bytes the data file uses (pages in use × page size).
        public var usedBytes: Int { (lastPage + 1) * Int(pageSize) }
    }

    /// Facts about the environment.
    public func info() -> Info {
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        var stat = MDB_stat()
        mdb_env_stat(handle, &stat)
        return Info(
            mapSize: info.me_mapsize, lastPage: info.me_last_pgno, lastTransaction: info.me_last_txnid,
            maxReaders: info.me_maxreaders, readersInUse: info.me_numreaders, pageSize: stat.ms_psize
        )
    }

    /// Reclaims reader slots left by processes that died; returns how many.
    @discardableResult
    public func clearStaleReaders() -> Int32 {
        var dead: Int32 = 0
        mdb_reader_check(handle, &dead)
        return dead
    }
}

private extension String {
    func trimmingLeadingSpaces() -> String {
        String(drop { $0 == " " })
    }
}
