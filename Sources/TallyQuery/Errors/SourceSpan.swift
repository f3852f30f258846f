/// Where a token or expression sits in the statement text: a UTF-8 byte offset and length.
public struct SourceSpan: Hashable, Sendable, CustomStringConvertible {
    /// Byte offset of the first byte, from the start of the statement text.
    public var offset: Int
    /// Length in bytes (at least 1 for a token; 0 at the end of the text).
    public var length: Int

    public init(offset: Int, length: Int) {
        self.offset = offset
        self.length = length
    }

    /// The offset just past the span.
    public var end: Int { offset + length }

    /// The smallest span covering both.
    public func union(_ other: SourceSpan) -> SourceSpan {
        let start = min(offset, other.offset)
        return SourceSpan(offset: start, length: max(end, other.end) - start)
    }

    public var description: String { "\(offset)+\(length)" }

    /// The line of `text` holding this span, and where the span starts and how wide it is on that
    /// line, in characters (for drawing a caret under it).
    public func locate(in text: String) -> (line: String, lineNumber: Int, column: Int, width: Int) {
        let bytes = Array(text.utf8)
        let start = max(0, min(offset, bytes.count))
        var lineStart = start
        while lineStart > 0, bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
        var lineEnd = start
        while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
        var lineNumber = 1
        for b in bytes[0..<lineStart] where b == UInt8(ascii: "\n") { lineNumber += 1 }
        let line = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
        let column = String(decoding: bytes[lineStart..<start], as: UTF8.self).count
        let spanEnd = max(start, min(end, lineEnd))
        let width = String(decoding: bytes[start..<spanEnd], as: UTF8.self).count
        return (line, lineNumber, column, max(1, width))
    }
}
