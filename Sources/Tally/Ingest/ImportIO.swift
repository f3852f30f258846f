#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file-system failure while importing: which file, what was being done, and the system's reason.
public struct NDJSONImportIOError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file involved (`-` for standard input).
    public var path: String
    /// What was being done (`open`, `read`, `write`, …).
    public var operation: String
    /// The system error number.
    public var code: Int32

    public init(path: String, operation: String, code: Int32) {
        self.path = path
        self.operation = operation
        self.code = code
    }

    /// `cannot read input.ndjson: No such file or directory`.
    public var description: String {
        let message = strerror(code).map { String(cString: $0) } ?? "error \(code)"
        return "cannot \(operation) \(path): \(message)"
    }
}

/// Raw bytes from a file descriptor or memory, read in large chunks.
final class ImportInput {
    private enum Storage {
        case descriptor(Int32, owned: Bool)
        case memory([UInt8], offset: Int)
    }

    private var storage: Storage
    let path: String
    /// Where every byte read is also written (standard input spooled for a second pass).
    var spool: ImportOutput?
    /// The input's size when known (regular files and memory).
    let size: Int64?

    private init(storage: Storage, path: String, size: Int64?) {
        self.storage = storage
        self.path = path
        self.size = size
    }

    static func open(path: String) throws(NDJSONImportIOError) -> ImportInput {
        let fd = posixOpen(path, O_RDONLY | O_CLOEXEC, 0)
        guard fd >= 0 else { throw NDJSONImportIOError(path: path, operation: "open", code: errno) }
        var info = stat()
        let size: Int64? = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int64(info.st_size) : nil
        return ImportInput(storage: .descriptor(fd, owned: true), path: path, size: size)
    }

    static func standardInput() -> ImportInput {
        ImportInput(storage: .descriptor(STDIN_FILENO, owned: false), path: "-", size: nil)
    }

    static func memory(_ bytes: [UInt8]) -> ImportInput {
        ImportInput(storage: .memory(bytes, offset: 0), path: "(memory)", size: Int64(bytes.count))
    }

    /// Reads up to `buffer.count` bytes; 0 means the end of the input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(NDJSONImportIOError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let n: Int
        switch storage {
        case .descriptor(let fd, _):
            var got = 0
            while true {
                got = posixRead(fd, base, buffer.count)
                if got >= 0 { break }
                if errno != EINTR { throw NDJSONImportIOError(path: path, operation: "read", code: errno) }
            }
            n = got
        case .memory(let bytes, let offset):
            n = min(buffer.count, bytes.count - offset)
            if n > 0 {
                bytes.withUnsafeBytes { source in
                    buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + n)]))
                }
            }
            storage = .memory(bytes, offset: offset + n)
        }
        if n > 0, let spool {
            try spool.write(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        return n
    }

    deinit {
        if case .descriptor(let fd, owned: true) = storage {
            _ = close(fd)
        }
    }
}

/// A buffered writer to a file descriptor (the rejects file, the standard-input spool).
final class ImportOutput {
    private(set) var fd: Int32
    let path: String
    private var buffer: [UInt8] = []
    private static let flushThreshold = 1 << 20

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
        buffer.reserveCapacity(ImportOutput.flushThreshold)
    }

    /// Creates or truncates `path` for writing.
    static func create(path: String) throws(NDJSONImportIOError) -> ImportOutput {
        let fd = posixOpen(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw NDJSONImportIOError(path: path, operation: "create", code: errno) }
        return ImportOutput(fd: fd, path: path)
    }

    /// An anonymous temporary file (already unlinked, so nothing is left behind).
    static func temporary() throws(NDJSONImportIOError) -> ImportOutput {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((directory + "/tally-import-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard fd >= 0 else { throw NDJSONImportIOError(path: directory, operation: "create a temporary file in", code: errno) }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        _ = unlink(path)
        return ImportOutput(fd: fd, path: path)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(NDJSONImportIOError) {
        if buffer.count + bytes.count > ImportOutput.flushThreshold { try flush() }
        if bytes.count >= ImportOutput.flushThreshold {
            try writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    func write(_ bytes: [UInt8]) throws(NDJSONImportIOError) {
        let result = bytes.withUnsafeBytes { raw in Result { () throws(NDJSONImportIOError) in try write(raw) } }
        try result.get()
    }

    func flush() throws(NDJSONImportIOError) {
        guard !buffer.isEmpty else { return }
        let result = buffer.withUnsafeBytes { raw in Result { () throws(NDJSONImportIOError) in try writeAll(raw) } }
        buffer.removeAll(keepingCapacity: true)
        try result.get()
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(NDJSONImportIOError) {
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let n = posixWrite(fd, base, remaining)
            if n < 0 {
                if errno == EINTR { continue }
                throw NDJSONImportIOError(path: path, operation: "write", code: errno)
            }
            remaining -= n
            base += n
        }
    }

    /// Flushes and makes the file readable from its start (the spool's second pass).
    func rewoundInput() throws(NDJSONImportIOError) -> ImportInput {
        try flush()
        guard lseek(fd, 0, SEEK_SET) == 0 else { throw NDJSONImportIOError(path: path, operation: "rewind", code: errno) }
        let input = ImportInput.descriptorInput(fd: fd, path: path)
        fd = -1 // ownership moves to the input
        return input
    }

    /// Flushes and closes.
    func close() throws(NDJSONImportIOError) {
        try flush()
        if fd >= 0 {
            let result = posixClose(fd)
            fd = -1
            guard result == 0 else { throw NDJSONImportIOError(path: path, operation: "close", code: errno) }
        }
    }

    deinit {
        if fd >= 0 { _ = posixClose(fd) }
    }
}

extension ImportInput {
    /// An input that owns an already open descriptor.
    static func descriptorInput(fd: Int32, path: String) -> ImportInput {
        ImportInput(storage: .descriptor(fd, owned: true), path: path, size: nil)
    }
}

// Module-level wrappers, so members named `open`, `read`, `write` and `close` never shadow them.
private func posixOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, buffer, count) }
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, buffer, count) }
private func posixClose(_ fd: Int32) -> Int32 { close(fd) }
