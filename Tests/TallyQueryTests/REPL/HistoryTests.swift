import Foundation
import Testing
@testable import TallyQuery

/// History across sessions: the file's location, entries written, trimmed to 2,000.
@Suite struct HistoryTests {
    func temporaryPath() -> String {
        NSTemporaryDirectory() + "tally-history-\(UUID().uuidString)/nested/history"
    }

    @Test func pathFromTheEnvironment() {
        #expect(History.defaultPath(environment: ["TALLY_HISTORY": "/x/h", "XDG_STATE_HOME": "/s", "HOME": "/home/u"]) == "/x/h")
        #expect(History.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/home/u"]) == "/s/tally/history")
        #expect(History.defaultPath(environment: ["HOME": "/home/u"]) == "/home/u/.local/state/tally/history")
        #expect(History.defaultPath(environment: ["TALLY_HISTORY": "", "HOME": "/home/u"]) == "/home/u/.local/state/tally/history")
        #expect(History.defaultPath(environment: [:]) == nil)
    }

    @Test func anInteractiveSessionWritesEveryEntry() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let s = Session.run(".mode csv\nSELECT 1;\nSELECT\n  2;\n\nSELECT 2;\n", interactive: true, history: History(path: path))
        #expect(s.repl.historyEntries == [".mode csv", "SELECT 1;", "SELECT   2;", "SELECT 2;"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == ".mode csv\nSELECT 1;\nSELECT   2;\nSELECT 2;\n")
        // The next session starts with them.
        #expect(History(path: path).entries.count == 4)
    }

    @Test func pipedSessionsKeepNoHistory() throws {
        let path = temporaryPath()
        _ = Session.run("SELECT 1;\n", interactive: false, history: History(path: path))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func trimmedToTheLimit() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        var seed = History(path: path)
        for i in 0..<2100 { seed.add("SELECT \(i);") }
        #expect(seed.entries.count == 2000)
        try seed.save()
        let loaded = History(path: path)
        #expect(loaded.entries.first == "SELECT 100;")
        #expect(loaded.entries.last == "SELECT 2099;")
        let s = Session.run("SELECT 'new';\n", interactive: true, history: loaded)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2000)
        #expect(lines.first == "SELECT 101;")
        #expect(lines.last == "SELECT 'new';")
        #expect(s.repl.historyEntries.count == 2000)
    }

    @Test func repeatsAndBlanksAreSkipped() {
        var h = History(path: nil, limit: 3)
        let added = [h.add("a"), h.add("a"), h.add("   "), h.add("b\nc")]
        #expect(added == [true, false, false, true])
        h.add("d")
        h.add("e")
        #expect(h.entries == ["b c", "d", "e"])
    }

    @Test func unwritableHistoryWarnsOnce() {
        let s = Session.run("SELECT 1;\nSELECT 2;\n", interactive: true, history: History(path: "/proc/forbidden/history"))
        #expect(s.errors.components(separatedBy: "warning: cannot save history to /proc/forbidden/history").count == 2)
    }
}
