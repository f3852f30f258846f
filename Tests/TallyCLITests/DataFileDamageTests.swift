import Foundation
import Testing

/// A truncated or corrupted `data.mdb`: `tally verify`, `stats` and `query` (run as child
/// processes, so a crash inside LMDB could not take the test down) end with a clear error — or,
/// where LMDB cannot know, the test pins down exactly what happens (see RELIABILITY.md).
@Suite(.serialized) struct DataFileDamageTests {
    static let pageSize = 4096

    /// A store of 40 durable batches of 100 events and, by a second process, one more batch —
    /// the store's last commit — built once and copied for each case.
    static let base: String = {
        let dir = CLIRunner.temporaryDirectory()
        _ = try? CLIRunner.run(["_crash-append", "--store", dir + "/s", "--batches", "40", "--batch-size", "100"])
        _ = try? CLIRunner.run(["_crash-append", "--store", dir + "/s", "--batches", "1", "--batch-size", "100", "--run", "1"])
        return dir + "/s"
    }()

    /// A copy of the base store with `damage` applied to its data file's bytes.
    func damaged(_ damage: (inout [UInt8]) throws -> Void) throws -> String {
        let dir = CLIRunner.temporaryDirectory() + "/s"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.base + "/data.mdb")))
        try damage(&bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/data.mdb"))
        return dir
    }

    func u64(_ bytes: [UInt8], _ offset: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
    }

    func put(_ value: UInt64, _ bytes: inout [UInt8], _ offset: Int) {
        for i in 0..<8 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
    }

    /// The meta page LMDB uses (the one with the larger transaction id). Meta layout: 16-byte page
    /// header, magic, version, address, map size, the free and main databases (48 bytes each),
    /// last page, transaction id — so the main database's root is at 128 and the txn id at 144.
    func newerMeta(_ bytes: [UInt8]) -> Int {
        u64(bytes, 144) >= u64(bytes, Self.pageSize + 144) ? 0 : 1
    }

    /// Runs verify, stats and a query; none may die of a signal. Returns their results.
    func run(_ store: String) throws -> [CLIRunner.Result] {
        let results = [
            try CLIRunner.run(["verify", "--store", store]),
            try CLIRunner.run(["stats", "--store", store]),
            try CLIRunner.run(["query", "--store", store, "--format", "csv", "SELECT count(*), sum(input_tokens) FROM events"]),
        ]
        for r in results { #expect(r.status == 0 || r.status == 1, "killed by a signal or trapped: \(r.status) \(r.stderr)") }
        return results
    }

    func expectRefused(_ store: String, saying words: String) throws {
        for r in try run(store) {
            #expect(r.status == 1)
            #expect(r.stderr.contains(words), "\(r.stderr)")
            #expect(r.stderr.contains("restore from a backup"), "\(r.stderr)")
        }
    }

    @Test func aBaseStoreIsClean() throws {
        // On a copy: verify itself commits (its rebuild for comparison), which would change which
        // commit is the base's last.
        let r = try CLIRunner.run(["verify", "--store", try damaged { _ in }])
        #expect(r.status == 0 && r.stdout.contains("4,100 events"), "\(r.stdout)\(r.stderr)")
    }

    @Test func aDataFileTruncatedToHalfIsRefused() throws {
        // Before the length check on open, LMDB read past the end of the file: SIGBUS.
        try expectRefused(try damaged { $0.removeLast($0.count / 2 / Self.pageSize * Self.pageSize) }, saying: "truncated")
    }

    @Test func aDataFileMissingItsLastPageIsRefused() throws {
        try expectRefused(try damaged { $0.removeLast(Self.pageSize) }, saying: "truncated")
    }

    @Test func anEmptyDataFileIsRefusedNotReadAsANewStore() throws {
        try expectRefused(try damaged { $0 = [] }, saying: "empty")
    }

    @Test func aMetaPageWithoutItsMagicIsRefused() throws {
        try expectRefused(try damaged { bytes in
            let m = newerMeta(bytes) * Self.pageSize
            for i in 16..<20 { bytes[m + i] = 0 }
        }, saying: "not an LMDB file")
    }

    @Test func aMainRootBeyondTheFileIsRefused() throws {
        try expectRefused(try damaged { bytes in
            put(UInt64(bytes.count / Self.pageSize + 1000), &bytes, newerMeta(bytes) * Self.pageSize + 128)
        }, saying: "page not found")
    }

    /// The main database's root pointed at another table's leaf: LMDB found none of the log's
    /// tables and Tally used to create fresh ones — an empty store over the old data. Now refused.
    @Test func aMainRootAtTheWrongPageIsRefusedNotReadAsEmpty() throws {
        try expectRefused(try damaged { bytes in
            let meta = newerMeta(bytes) * Self.pageSize
            let root = Int(u64(bytes, meta + 128))
            let names = Array("symbol_ids".utf8)
            let pages = bytes.count / Self.pageSize
            let leaf = (2..<pages).first { p in
                let page = bytes[(p * Self.pageSize)..<((p + 1) * Self.pageSize)]
                let isLeaf = page[page.startIndex + 10] & 0x02 != 0
                // Not the directory itself nor an old copy of it.
                let holdsNames = page.indices.dropLast(names.count).contains { i in page[i..<(i + names.count)].elementsEqual(names) }
                return p != root && isLeaf && !holdsNames
            }
            put(UInt64(leaf ?? 2), &bytes, meta + 128)
        }, saying: "table directory is damaged")
    }

    /// One byte changed at the same offset of every leaf page: the damaged records are listed by
    /// position; a query that reads one names its position.
    @Test func flippedBytesInRecordsAreListedByPosition() throws {
        let store = try damaged { bytes in
            for p in 2..<(bytes.count / Self.pageSize) where bytes[p * Self.pageSize + 10] & 0x02 != 0 {
                bytes[p * Self.pageSize + 3000] ^= 0x10
            }
        }
        let results = try run(store)
        #expect(results[0].status == 1)
        #expect(results[0].stderr.contains("problem: event at position"), "\(results[0].stderr)")
        #expect(results[0].stderr.contains("does not decode"), "\(results[0].stderr)")
        if results[2].status != 0 { #expect(results[2].stderr.contains("position"), "\(results[2].stderr)") }
    }

    /// What LMDB cannot detect: the newer meta page made to look older. LMDB opens the previous
    /// commit, consistently, so `verify` is clean and the last batch is silently gone. Pinned down
    /// here so that the limit stays documented (RELIABILITY.md); only a copy of the last position
    /// kept outside the store (a backup, the client's own acknowledgements) can reveal it.
    @Test func aMetaPageMadeToLookOlderRollsBackOneCommitUndetected() throws {
        let store = try damaged { bytes in
            put(1, &bytes, newerMeta(bytes) * Self.pageSize + 144)
        }
        let results = try run(store)
        #expect(results[0].status == 0, "\(results[0].stdout)\(results[0].stderr)")
        let count = Int(results[2].stdout.split(separator: "\r\n").dropFirst().first?.split(separator: ",").first ?? "") ?? -1
        #expect(count == 4_000, "\(results[2].stdout)") // the last batch (100 events) is gone
    }
}
