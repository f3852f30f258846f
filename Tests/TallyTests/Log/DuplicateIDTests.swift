import Testing
import TallyStore
@testable import Tally

/// Ids make retries idempotent: an id sent again with the same content is a duplicate (not stored
/// again, reported with the stored position); the same id with different content is a conflict
/// that rejects the whole batch, naming the stored position and what differs (see RELIABILITY.md).
@Suite struct DuplicateIDTests {
    /// The conflict an append threw (or an issue when it threw something else, or nothing).
    private func conflict(_ body: () throws -> Void) -> AppendError? {
        do {
            try body()
            Issue.record("the append did not throw")
        } catch let error as AppendError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
        }
        return nil
    }

    @Test func aSameIDWithDifferentContentRejectsTheBatchAndKeepsTheFirstEvent() throws {
        let store = TemporaryStore()
        let log = try store.open()
        let first = try log.append([interaction("d1", input: 1_000), interaction("d2", input: 7)])
        #expect(first.appended == 2)
        let error = conflict {
            try log.append([interaction("d3"), interaction("d1", model: "gpt-4o-mini", input: 999_999, output: 1), interaction("d4")])
        }
        #expect(error?.index == 1)
        #expect(error?.field == "id")
        #expect(error?.conflict == IDConflict(index: 1, id: "d1", holder: .stored(position: 1), differingFields: ["model", "input_tokens", "output_tokens"]))
        #expect(error?.reason == #"id "d1" is already stored at position 1 with different content (model, input_tokens, output_tokens differ); a retry must resend the same event"#)
        // Nothing of the batch is stored, and the first event is unchanged.
        #expect(try log.lastPosition == 2)
        #expect(try log.read { try $0.position(ofID: "d3") } == nil)
        try log.read { reader in
            guard case .interaction(let kept)? = try reader.event(at: 1)?.payload else { Issue.record("no event 1"); return }
            #expect(kept.inputTokens == 1_000 && kept.model == "gpt-4o")
        }
        try log.readProjections { p in
            let c = try #require(try p.conversation("c1"))
            #expect(c.usage.interactions == 2)
            #expect(c.usage.inputTokens == 1_000 + 7)
        }
        // The log still takes appends, and the retry of the real event is a duplicate.
        let next = try log.append([interaction("d3"), interaction("d1", input: 1_000)])
        #expect(next.appended == 1 && next.duplicates == 1 && next.positions == [3, 1])
        #expect(try log.verify().isClean)
    }

    /// Each kind of difference a client can send is a conflict naming the field.
    @Test(arguments: [
        ("model", tagged(interaction("k1", model: "claude-sonnet-4")), ["model"]),
        ("tokens", tagged(interaction("k1", input: 1_001)), ["input_tokens"]),
        ("output and cached tokens", tagged(interaction("k1", output: 201, cached: 5)), ["output_tokens", "cached_input_tokens"]),
        ("ts", tagged(interaction("k1", ts: "2026-11-01T10:00:00.001Z")), ["ts"]),
        ("tenant", tagged(interaction("k1", tenant: "acme")), ["tenant"]),
        ("an optional field left out", tagged(interaction("k1", latency: nil)), ["latency_ms"]),
        ("attribute value", withAttributes(interaction("k1"), ["region": "us", "tier": "gold"]), ["attributes.region"]),
        ("attribute added", withAttributes(interaction("k1"), ["region": "eu", "tier": "gold", "beta": "1"]), ["attributes.beta"]),
        ("attributes dropped", interaction("k1"), ["attributes.region", "attributes.tier"]),
        ("type", Event(id: "k1", ts: Timestamp(milliseconds: 0), payload: .rating(Rating(conversationID: "c1", score: .stars(4)))), ["type"]),
    ])
    func everyDifferenceIsAConflictNamingTheField(_ label: String, _ resent: Event, _ fields: [String]) throws {
        let store = TemporaryStore()
        let log = try store.open()
        let stored = tagged(interaction("k1"))
        try log.append([stored])
        let error = conflict { try log.append([resent]) }
        #expect(error?.conflict?.differingFields == fields, "\(label)")
        #expect(error?.conflict?.holder == .stored(position: 1), "\(label)")
        #expect(try log.lastPosition == 1)
        // The same event again (attributes built in another order) is a duplicate.
        let retry = try log.append([withAttributes(interaction("k1"), ["tier": "gold", "region": "eu"])])
        #expect(retry.duplicates == 1 && retry.positions == [1], "\(label)")
    }

    @Test func ratingsBudgetsAndDeploymentsCompareEveryField() throws {
        let store = TemporaryStore()
        let log = try store.open()
        let ts = Timestamp(milliseconds: 1_790_000_000_000)
        let rating = Event(id: "r1", ts: ts, payload: .rating(Rating(conversationID: "c1", raterID: "u1", score: .stars(4), failureTags: ["slow"])))
        let budget = Event(id: "b1", ts: ts, payload: .budget(Budget(scope: .agent, scopeID: "support", period: .month, amount: Money(picodollars: 5_000_000_000_000))))
        let deployment = Event(id: "p1", ts: ts, payload: .deployment(Deployment(model: "m", provider: "openai", action: .deployed, version: "1")))
        try log.append([rating, budget, deployment])
        let thumbs = Event(id: "r1", ts: ts, payload: .rating(Rating(conversationID: "c1", raterID: "u1", score: .thumbs(1), failureTags: ["slow", "wrong"])))
        #expect(conflict { try log.append([thumbs]) }?.conflict?.differingFields == ["stars", "thumbs", "failure_tags"])
        let bigger = Event(id: "b1", ts: ts, payload: .budget(Budget(scope: .agent, scopeID: "support", period: .month, amount: Money(picodollars: 6_000_000_000_000))))
        #expect(conflict { try log.append([bigger]) }?.conflict?.differingFields == ["amount_usd"])
        let retired = Event(id: "p1", ts: ts, payload: .deployment(Deployment(model: "m", provider: "openai", action: .retired, version: "2")))
        #expect(conflict { try log.append([retired]) }?.conflict?.differingFields == ["action", "version"])
        let again = try log.append([rating, budget, deployment])
        #expect(again.duplicates == 3 && again.positions == [1, 2, 3])
    }

    @Test func aConflictWithinOneBatchRejectsIt() throws {
        let store = TemporaryStore()
        let log = try store.open()
        let error = conflict {
            try log.append([interaction("d4", input: 5), interaction("x"), interaction("d4", input: 6)])
        }
        #expect(error?.index == 2)
        #expect(error?.conflict?.holder == .earlierInBatch(index: 0))
        #expect(error?.reason == #"id "d4" is already used by event 0 of this batch with different content (input_tokens differs); each event needs its own id"#)
        #expect(try log.lastPosition == 0)
        // The same event twice in a batch stays a duplicate.
        let twice = try log.append([interaction("d4", input: 5), interaction("x"), interaction("d4", input: 5)])
        #expect(twice.appended == 2 && twice.duplicates == 1 && twice.positions == [1, 2, 1])
    }

    @Test func aRetryIsADuplicateAcrossAReopenWhateverOrderNamesWereInternedIn() throws {
        let store = TemporaryStore()
        let original = [
            withAttributes(interaction("r1", user: "alice", agent: "triage", model: "m-a", tenant: "t1"), ["k1": "v1", "k2": "v2"]),
            interaction("r2", conversation: "c2", user: "bob", agent: "billing", model: "m-b", tenant: "t2"),
        ]
        do {
            let log = try store.open()
            try log.append(original)
        }
        // A second process (a fresh log: an empty symbol cache) interns new names first, in another
        // order, then retries — in its own batch and after new names in the same batch.
        let log = try store.open()
        try log.append([interaction("n1", conversation: "c9", user: "zed", agent: "zz-agent", model: "m-z", tenant: "t9")])
        let retry = try log.append([
            interaction("n2", conversation: "c8", user: "yan", agent: "yy-agent", model: "m-y", tenant: "t8"),
            withAttributes(interaction("r1", user: "alice", agent: "triage", model: "m-a", tenant: "t1"), ["k2": "v2", "k1": "v1"]),
            original[1],
        ])
        #expect(retry.appended == 1 && retry.duplicates == 2)
        #expect(retry.positions == [4, 1, 2])
        // A difference is still found through the stored symbol index (the cache is cold for it).
        let reopened = try store.open()
        let error = conflict { try reopened.append([interaction("r2", conversation: "c2", user: "bob", agent: "triage", model: "m-b", tenant: "t2")]) }
        #expect(error?.conflict?.differingFields == ["agent"])
        #expect(try reopened.verify().isClean)
    }

    @Test func aConflictCreatesNoSymbols() throws {
        let store = TemporaryStore()
        let log = try store.open()
        try log.append([interaction("s1")])
        let symbolsBefore = try log.read { try $0.txn.count(log.schema.symbols) }
        _ = conflict { try log.append([interaction("s2", model: "brand-new-model"), interaction("s1", agent: "brand-new-agent")]) }
        #expect(try log.read { try $0.txn.count(log.schema.symbols) } == symbolsBefore)
        #expect(try log.read { try $0.symbols.symbol(of: "brand-new-model") } == nil)
        // The abandoned names left no trace in the writer's cache either.
        try log.append([interaction("s3", agent: "brand-new-agent", model: "brand-new-model")])
        try log.read { reader in
            guard case .interaction(let i)? = try reader.event(at: 2)?.payload else { Issue.record("no event 2"); return }
            #expect(i.model == "brand-new-model" && i.agent == "brand-new-agent")
        }
        #expect(try log.verify().isClean)
    }

    @Test func aDifferenceOfRepresentationOnlyIsADuplicate() throws {
        let store = TemporaryStore()
        let log = try store.open()
        var zero = interaction("z1")
        var negativeZero = interaction("z1")
        if case .interaction(var i) = zero.payload { i.confidence = 0.0; zero.payload = .interaction(i) }
        if case .interaction(var i) = negativeZero.payload { i.confidence = -0.0; negativeZero.payload = .interaction(i) }
        try log.append([zero])
        let again = try log.append([negativeZero])
        #expect(again.duplicates == 1 && again.positions == [1])
    }

    @Test func groupCommitRejectsOnlyTheConflictingBatches() throws {
        let store = TemporaryStore()
        let log = try store.open()
        try log.append([interaction("d1")])
        let batches = try [
            PreparedBatch([interaction("a1"), interaction("a2")]),
            PreparedBatch([interaction("d1", model: "other")]), // conflicts with the stored d1
            PreparedBatch([interaction("c1"), interaction("a1")]), // a1 again, same content: a duplicate
            PreparedBatch([interaction("a2", input: 1)]), // conflicts with a2 from the first batch
            PreparedBatch([interaction("e1"), interaction("d1")]),
        ]
        let results = try log.commit(batches, durability: .synced)
        #expect(results.count == 5)
        #expect(try results[0].get().positions == [2, 3])
        #expect(results[1].failure?.conflict?.holder == .stored(position: 1))
        #expect(try results[2].get().positions == [4, 2])
        #expect(results[3].failure?.conflict == IDConflict(index: 0, id: "a2", holder: .stored(position: 3), differingFields: ["input_tokens"]))
        #expect(try results[4].get().positions == [5, 1])
        #expect(try log.lastPosition == 5)
        #expect(try log.verify().isClean)
    }

    @Test func groupedAppendsFromManyTasksFailOnlyTheConflictingOnes() async throws {
        let store = TemporaryStore()
        let log = try store.open()
        try log.append((0..<8).map { interaction("held-\($0)") }, durability: .durable)
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
            for n in 0..<64 {
                group.addTask {
                    // Every 8th task reuses a stored id for another event.
                    let event = n % 8 == 0 ? interaction("held-\(n / 8)", input: 5) : interaction("task-\(n)")
                    do {
                        try await log.append([event])
                        return (n, true)
                    } catch let error as AppendError {
                        return (n, error.conflict?.holder != .stored(position: UInt64(n / 8 + 1)))
                    } catch {
                        return (n, true)
                    }
                }
            }
            var results: [Int: Bool] = [:]
            for await (n, stored) in group { results[n] = stored }
            return results
        }
        #expect(outcomes.count == 64)
        #expect(outcomes.filter { !$0.value }.keys.sorted() == Array(stride(from: 0, to: 64, by: 8)))
        #expect(try log.lastPosition == 8 + 56)
        // The synchronous grouped path reports the conflict too.
        #expect(conflict { try log.append([interaction("held-0", model: "x")], durability: .grouped) }?.field == "id")
        #expect(try log.verify().isClean)
    }

    @Test func idConflictsListsEveryConflictWithoutAppending() throws {
        let store = TemporaryStore()
        let log = try store.open()
        try log.append([interaction("s1"), interaction("s2")])
        let events = [
            interaction("n1"),
            interaction("s1"), // a retry
            interaction("s2", model: "other"), // conflicts with the store
            interaction("n1", input: 3), // conflicts with event 0
            interaction("n1"), // a duplicate of event 0
            interaction(nil, input: 4), // no id: never a conflict
            interaction("s2", input: 9), // conflicts with the store (event 2 does not hold it)
        ]
        let conflicts = try log.idConflicts(in: events)
        #expect(conflicts == [
            IDConflict(index: 2, id: "s2", holder: .stored(position: 2), differingFields: ["model"]),
            IDConflict(index: 3, id: "n1", holder: .earlierInBatch(index: 0), differingFields: ["input_tokens"]),
            IDConflict(index: 6, id: "s2", holder: .stored(position: 2), differingFields: ["input_tokens"]),
        ])
        #expect(try log.lastPosition == 2)
        // An empty store has only conflicts within the list.
        let empty = try TemporaryStore().open()
        #expect(try empty.idConflicts(in: events).map(\.index) == [3, 6])
    }

    @Test func theReasonListsAtMostEightFields() {
        let many = IDConflict(index: 0, id: "x", holder: .stored(position: 9), differingFields: (1...10).map { "f\($0)" })
        #expect(many.reason == #"id "x" is already stored at position 9 with different content (f1, f2, f3, f4, f5, f6, f7, f8 and 2 more fields differ); a retry must resend the same event"#)
    }
}

/// `event` (an interaction) with the attributes region=eu, tier=gold.
private func tagged(_ event: Event) -> Event {
    withAttributes(event, ["region": "eu", "tier": "gold"])
}

/// `event` (an interaction) with `attributes`.
private func withAttributes(_ event: Event, _ attributes: [String: String]) -> Event {
    var copy = event
    if case .interaction(var i) = copy.payload {
        i.attributes = attributes
        copy.payload = .interaction(i)
    }
    return copy
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
