import Foundation
import Testing
import TallyStore

/// `Environment.releaseMappedPages()`: pages read through LMDB's map stop counting in the
/// process's resident set, and reads afterwards still see every value.
@Suite struct ResidentMemoryTests {
    /// Resident kilobytes of this process's mappings of `file`, from `/proc/self/smaps`.
    func residentKilobytes(of file: String) throws -> Int {
        // Read to the end (procfs files report a size of 0).
        let handle = try #require(FileHandle(forReadingAtPath: "/proc/self/smaps"))
        defer { try? handle.close() }
        let smaps = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        var total = 0
        var inFile = false
        for line in smaps.split(separator: "\n") {
            if let first = line.first, first.isHexDigit, line.contains("-") && line.split(separator: " ").count >= 5 {
                inFile = line.hasSuffix(file)
            } else if inFile, line.hasPrefix("Rss:") {
                total += Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? 0
            }
        }
        return total
    }

    @Test func readPagesLeaveTheResidentSetAndStayReadable() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tally-rss-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let environment = try Environment(path: path)
        let table = try environment.database("values")
        let value = [UInt8](repeating: 7, count: 1000)
        try environment.write { txn in
            for i in 0..<8000 {
                let key = Array(String(format: "k%06d", i).utf8)
                try key.withUnsafeBytes { k in try value.withUnsafeBytes { v in _ = try txn.put(table, key: k, value: v) } }
            }
        }
        func sumAll() throws -> Int {
            try environment.read { txn in
                var sum = 0
                try txn.unsafeReference.withCursor(table) { cursor in
                    try cursor.scan { entry in sum += entry.value.reduce(0) { $0 + Int($1) }; return true }
                }
                return sum
            }
        }
        let dataFile = (URL(fileURLWithPath: path).resolvingSymlinksInPath().path) + "/data.mdb"
        #expect(try sumAll() == 8000 * 1000 * 7)
        let before = try residentKilobytes(of: dataFile)
        #expect(before >= 4000) // ~8 MB of leaf pages were read through the map
        environment.releaseMappedPages()
        let after = try residentKilobytes(of: dataFile)
        #expect(after < before / 10)
        #expect(try sumAll() == 8000 * 1000 * 7)
    }
}
