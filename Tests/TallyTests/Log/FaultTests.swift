import Foundation
import Testing
@testable import Tally
import TallyStore

/// Faults give a clear error and lose nothing acknowledged.
@Suite struct FaultTests {
    @Test func aReadOnlyStoreRefusesAppendsClearly() throws {
        let store = TemporaryStore()
        do {
            let log = try store.open()
            try log.append([interaction("a"), interaction("b")])
        }
        let readOnly = try store.open { $0.environment.readOnly = true; $0.projections = false }
        do {
            try readOnly.append([interaction("c")])
            Issue.record("a read-only store accepted an append")
        } catch let error as StoreError {
            #expect(error.kind == .readOnly)
            #expect(error.description.contains("read-only"))
        }
        #expect(try readOnly.lastPosition == 2)
    }

    @Test func aStoreWrittenByANewerFormatIsRefusedWithAClearError() throws {
        let store = TemporaryStore()
        do {
            let log = try store.open()
            try log.append([interaction("a")])
            _ = try log.environment.write { txn in
                try txn.put(log.schema.meta, key: Array(StoreSchema.formatKey.utf8), value: [99])
            }
        }
        do {
            _ = try store.open()
            Issue.record("a newer store was opened")
        } catch let error as StoreError {
            #expect(error.kind == .versionMismatch)
            #expect(error.description.contains("newer Tally"))
        }
    }

    @Test func aRecordOfANewerFormatFailsToDecodeWithItsPosition() throws {
        var bytes: [UInt8] = [EventCodec.newestReadableVersion + 1, 1, 0, 1]
        bytes += [0, 0]
        let error = bytes.withUnsafeBytes { raw -> DecodingError? in
            do throws(DecodingError) { _ = try EventRecord(raw); return nil } catch { return error }
        }
        #expect(error?.reason.contains("newer Tally") == true)
    }

    @Test func aFullMapWithGrowthDisabledRejectsTheBatchAndKeepsEverythingElse() throws {
        let store = TemporaryStore()
        var acknowledged = 0
        var failure: StoreError?
        do {
            let log = try store.open {
                $0.environment.initialMapSize = 1 << 20
                $0.environment.autoGrow = false
            }
            for batch in 0..<200 {
                let events = (0..<200).map { i in interaction("f\(batch)-\(i)", conversation: "c\(batch)-\(i)", message: "m\(i)") }
                do {
                    try log.append(events)
                    acknowledged += events.count
                } catch let error as StoreError {
                    failure = error
                    break
                }
            }
            #expect(failure?.kind == .mapFull)
            #expect(failure?.description.contains("map") == true)
            #expect(try log.lastPosition == UInt64(acknowledged))
        }
        // As the error advises: reopened with growth, nothing acknowledged is missing and appends go on.
        let grown = try store.open { $0.environment.initialMapSize = 1 << 20 }
        #expect(try grown.lastPosition == UInt64(acknowledged))
        try grown.append([interaction("after-growth")])
        #expect(try grown.verify().isClean)
    }

    @Test func aFileThatIsNotAStoreGivesAClearError() throws {
        let store = TemporaryStore()
        try FileManager.default.createDirectory(atPath: store.path, withIntermediateDirectories: true)
        try Data(repeating: 0xAB, count: 64 << 10).write(to: URL(fileURLWithPath: store.path + "/data.mdb"))
        do {
            _ = try store.open()
            Issue.record("garbage was opened as a store")
        } catch let error as StoreError {
            #expect(error.kind == .corrupted || error.kind == .versionMismatch || error.kind == .invalidArgument)
        }
    }
}
