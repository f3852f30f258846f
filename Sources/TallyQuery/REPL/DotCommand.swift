/// One dot-command: its name, arguments, one line of help, and what it does.
///
/// `DotCommand.all` is the single registry: the REPL dispatches through it and `.help` prints it,
/// so a command cannot exist without help nor help without a command.
struct DotCommand: Sendable {
    /// What the REPL does after a command.
    enum Outcome {
        case proceed
        case quit
    }

    /// The name without the dot.
    let name: String
    /// The arguments as help shows them, e.g. `table|csv|json|markdown|line`.
    let arguments: String
    /// One line for `.help`.
    let summary: String
    /// How many arguments it takes.
    let arity: ClosedRange<Int>
    /// Runs the command on the REPL with its arguments (already split, quotes removed).
    let run: @Sendable (REPL, [String]) -> Outcome

    /// The usage line: `.mode table|csv|json|markdown|line`.
    var usage: String { arguments.isEmpty ? "." + name : "." + name + " " + arguments }

    /// The command with this name (exact, lower-case), or `nil`.
    static func named(_ name: String) -> DotCommand? {
        all.first { $0.name == name.lowercased() }
    }

    /// Splits a dot-command line into words; single or double quotes group a word with spaces.
    static func split(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var inWord = false
        for ch in line {
            if let q = quote {
                if ch == q { quote = nil } else { current.append(ch) }
            } else if ch == "'" || ch == "\"" {
                quote = ch
                inWord = true
            } else if ch == " " || ch == "\t" {
                if inWord {
                    words.append(current)
                    current = ""
                    inWord = false
                }
            } else {
                current.append(ch)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }

    /// The help text: one aligned line per command.
    static var helpText: String {
        let width = all.map(\.usage.count).max() ?? 0
        return all.map { $0.usage + String(repeating: " ", count: width - $0.usage.count + 2) + $0.summary }.joined(separator: "\n") + "\n"
    }

    /// Every command, in the order `.help` lists them.
    static let all: [DotCommand] = [
        DotCommand(name: "exit", arguments: "[CODE]", summary: "Exit this program, with status CODE if given", arity: 0...1) { repl, args in
            repl.exit(args.first)
        },
        DotCommand(name: "headers", arguments: "on|off", summary: "Turn display of column names on or off (table and csv modes)", arity: 1...1) { repl, args in
            repl.setHeaders(args[0])
        },
        DotCommand(name: "help", arguments: "", summary: "Show this message", arity: 0...1) { repl, _ in
            repl.writeResult(DotCommand.helpText)
            return .proceed
        },
        DotCommand(name: "mode", arguments: OutputMode.all.map(\.name).joined(separator: "|"), summary: "Set the output mode", arity: 0...1) { repl, args in
            repl.setMode(args.first)
        },
        DotCommand(name: "output", arguments: "FILE|stdout", summary: "Send results to FILE, or back to standard output", arity: 0...1) { repl, args in
            repl.setOutput(args.first)
        },
        DotCommand(name: "quit", arguments: "", summary: "Exit this program", arity: 0...0) { _, _ in .quit },
        DotCommand(name: "read", arguments: "FILE", summary: "Run the statements and commands in FILE", arity: 1...1) { repl, args in
            repl.readFile(args[0])
        },
        DotCommand(name: "schema", arguments: "[TABLE]", summary: "Show the columns and key of TABLE, or of every table", arity: 0...1) { repl, args in
            repl.showSchema(args.first)
        },
        DotCommand(name: "tables", arguments: "", summary: "List the tables (projections, views, events, what-if sets)", arity: 0...0) { repl, _ in
            repl.showTables()
        },
        DotCommand(name: "tenant", arguments: "NAME|off", summary: "Scope every query to one tenant, or to all again", arity: 0...1) { repl, args in
            repl.setTenant(args.first)
        },
        DotCommand(name: "timer", arguments: "on|off", summary: "Print real, user and system time after each statement", arity: 1...1) { repl, args in
            repl.setTimer(args[0])
        },
        DotCommand(name: "whatif", arguments: "BOOK|off", summary: "Replay under price book BOOK and query its what-if tables", arity: 0...1) { repl, args in
            repl.setWhatIf(args.first)
        },
    ]
}
