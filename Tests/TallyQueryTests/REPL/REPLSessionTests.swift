import Foundation
import Testing
@testable import TallyQuery

/// The shell's behaviour in piped and interactive sessions: prompts, errors, commands, files.
@Suite struct REPLSessionTests {
    @Test func pipedSessionsPrintNoBannerAndNoPrompt() {
        let s = Session.run(".mode csv\nSELECT 1 AS x;\n")
        #expect(s.output == "x\r\n1\r\n")
    }

    @Test func interactiveSessionsShowTheBanner() {
        let s = Session.run(".mode csv\nSELECT 1 AS x;\n", interactive: true)
        #expect(s.output == "banner\nx\r\n1\r\n")
    }

    @Test func continuationPromptForUnfinishedStatements() {
        let s = Session.run("SELECT\n  1\n  AS x;\n.mode csv\nSELECT 2; SELECT\n3;\n")
        #expect(s.prompts == ["tally> ", "   ...> ", "   ...> ", "tally> ", "tally> ", "   ...> ", "tally> "])
    }

    @Test func aFinalStatementWithoutSemicolonStillRuns() {
        #expect(Session.run(".mode csv\n.headers off\nSELECT 42").output == "42\r\n")
    }

    @Test func dotCommandsAreOneLineAndOnlyAtTheStartOfAStatement() {
        // ".mode csv" inside an unfinished statement is SQL text, not a command.
        let s = Session.run("SELECT\n.mode csv\n;\n")
        #expect(s.errors.hasPrefix("Error: line 2: near \".\": syntax error"))
    }

