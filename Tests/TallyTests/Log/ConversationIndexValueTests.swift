import Testing
import TallyStore
@testable import Tally

/// The conversation index's values let a message-level rating find its interaction without
/// decoding every event of the conversation; stores written before them (empty values) give the
/// same projections.
@Suite struct ConversationIndexValueTests {
    @Test func layoutAndHash() {
        #expect(ConversationIndexValue.messageHash("".utf8) == 0x811C_9DC5)
        #expect(ConversationIndexValue.messageHash("a".utf8) == 0xE40C_292C) // FNV-1a reference value
        var value = [UInt8]()
        ConversationIndexValue.encode(type: .rating, messageID: nil, into: &value)
        #expect(value == [0])
        ConversationIndexValue.encode(type: .interaction, messageID: nil, into: &value)
        #expect(value == [1])
        ConversationIndexValue.encode(type: .interaction, messageID: "a", into: &value)
        #expect(value == [3, 0x2C, 0x29, 0x0C, 0xE4])
        value.withUnsafeBytes { raw in
            #expect(ConversationIndexValue.mayBeMessage(raw, hash: 0xE40C_292C))
            #expect(!ConversationIndexValue.mayBeMessage(raw, hash: 0xE40C_292D))
        }
        [UInt8(1)].withUnsafeBytes { #expect(!ConversationIndexValue.mayBeMessage($0, hash: 0xE40C_292C)) }
        [UInt8]().withUnsafeBytes { #expect(ConversationIndexValue.mayBeMessage($0, hash: 0)) } // an older entry: read the event
    }

    /// The append reads the index entry from the record it has just encoded; it must be the one
    /// the event itself calls for (what `tally verify` checks stored entries against).
    @Test(arguments: [UInt64(5), 6])
    func entryReadFromTheRecordMatchesTheEvent(seed: UInt64) throws {
        var names = EventCodecFuzzTests.Names()
        var withConversation = 0
        for event in randomEvents(seed: seed, count: 2000) {
            var writer = ByteWriter()
            try EventCodec.encode(event, id: event.id ?? "x", into: &writer, symbols: &names)
            var fromRecord = [UInt8]()
            let conversation = try writer.bytes.withUnsafeBytes { try ConversationIndexValue.entry(ofRecord: $0, into: &fromRecord) }
            #expect(conversation == event.conversationID.flatMap { names.index[$0] })
            guard conversation != nil else { continue }
            withConversation += 1
            var fromEvent = [UInt8]()
            ConversationIndexValue.encode(event, into: &fromEvent)
            #expect(fromRecord == fromEvent)
        }
        #expect(withConversation > 1000)
    }

    /// Empties every value (as a store written before they existed), rebuilds, and compares.
    @Test(arguments: [UInt64(31), 32])
    func storesWithoutValuesRebuildToTheSameProjections(seed: UInt64) throws {
        let store = TemporaryStore()
        let log = try store.open()
        try log.append(randomEvents(seed: seed, count: 3000), durability: .bulk)
        let engine = try #require(log.projections)
        try engine.rebuild(progress: nil)
        let withValues = try DeterminismTests().dump(log)
        try log.environment.write { txn in
            var keys: [[UInt8]] = []
            try txn.unsafeReference.withCursor(log.schema.conversationEvents) { cursor in
                try cursor.scan { entry in
                    #expect(!entry.value.isEmpty)
                    keys.append(Array(entry.key))
                    return true
                }
            }
            for key in keys {
                try key.withUnsafeBytes { k in _ = try txn.unsafeReference.put(log.schema.conversationEvents, key: k, value: UnsafeRawBufferPointer(start: nil, count: 0)) }
            }
        }
        try engine.rebuild(progress: nil)
        #expect(try DeterminismTests().dump(log) == withValues)
        #expect(try log.verify().isClean)
    }

    @Test func verifyFindsAValueThatDoesNotMatchItsEvent() throws {
        let store = TemporaryStore()
        let log = try store.open()
        try log.append([Event(id: "i1", ts: Timestamp(milliseconds: 1_800_000_000_000), payload: .interaction(Interaction(
            conversationID: "c", messageID: "m1", agent: "a", model: "gpt-4o", inputTokens: 1, outputTokens: 1
        )))])
        try log.environment.write { txn in
            var key = [UInt8]()
            let symbol = try #require(try SymbolResolver(schema: log.schema, txn: txn.unsafeReference.readReference).symbol(of: "c"))
            BigEndianKey.append(symbol, to: &key)
            BigEndianKey.append(UInt64(1), to: &key)
            var wrong = [UInt8]()
            ConversationIndexValue.encode(type: .interaction, messageID: "m2", into: &wrong)
            _ = try txn.unsafeReference.put(log.schema.conversationEvents, key: key, value: wrong)
        }
        let report = try log.verify()
        #expect(report.problems.contains { $0.contains("conversation index entry of position 1 does not match") })
    }
}
