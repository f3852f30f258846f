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
