#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns one NDJSON line into an `Event`: the hot path of `tally import`.
///
/// A hand-written scanner walks the line's bytes once, validating JSON syntax and UTF-8, and
/// records where each known member's value lies in a small stack-allocated table (no dictionary,
/// no Foundation, no Codable). The event is then built from those spans, and — unless
/// `validates` is off — checked by `EventValidator`.
///
/// Strictness, so that mistakes surface instead of silently losing data:
/// - an unknown member (a typo such as `input_token`) is an error naming it, with a suggestion;
///   so is a member of another type (`stars` on an interaction). Keys inside `attributes` and
///   inside a price book are free;
/// - a repeated member is an error; so is a value of the wrong JSON type (the error names the
///   field and the expected type), an integer field holding a fraction or a number beyond
///   `Int64`, a `reported_cost_usd` / `amount_usd` that is not an exact decimal string;
/// - `null` means "absent" for optional fields and is an error for required ones;
/// - integers may be written as JSON Schema allows (`100`, `100.0`, `1e2`).
///
/// - Complexity: O(n) in the line length; one allocation per string longer than 15 bytes.
public struct NDJSONEventDecoder: Sendable {
    /// Whether decoded events are also run through `EventValidator` (default `true`).
    public var validates: Bool

    /// A decoder; with `validates` (the default) every returned event is valid.
    public init(validates: Bool = true) {
        self.validates = validates
    }

    /// Decodes one line (without its line terminator; surrounding JSON whitespace is fine).
    ///
    /// - Parameters:
    ///   - lineNumber: the number reported in errors.
    ///   - strings: a table that shares repeated names (agents, models, tenants…) between lines;
    ///     faster and smaller when decoding many lines on one thread.
    public func decode(_ line: UnsafeRawBufferPointer, lineNumber: Int = 1, strings: NDJSONStringTable? = nil) throws(IngestError) -> Event {
        // The slot table lives on the stack. It is not initialized: a slot is read only after the
        // scan stored it (the parser's `seen` mask says which).
        var event: Event?
        try withUnsafeTemporaryAllocation(of: NDJSONValueSlot.self, capacity: NDJSONField.allCases.count) {
            (slots) throws(IngestError) -> Void in
            var parser = NDJSONLineParser(bytes: line, slots: slots, line: lineNumber, validates: validates, strings: strings)
            event = try parser.parse()
        }
        guard let decoded = event.take() else {
            throw IngestError(line: lineNumber, field: nil, reason: "internal error: no event decoded")
        }
        return decoded
    }

    /// Decodes one line given as bytes.
    public func decode(_ line: [UInt8], lineNumber: Int = 1) throws(IngestError) -> Event {
        let result = line.withUnsafeBytes { bytes in
            Result { () throws(IngestError) in try decode(bytes, lineNumber: lineNumber) }
        }
        return try result.get()
    }

    /// Decodes one line given as text.
    public func decode(_ line: String, lineNumber: Int = 1) throws(IngestError) -> Event {
        try decode(Array(line.utf8), lineNumber: lineNumber)
    }
}

/// Where one member's value lies in the line.
struct NDJSONValueSlot {
    var start: Int = 0
    var end: Int = 0
    var kind: JSONValueKind = .absent
    var hasEscapes = false
    /// A string of printable ASCII only, without escapes (see `JSONStringSpan.isPlainASCII`).
    var isPlainASCII = false
}

/// The state of decoding one line: the bytes, the value table, which fields were seen.
struct NDJSONLineParser {
    let bytes: UnsafeRawBufferPointer
    let slots: UnsafeMutableBufferPointer<NDJSONValueSlot>
    let line: Int
    /// Whether to run `EventValidator`'s rules (on the parts, before they are assembled, so no
    /// copy of the event is made for it).
    let validates: Bool
    let strings: NDJSONStringTable?
    var seen: UInt64 = 0

    init(
        bytes: UnsafeRawBufferPointer, slots: UnsafeMutableBufferPointer<NDJSONValueSlot>, line: Int, validates: Bool,
        strings: NDJSONStringTable? = nil
    ) {
        self.bytes = bytes
        self.slots = slots
        self.line = line
        self.validates = validates
        self.strings = strings
    }

    /// Runs a validation rule, reporting its failure on this line.
    @inline(__always)
    private func check(_ rule: () throws(EventValidationError) -> Void) throws(IngestError) {
        guard validates else { return }
        do {
            try rule()
        } catch {
            throw IngestError(line: line, error)
        }
    }

    // MARK: - Scanning the object

