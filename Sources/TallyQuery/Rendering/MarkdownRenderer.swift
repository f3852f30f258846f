/// A GitHub-flavoured Markdown table, padded so it also reads well as plain text; numeric columns
/// are right-aligned (`---:`). `|` in values is escaped. Buffers rows to size the columns.
public struct MarkdownRenderer: ResultRenderer {
    private var columns: [ResultColumn] = []
    private var rows: [[String]] = []

    public init() {}

    public mutating func begin(_ columns: [ResultColumn]) -> String {
        self.columns = columns
        return ""
    }

    public mutating func row(_ values: [QueryValue]) -> String {
        rows.append(values.map { MarkdownRenderer.escape(CellText.cell($0)) })
        return ""
    }

    public mutating func end() -> String {
        guard !columns.isEmpty else { return "" }
        let names = columns.map { MarkdownRenderer.escape(CellText.escapeControls($0.name)) }
        var widths = names.map { max(3, CellText.width($0)) }
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], CellText.width(cell)) }
        }
        let right = columns.map(\.type.isNumeric)
        func line(_ cells: [String]) -> String {
            "| " + cells.enumerated().map { CellText.pad($0.element, to: widths[$0.offset], right: right[$0.offset]) }.joined(separator: " | ") + " |\n"
        }
        var out = line(names)
        out += "|" + widths.enumerated().map { i, w in
            right[i] ? String(repeating: "-", count: w + 1) + ":" : String(repeating: "-", count: w + 2)
        }.joined(separator: "|") + "|\n"
        for row in rows { out += line(row) }
        return out
    }

    static func escape(_ text: String) -> String {
        text.replacingAll("|", with: "\\|")
    }
}
