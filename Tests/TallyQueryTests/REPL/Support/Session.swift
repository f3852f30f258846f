@testable import TallyQuery

/// A scripted REPL session: what it printed on each stream, its exit status, its prompts.
struct Session {
    var output: String
    var errors: String
    var status: Int32
    var prompts: [String]
    var repl: REPL

    /// Runs `script` as piped input (not interactive) unless told otherwise.
    static func run(
        _ script: String, engine: QueryEngine = Fixtures.engine(), interactive: Bool = false,
        whatifHook: WhatIfHook? = nil, history: History? = nil
    ) -> Session {
        let output = StringOutput()
        let errors = StringOutput()
        let input = ScriptInput(text: script)
        let repl = REPL(
            engine: engine, input: input, output: output, errors: errors, interactive: interactive,
            whatifHook: whatifHook, banner: interactive ? "banner\n" : nil, history: history)
        let status = repl.run()
        return Session(output: output.text, errors: errors.text, status: status, prompts: input.prompts, repl: repl)
    }
}
