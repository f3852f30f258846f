/// The compact, versioned binary form of an event in the log.
///
/// Layout (format version 1; varints are LEB128, signed ones zigzag):
///
///     u8 version | u8 type | svarint ts (ms) | varint tenant symbol
///     | u8 id tag + id bytes, length-prefixed (see `EventID`) | payload
///
/// Low-cardinality and repeated strings (tenant, agent, model, provider, task type, user,
/// conversation, error type, experiment, tags, reasons) are interned to `Symbol`s; optional fields
/// are announced by a presence bitmask so absent ones cost nothing. A typical interaction takes
/// 30–60 bytes. Every record starts with its format version: a decoder meets an older version by
/// upcasting it, and a newer one with a clear error.
public enum EventCodec {
    /// The format version this build writes.
    public static let currentVersion: UInt8 = 1
    /// Where a record's type byte is: right after the version byte.
    static let typeOffset = 1
    /// The newest format version this build reads.
    public static let newestReadableVersion: UInt8 = 1

    // Interaction presence bits.
    @usableFromInline static let hasMessage: UInt64 = 1 << 0
    @usableFromInline static let hasUser: UInt64 = 1 << 1
    @usableFromInline static let hasProvider: UInt64 = 1 << 2
    @usableFromInline static let hasTask: UInt64 = 1 << 3
    @usableFromInline static let hasLatency: UInt64 = 1 << 4
    @usableFromInline static let hasTTFT: UInt64 = 1 << 5
    @usableFromInline static let hasErrorType: UInt64 = 1 << 6
    @usableFromInline static let hasContext: UInt64 = 1 << 7
    @usableFromInline static let hasConfidence: UInt64 = 1 << 8
    @usableFromInline static let hasExperiment: UInt64 = 1 << 9
    @usableFromInline static let hasReportedCost: UInt64 = 1 << 10
    @usableFromInline static let hasAttributes: UInt64 = 1 << 11
    @usableFromInline static let escalationFlag: UInt64 = 1 << 12
    @usableFromInline static let hasTools: UInt64 = 1 << 13
    @usableFromInline static let hasCacheOrReasoning: UInt64 = 1 << 14

    // MARK: Encoding

    /// Appends the record of `event` (whose id is already decided) to `writer`.
    public static func encode<I: SymbolInterning>(_ event: Event, id: String, into writer: inout ByteWriter, symbols: inout I) throws {
        var stored = [UInt8]()
        stored.reserveCapacity(40)
        EventID.appendStoredForm(of: id, to: &stored)
        try encode(event, storedID: stored, into: &writer, symbols: &symbols)
    }

    /// Appends the record of `event` whose id is already in its stored form (see `EventID`).
    public static func encode<I: SymbolInterning>(_ event: Event, storedID: [UInt8], into writer: inout ByteWriter, symbols: inout I) throws {
        writer.writeByte(currentVersion)
        writer.writeByte(event.type.rawValue)
        writer.writeSignedVarint(event.ts.milliseconds)
        writer.writeVarint(UInt64(try symbols.intern(event.tenant)))
        writer.writeLengthPrefixed(storedID)
        switch event.payload {
        case .interaction(let i): try encode(i, into: &writer, symbols: &symbols)
        case .rating(let r): try encode(r, into: &writer, symbols: &symbols)
        case .handoff(let h):
            writer.writeVarint(UInt64(try symbols.intern(h.conversationID)))
            writer.writeVarint(UInt64(try symbols.intern(h.fromAgent)))
            writer.writeVarint(UInt64(try symbols.intern(h.toAgent)))
            writer.writeVarint(UInt64(try symbols.intern(h.reason)))
            writeOptionalString(h.messageID, into: &writer)
        case .deployment(let d):
            writer.writeVarint(UInt64(try symbols.intern(d.model)))
            writer.writeByte(d.action.rawValue)
            writer.writeVarint(UInt64(try d.provider.map { try symbols.intern($0) } ?? 0))
            writer.writeVarint(UInt64(try d.trainingMethod.map { try symbols.intern($0) } ?? 0))
            writer.writeVarint(UInt64(try d.baseModel.map { try symbols.intern($0) } ?? 0))
            writeOptionalString(d.version, into: &writer)
            writeOptionalString(d.endpoint, into: &writer)
        case .priceBook(let p):
            writer.writeString(p.bookJSON)
        case .budget(let b):
            writer.writeByte(b.scope.rawValue)
            writer.writeVarint(UInt64(try b.scopeID.map { try symbols.intern($0) } ?? 0))
            writer.writeByte(b.period.rawValue)
            writer.writeSignedVarint128(b.amount.picodollars)
            writer.writeVarint(UInt64(b.thresholdsBasisPoints.count))
            for t in b.thresholdsBasisPoints { writer.writeVarint(UInt64(max(0, t))) }
        }
    }

