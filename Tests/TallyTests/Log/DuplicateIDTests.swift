import Testing
@testable import Tally

/// An id already stored, sent again with different content: the log keeps the first event as it
/// was, reports the new one as a duplicate with the stored position, and stores nothing of it —
/// in the same batch and across batches. (Ids make retries idempotent; the content is not
/// compared, so a client that reuses an id for another event loses that event — reported only
/// as a duplicate. See RELIABILITY.md.)
@Suite struct DuplicateIDTests {
    @Test func aDuplicateIDWithDifferentContentKeepsTheFirstEvent() throws {
        let store = TemporaryStore()
        let log = try store.open()
        let first = try log.append([interaction("d1", input: 1_000), interaction("d2", input: 7)])
        #expect(first.appended == 2)
        let conflicting = try log.append([interaction("d1", model: "gpt-4o-mini", input: 999_999, output: 1), interaction("d3")])
        #expect(conflicting.appended == 1)
        #expect(conflicting.duplicates == 1)
        #expect(conflicting.positions == [1, 3])
        let sameBatch = try log.append([interaction("d4", input: 5), interaction("d4", input: 6)])
        #expect(sameBatch.appended == 1 && sameBatch.duplicates == 1)
        try log.read { reader in
            guard case .interaction(let kept)? = try reader.event(at: 1)?.payload else { Issue.record("no event 1"); return }
            #expect(kept.inputTokens == 1_000 && kept.model == "gpt-4o")
            guard case .interaction(let d4)? = try reader.event(at: 4)?.payload else { Issue.record("no event 4"); return }
            #expect(d4.inputTokens == 5)
        }
        try log.readProjections { p in
            let c = try #require(try p.conversation("c1"))
            #expect(c.usage.interactions == 4)
            #expect(c.usage.inputTokens == 1_000 + 7 + 1_000 + 5)
        }
        #expect(try log.verify().isClean)
    }
}
