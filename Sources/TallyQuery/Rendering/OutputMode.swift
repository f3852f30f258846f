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
