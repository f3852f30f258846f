import Dispatch
import Testing
@testable import Tally
import TallyStore

@Suite struct EventLogTests {
    @Test func appendAssignsGapFreePositionsAndReadsBack() throws {
        let store = TemporaryStore()
        let log = try store.open()
        let result = try log.append([interaction("a"), interaction("b", message: "m2"), interaction(nil)])
        #expect(result.appended == 3)
        #expect(result.duplicates == 0)
        #expect(result.positions == [1, 2, 3])
        #expect(try log.lastPosition == 3)
        let second = try log.append([interaction("c")])
        #expect(second.positions == [4])
        try log.read { reader in
            let event = try reader.event(at: 2)
            #expect(event?.id == "b")
            if case .interaction(let i)? = event?.payload {
                #expect(i.messageID == "m2")
                #expect(i.agent == "support")
                #expect(i.inputTokens == 1000)
            } else {
                Issue.record("expected an interaction")
            }
            #expect(try reader.event(at: 3)?.id?.count == 36) // generated UUID
            #expect(try reader.countsByType()[.interaction] == 4)
            #expect(try reader.positions(ofConversation: "c1") == [1, 2, 3, 4])
            #expect(try reader.appendTime(of: 4) != nil)
        }
    }

    @Test func sameBatchTwiceAppendsOnce() throws {
        let store = TemporaryStore()
        let log = try store.open()
        let batch = [interaction("x1"), interaction("x2"), interaction("x1")]
        let first = try log.append(batch)
        #expect(first.appended == 2)
        #expect(first.duplicates == 1)
        #expect(first.positions == [1, 2, 1])
        let again = try log.append(batch)
        #expect(again.appended == 0)
        #expect(again.duplicates == 3)
        #expect(try log.lastPosition == 2)
    }

    @Test func invalidEventRejectsWholeBatch() throws {
        let store = TemporaryStore()
        let log = try store.open()
        let bad = interaction("bad", input: 10, cached: 20)
        #expect(throws: AppendError.self) {
            try log.append([interaction("ok1"), bad, interaction("ok2")])
        }
        do {
            try log.append([interaction("ok1"), bad])
        } catch let error as AppendError {
            #expect(error.index == 1)
            #expect(error.field == "cached_input_tokens")
        }
        #expect(try log.lastPosition == 0)
        #expect(try log.read { try $0.position(ofID: "ok1") } == nil)
    }

    @Test func mapGrowsPastATinyInitialMap() throws {
        let store = TemporaryStore()
        let log = try store.open { $0.environment.initialMapSize = 1 << 20 }
        let before = log.environment.mapSize
        for batch in 0..<20 {
            let events = (0..<1000).map { i in interaction("g-\(batch)-\(i)", conversation: "c\(batch)-\(i % 50)", message: "m\(i)") }
            try log.append(events, durability: .bulk)
        }
        try log.sync()
        #expect(try log.lastPosition == 20_000)
        #expect(log.environment.mapSize > before)
        // Transactions retried after the map grew leave projections equal to a fresh rebuild.
        #expect(try log.verify().isClean)
    }

    @Test func groupedAppendsFromManyTasksAreAllStored() async throws {
        let store = TemporaryStore()
        let log = try store.open()
        try await withThrowingTaskGroup(of: AppendResult.self) { group in
            for task in 0..<32 {
                group.addTask { try await log.append([interaction("t\(task)", conversation: "c\(task)")]) }
            }
            var total = 0
            for try await result in group { total += result.appended }
            #expect(total == 32)
        }
        #expect(try log.lastPosition == 32)
        let sync = try log.append([interaction("s1")], durability: .grouped)
        #expect(sync.positions == [33])
    }

    @Test func reopeningKeepsEverything() throws {
        let store = TemporaryStore()
        do {
            let log = try store.open()
            try log.append([interaction("a"), interaction("b")])
        }
        let log = try store.open()
        #expect(try log.lastPosition == 2)
        let result = try log.append([interaction("a"), interaction("c")])
        #expect(result.duplicates == 1)
        #expect(result.positions == [1, 3])
    }
}

@Suite struct EventLogConcurrencyTests {
    @Test func durableAppendsFromManyThreadsAreAllStoredOnce() throws {
        let store = TemporaryStore()
        let log = try store.open()
        let threads = 8
        let batches = 12
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            for b in 0..<batches {
                let events = (0..<50).map { i in interaction("t\(t)-b\(b)-\(i)", conversation: "conv-\(t)-\(b % 3)", message: "m\(i)", user: "user-\(t)-\(i % 4)", agent: "agent\(i % 3)") }
                _ = try? log.append(events, durability: b % 2 == 0 ? .durable : .grouped)
            }
        }
        #expect(try log.lastPosition == UInt64(threads * batches * 50))
        #expect(try log.verify().isClean)
    }
}
