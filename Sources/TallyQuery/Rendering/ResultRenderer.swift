/// Turns result rows into text, one output mode each (table, csv, json, markdown, line).
///
/// Renderers stream: `begin` once, `row` per row, `end` once; each returns the text to write now.
/// Modes that must see every row before writing (the aligned table) buffer and write at `end`.
public protocol ResultRenderer {
    /// Text to write before the first row (a header, an opening bracket).
    mutating func begin(_ columns: [ResultColumn]) -> String
    /// Text for one row (may be empty for buffering modes).
    mutating func row(_ values: [QueryValue]) -> String
    /// Text to write after the last row.
    mutating func end() -> String
}

/// Settings shared by every renderer.
public struct RenderOptions: Hashable, Sendable {
    /// Whether column names are printed (table and csv; json, markdown and line always name columns).
    public var headers: Bool

    public init(headers: Bool = true) {
        self.headers = headers
    }
}

/// One output mode: its name, a line of help, and how to make its renderer.
public struct OutputMode: Sendable {
    /// The name `.mode` and `--format` take.
    public let name: String
    /// One line for `.help` and `.mode` errors.
    public let summary: String
    private let factory: @Sendable (RenderOptions) -> any ResultRenderer

    public init(name: String, summary: String, factory: @escaping @Sendable (RenderOptions) -> any ResultRenderer) {
        self.name = name
        self.summary = summary
        self.factory = factory
    }

    /// A fresh renderer for one result.
    public func makeRenderer(_ options: RenderOptions) -> any ResultRenderer {
        factory(options)
    }

    /// Every mode, in the order help lists them: the one registry `.mode`, `.help` and
    /// `tally query --format` use.
    public static let all: [OutputMode] = [
        OutputMode(name: "table", summary: "aligned columns in a box, numbers right-aligned") { TableRenderer(options: $0) },
        OutputMode(name: "csv", summary: "comma-separated values (RFC 4180)") { CSVRenderer(options: $0) },
        OutputMode(name: "json", summary: "an array of objects; money as exact numbers, times as RFC 3339") { _ in JSONRenderer() },
        OutputMode(name: "markdown", summary: "a Markdown table") { _ in MarkdownRenderer() },
        OutputMode(name: "line", summary: "one \"column = value\" line per value, a blank line between rows") { _ in LineRenderer() },
    ]

    /// The mode with this name (case-insensitive), or `nil`.
    public static func named(_ name: String) -> OutputMode? {
        all.first { $0.name == name.lowercased() }
    }

    /// Renders a whole result at once.
    public func render(_ result: QueryResult, options: RenderOptions = RenderOptions()) -> String {
        var renderer = makeRenderer(options)
        var text = renderer.begin(result.columns)
        for row in result.rows { text += renderer.row(row) }
        text += renderer.end()
        return text
    }
}

/// Helpers shared by the text renderers.
enum CellText {
    /// A value as one line of a text cell: `NULL` spelled out, control characters escaped.
    static func cell(_ value: QueryValue, null: String = "NULL") -> String {
        if value.isNull { return null }
        return escapeControls(value.description)
    }

    static func escapeControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 32 || $0.value == 127 }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 32 || scalar.value == 127 {
                    out += "\\x" + hex2(scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    static func hex2(_ v: UInt32) -> String {
        let digits = Array("0123456789abcdef")
        return String(digits[Int((v >> 4) & 15)]) + String(digits[Int(v & 15)])
    }

    /// Display width: characters, with East Asian wide characters and emoji counting two.
    static func width(_ text: String) -> Int {
        var w = 0
        for ch in text {
            guard let scalar = ch.unicodeScalars.first else { continue }
            w += isWide(scalar.value) ? 2 : 1
        }
        return w
    }

    static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    static func pad(_ text: String, to width: Int, right: Bool) -> String {
        let gap = max(0, width - self.width(text))
        let spaces = String(repeating: " ", count: gap)
        return right ? spaces + text : text + spaces
    }

    static func center(_ text: String, to width: Int) -> String {
        let gap = max(0, width - self.width(text))
        let left = gap / 2
        return String(repeating: " ", count: left) + text + String(repeating: " ", count: gap - left)
    }
}
