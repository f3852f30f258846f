/// Formats errors the way the REPL and `tally query` print them:
///
/// ```
/// Error: no such column: agnet (did you mean agent?)
///   SELECT agnet FROM agent_days
///          ^~~~~
/// ```
///
/// For a statement typed over several lines the message names the line. Colour (red `Error:` and
/// caret) only when asked for, which the REPL does only on a terminal without `NO_COLOR`.
public enum ErrorReport {
    /// The report for `error` raised by `statement`, ending with a newline.
    public static func format(_ error: QueryError, statement: String?, color: Bool = false) -> String {
        let red = color ? "\u{1B}[1;31m" : ""
        let plain = color ? "\u{1B}[0m" : ""
        guard let span = error.span, let statement else {
            return "\(red)Error:\(plain) \(error.message)\n"
        }
        let located = span.locate(in: statement)
        let multiline = statement.contains("\n")
        var out = "\(red)Error:\(plain) " + (multiline ? "line \(located.lineNumber): " : "") + error.message + "\n"
        // Show at most ~100 characters of a long line, around the error.
        var line = Array(located.line.map { $0 == "\t" ? " " : $0 })
        var column = located.column
        var prefix = ""
        if line.count > 100, column > 60 {
            let drop = column - 40
            line.removeFirst(drop)
            column -= drop - 1
            prefix = "…"
        }
        var suffix = ""
        if line.count > 100 + (prefix.isEmpty ? 0 : 1) {
            line = Array(line.prefix(100))
            suffix = "…"
        }
        let width = max(1, min(located.width, max(1, line.count + prefix.count - column)))
        out += "  " + prefix + String(line) + suffix + "\n"
        out += "  " + String(repeating: " ", count: column) + (color ? "\u{1B}[31m" : "") + "^" + String(repeating: "~", count: width - 1) + plain + "\n"
        return out
    }

    /// A non-query error (a dot-command's, a file's), ending with a newline.
    public static func format(message: String, color: Bool = false) -> String {
        (color ? "\u{1B}[1;31mError:\u{1B}[0m " : "Error: ") + message + "\n"
    }
}