    @Test func errorsPointAtTheOffendingToken() {
        let s = Session.run("SELECT agnet, count(*) FROM agent_days GROUP BY agent;\n")
        #expect(s.errors == """
            Error: no such column: agnet (did you mean agent?)
              SELECT agnet, count(*) FROM agent_days GROUP BY agent
                     ^~~~~

            """)
        #expect(s.output == "")
        #expect(s.status == 1)
    }

    @Test func errorsInMultiLineStatementsNameTheLine() {
        let s = Session.run("SELECT agent,\n       sum(cost_usd)\n  FROM agent_dayz\n GROUP BY agent;\n")
        #expect(s.errors == """
            Error: line 3: no such table: agent_dayz (did you mean agent_days?); tables: agent_days, conversations, events
                FROM agent_dayz
                     ^~~~~~~~~~

            """)
    }

    @Test func syntaxErrorCaret() {
        let s = Session.run("SELECT agent FORM agent_days;\n")
        #expect(s.errors == """
            Error: near "FORM": syntax error (did you mean FROM?)
              SELECT agent FORM agent_days
                           ^~~~

            """)
    }

    @Test func errorsDoNotStopTheSession() {
        let s = Session.run(".mode csv\n.headers off\nSELECT nope;\nSELECT 1;\n")
        #expect(s.output == "1\r\n")
        #expect(s.status == 1)
    }

    @Test func interactiveSessionsExitCleanlyAfterErrors() {
        #expect(Session.run("SELECT nope;\n", interactive: true).status == 0)
    }

    @Test func quitAndExitStopReading() {
        #expect(Session.run(".mode csv\n.headers off\nSELECT 1;\n.quit\nSELECT 2;\n").output == "1\r\n")
        #expect(Session.run(".mode csv\n.headers off\nSELECT 1;\n.exit\nSELECT 2;\n").output == "1\r\n")
        #expect(Session.run(".exit 3\nSELECT 2;\n").status == 3)
        #expect(Session.run(".exit soon\n").errors == "Error: usage: .exit [CODE] (CODE is a number)\n")
    }

    @Test func unknownCommandSuggestsAndPointsToHelp() {
        let s = Session.run(".tabels\n.frobnicate\n")
        #expect(s.errors == """
            Error: unknown command ".tabels" (did you mean .tables?). Enter ".help" for a list of commands
            Error: unknown command ".frobnicate". Enter ".help" for a list of commands

            """)
    }

    @Test func wrongArgumentCountShowsUsage() {
        #expect(Session.run(".schema a b\n").errors == "Error: usage: .schema [TABLE]\n")
        #expect(Session.run(".read\n").errors == "Error: usage: .read FILE\n")
    }

    @Test func helpListsEveryRegisteredCommand() {
        let help = Session.run(".help\n").output
        for command in DotCommand.all {
            #expect(help.contains(command.usage + " "), "missing \(command.name)")
            #expect(help.contains(command.summary))
        }
        #expect(help.split(separator: "\n").count == DotCommand.all.count)
        #expect(help.hasPrefix(".exit [CODE] "))
    }

    @Test func tablesInColumns() {
        #expect(Session.run(".tables\n").output == "agent_days     conversations  events\n")
        #expect(REPL.columns(["a", "bb", "ccc", "d", "e"], width: 12) == "a    d\nbb   e\nccc\n")
        #expect(Session.run(".tables\n", engine: QueryEngine(catalog: InMemoryCatalog())).output == "(no tables)\n")
    }

    @Test func schemaOfOneTable() {
        #expect(Session.run(".schema events\n").output == """
            CREATE TABLE events (  -- the raw log
              position        INTEGER,
              ts              TIMESTAMP,
              tenant          TEXT,
              type            TEXT,
              conversation_id TEXT,
              latency_ms      INTEGER,
              PRIMARY KEY (position)
            );

            """)
        #expect(Session.run(".schema event\n").errors == "Error: no such table: event (did you mean events?)\n")
        #expect(Session.run(".schema\n").output.components(separatedBy: "CREATE TABLE").count == 4)
    }

    @Test func readRunsAFile() throws {
        let path = NSTemporaryDirectory() + "tally-read-\(UUID().uuidString).sql"
        try ".mode csv\n.headers off\n-- a script\nSELECT count(*)\n  FROM events;\nSELECT 'done';\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let s = Session.run(".read \(path)\nSELECT 'after';\n")
        #expect(s.output == "1000\r\ndone\r\nafter\r\n")
        #expect(Session.run(".read /nonexistent/file.sql\n").errors == "Error: cannot open \"/nonexistent/file.sql\": no such file\n")
    }

    @Test func readRefusesToRecurseForever() throws {
        let path = NSTemporaryDirectory() + "tally-loop-\(UUID().uuidString).sql"
        try ".read \(path)\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let s = Session.run(".read \(path)\n")
        #expect(s.errors == "Error: .read nested more than 16 deep (does \(path) read itself?)\n")
    }

    @Test func outputToAFileAndBack() throws {
        let path = NSTemporaryDirectory() + "tally-out-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let s = Session.run(".mode csv\n.headers off\n.output \(path)\nSELECT 1;\n.output stdout\nSELECT 2;\n")
        #expect(s.output == "2\r\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "1\r\n")
        #expect(Session.run(".output /nonexistent/dir/x\n").errors == "Error: cannot open \"/nonexistent/dir/x\": No such file or directory\n")
    }

    @Test func ctrlCDropsTheStatementBeingTyped() {
        let output = StringOutput()
        let input = ScriptInput(inputs: [.line("SELECT 1 +"), .interrupt, .line(".mode csv"), .line("SELECT 2;")])
        let repl = REPL(engine: Fixtures.engine(), input: input, output: output, interactive: true, banner: "")
        repl.run()
        #expect(output.text == "2\r\n2\r\n")
        #expect(input.prompts == ["tally> ", "   ...> ", "tally> ", "tally> ", "tally> "])
    }

    @Test func emptyStoreNoteGoesToTheErrorStream() throws {
        let catalog = InMemoryCatalog(tables: [try InMemoryTable(schema: Fixtures.eventsSchema, rows: [])], emptyStoreNotice: "the store is empty: run 'tally demo'")
        let s = Session.run(".mode csv\nSELECT * FROM events;\n", engine: QueryEngine(catalog: catalog))
        #expect(s.output == "position,ts,tenant,type,conversation_id,latency_ms\r\n")
        #expect(s.errors == "(the store is empty: run 'tally demo')\n")
    }

    @Test func colourOnlyWhenAskedFor() {
        let output = StringOutput()
        let repl = REPL(engine: Fixtures.engine(), input: ScriptInput(text: "SELECT nope;\n"), output: output, interactive: false, color: true)
        repl.run()
        #expect(output.text.hasPrefix("\u{1B}[1;31mError:\u{1B}[0m no such column: nope"))
        #expect(Terminal.colorAllowed(environment: ["NO_COLOR": "1"]) == false)
        #expect(Terminal.colorAllowed(environment: ["NO_COLOR": ""]) == true)
        #expect(Terminal.colorAllowed(environment: ["TERM": "dumb"]) == false)
    }

    @Test func dotCommandWordsAndQuotes() {
        #expect(DotCommand.split("read 'my file.sql'") == ["read", "my file.sql"])
        #expect(DotCommand.split("  mode   csv ") == ["mode", "csv"])
        #expect(DotCommand.split("tenant \"\"") == ["tenant", ""])
    }
}
