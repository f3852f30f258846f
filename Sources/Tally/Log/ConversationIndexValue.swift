/// The value stored with each entry of the log's conversation index (`conversation_events`,
/// keyed by conversation symbol and position): enough to tell, without reading and decoding the
/// event, whether it can be the interaction a message-level rating targets.
///
/// Layout: one flag byte (`interaction`, `hasMessage`), then — when the event is an interaction
/// with a message id — the 32-bit FNV-1a hash of that id's UTF-8 bytes, little-endian. Entries
/// written before the value existed are empty and say nothing: readers decode those events.
/// The hash is part of the stored format and must never change.
enum ConversationIndexValue {
    static let interaction: UInt8 = 1
    static let hasMessage: UInt8 = 2

    /// FNV-1a, 32 bits, of `bytes`.
    @inline(__always)
    static func messageHash(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in bytes {
            hash = (hash ^ UInt32(byte)) &* 0x0100_0193
        }
        return hash
    }

    /// Writes the value for `event` into `value`.
    @inline(__always)
    static func encode(_ event: Event, into value: inout [UInt8]) {
        let messageID: String? = if case .interaction(let i) = event.payload { i.messageID } else { nil }
        encode(type: event.type, messageID: messageID, into: &value)
    }

    /// Writes the value for an event of `type` with `messageID` (interactions only) into `value`.
    @inline(__always)
    static func encode(type: EventType, messageID: String?, into value: inout [UInt8]) {
        encode(type: type, messageHash: messageID.map { messageHash($0.utf8) }, into: &value)
    }

    /// Writes the value for an event of `type` whose message id (interactions only) hashes to
    /// `messageHash` into `value`.
    @inline(__always)
    static func encode(type: EventType, messageHash: UInt32?, into value: inout [UInt8]) {
        value.removeAll(keepingCapacity: true)
        guard type == .interaction else {
            value.append(0)
            return
        }
        guard let messageHash else {
            value.append(interaction)
            return
        }
        value.append(interaction | hasMessage)
        withUnsafeBytes(of: messageHash.littleEndian) { value.append(contentsOf: $0) }
    }

    /// The conversation symbol of the stored record `bytes` (`nil` for types without one), with
    /// its index value written into `value`: read from the record the append has just encoded,
    /// since reading the `Event`'s payload again would copy it, retaining every string it holds.
    @inline(__always)
    static func entry(ofRecord bytes: UnsafeRawBufferPointer, into value: inout [UInt8]) throws(DecodingError) -> Symbol? {
        let record = try EventRecord(bytes)
        var payload = record.payload
        switch record.type {
        case .interaction:
            guard let flags = payload.readVarint(), let conversation = payload.readVarint32() else {
                throw DecodingError(reason: "interaction without a conversation")
            }
            var hash: UInt32?
            if flags & EventCodec.hasMessage != 0 {
                guard let id = payload.readLengthPrefixed() else { throw DecodingError(reason: "truncated message_id") }
                hash = messageHash(id)
            }
            encode(type: .interaction, messageHash: hash, into: &value)
            return conversation
        case .rating, .handoff:
            guard let conversation = payload.readVarint32() else { throw DecodingError(reason: "\(record.type) without a conversation") }
            encode(type: record.type, messageHash: nil, into: &value)
            return conversation
        case .deployment, .priceBook, .budget:
            return nil
        }
    }

    /// Whether the entry with this value can be an interaction whose message id hashes to
    /// `hash`: `false` only when the value rules it out; an empty (older) value rules nothing out.
    @inline(__always)
    static func mayBeMessage(_ value: UnsafeRawBufferPointer, hash: UInt32) -> Bool {
        guard let flags = value.first else { return true }
        guard flags & hasMessage != 0, value.count >= 5 else { return false }
        return UInt32(littleEndian: value.loadUnaligned(fromByteOffset: 1, as: UInt32.self)) == hash
    }
}
