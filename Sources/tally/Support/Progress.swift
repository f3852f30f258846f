import Foundation

/// A progress bar on standard error, drawn only when it is a terminal.
final class ProgressBar {
    private let label: String
    private let enabled: Bool
    private var lastDrawn: Double = -1
    private let started = Date()

    init(_ label: String) {
        self.label = label
        enabled = isatty(2) != 0
    }

    /// Redraws for `done` of `total` (at most every 0.5 %).
    func update(_ done: UInt64, of total: UInt64) {
        guard enabled, total > 0 else { return }
        let fraction = min(1, Double(done) / Double(total))
        guard fraction - lastDrawn >= 0.005 || fraction == 1 else { return }
        lastDrawn = fraction
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let elapsed = Date().timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let line = String(format: "\r%@ %@ %5.1f%%  %@ / %@  %@/s", label, bar, fraction * 100, formatCount(done), formatCount(total), formatCount(UInt64(rate)))
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Clears the bar's line.
    func finish() {
        guard enabled, lastDrawn >= 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// 1234567 → "1,234,567".
func formatCount<T: BinaryInteger>(_ value: T) -> String {
    let digits = String(value)
    var out = ""
    for (i, c) in digits.reversed().enumerated() {
        if i > 0 && i % 3 == 0 && c != "-" { out.append(",") }
        out.append(c)
    }
    return String(out.reversed())
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
