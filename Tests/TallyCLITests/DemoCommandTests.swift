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

        let verify = try CLIRunner.run(["verify", "--store", "store"], in: dir)
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.hasPrefix("ok: 6,000 events"))

        let second = try CLIRunner.run(["demo", "--events", "6000", "--store", "store"], in: dir)
        #expect(second.status == 0)
        #expect(second.stdout.contains("Reusing store: all 6,000 demo events were already stored"))
        let count = try CLIRunner.run(["query", "--store", "store", "--format", "csv", "SELECT count(*) AS n FROM events"], in: dir)
        #expect(count.stdout == "n\r\n6000\r\n")
    }
}