    mutating func parse() throws(IngestError) -> Event {
        var scanner = JSONScanner(bytes)
        var unknownKey: JSONStringSpan?
        var duplicate: NDJSONField?
        var currentKey: JSONStringSpan?
        do throws(JSONSyntaxError) {
            scanner.skipWhitespace()
            guard scanner.current == UInt8(ascii: "{") else {
                if scanner.atEnd { throw JSONSyntaxError(offset: 0, reason: "empty line") }
                throw JSONSyntaxError(offset: scanner.index, reason: "each line must hold one JSON object")
            }
            scanner.index += 1
            scanner.skipWhitespace()
            if scanner.current == UInt8(ascii: "}") {
                scanner.index += 1
            } else {
                var predicted: NDJSONField? = .type
                while true {
                    scanner.skipWhitespace()
                    guard scanner.current == UInt8(ascii: "\"") else { throw scanner.unexpected("a member name in quotes") }
                    // Canonical lines list fields in a known order: try the likely next name first.
                    var known: NDJSONField?
                    let key: JSONStringSpan
                    if let guess = predicted, let base = bytes.baseAddress {
                        let name = guess.staticName
                        let count = name.utf8CodeUnitCount
                        let start = scanner.index + 1
                        if start + count < scanner.end, bytes[start + count] == UInt8(ascii: "\""),
                           NDJSONLineParser.sameBytes(base + start, name.utf8Start, count) {
                            known = guess
                            key = JSONStringSpan(start: start, end: start + count, hasEscapes: false)
                            scanner.index = start + count + 1
                        } else {
                            key = try NDJSONLineParser.scanPlainString(&scanner)
                        }
                    } else {
                        key = try NDJSONLineParser.scanPlainString(&scanner)
                    }
                    currentKey = key
                    scanner.skipWhitespace()
                    try scanner.expect(UInt8(ascii: ":"), "':' after the member name")
                    scanner.skipWhitespace()
                    var slot = NDJSONValueSlot()
                    guard let kind = scanner.peekKind() else { throw scanner.unexpected("a JSON value") }
                    slot.kind = kind
                    switch kind {
                    case .string:
                        let span = try NDJSONLineParser.scanPlainString(&scanner)
                        slot.start = span.start
                        slot.end = span.end
                        slot.hasEscapes = span.hasEscapes
                        slot.isPlainASCII = span.isPlainASCII
                    case .number:
                        slot.start = scanner.index
                        try scanner.scanNumber()
                        slot.end = scanner.index
                    case .true, .false, .null:
                        slot.start = scanner.index
                        try scanner.scanLiteral(kind)
                        slot.end = scanner.index
                    case .object, .array:
                        slot.start = scanner.index
                        try scanner.scanValue()
                        slot.end = scanner.index
                    case .absent:
                        throw scanner.unexpected("a JSON value")
                    }
                    if let field = known ?? lookup(key) {
                        predicted = field.likelySuccessor
                        if seen & field.bit != 0, duplicate == nil { duplicate = field }
                        seen |= field.bit
                        slots[Int(field.rawValue)] = slot
                    } else if unknownKey == nil {
                        unknownKey = key
                    }
                    currentKey = nil
                    scanner.skipWhitespace()
                    if scanner.current == UInt8(ascii: ",") {
                        scanner.index += 1
                        continue
                    }
                    try scanner.expect(UInt8(ascii: "}"), "',' or '}'")
                    break
                }
            }
            scanner.skipWhitespace()
            guard scanner.atEnd else {
                throw JSONSyntaxError(offset: scanner.index, reason: "unexpected text after the JSON object (one event per line)")
            }
        } catch {
            let field = currentKey.map { scanner.string($0) }
            throw IngestError(line: line, field: field, reason: "invalid JSON at byte \(error.offset + 1): \(error.reason)")
        }

        if let duplicate {
            throw IngestError(line: line, field: duplicate.name, reason: "appears more than once")
        }
        let type = try eventType()
        if let unknownKey {
            let name = scanner.string(unknownKey)
            var reason = "unknown field"
            if let hint = NDJSONField.suggestion(for: name, type: type) { reason += " (did you mean \"\(hint)\"?)" }
            throw IngestError(line: line, field: name, reason: reason)
        }
        let foreign = seen & ~NDJSONField.allowedMasks[Int(type.rawValue)]
        if foreign != 0, let field = NDJSONField(rawValue: UInt8(foreign.trailingZeroBitCount)) {
            throw IngestError(line: line, field: field.name, reason: "is not a field of \(type.name) events")
        }

        // Text limits are checked as each string is read (`checked: true`), the rest after.
        let id = try optionalString(.id, checked: true)
        let ts = try timestamp()
        let tenant = try optionalString(.tenant, checked: true) ?? Event.defaultTenant
        try check { () throws(EventValidationError) in try EventValidator.checkTimestamp(ts) }
        let payload: EventPayload
        switch type {
        case .interaction:
            let value = try interaction()
            try check { () throws(EventValidationError) in try EventValidator.validateValues(value) }
            payload = .interaction(consume value)
        case .rating:
            let value = try rating()
            try check { () throws(EventValidationError) in try EventValidator.validate(value) }
            payload = .rating(consume value)
        case .handoff:
            let value = try handoff()
            try check { () throws(EventValidationError) in try EventValidator.validate(value) }
            payload = .handoff(consume value)
        case .deployment:
            let value = try deployment()
            try check { () throws(EventValidationError) in try EventValidator.validate(value) }
            payload = .deployment(consume value)
        case .priceBook:
            let value = try priceBook()
            try check { () throws(EventValidationError) in try EventValidator.validate(value) }
            payload = .priceBook(consume value)
        case .budget:
            let value = try budget()
            try check { () throws(EventValidationError) in try EventValidator.validate(value, tenant: tenant) }
            payload = .budget(consume value)
        }
        return Event(id: id, ts: ts, tenant: tenant, payload: payload)
    }

