import Foundation
import Testing

@Suite struct REPLTenantSessionTests {
    @Test func tenantScoping() throws {
        let dir = try REPLSession.store()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try REPLSession.session(dir, ".mode csv\n.tenant acme\nSELECT agent, interactions, errors FROM agent_days;\n.tenant off\nSELECT count(*) AS n FROM conversations;\n")
        #expect(r.stdout == "agent,interactions,errors\r\nsales,1,1\r\nn\r\n2\r\n", "\(r.stdout)\(r.stderr)")
    }
}
