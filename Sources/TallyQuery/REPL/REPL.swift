import Foundation

/// What a `.whatif BOOK` replay left behind: the name of its table set, and a line to show.
public struct WhatIfSet: Hashable, Sendable {
    /// The prefix of the what-if tables, e.g. `whatif` for `whatif.agent_days`.
    public var tableSet: String
    /// A short summary printed after switching (e.g. "replayed 1,204,331 events under list-2026-11").
    public var summary: String?

    public init(tableSet: String, summary: String? = nil) {
        self.tableSet = tableSet
        self.summary = summary
    }
}

/// The host's what-if replay: given the `BOOK` argument of `.whatif`, replay the log under that
/// price book and return the table set it left. Errors are printed as `Error: <description>`.
public typealias WhatIfHook = (_ book: String) throws -> WhatIfSet

/// The interactive shell, in the manner of `sqlite3` and `duckdb`, as a library type: input and
/// output are injected, so tests run scripted sessions and check the exact output.
///
/// - Statements end with `;` and may span lines (the continuation prompt is `   ...> `);
///   dot-commands are one line. At end of input a statement missing its `;` still runs.
/// - Interactive (a terminal): a banner, prompts, line editing, history saved after every entry,
///   Ctrl-C interrupts a running statement. Not interactive (a pipe or file): no banner, no prompt,
///   only results on the output and errors on the error stream.
/// - Errors print as `Error: …` with the statement's line and a caret under the offending token.
public final class REPL {
    /// The main prompt.
    public static let prompt = "tally> "
    /// The prompt for the lines of an unfinished statement.
    public static let continuationPrompt = "   ...> "
    /// Whether Ctrl-C was pressed since the current statement or dot-command began (interactive
    /// sessions only). A long `.whatif` replay run by the host's hook can poll this to stop early.
    public static var interruptRequested: Bool { InterruptFlag.isRaised() }

    /// How deeply `.read` files may include each other.
    static let maximumReadDepth = 16

    let engine: QueryEngine
    private let input: any LineSource
    private let standardOutput: any REPLOutput
    private let errors: any REPLOutput
    private let interactive: Bool
    private let whatifHook: WhatIfHook?
    private let color: Bool
    private let banner: String?
    private var history: History?
    private var reportedHistoryFailure = false
    private var readDepth = 0
    private var hadError = false
    /// The status `.exit CODE` asked for.
    private var requestedExitCode: Int32?
    /// Where results go: standard output, or the file of `.output FILE`.
    private var resultOutput: any REPLOutput

    /// The output mode (`.mode`).
    public var mode: OutputMode
    /// Whether column names are printed (`.headers`).
    public var headers = true
    /// Whether each statement's run time is printed (`.timer`).
    public var timer = false
    /// The tenant scope and what-if table set (`.tenant`, `.whatif`).
    public var options = QueryOptions()

    /// A shell.
    ///
    /// - Parameters:
    ///   - input: where lines come from (`TerminalLineEditor`, `StandardInputReader`, `ScriptInput`).
    ///   - output: results and command output.
    ///   - errors: error messages (defaults to `output`).
    ///   - interactive: banner, prompts and history (pass `Terminal.standardInputIsTerminal`).
    ///   - whatifHook: runs the replay behind `.whatif BOOK` (`nil`: the command reports it is unavailable).
    ///   - color: red `Error:` and caret (only for a terminal without `NO_COLOR`).
    ///   - banner: the first lines of an interactive session (a default when `nil`).
    ///   - history: the history to append every entry to (interactive sessions only).
    public init(
        engine: QueryEngine, input: any LineSource, output: any REPLOutput, errors: (any REPLOutput)? = nil,
        interactive: Bool, whatifHook: WhatIfHook? = nil, color: Bool = false, banner: String? = nil,
        history: History? = nil, mode: OutputMode? = nil
    ) {
        self.engine = engine
        self.input = input
        self.standardOutput = output
        self.errors = errors ?? output
        self.interactive = interactive
        self.whatifHook = whatifHook
        self.color = color
        self.banner = banner
        self.history = interactive ? history : nil
        self.resultOutput = output
        self.mode = mode ?? OutputMode.all[0]
    }