    static func writeOptionalString(_ value: String?, into writer: inout ByteWriter) {
        if let value {
            writer.writeByte(1)
            writer.writeString(value)
        } else {
            writer.writeByte(0)
        }
    }

    static func encode<I: SymbolInterning>(_ i: Interaction, into w: inout ByteWriter, symbols: inout I) throws {
        var flags: UInt64 = 0
        if i.messageID != nil { flags |= hasMessage }
        if i.userID != nil { flags |= hasUser }
        if i.provider != nil { flags |= hasProvider }
        if i.taskType != nil { flags |= hasTask }
        if i.latencyMs != nil { flags |= hasLatency }
        if i.ttftMs != nil { flags |= hasTTFT }
        if i.errorType != nil { flags |= hasErrorType }
        if i.contextTokens != nil { flags |= hasContext }
        if i.confidence != nil { flags |= hasConfidence }
        if i.experiment != nil { flags |= hasExperiment }
        if i.reportedCost != nil { flags |= hasReportedCost }
        if !i.attributes.isEmpty { flags |= hasAttributes }
        if i.escalationSuggested { flags |= escalationFlag }
        if i.toolCalls != 0 || i.toolFailures != 0 { flags |= hasTools }
        if i.cachedInputTokens != 0 || i.cacheWriteTokens != 0 || i.reasoningTokens != 0 { flags |= hasCacheOrReasoning }
        w.writeVarint(flags)
        w.writeVarint(UInt64(try symbols.intern(i.conversationID)))
        if let m = i.messageID { w.writeString(m) }
        if let u = i.userID { w.writeVarint(UInt64(try symbols.intern(u))) }
        w.writeVarint(UInt64(try symbols.intern(i.agent)))
        w.writeVarint(UInt64(try symbols.intern(i.model)))
        if let p = i.provider { w.writeVarint(UInt64(try symbols.intern(p))) }
        if let t = i.taskType { w.writeVarint(UInt64(try symbols.intern(t))) }
        w.writeVarint(UInt64(clamping: i.inputTokens))
        w.writeVarint(UInt64(clamping: i.outputTokens))
        if flags & hasCacheOrReasoning != 0 {
            w.writeVarint(UInt64(clamping: i.cachedInputTokens))
            w.writeVarint(UInt64(clamping: i.cacheWriteTokens))
            w.writeVarint(UInt64(clamping: i.reasoningTokens))
        }
        if let l = i.latencyMs { w.writeVarint(UInt64(clamping: l)) }
        if let t = i.ttftMs { w.writeVarint(UInt64(clamping: t)) }
        w.writeByte(i.status.rawValue)
        if let e = i.errorType { w.writeVarint(UInt64(try symbols.intern(e))) }
        if flags & hasTools != 0 {
            w.writeVarint(UInt64(clamping: i.toolCalls))
            w.writeVarint(UInt64(clamping: i.toolFailures))
        }
        if let c = i.contextTokens { w.writeVarint(UInt64(clamping: c)) }
        if let c = i.confidence { w.writeUInt64LE(c.bitPattern) }
        if let e = i.experiment { w.writeVarint(UInt64(try symbols.intern(e))) }
        if let r = i.reportedCost { w.writeSignedVarint128(r.picodollars) }
        if !i.attributes.isEmpty {
            let sorted = i.attributes.sorted { $0.key < $1.key }
            w.writeVarint(UInt64(sorted.count))
            for (k, v) in sorted {
                w.writeString(k)
                w.writeString(v)
            }
        }
    }

    static func encode<I: SymbolInterning>(_ r: Rating, into w: inout ByteWriter, symbols: inout I) throws {
        w.writeVarint(UInt64(try symbols.intern(r.conversationID)))
        writeOptionalString(r.messageID, into: &w)
        w.writeVarint(UInt64(try r.raterID.map { try symbols.intern($0) } ?? 0))
        switch r.score {
        case .stars(let s):
            w.writeByte(RatingRecord.starsKind)
            w.writeSignedVarint(Int64(s))
        case .thumbs(let t):
            w.writeByte(RatingRecord.thumbsKind)
            w.writeSignedVarint(Int64(t))
        }
        w.writeByte(r.success.map { $0 ? 2 : 1 } ?? 0)
        w.writeVarint(UInt64(r.failureTags.count))
        for tag in r.failureTags { w.writeVarint(UInt64(try symbols.intern(tag))) }
        writeOptionalString(r.comment, into: &w)
    }
}
