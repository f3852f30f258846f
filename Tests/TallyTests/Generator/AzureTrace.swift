import Foundation

/// The real Azure LLM inference trace (conversation service), read for calibration tests.
///
/// The file is not part of the repository: it is looked up next to the repository
/// (`<root>/../shared/data/`) and at `/work/shared/data/`. Its traps are handled on purpose:
/// CRLF line ends, a last line with no terminator, and timestamps with 7 fractional digits and no
/// time zone (read as UTC, kept exactly in 100 ns ticks).
struct AzureTrace {
    struct Row {
        /// 100 ns ticks since 1970-01-01T00:00:00 (the file's naive times read as UTC).
        var ticks: Int64
        var contextTokens: Int
        var generatedTokens: Int
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let fileName = "AzureLLMInferenceTrace_conv.csv"

    var rows: [Row]
    /// Whether the file's last byte was a line terminator.
    var endsWithNewline: Bool
    var crlfLines: Int

    /// Candidate locations, nearest first.
    static func candidates(filePath: String = #filePath) -> [URL] {
        // Tests/TallyTests/Generator/AzureTrace.swift → three levels up is the repository root.
        let root = URL(fileURLWithPath: filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return [
            root.appendingPathComponent("../shared/data/\(fileName)").standardizedFileURL,
            URL(fileURLWithPath: "/work/shared/data/\(fileName)"),
        ]
    }

    static func locate() -> URL? {
        candidates().first { FileManager.default.isReadableFile(atPath: $0.path) }
    }

    static func load() throws -> AzureTrace {
        guard let url = locate() else {
            throw Failure(description: "\(fileName) not found; looked at " + candidates().map(\.path).joined(separator: ", "))
        }
        return try parse(Array(try Data(contentsOf: url)))
    }

    /// Parses the CSV bytes; every malformed line is an error naming its line number.
    static func parse(_ bytes: [UInt8]) throws -> AzureTrace {
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = 0
        var crlf = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            var end = index
            if end > lineStart, bytes[end - 1] == UInt8(ascii: "\r") {
                end -= 1
                crlf += 1
            }
            lines.append(bytes[lineStart..<end])
            lineStart = index + 1
        }
        let endsWithNewline = lineStart == bytes.count
        if !endsWithNewline {
            var end = bytes.count
            if bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            lines.append(bytes[lineStart..<end])
        }
        guard let header = lines.first, String(decoding: header, as: UTF8.self) == "TIMESTAMP,ContextTokens,GeneratedTokens" else {
            throw Failure(description: "line 1: unexpected header")
        }
        var rows: [Row] = []
        rows.reserveCapacity(lines.count)
        for (offset, line) in lines.dropFirst().enumerated() {
            let number = offset + 2
            let fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            guard fields.count == 3 else { throw Failure(description: "line \(number): expected 3 fields, got \(fields.count)") }
            guard let ticks = parseTimestamp(fields[0]) else {
                throw Failure(description: "line \(number): bad TIMESTAMP \"\(String(decoding: fields[0], as: UTF8.self))\"")
            }
            guard let context = Int(String(decoding: fields[1], as: UTF8.self)), context >= 0,
                  let generated = Int(String(decoding: fields[2], as: UTF8.self)), generated >= 0 else {
                throw Failure(description: "line \(number): token counts must be non-negative integers")
            }
            rows.append(Row(ticks: ticks, contextTokens: context, generatedTokens: generated))
        }
        return AzureTrace(rows: rows, endsWithNewline: endsWithNewline, crlfLines: crlf)
    }

    /// `YYYY-MM-DD HH:MM:SS.fffffff` (1 to 7 fractional digits) → 100 ns ticks, read as UTC.
    static func parseTimestamp(_ field: ArraySlice<UInt8>) -> Int64? {
        let b = Array(field)
        func number(_ from: Int, _ count: Int) -> Int64? {
            guard from + count <= b.count else { return nil }
            var value: Int64 = 0
            for byte in b[from..<(from + count)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            return value
        }
        guard b.count >= 19, b[4] == 45, b[7] == 45, b[10] == 32, b[13] == 58, b[16] == 58,
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), day >= 1, day <= 31, hour < 24, minute < 60, second < 60 else { return nil }
        var fraction: Int64 = 0
        if b.count > 19 {
            let digits = b.count - 20
            guard b[19] == 46, (1...7).contains(digits), let value = number(20, digits) else { return nil }
            fraction = value
            for _ in digits..<7 { fraction *= 10 }
        }
        let days = CivilDateForTests.epochDay(year, month, day)
        return ((days * 24 + hour) * 60 + minute) * 60 * 10_000_000 + second * 10_000_000 + fraction
    }
}

/// Days since the epoch for a civil date (the test's own, independent of the library's).
enum CivilDateForTests {
    static func epochDay(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        var days: Int64 = 0
        for y in 1970..<year { days += (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 366 : 365 }
        let lengths: [Int64] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        for m in 1..<month { days += lengths[Int(m - 1)] + (m == 2 && leap ? 1 : 0) }
        return days + day - 1
    }
}

/// The quantile at `p` of sorted values, linear between order statistics ("type 7").
func quantile(_ sorted: [Double], _ p: Double) -> Double {
    precondition(!sorted.isEmpty)
    let h = p * Double(sorted.count - 1)
    let lower = Int(h.rounded(.down))
    let upper = min(lower + 1, sorted.count - 1)
    return sorted[lower] + (h - Double(lower)) * (sorted[upper] - sorted[lower])
}
