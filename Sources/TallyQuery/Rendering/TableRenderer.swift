/// The aligned box of sqlite's `.mode box` and DuckDB's shell: headers centred, numbers
/// right-aligned, text left-aligned, `NULL` spelled out. Buffers every row to size the columns.
///
/// ```
/// ┌─────────┬────────────────┐
/// │  agent  │ sum(cost_usd)  │
/// ├─────────┼────────────────┤
/// │ support │ 1.236000000006 │
/// └─────────┴────────────────┘
/// ```
public struct TableRenderer: ResultRenderer {
    private let options: RenderOptions
    private var columns: [ResultColumn] = []
    private var rows: [[String]] = []

    public init(options: RenderOptions = RenderOptions()) {
        self.options = options
    }

    public mutating func begin(_ columns: [ResultColumn]) -> String {
        self.columns = columns
        return ""
    }

    public mutating func row(_ values: [QueryValue]) -> String {
        rows.append(values.map { CellText.cell($0) })
        return ""
    }

    public mutating func end() -> String {
        guard !columns.isEmpty else { return "" }
        if rows.isEmpty && !options.headers { return "" }
        let names = columns.map { CellText.escapeControls($0.name) }
        var widths = options.headers ? names.map(CellText.width) : Array(repeating: 0, count: columns.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], CellText.width(cell)) }
        }
        let right = columns.map(\.type.isNumeric)
        func rule(_ left: String, _ middle: String, _ rightEdge: String) -> String {
            left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle) + rightEdge + "\n"
        }
        var out = rule("┌", "┬", "┐")
        if options.headers {
            out += "│" + names.enumerated().map { " " + CellText.center($0.element, to: widths[$0.offset]) + " " }.joined(separator: "│") + "│\n"
            if !rows.isEmpty { out += rule("├", "┼", "┤") }
        }
        for row in rows {
            out += "│" + row.enumerated().map { " " + CellText.pad($0.element, to: widths[$0.offset], right: right[$0.offset]) + " " }.joined(separator: "│") + "│\n"
        }
        out += rule("└", "┴", "┘")
        return out
    }
}
