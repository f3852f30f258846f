import Foundation
import Testing
import TallyStore

/// The LMDB wrapper's write primitives, on a real environment in a temporary directory.
@Suite struct TransactionTests {
    func withEnvironment(_ body: (Environment) throws -> Void) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tally-store-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let environment = try Environment(path: path)
        try body(environment)
    }

    @Test func insertIfAbsentStoresOnceAndReturnsTheStoredValueAfterwards() throws {
        try withEnvironment { environment in
            let table = try environment.database("names")
            let key = Array("alpha".utf8)
            let first: [UInt8]? = try environment.write { txn in
                try key.withUnsafeBytes { k in try [UInt8(1)].withUnsafeBytes { v in try txn.insertIfAbsent(table, key: k, value: v).map { Array($0) } } }
            }
            #expect(first == nil)
            let second: [UInt8]? = try environment.write { txn in
                try key.withUnsafeBytes { k in try [UInt8(2)].withUnsafeBytes { v in try txn.insertIfAbsent(table, key: k, value: v).map { Array($0) } } }
            }
            #expect(second == [1])
            let stored: [UInt8]? = try environment.read { txn in
                try key.withUnsafeBytes { k in try txn.get(table, key: k).map { Array($0) } }
            }
            #expect(stored == [1]) // the second insert changed nothing
        }
    }

    @Test func putWithoutOverwriteReportsAnExistingKey() throws {
        try withEnvironment { environment in
            let table = try environment.database("t")
            let stored = try environment.write { txn in try txn.put(table, key: [1], value: [1], options: .noOverwrite) }
            let again = try environment.write { txn in try txn.put(table, key: [1], value: [2], options: .noOverwrite) }
            #expect(stored)
            #expect(!again)
        }
    }
}
