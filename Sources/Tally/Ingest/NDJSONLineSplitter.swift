#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One line handed out by `NDJSONLineSplitter`.
struct NDJSONLine {
    /// 1-based physical line number (blank lines count).
    var number: Int
    /// The line without `\n`, a trailing `\r`, or (on line 1) a UTF-8 byte-order mark. When the
    /// line was too long, only its first `NDJSONLineSplitter.tooLongPrefix` bytes.
    var bytes: UnsafeRawBufferPointer
    /// Whether the line exceeded the limit (and was cut).
    var tooLong: Bool
    /// The line's full length in bytes (as read, without its terminator).
    var length: Int

    /// Whether the line holds only JSON whitespace (such lines are skipped).
    var isBlank: Bool {
        for b in bytes where !(b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A) { return false }
        return !tooLong
    }
}

/// Splits input read in large chunks into lines, with memory bounded by the longest line allowed.
///
/// Handles `\n` and `\r\n` endings, a last line without a newline, and a UTF-8 byte-order mark at
/// the very start. A line longer than `maxLineBytes` is reported (cut to a short prefix) and the
/// rest of it is skipped without being buffered.
final class NDJSONLineSplitter {
    private let input: ImportInput
    private let maxLineBytes: Int
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var filled = 0
    private var atEOF = false
    private var lineNumber = 0
    private var atInputStart = true
    /// Bytes consumed from the input so far.
    private(set) var bytesRead: Int64 = 0

    /// How much of an overlong line is kept for error reports.
    static let tooLongPrefix = 1024

    init(input: ImportInput, chunkSize: Int, maxLineBytes: Int) {
        self.input = input
        self.maxLineBytes = max(1, maxLineBytes)
        let capacity = max(64, min(chunkSize, maxLineBytes + 2))
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        buffer.deallocate()
    }

    /// Calls `body` for every line, in order. Stops early if `body` throws.
    func forEachLine<E: Error>(_ body: (NDJSONLine) throws(E) -> Void) throws(NDJSONImportReadFailure<E>) {
        while true {
            if let newline = findNewline() {
                var end = newline
                if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                try emit(from: start, to: end, length: newline - start, body)
                start = newline + 1
                continue
            }
            if atEOF {
                if start < filled {
                    var end = filled
                    if buffer[end - 1] == 0x0D { end -= 1 }
                    try emit(from: start, to: end, length: filled - start, body)
                    start = filled
                }
                return
            }
            // No complete line in the buffer: make room and read more.
            if start > 0 {
                if filled > start, let base = buffer.baseAddress {
                    memmove(base, base + start, filled - start)
                }
                filled -= start
                start = 0
            }
            if filled == buffer.count {
                if buffer.count < maxLineBytes + 2 {
                    grow()
                } else {
                    try skipOverlongLine(body)
                    continue
                }
            }
            do { try fill() } catch { throw .io(error) }
        }
    }

    private func findNewline() -> Int? {
        guard filled > start, let base = buffer.baseAddress else { return nil }
        guard let hit = memchr(base + start, 0x0A, filled - start) else { return nil }
        return base.distance(to: UnsafeMutableRawPointer(hit))
    }

    private func fill() throws(NDJSONImportIOError) {
        let n = try input.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
        if n == 0 { atEOF = true }
        filled += n
        bytesRead += Int64(n)
    }

    private func grow() {
        let newCapacity = min(maxLineBytes + 2, buffer.count * 2)
        let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: newCapacity, alignment: 16)
        if filled > 0 {
            bigger.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<filled]))
        }
        buffer.deallocate()
        buffer = bigger
    }

    /// The buffer holds the start of a line longer than allowed: report its prefix, then drop
    /// bytes until the next newline.
    private func skipOverlongLine<E>(_ body: (NDJSONLine) throws(E) -> Void) throws(NDJSONImportReadFailure<E>) {
        lineNumber += 1
        let prefixStart = atInputStart && hasBOM(at: 0) ? 3 : 0
        atInputStart = false
        let prefixEnd = min(filled, prefixStart + NDJSONLineSplitter.tooLongPrefix)
        let prefix = [UInt8](UnsafeRawBufferPointer(rebasing: buffer[prefixStart..<prefixEnd]))
        var length = filled - prefixStart
        filled = 0
        start = 0
        while true {
            do { try fill() } catch { throw .io(error) }
            if let newline = findNewline() {
                length += newline
                start = newline + 1
                break
            }
            length += filled
            filled = 0
            if atEOF { break }
        }
        let number = lineNumber
        let result = prefix.withUnsafeBytes { raw in
            Result { () throws(E) in
                try body(NDJSONLine(number: number, bytes: raw, tooLong: true, length: length))
            }
        }
        if case .failure(let error) = result { throw .body(error) }
    }

    private func hasBOM(at offset: Int) -> Bool {
        filled - offset >= 3 && buffer[offset] == 0xEF && buffer[offset + 1] == 0xBB && buffer[offset + 2] == 0xBF
    }

    private func emit<E>(from: Int, to: Int, length: Int, _ body: (NDJSONLine) throws(E) -> Void) throws(NDJSONImportReadFailure<E>) {
        lineNumber += 1
        var from = from
        var length = length
        if atInputStart {
            atInputStart = false
            if to - from >= 3, hasBOM(at: from) {
                from += 3
                length -= 3
            }
        }
        let tooLong = to - from > maxLineBytes
        let end = tooLong ? min(to, from + NDJSONLineSplitter.tooLongPrefix) : to
        let line = NDJSONLine(
            number: lineNumber, bytes: UnsafeRawBufferPointer(rebasing: buffer[from..<end]), tooLong: tooLong, length: length)
        do {
            try body(line)
        } catch {
            throw .body(error)
        }
    }
}

/// Why reading lines stopped: the input failed, or the per-line callback threw.
enum NDJSONImportReadFailure<E: Error>: Error {
    case io(NDJSONImportIOError)
    case body(E)
}
