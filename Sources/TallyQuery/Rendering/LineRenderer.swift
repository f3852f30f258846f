/// sqlite's `.mode line`: one `name = value` line per column, names right-aligned, a blank line
/// between rows. Handy for wide rows such as `SELECT * FROM conversations WHERE …`.
public struct LineRenderer: ResultRenderer {
    private var names: [String] = []
    private var width = 0
    private var count = 0

    public init() {}

    public mutating func begin(_ columns: [ResultColumn]) -> String {
        names = columns.map { CellText.escapeControls($0.name) }
        width = names.map(CellText.width).max() ?? 0
        return ""
    }

    public mutating func row(_ values: [QueryValue]) -> String {
        var out = count == 0 ? "" : "\n"
        count += 1
        for (i, value) in values.enumerated() {
            let name = i < names.count ? names[i] : "column\(i + 1)"
            out += CellText.pad(name, to: width, right: true) + " = " + CellText.cell(value) + "\n"
        }
        return out
    }

    public mutating func end() -> String { "" }
}
