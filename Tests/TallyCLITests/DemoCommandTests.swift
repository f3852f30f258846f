import Foundation
import Testing

@Suite(.serialized) struct DemoCommandTests {
    @Test func demoOnAnEmptyDirectoryBuildsAVerifiedStoreAndReusesItOnASecondRun() throws {
        let dir = CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try CLIRunner.run(["demo", "--events", "6000", "--store", "store"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Cost by agent"))
        #expect(first.stdout.contains("Best model per task"))
        #expect(FileManager.default.fileExists(atPath: dir + "/tally-report.html"))
        let html = try String(contentsOfFile: dir + "/tally-report.html", encoding: .utf8)
        #expect(html.contains("<svg"))
        #expect(!html.contains("http://") || html.contains("http://www.w3.org/2000/svg"))

        let stats = try CLIRunner.run(["stats", "--store", "store"], in: dir)
        #expect(stats.stdout.contains("what-if sets whatif  (derived/"), "\(stats.stdout)")

        let verify = try CLIRunner.run(["verify", "--store", "store"], in: dir)
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.hasPrefix("ok: 6,000 events"))

        let second = try CLIRunner.run(["demo", "--events", "6000", "--store", "store"], in: dir)
        #expect(second.status == 0)
        #expect(second.stdout.contains("Reusing store: all 6,000 demo events were already stored"))
        let count = try CLIRunner.run(["query", "--store", "store", "--format", "csv", "SELECT count(*) AS n FROM events"], in: dir)
        #expect(count.stdout == "n\r\n6000\r\n")
    }

    /// The same ids with other content are a conflict: a demo with other settings over an
    /// existing one is refused with advice, stores nothing, and `--fresh` builds it anew.
    @Test func aDemoWithOtherSettingsOverAnExistingOneIsRefusedUntilFresh() throws {
        let dir = CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try CLIRunner.run(["demo", "--events", "3000", "--store", "store"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let other = try CLIRunner.run(["demo", "--events", "3000", "--days", "5", "--store", "store"], in: dir)
        #expect(other.status != 0)
        #expect(other.stderr.contains("already holds a demo built with other settings"))
        #expect(other.stderr.contains("--fresh"))
        let count = try CLIRunner.run(["query", "--store", "store", "--format", "csv", "SELECT count(*) AS n FROM events"], in: dir)
        #expect(count.stdout == "n\r\n3000\r\n")
        let fresh = try CLIRunner.run(["demo", "--events", "3000", "--days", "5", "--fresh", "--store", "store"], in: dir)
        #expect(fresh.status == 0, "\(fresh.stderr)")
    }
}