    /// Scans a string at the scanner's opening quote. The common case — printable ASCII up to the
    /// closing quote — is found here eight bytes at a time; anything else (escapes, UTF-8,
    /// errors) goes through `JSONScanner.scanString` from the same quote.
    @inline(__always)
    static func scanPlainString(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> JSONStringSpan {
        let bytes = scanner.bytes
        let end = scanner.end
        let start = scanner.index + 1
        var i = start
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= end {
            let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let delete = word ^ (ones &* 0x7F)
            let quoteBits = (quote &- ones) & ~quote & highs
            let otherBits = (((backslash &- ones) & ~backslash) | ((delete &- ones) & ~delete)
                | ((word &- ones &* 0x20) & ~word) | word) & highs
            if quoteBits | otherBits == 0 {
                i += 8
                continue
            }
            // The lowest flagged byte decides (flags above a real hit may be false positives).
            let quoteAt = quoteBits == 0 ? 8 : quoteBits.trailingZeroBitCount / 8
            let otherAt = otherBits == 0 ? 8 : otherBits.trailingZeroBitCount / 8
            if quoteAt < otherAt {
                scanner.index = i + quoteAt + 1
                return JSONStringSpan(start: start, end: i + quoteAt, hasEscapes: false, isPlainASCII: true)
            }
            return try scanner.scanString()
        }
        while i < end {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                scanner.index = i + 1
                return JSONStringSpan(start: start, end: i, hasEscapes: false, isPlainASCII: true)
            }
            guard b >= 0x20, b < 0x7F, b != UInt8(ascii: "\\") else { break }
            i += 1
        }
        return try scanner.scanString()
    }

    /// Whether `count` bytes at `a` and `b` are equal (short names: word compares, no call).
    @inline(__always)
    static func sameBytes(_ a: UnsafeRawPointer, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let b = UnsafeRawPointer(b)
        var k = 0
        while k + 8 <= count {
            if a.loadUnaligned(fromByteOffset: k, as: UInt64.self) != b.loadUnaligned(fromByteOffset: k, as: UInt64.self) { return false }
            k += 8
        }
        while k < count {
            if a.load(fromByteOffset: k, as: UInt8.self) != b.load(fromByteOffset: k, as: UInt8.self) { return false }
            k += 1
        }
        return true
    }

    /// Maps a key's bytes to a field; escaped keys are unescaped first.
    private func lookup(_ key: JSONStringSpan) -> NDJSONField? {
        if !key.hasEscapes {
            return NDJSONField.lookup(UnsafeRawBufferPointer(rebasing: bytes[key.start..<key.end]))
        }
        var unescaped: [UInt8] = []
        JSONScanner.unescape(UnsafeRawBufferPointer(rebasing: bytes[key.start..<key.end]), into: &unescaped)
        return unescaped.withUnsafeBytes { NDJSONField.lookup($0) }
    }

    // MARK: - Envelope

    private func eventType() throws(IngestError) -> EventType {
        let slot = slot(.type)
        let expected = "one of interaction, rating, handoff, deployment, price_book, budget"
        guard slot.kind != .absent else {
            throw IngestError(line: line, field: "type", reason: "is required (\(expected))")
        }
        guard slot.kind == .string else {
            throw IngestError(line: line, field: "type", reason: "must be a string (\(expected)), got \(slot.kind.noun)")
        }
        if matches(slot, "interaction") { return .interaction }
        if matches(slot, "rating") { return .rating }
        if matches(slot, "handoff") { return .handoff }
        if matches(slot, "deployment") { return .deployment }
        if matches(slot, "price_book") { return .priceBook }
        if matches(slot, "budget") { return .budget }
        throw IngestError(line: line, field: "type", reason: "unknown event type \(quoted(text(slot))); expected \(expected)")
    }

