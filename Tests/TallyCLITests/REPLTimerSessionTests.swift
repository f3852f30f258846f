import Foundation
import Testing

@Suite struct REPLTimerSessionTests {
    @Test func timer() throws {
        let dir = try REPLSession.store()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try REPLSession.session(dir, ".timer on\n.mode csv\nSELECT count(*) AS n FROM events;\n")
        #expect(r.stdout.hasPrefix("n\r\n5\r\n"))
        #expect(r.stdout.contains(/Run Time: real \d+\.\d+ user \d+\.\d+ sys \d+\.\d+/))
    }
}
