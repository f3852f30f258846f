/// Comma-separated values as RFC 4180 defines them: CRLF line ends; a field holding a comma, a
/// quote, CR or LF is quoted, quotes doubled. `NULL` is an empty field; money keeps every digit.
public struct CSVRenderer: ResultRenderer {
    private let options: RenderOptions

    public init(options: RenderOptions = RenderOptions()) {
        self.options = options
    }

    public mutating func begin(_ columns: [ResultColumn]) -> String {
        guard options.headers else { return "" }
        return columns.map { CSVRenderer.field($0.name) }.joined(separator: ",") + "\r\n"
    }

    public mutating func row(_ values: [QueryValue]) -> String {
        values.map { $0.isNull ? "" : CSVRenderer.field($0.description) }.joined(separator: ",") + "\r\n"
    }

    public mutating func end() -> String { "" }

    /// One field, quoted when it must be.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
    }
}