    private func timestamp() throws(IngestError) -> Timestamp {
        let slot = slot(.ts)
        guard slot.kind == .string else {
            throw slot.kind == .absent
                ? IngestError(line: line, field: "ts", reason: "is required (RFC 3339, e.g. 2026-11-21T09:30:00.000Z)")
                : IngestError(line: line, field: "ts", reason: "must be an RFC 3339 string, got \(slot.kind.noun)")
        }
        var parsed: Timestamp?
        if slot.isPlainASCII, let fast = NDJSONLineParser.canonicalTimestamp(raw(slot)) {
            parsed = fast
        } else if slot.hasEscapes || fractionDigits(slot) > 3 {
            // Rare forms go through a normalized copy: escapes resolved, and the fraction cut to
            // milliseconds (`Timestamp.parse` truncates to milliseconds anyway, and 4–9 digits
            // otherwise reach a range that traps in it).
            parsed = Timestamp(rfc3339: NDJSONLineParser.truncatingFraction(text(slot)))
        } else if let base = bytes.baseAddress {
            let raw = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self) + slot.start, count: slot.end - slot.start)
            parsed = Timestamp.parse(raw)
        }
        guard let parsed else {
            throw IngestError(
                line: line, field: "ts",
                reason: "must be an RFC 3339 date-time such as 2026-11-21T09:30:00.000Z, got \(quoted(text(slot)))")
        }
        return parsed
    }

    /// The two forms the encoder writes — `YYYY-MM-DDTHH:MM:SSZ` and `YYYY-MM-DDTHH:MM:SS.mmmZ` —
    /// read at fixed offsets; `nil` for anything else (which `Timestamp.parse` then handles).
    @inline(__always)
    static func canonicalTimestamp(_ b: UnsafeRawBufferPointer) -> Timestamp? {
        let n = b.count
        guard n == 20 || n == 24, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b[n - 1] == UInt8(ascii: "Z") else { return nil }
        @inline(__always) func number(_ at: Int, _ digits: Int) -> Int64? {
            var value: Int64 = 0
            for k in at..<(at + digits) {
                let d = b[k] &- UInt8(ascii: "0")
                guard d <= 9 else { return nil }
                value = value * 10 + Int64(d)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2) else { return nil }
        var ms: Int64 = 0
        if n == 24 {
            guard b[19] == UInt8(ascii: "."), let fraction = number(20, 3) else { return nil }
            ms = fraction
        }
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year, month),
              hour <= 23, minute <= 59, second <= 59 else { return nil }
        let days = CivilDate.toEpochDay(year, month, day)
        return Timestamp(milliseconds: ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + ms)
    }

    /// The number of digits after the seconds' decimal point (0 when there is none).
    private func fractionDigits(_ slot: NDJSONValueSlot) -> Int {
        var i = slot.start
        while i < slot.end, bytes[i] != UInt8(ascii: ".") { i += 1 }
        guard i < slot.end else { return 0 }
        i += 1
        let first = i
        while i < slot.end, isDigit(bytes[i]) { i += 1 }
        return i - first
    }

    /// `…:00.123456789Z` → `…:00.123Z`; up to 9 fraction digits (RFC 3339 allows any number, the
    /// log keeps milliseconds). Text with more digits is left alone (and rejected by the parser).
    static func truncatingFraction(_ text: String) -> String {
        var utf8 = Array(text.utf8)
        guard let point = utf8.firstIndex(of: UInt8(ascii: ".")) else { return text }
        var end = point + 1
        while end < utf8.count, isDigit(utf8[end]) { end += 1 }
        let digits = end - point - 1
        guard digits > 3, digits <= 9 else { return text }
        utf8.removeSubrange((point + 4)..<end)
        return String(decoding: utf8, as: UTF8.self)
    }

    // MARK: - Payloads

    private func interaction() throws(IngestError) -> Interaction {
        Interaction(
            conversationID: try requiredString(.conversationID, checked: true),
            messageID: try optionalString(.messageID, checked: true),
            userID: try optionalString(.userID, checked: true),
            agent: try requiredString(.agent, checked: true),
            model: try requiredString(.model, checked: true),
            provider: try optionalString(.provider, checked: true),
            taskType: try optionalString(.taskType, checked: true),
            inputTokens: try requiredInt(.inputTokens),
            outputTokens: try requiredInt(.outputTokens),
            cachedInputTokens: try optionalInt(.cachedInputTokens) ?? 0,
            cacheWriteTokens: try optionalInt(.cacheWriteTokens) ?? 0,
            reasoningTokens: try optionalInt(.reasoningTokens) ?? 0,
            latencyMs: try optionalInt(.latencyMs),
            ttftMs: try optionalInt(.ttftMs),
            status: try status(),
            errorType: try optionalString(.errorType, checked: true),
            toolCalls: try optionalInt(.toolCalls) ?? 0,
            toolFailures: try optionalInt(.toolFailures) ?? 0,
            contextTokens: try optionalInt(.contextTokens),
            escalationSuggested: try optionalBool(.escalationSuggested) ?? false,
            confidence: try optionalDouble(.confidence),
            experiment: try optionalString(.experiment, checked: true),
            reportedCost: try optionalMoney(.reportedCostUSD),
            attributes: try attributes()
        )
    }

    private func status() throws(IngestError) -> InteractionStatus {
        let slot = try requiredSlot(.status, expecting: .string, "a string (ok, error, timeout or cancelled)")
        if matches(slot, "ok") { return .ok }
        if matches(slot, "error") { return .error }
        if matches(slot, "timeout") { return .timeout }
        if matches(slot, "cancelled") { return .cancelled }
        throw IngestError(line: line, field: "status", reason: "must be ok, error, timeout or cancelled, got \(quoted(text(slot)))")
    }

    private func rating() throws(IngestError) -> Rating {
        let conversationID = try requiredString(.conversationID)
        let messageID = try optionalString(.messageID)
        let raterID = try optionalString(.raterID)
        let stars = try optionalInt(.stars)
        let thumbs = try optionalInt(.thumbs)
        let score: RatingScore
        switch (stars, thumbs) {
        case (let stars?, nil):
            guard let value = Int(exactly: stars), (1...5).contains(value) else {
                throw IngestError(line: line, field: "stars", reason: "must be an integer from 1 to 5, got \(stars)")
            }
            score = .stars(value)
        case (nil, let thumbs?):
            guard thumbs == 1 || thumbs == -1 else {
                throw IngestError(line: line, field: "thumbs", reason: "must be 1 (up) or -1 (down), got \(thumbs)")
            }
            score = .thumbs(Int(thumbs))
        case (.some, .some):
            throw IngestError(line: line, field: "thumbs", reason: "a rating gives stars or thumbs, not both")
        case (nil, nil):
            throw IngestError(line: line, field: "stars", reason: "a rating needs stars (1 to 5) or thumbs (1 or -1)")
        }
        return Rating(
            conversationID: conversationID, messageID: messageID, raterID: raterID, score: score,
            success: try optionalBool(.success), failureTags: try stringArray(.failureTags),
            comment: try optionalString(.comment))
    }

    private func handoff() throws(IngestError) -> Handoff {
        Handoff(
            conversationID: try requiredString(.conversationID),
            fromAgent: try requiredString(.fromAgent),
            toAgent: try requiredString(.toAgent),
            reason: try requiredString(.reason),
            messageID: try optionalString(.messageID))
    }

    private func deployment() throws(IngestError) -> Deployment {
        let model = try requiredString(.model)
        let provider = try optionalString(.provider)
        let slot = try requiredSlot(.action, expecting: .string, "a string (deployed or retired)")
        let action: DeploymentAction
        if matches(slot, "deployed") {
            action = .deployed
        } else if matches(slot, "retired") {
            action = .retired
        } else {
            throw IngestError(line: line, field: "action", reason: "must be deployed or retired, got \(quoted(text(slot)))")
        }
        return Deployment(
            model: model, provider: provider, action: action,
            trainingMethod: try optionalString(.trainingMethod), baseModel: try optionalString(.baseModel),
            version: try optionalString(.version), endpoint: try optionalString(.endpoint))
    }

    private func priceBook() throws(IngestError) -> PriceBookChange {
        let slot = try requiredSlot(.book, expecting: .object, "an object (a price book)")
        return PriceBookChange(bookJSON: String(decoding: raw(slot), as: UTF8.self))
    }

    private func budget() throws(IngestError) -> Budget {
        let scopeSlot = try requiredSlot(.scope, expecting: .string, "a string (tenant, agent, user or model)")
        let scope: BudgetScope
        if matches(scopeSlot, "tenant") { scope = .tenant }
        else if matches(scopeSlot, "agent") { scope = .agent }
        else if matches(scopeSlot, "user") { scope = .user }
        else if matches(scopeSlot, "model") { scope = .model }
        else {
            throw IngestError(line: line, field: "scope", reason: "must be tenant, agent, user or model, got \(quoted(text(scopeSlot)))")
        }
        let scopeID = try optionalString(.scopeID)
        let periodSlot = try requiredSlot(.period, expecting: .string, "a string (day, week or month)")
        let period: BudgetPeriod
        if matches(periodSlot, "day") { period = .day }
        else if matches(periodSlot, "week") { period = .week }
        else if matches(periodSlot, "month") { period = .month }
        else {
            throw IngestError(line: line, field: "period", reason: "must be day, week or month, got \(quoted(text(periodSlot)))")
        }
        guard let amount = try optionalMoney(.amountUSD) else {
            throw IngestError(line: line, field: "amount_usd", reason: "is required (a decimal string such as \"250.00\")")
        }
        return Budget(
            scope: scope, scopeID: scopeID, period: period, amount: amount,
            thresholdsBasisPoints: try thresholds() ?? Budget.defaultThresholds)
    }

    // MARK: - Values

    @inline(__always)
    private func slot(_ field: NDJSONField) -> NDJSONValueSlot {
        seen & field.bit == 0 ? NDJSONValueSlot() : slots[Int(field.rawValue)]
    }

    @inline(__always)
    private func raw(_ slot: NDJSONValueSlot) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[slot.start..<slot.end])
    }

    /// The text of a string field, shared through the string table for repetitive names.
    @inline(__always)
    private func text(_ field: NDJSONField, _ slot: NDJSONValueSlot) -> String {
        if let strings, slot.isPlainASCII, field.isRepetitiveName, let base = bytes.baseAddress {
            return strings.string(base + slot.start, count: slot.end - slot.start)
        }
        return text(slot)
    }

    /// The text of a string slot (escapes resolved), or the raw text of any other value.
    private func text(_ slot: NDJSONValueSlot) -> String {
        guard slot.kind == .string, slot.hasEscapes else { return String(decoding: raw(slot), as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(slot.end - slot.start)
        JSONScanner.unescape(raw(slot), into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether a string slot without escapes spells exactly `literal`.
    @inline(__always)
    private func matches(_ slot: NDJSONValueSlot, _ literal: StaticString) -> Bool {
        if slot.hasEscapes { return Array(text(slot).utf8) == Array(literal.description.utf8) }
        let count = literal.utf8CodeUnitCount
        guard slot.end - slot.start == count else { return false }
        let start = literal.utf8Start
        for k in 0..<count where bytes[slot.start + k] != start[k] { return false }
        return true
    }

    private func wrongType(_ field: NDJSONField, _ expected: String, _ kind: JSONValueKind) -> IngestError {
        IngestError(line: line, field: field.name, reason: "must be \(expected), got \(kind.noun)")
    }

    private func requiredSlot(_ field: NDJSONField, expecting kind: JSONValueKind, _ expected: String) throws(IngestError) -> NDJSONValueSlot {
        let s = slot(field)
        guard s.kind == kind else {
            if s.kind == .absent { throw IngestError(line: line, field: field.name, reason: "is required") }
            throw wrongType(field, expected, s.kind)
        }
        return s
    }

    /// A required string; with `checked`, its size rule (`EventValidator.textLimit`) is checked
    /// as it is read (when validating).
    private func requiredString(_ field: NDJSONField, checked: Bool = false) throws(IngestError) -> String {
        let s = try requiredSlot(field, expecting: .string, "a string")
        return checked ? try checkedText(field, s) : text(field, s)
    }

    private func optionalString(_ field: NDJSONField, checked: Bool = false) throws(IngestError) -> String? {
        let s = slot(field)
        switch s.kind {
        case .absent, .null: return nil
        case .string: return checked ? try checkedText(field, s) : text(field, s)
        default: throw wrongType(field, "a string", s.kind)
        }
    }

    /// The text of a string slot after `EventValidator.checkText`'s rule. For plain printable
    /// ASCII the byte count is known from the span and no control character can occur, so only
    /// the length is compared; anything else goes through the validator itself.
    @inline(__always)
    private func checkedText(_ field: NDJSONField, _ s: NDJSONValueSlot) throws(IngestError) -> String {
        guard validates else { return text(field, s) }
        let limit = EventValidator.textLimit(of: field)
        if s.isPlainASCII {
            let count = s.end - s.start
            if count == 0 { throw IngestError(line: line, EventValidator.emptyError(field.name)) }
            if count > limit { throw IngestError(line: line, EventValidator.tooLongError(field.name, maxBytes: limit, count: count)) }
            return text(field, s)
        }
        let value = text(s)
        try check { () throws(EventValidationError) in try EventValidator.checkText(value, field.name, maxBytes: limit) }
        return value
    }

    private func requiredInt(_ field: NDJSONField) throws(IngestError) -> Int64 {
        guard slot(field).kind != .absent else { throw IngestError(line: line, field: field.name, reason: "is required") }
        guard let value = try optionalInt(field) else { throw wrongType(field, "an integer", .null) }
        return value
    }

    private func optionalInt(_ field: NDJSONField) throws(IngestError) -> Int64? {
        let s = slot(field)
        switch s.kind {
        case .absent, .null: return nil
        case .number:
            // Fast path: up to 18 plain digits always fit.
            if s.end - s.start <= 18 {
                var value: Int64 = 0
                var i = s.start
                while i < s.end, isDigit(bytes[i]) {
                    value = value &* 10 &+ Int64(bytes[i] &- UInt8(ascii: "0"))
                    i += 1
                }
                if i == s.end { return value }
            }
            do {
                return try JSONDecimal(bytes, from: s.start, to: s.end).exactInteger()
            } catch .notAnInteger {
                throw IngestError(line: line, field: field.name, reason: "must be an integer, got \(numberText(s))")
            } catch {
                throw IngestError(line: line, field: field.name, reason: "is out of range, got \(numberText(s))")
            }
        default: throw wrongType(field, "an integer", s.kind)
        }
    }

    private func optionalBool(_ field: NDJSONField) throws(IngestError) -> Bool? {
        let s = slot(field)
        switch s.kind {
        case .absent, .null: return nil
        case .true: return true
        case .false: return false
        default: throw wrongType(field, "true or false", s.kind)
        }
    }

    private func optionalDouble(_ field: NDJSONField) throws(IngestError) -> Double? {
        let s = slot(field)
        switch s.kind {
        case .absent, .null: return nil
        case .number: return JSONDecimal.double(bytes, from: s.start, to: s.end)
        default: throw wrongType(field, "a number", s.kind)
        }
    }

    /// A money field: a JSON string holding `-?(0|[1-9][0-9]*)(\.[0-9]{1,12})?`.
    private func optionalMoney(_ field: NDJSONField) throws(IngestError) -> Money? {
        let s = slot(field)
        switch s.kind {
        case .absent, .null: return nil
        case .string: break
        case .number:
            throw IngestError(
                line: line, field: field.name,
                reason: "must be a decimal string such as \"0.0125\" (quoted, so no digit is lost), got a number")
        default: throw wrongType(field, "a decimal string", s.kind)
        }
        let parsed: Money?
        if s.hasEscapes {
            parsed = Array(text(s).utf8).withUnsafeBytes { NDJSONLineParser.parseMoney($0) }
        } else {
            parsed = NDJSONLineParser.parseMoney(raw(s))
        }
        guard let parsed else {
            throw IngestError(
                line: line, field: field.name,
                reason: "must be a decimal string of dollars (digits, optionally a point and 1 to 12 digits; no exponent), got \(quoted(text(s)))")
        }
        return parsed
    }

    private static let powersOfTen: [Int128] = (0...12).map { n in (0..<n).reduce(Int128(1)) { product, _ in product * 10 } }

    /// Parses `-?(0|[1-9][0-9]*)(\.[0-9]{1,12})?` into picodollars; `nil` for anything else or
    /// for more than 24 whole digits (far beyond any amount the validator accepts).
    static func parseMoney(_ b: UnsafeRawBufferPointer) -> Money? {
        var i = 0
        let n = b.count
        let negative = n > 0 && b[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        guard i < n, isDigit(b[i]) else { return nil }
        if b[i] == UInt8(ascii: "0"), i + 1 < n, isDigit(b[i + 1]) { return nil }
        var whole: Int128 = 0
        let wholeStart = i
        while i < n, isDigit(b[i]) {
            whole = whole * 10 + Int128(b[i] &- UInt8(ascii: "0"))
            i += 1
            if i - wholeStart > 24 { return nil }
        }
        var fraction: Int128 = 0
        var fractionDigits = 0
        if i < n {
            guard b[i] == UInt8(ascii: "."), i + 1 < n else { return nil }
            i += 1
            while i < n, isDigit(b[i]) {
                fractionDigits += 1
                guard fractionDigits <= Money.fractionDigits else { return nil }
                fraction = fraction * 10 + Int128(b[i] &- UInt8(ascii: "0"))
                i += 1
            }
            guard i == n, fractionDigits > 0 else { return nil }
        }
        fraction *= NDJSONLineParser.powersOfTen[Money.fractionDigits - fractionDigits]
        let picos = whole * Money.picosPerDollar + fraction
        return Money(picodollars: negative ? -picos : picos)
    }

    /// Runs a scanner step over already-validated text, turning the (impossible) syntax error
    /// into an `IngestError` rather than trapping.
    @inline(__always)
    private func checked<T>(_ field: String, _ body: () throws(JSONSyntaxError) -> T) throws(IngestError) -> T {
        do {
            return try body()
        } catch {
            throw IngestError(line: line, field: field, reason: "invalid JSON: \(error.reason)")
        }
    }

    private func numberText(_ s: NDJSONValueSlot) -> String {
        let count = s.end - s.start
        guard count > 40 else { return text(s) }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[s.start..<(s.start + 37)]), as: UTF8.self) + "..."
    }

    private func attributes() throws(IngestError) -> [String: String] {
        let s = slot(.attributes)
        switch s.kind {
        case .absent, .null: return [:]
        case .object: break
        default: throw wrongType(.attributes, "an object of strings", s.kind)
        }
        var result: [String: String] = [:]
        var scanner = JSONScanner(bytes, from: s.start, to: s.end)
        try checked("attributes") { () throws(JSONSyntaxError) in try scanner.expect(UInt8(ascii: "{"), "'{'") }
        scanner.skipWhitespace()
        if scanner.current == UInt8(ascii: "}") { return [:] }
        while true {
            scanner.skipWhitespace()
            let keySpan = try checked("attributes") { () throws(JSONSyntaxError) in try scanner.scanString() }
            let key = scanner.string(keySpan)
            scanner.skipWhitespace()
            try checked("attributes") { () throws(JSONSyntaxError) in try scanner.expect(UInt8(ascii: ":"), "':'") }
            scanner.skipWhitespace()
            guard scanner.current == UInt8(ascii: "\"") else {
                let kind = scanner.peekKind() ?? .absent
                throw IngestError(line: line, field: "attributes.\(key)", reason: "must be a string, got \(kind.noun)")
            }
            let valueSpan = try checked("attributes") { () throws(JSONSyntaxError) in try scanner.scanString() }
            guard result.updateValue(scanner.string(valueSpan), forKey: key) == nil else {
                throw IngestError(line: line, field: "attributes", reason: "key \(quoted(key)) appears more than once")
            }
            if result.count > EventLimits.maxAttributes {
                throw IngestError(line: line, field: "attributes", reason: "at most \(EventLimits.maxAttributes) entries, got more")
            }
            scanner.skipWhitespace()
            guard scanner.current == UInt8(ascii: ",") else { break }
            scanner.index += 1
        }
        return result
    }

    private func stringArray(_ field: NDJSONField) throws(IngestError) -> [String] {
        let s = slot(field)
        switch s.kind {
        case .absent, .null: return []
        case .array: break
        default: throw wrongType(field, "an array of strings", s.kind)
        }
        var result: [String] = []
        var scanner = JSONScanner(bytes, from: s.start, to: s.end)
        try checked(field.name) { () throws(JSONSyntaxError) in try scanner.expect(UInt8(ascii: "["), "'['") }
        scanner.skipWhitespace()
        if scanner.current == UInt8(ascii: "]") { return [] }
        while true {
            scanner.skipWhitespace()
            guard scanner.current == UInt8(ascii: "\"") else {
                let kind = scanner.peekKind() ?? .absent
                throw IngestError(line: line, field: "\(field.name)[\(result.count)]", reason: "must be a string, got \(kind.noun)")
            }
            let span = try checked(field.name) { () throws(JSONSyntaxError) in try scanner.scanString() }
            result.append(scanner.string(span))
            if result.count > EventLimits.maxFailureTags {
                throw IngestError(line: line, field: field.name, reason: "at most \(EventLimits.maxFailureTags) entries, got more")
            }
            scanner.skipWhitespace()
            guard scanner.current == UInt8(ascii: ",") else { break }
            scanner.index += 1
        }
        return result
    }

    /// Budget thresholds: numbers read exactly as basis points (0.5 → 5000).
    private func thresholds() throws(IngestError) -> [Int]? {
        let s = slot(.thresholds)
        switch s.kind {
        case .absent, .null: return nil
        case .array: break
        default: throw wrongType(.thresholds, "an array of numbers", s.kind)
        }
        var result: [Int] = []
        var scanner = JSONScanner(bytes, from: s.start, to: s.end)
        try checked("thresholds") { () throws(JSONSyntaxError) in try scanner.expect(UInt8(ascii: "["), "'['") }
        scanner.skipWhitespace()
        if scanner.current == UInt8(ascii: "]") { return [] }
        while true {
            scanner.skipWhitespace()
            let field = "thresholds[\(result.count)]"
            guard scanner.peekKind() == .number else {
                let kind = scanner.peekKind() ?? .absent
                throw IngestError(line: line, field: field, reason: "must be a number, got \(kind.noun)")
            }
            let start = scanner.index
            try checked("thresholds") { () throws(JSONSyntaxError) in try scanner.scanNumber() }
            let item = NDJSONValueSlot(start: start, end: scanner.index, kind: .number, hasEscapes: false)
            let outOfRange = IngestError(line: line, field: field, reason: "must be a fraction of the amount in (0, 10], got \(numberText(item))")
            let bp: Int64
            do {
                bp = try JSONDecimal(bytes, from: start, to: scanner.index).exactInteger(scale: 4)
            } catch .notAnInteger {
                throw IngestError(line: line, field: field, reason: "must be a multiple of 0.0001 (a whole basis point), got \(numberText(item))")
            } catch {
                throw outOfRange
            }
            guard bp > 0, bp <= EventLimits.maxThresholdBasisPoints else { throw outOfRange }
            result.append(Int(bp))
            if result.count > EventLimits.maxThresholds {
                throw IngestError(line: line, field: "thresholds", reason: "must hold 1 to \(EventLimits.maxThresholds) fractions, got more")
            }
            scanner.skipWhitespace()
            guard scanner.current == UInt8(ascii: ",") else { break }
            scanner.index += 1
        }
        return result
    }
}
