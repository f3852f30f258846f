#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered writer on a file descriptor: standard output, standard error, or a file opened by
/// `.output`. Text is written when 64 KiB have gathered, on `flush()`, and on deinit.
public final class FileStreamOutput: REPLOutput {
    private let descriptor: Int32
    private let owned: Bool
    private var buffer: [UInt8] = []

    /// Standard output.
    public static func standardOutput() -> FileStreamOutput { FileStreamOutput(descriptor: STDOUT_FILENO, owned: false) }
    /// Standard error.
    public static func standardError() -> FileStreamOutput { FileStreamOutput(descriptor: STDERR_FILENO, owned: false) }

    private init(descriptor: Int32, owned: Bool) {
        self.descriptor = descriptor
        self.owned = owned
        buffer.reserveCapacity(1 << 16)
    }

    /// Opens (creating or truncating) a file for writing, or says why it cannot.
    public static func open(path: String) -> Result<FileStreamOutput, REPLFileError> {
        let fd = systemOpen(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            return .failure(REPLFileError(path: path, reason: String(cString: strerror(errno))))
        }
        return .success(FileStreamOutput(descriptor: fd, owned: true))
    }

    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func flush() {
        var offset = 0
        while offset < buffer.count {
            let written = buffer[offset...].withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                break // a closed pipe or full disk: drop what cannot be written
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    deinit {
        flush()
        if owned { close(descriptor) }
    }
}

private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    #if canImport(Glibc)
    Glibc.open(path, flags, mode)
    #else
    Darwin.open(path, flags, mode)
    #endif
}

private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, bytes, count)
    #else
    Darwin.write(fd, bytes, count)
    #endif
}

/// A file the REPL could not open or read.
public struct REPLFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file's path as given.
    public var path: String
    /// The system's reason (`strerror`).
    public var reason: String

    public var description: String { "cannot open \"\(path)\": \(reason)" }
}