    /// A shell on the process's standard streams, set up from the environment: interactive with
    /// line editing and history when standard input is a terminal, plain otherwise; colour only on
    /// a terminal without `NO_COLOR`.
    public static func standard(
        engine: QueryEngine, whatifHook: WhatIfHook? = nil, banner: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> REPL {
        let interactive = Terminal.standardInputIsTerminal
        let output = FileStreamOutput.standardOutput()
        let errors = FileStreamOutput.standardError()
        let history = interactive ? History(path: History.defaultPath(environment: environment)) : nil
        let input: any LineSource = interactive
            ? TerminalLineEditor(entries: history?.entries ?? [], output: output)
            : StandardInputReader()
        let color = interactive && Terminal.standardErrorIsTerminal && Terminal.colorAllowed(environment: environment)
        return REPL(
            engine: engine, input: input, output: output, errors: errors, interactive: interactive,
            whatifHook: whatifHook, color: color, banner: banner, history: history)
    }

    /// The history entries recorded so far (interactive sessions).
    public var historyEntries: [String] { history?.entries ?? [] }

    // MARK: Running

    /// Runs until `.quit`, `.exit` or end of input. Returns the exit status: the `CODE` of
    /// `.exit CODE`, else 0, or 1 when a non-interactive session met an error (so scripts can tell).
    @discardableResult
    public func run() -> Int32 {
        if interactive {
            standardOutput.write(banner ?? "Tally SQL shell. Enter \".help\" for usage hints.\n")
            InterruptFlag.install()
        }
        defer {
            if interactive { InterruptFlag.uninstall() }
            resultOutput.flush()
            resultOutput = standardOutput
            standardOutput.flush()
            errors.flush()
        }
        _ = process(input, isMain: true)
        if let requestedExitCode { return requestedExitCode }
        return hadError && !interactive ? 1 : 0
    }

    /// Reads and runs lines from `source` until it ends or `.quit`.
    private func process(_ source: any LineSource, isMain: Bool) -> DotCommand.Outcome {
        var splitter = StatementSplitter()
        var typed: [String] = []
        while true {
            resultOutput.flush()
            errors.flush()
            let prompt = splitter.hasPending ? REPL.continuationPrompt : REPL.prompt
            switch source.readLine(prompt: prompt) {
            case .end:
                if let rest = splitter.flush() { runStatement(rest) }
                if isMain, !typed.isEmpty { remember(typed.joined(separator: " ")) }
                return .proceed
            case .interrupt:
                splitter.reset()
                typed.removeAll()
            case let .line(line):
                if !splitter.hasPending, line.trimmingSpaces.hasPrefix(".") {
                    if isMain { remember(line.trimmingSpaces) }
                    if runCommand(line.trimmingSpaces) == .quit { return .quit }
                    continue
                }
                typed.append(line)
                for statement in splitter.add(line: line) { runStatement(statement) }
                if !splitter.hasPending {
                    if isMain { remember(typed.joined(separator: " ")) }
                    typed.removeAll()
                }
            }
        }
    }

    private func remember(_ entry: String) {
        guard history != nil else { return }
        input.remember(entry)
        guard history?.add(entry) == true else { return }
        do {
            try history?.save()
        } catch {
            if !reportedHistoryFailure {
                reportedHistoryFailure = true
                errors.write("warning: cannot save history to \(history?.path ?? "?"): \(error.localizedDescription)\n")
            }
        }
    }

    /// Runs one statement and writes its result in the current mode.
    func runStatement(_ sql: String) {
        let clock = timer ? ResourceTimer() : nil
        InterruptFlag.reset()
        var renderer = mode.makeRenderer(RenderOptions(headers: headers))
        var statementOptions = options
        if interactive { statementOptions.isInterrupted = InterruptFlag.isRaised }
        var notice: String?
        let out = resultOutput
        do {
            try engine.stream(
                sql: sql, options: statementOptions,
                columns: { (columns: [ResultColumn]) throws(QueryError) in out.write(renderer.begin(columns)) },
                row: { (row: [QueryValue]) throws(QueryError) in out.write(renderer.row(row)) },
                notice: { notice = $0 })
            out.write(renderer.end())
            if let notice { errors.write("(\(notice))\n") }
        } catch {
            hadError = true
            out.flush()
            // After Ctrl-C the terminal has echoed "^C": start the message on a line of its own.
            if error.code == .interrupted, interactive { errors.write("\n") }
            errors.write(ErrorReport.format(error, statement: sql, color: color))
            errors.flush()
        }
        if let clock { out.write(clock.report()) }
    }

    /// Runs one dot-command line (starting with `.`).
    func runCommand(_ line: String) -> DotCommand.Outcome {
        InterruptFlag.reset()
        let words = DotCommand.split(String(line.dropFirst()))
        guard let name = words.first, !name.isEmpty else {
            fail("empty command; enter \".help\" for a list of commands")
            return .proceed
        }
        guard let command = DotCommand.named(name) else {
            var message = "unknown command \".\(name)\""
            if let suggestion = Suggestions.closest(to: name, in: DotCommand.all.map(\.name)) {
                message += " (did you mean .\(suggestion)?)"
            }
            fail(message + ". Enter \".help\" for a list of commands")
            return .proceed
        }
        let arguments = Array(words.dropFirst())
        guard command.arity.contains(arguments.count) else {
            fail("usage: \(command.usage)")
            return .proceed
        }
        return command.run(self, arguments)
    }

    // MARK: Command implementations (called from `DotCommand.all`)

    func writeResult(_ text: String) {
        resultOutput.write(text)
    }

    func fail(_ message: String) {
        hadError = true
        resultOutput.flush()
        errors.write(ErrorReport.format(message: message, color: color))
        errors.flush()
    }

    private func onOff(_ word: String) -> Bool? {
        switch word.lowercased() {
        case "on", "yes", "true", "1": true
        case "off", "no", "false", "0": false
        default: nil
        }
    }

    func exit(_ code: String?) -> DotCommand.Outcome {
        guard let code else { return .quit }
        guard let status = Int32(code) else {
            fail("usage: .exit [CODE] (CODE is a number)")
            return .proceed
        }
        requestedExitCode = status
        return .quit
    }

    func setHeaders(_ word: String) -> DotCommand.Outcome {
        guard let value = onOff(word) else {
            fail("usage: .headers on|off")
            return .proceed
        }
        headers = value
        return .proceed
    }

    func setTimer(_ word: String) -> DotCommand.Outcome {
        guard let value = onOff(word) else {
            fail("usage: .timer on|off")
            return .proceed
        }
        timer = value
        return .proceed
    }

    func setMode(_ name: String?) -> DotCommand.Outcome {
        guard let name else {
            writeResult("current output mode: \(mode.name)\n")
            return .proceed
        }
        guard let newMode = OutputMode.named(name) else {
            let names = OutputMode.all.map(\.name)
            var message = "unknown mode \"\(name)\""
            if let suggestion = Suggestions.closest(to: name, in: names) { message += " (did you mean \(suggestion)?)" }
            fail(message + "; modes: " + names.joined(separator: ", "))
            return .proceed
        }
        mode = newMode
        return .proceed
    }

    func setOutput(_ path: String?) -> DotCommand.Outcome {
        resultOutput.flush()
        guard let path, path != "stdout", path != "-" else {
            resultOutput = standardOutput
            return .proceed
        }
        switch FileStreamOutput.open(path: path) {
        case let .success(file):
            resultOutput = file
        case let .failure(error):
            fail(error.description)
        }
        return .proceed
    }

    func readFile(_ path: String) -> DotCommand.Outcome {
        guard readDepth < REPL.maximumReadDepth else {
            fail(".read nested more than \(REPL.maximumReadDepth) deep (does \(path) read itself?)")
            return .proceed
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
            fail("cannot open \"\(path)\": \(reason)")
            return .proceed
        }
        readDepth += 1
        defer { readDepth -= 1 }
        return process(ScriptInput(text: String(decoding: data, as: UTF8.self)), isMain: false)
    }

    func showTables() -> DotCommand.Outcome {
        do {
            let names = try engine.tableSchemas().map(\.name)
            guard !names.isEmpty else {
                writeResult("(no tables)\n")
                return .proceed
            }
            writeResult(REPL.columns(names, width: 80))
        } catch {
            fail(error.message)
        }
        return .proceed
    }

    /// Names laid out in columns, filled top to bottom (as `ls` and sqlite's `.tables` do).
    static func columns(_ names: [String], width: Int) -> String {
        let cell = (names.map(\.count).max() ?? 0) + 2
        let perLine = max(1, width / cell)
        let rows = (names.count + perLine - 1) / perLine
        var out = ""
        for r in 0..<rows {
            var line = ""
            var c = 0
            while r + c * rows < names.count {
                let name = names[r + c * rows]
                let isLast = r + (c + 1) * rows >= names.count
                line += isLast ? name : name + String(repeating: " ", count: cell - name.count)
                c += 1
            }
            out += line + "\n"
        }
        return out
    }

    func showSchema(_ name: String?) -> DotCommand.Outcome {
        do {
            if let name {
                guard let schema = try engine.tableSchema(named: name, options: options) else {
                    let names = try engine.tableSchemas().map(\.name)
                    var message = "no such table: \(name)"
                    if let suggestion = Suggestions.closest(to: name, in: names) { message += " (did you mean \(suggestion)?)" }
                    fail(message)
                    return .proceed
                }
                writeResult(REPL.createStatement(schema))
            } else {
                for schema in try engine.tableSchemas() { writeResult(REPL.createStatement(schema)) }
            }
        } catch {
            fail(error.message)
        }
        return .proceed
    }

    /// A table's schema as a `CREATE TABLE` statement, with each column's doc as a comment, and a
    /// `CREATE INDEX` statement per secondary index.
    static func createStatement(_ schema: TableSchema) -> String {
        let nameWidth = schema.columns.map(\.name.count).max() ?? 0
        let typeWidth = (schema.columns.map { $0.type.name.count }.max() ?? 0) + 1
        var out = "CREATE TABLE \(schema.name) (" + (schema.doc.isEmpty ? "" : "  -- \(schema.doc)") + "\n"
        for column in schema.columns {
            var line = "  " + column.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + " "
            let type = column.type.name.uppercased() + ","
            if column.doc.isEmpty {
                line += type
            } else {
                line += type.padding(toLength: typeWidth, withPad: " ", startingAt: 0) + "  -- " + column.doc
            }
            out += line + "\n"
        }
        let key = schema.keyColumns.map { schema.columns[$0].name }.joined(separator: ", ")
        out += "  PRIMARY KEY (\(key))\n);\n"
        for index in schema.indexes {
            out += "CREATE INDEX \(index.name) ON \(schema.name) (" + index.columns.map { schema.columns[$0].name }.joined(separator: ", ") + ");\n"
        }
        return out
    }

    func setTenant(_ name: String?) -> DotCommand.Outcome {
        guard let name else {
            writeResult("tenant: " + (options.tenant ?? "all (no scope)") + "\n")
            return .proceed
        }
        options.tenant = name.lowercased() == "off" ? nil : name
        return .proceed
    }

    func setWhatIf(_ book: String?) -> DotCommand.Outcome {
        guard let book else {
            writeResult("what-if: " + (options.tableSet.map { "tables from the \($0) set" } ?? "off") + "\n")
            return .proceed
        }
        if book.lowercased() == "off" {
            options.tableSet = nil
            return .proceed
        }
        guard let whatifHook else {
            fail("what-if replay is not available in this session")
            return .proceed
        }
        do {
            let set = try whatifHook(book)
            options.tableSet = set.tableSet
            if let summary = set.summary { writeResult(summary + "\n") }
        } catch let error as QueryError {
            fail(error.message)
        } catch {
            fail(String(describing: error))
        }
        return .proceed
    }
}
