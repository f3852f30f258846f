import Foundation
import Testing
@testable import Tally
import TallyStore

/// A full disk, for real: a store on a small tmpfs and on a small loop-mounted ext4 image is
/// filled by durable appends. The batch that does not fit fails with a clear `diskFull` error,
/// every acknowledged batch survives whole, and once space is freed appends go on and `verify`
/// is clean. Skipped (with the reason printed) where this process may not mount file systems.
@Suite(.serialized) struct DiskFullTests {
    @Test(.enabled(if: SmallFileSystem.unavailable("tmpfs") == nil, "mounting a tmpfs is not permitted here"))
    func aFullTmpfsFailsTheBatchAndKeepsEveryAcknowledgedOne() throws {
        let fs = try SmallFileSystem.mount("tmpfs", megabytes: 4)
        defer { fs.unmount() }
        try fill(fs, batchSize: 100)
    }

    @Test(.enabled(if: SmallFileSystem.unavailable("ext4") == nil, "mounting a loop ext4 image is not permitted or mkfs.ext4 is missing"))
    func aFullExt4ImageFailsTheBatchAndKeepsEveryAcknowledgedOne() throws {
        let fs = try SmallFileSystem.mount("ext4", megabytes: 8)
        defer { fs.unmount() }
        try fill(fs, batchSize: 400)
    }

    func fill(_ fs: SmallFileSystem, batchSize: Int) throws {
        let store = fs.path + "/store"
        // Ballast to free later: the space the appends go on in.
        let ballast = fs.path + "/ballast"
        try Data(repeating: 0x5A, count: 512 << 10).write(to: URL(fileURLWithPath: ballast))
        func batch(_ b: Int) -> [Event] {
            (0..<batchSize).map { i in
                interaction("b\(b)-\(i)", conversation: "c\(b % 13)", message: "m\(i)", input: Int64(b * batchSize + i))
            }
        }
        var acknowledged: [Int] = []
        var failure: StoreError?
        var failedBatch = -1
        var log: EventLog? = try EventLog(path: store, options: { var o = LogOptions(); o.environment.initialMapSize = 256 << 20; return o }())
        for b in 0..<100_000 {
            do {
                try log?.append(batch(b), durability: .durable)
                acknowledged.append(b)
            } catch let error as StoreError {
                failure = error
                failedBatch = b
                break
            }
        }
        let error = try #require(failure, "the disk never filled")
        #expect(error.kind == .diskFull, "\(error)")
        #expect(error.description.contains("full"), "\(error)")
        #expect(acknowledged.count > 5)
        print("\(fs.kind): the disk filled at batch \(failedBatch) (\(acknowledged.count * batchSize) events acknowledged): \(error)")

        func checkAcknowledged(_ log: EventLog) throws {
            try log.read { reader throws in
                let last = try reader.lastPosition()
                #expect(last >= UInt64(acknowledged.count * batchSize))
                for b in acknowledged {
                    for i in [0, batchSize - 1] {
                        let position = try reader.position(ofID: "b\(b)-\(i)")
                        #expect(position != nil, "acknowledged batch \(b) lost")
                    }
                }
                // The failed batch is absent, not partly stored.
                for i in [0, batchSize / 2, batchSize - 1] {
                    let position = try reader.position(ofID: "b\(failedBatch)-\(i)")
                    #expect(position == nil, "the failed batch is partly stored")
                }
            }
        }
        if let log { try checkAcknowledged(log) }

        // Free space: the same open log appends again (the failed batch first), and verify is clean.
        try FileManager.default.removeItem(atPath: ballast)
        var next = failedBatch
        for _ in 0..<3 {
            try log?.append(batch(next), durability: .durable)
            acknowledged.append(next)
            next += 1
        }
        failedBatch = next // not appended
        if let log {
            try checkAcknowledged(log)
            let report = try log.verify()
            #expect(report.isClean, "\(report.problems)")
            #expect(report.events == UInt64(acknowledged.count * batchSize))
        }
        log = nil

        // And a fresh open sees the same.
        let reopened = try EventLog(path: store)
        try checkAcknowledged(reopened)
        #expect(try reopened.verify().isClean)
    }
}

/// A small file system mounted at a fresh directory (tmpfs, or ext4 on a loop-mounted image).
final class SmallFileSystem {
    let kind: String
    let path: String
    private let image: String?
    private var mounted = true

    private init(kind: String, path: String, image: String?) {
        self.kind = kind
        self.path = path
        self.image = image
    }

    struct MountError: Error, CustomStringConvertible {
        var description: String
    }

    /// Why `kind` cannot be mounted here, or `nil` when it can (checked once per kind, by
    /// mounting a tiny one). The reason is printed, so a skipped test says why.
    static func unavailable(_ kind: String) -> String? {
        let reason: String?
        do {
            let fs = try mount(kind, megabytes: kind == "ext4" ? 2 : 1)
            fs.unmount()
            reason = nil
        } catch {
            reason = "\(error)"
        }
        if let reason { print("DiskFullTests (\(kind)) skipped: \(reason)") }
        return reason
    }

    static func mount(_ kind: String, megabytes: Int) throws -> SmallFileSystem {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("tally-fs-\(UUID().uuidString)").path
        let point = base + "/mnt"
        try FileManager.default.createDirectory(atPath: point, withIntermediateDirectories: true)
        var image: String?
        do {
            switch kind {
            case "tmpfs":
                try run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", point])
            case "ext4":
                let file = base + "/image.ext4"
                image = file
                guard FileManager.default.createFile(atPath: file, contents: nil) else { throw MountError(description: "could not create \(file)") }
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
                try handle.truncate(atOffset: UInt64(megabytes) << 20)
                try handle.close()
                try run("/sbin/mkfs.ext4", ["-q", "-F", "-m", "0", file])
                try run("/bin/mount", ["-o", "loop", file, point])
            default:
                throw MountError(description: "unknown file system \(kind)")
            }
        } catch {
            try? FileManager.default.removeItem(atPath: base)
            throw error
        }
        return SmallFileSystem(kind: kind, path: point, image: image)
    }

    func unmount() {
        guard mounted else { return }
        mounted = false
        try? SmallFileSystem.run("/bin/umount", [path])
        try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }

    deinit { unmount() }

    static func run(_ tool: String, _ arguments: [String]) throws {
        guard FileManager.default.isExecutableFile(atPath: tool) else { throw MountError(description: "\(tool) not found") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw MountError(description: "\(tool) \(arguments.joined(separator: " ")) failed: \(text.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}
