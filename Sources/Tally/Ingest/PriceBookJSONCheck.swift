/// The structural check of a `price_book` event's `book` that ingestion does itself.
///
/// The pricing layer validates prices, tiers and dates deeply; here a book must be well-formed
/// JSON, one object (no whitespace around it, no line feed inside, so it fits on one NDJSON line
/// exactly as given), at most `EventLimits.maxBookBytes`, with a non-empty string `id` and an
/// array `models`, and no repeated member names at its top level.
enum PriceBookJSONCheck {
    static func check(_ json: String) throws(EventValidationError) {
        let result: Result<Void, EventValidationError>? = json.utf8.withContiguousStorageIfAvailable { utf8 in
            Result { () throws(EventValidationError) in try check(UnsafeRawBufferPointer(utf8)) }
        }
        if let result { return try result.get() }
        let copied = Array(json.utf8).withUnsafeBytes { bytes in
            Result { () throws(EventValidationError) in try check(bytes) }
        }
        try copied.get()
    }

    static func check(_ bytes: UnsafeRawBufferPointer) throws(EventValidationError) {
        guard bytes.count <= EventLimits.maxBookBytes else {
            throw EventValidationError(field: "book", reason: "must be at most \(EventLimits.maxBookBytes) bytes of JSON, got \(bytes.count)")
        }
        guard bytes.first == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}") else {
            throw EventValidationError(field: "book", reason: "must be a JSON object (starting with '{' and ending with '}', no surrounding whitespace)")
        }
        if bytes.contains(0x0A) {
            throw EventValidationError(field: "book", reason: "must not contain line feeds (NDJSON holds one event per line; minify the book)")
        }
        var scanner = JSONScanner(bytes)
        var idKind = JSONValueKind.absent
        var idSpan = JSONStringSpan(start: 0, end: 0, hasEscapes: false)
        var modelsKind = JSONValueKind.absent
        var names: Set<String> = []
        do throws(JSONSyntaxError) {
            try scanner.expect(UInt8(ascii: "{"), "'{'")
            scanner.skipWhitespace()
            if scanner.current != UInt8(ascii: "}") {
                while true {
                    scanner.skipWhitespace()
                    let nameSpan = try scanner.scanString()
                    let name = scanner.string(nameSpan)
                    guard names.insert(name).inserted else {
                        throw JSONSyntaxError(offset: nameSpan.start, reason: "duplicate member \(quoted(name))")
                    }
                    scanner.skipWhitespace()
                    try scanner.expect(UInt8(ascii: ":"), "':'")
                    scanner.skipWhitespace()
                    let valueStart = scanner.index
                    let kind = try scanner.scanValue()
                    if name == "id" {
                        idKind = kind
                        if kind == .string {
                            var inner = JSONScanner(bytes, from: valueStart, to: scanner.index)
                            idSpan = try inner.scanString()
                        }
                    } else if name == "models" {
                        modelsKind = kind
                    }
                    scanner.skipWhitespace()
                    if scanner.current == UInt8(ascii: ",") {
                        scanner.index += 1
                        continue
                    }
                    break
                }
            }
            scanner.skipWhitespace()
            try scanner.expect(UInt8(ascii: "}"), "',' or '}'")
            scanner.skipWhitespace()
            guard scanner.atEnd else { throw scanner.unexpected("the end of the book") }
        } catch {
            throw EventValidationError(field: "book", reason: "invalid JSON at byte \(error.offset + 1): \(error.reason)")
        }
        guard idKind != .absent else {
            throw EventValidationError(field: "book.id", reason: "is required (the price book's name)")
        }
        guard idKind == .string else {
            throw EventValidationError(field: "book.id", reason: "must be a string, got \(idKind.noun)")
        }
        guard idSpan.end > idSpan.start else {
            throw EventValidationError(field: "book.id", reason: "must not be empty")
        }
        guard modelsKind != .absent else {
            throw EventValidationError(field: "book.models", reason: "is required (an array of model prices)")
        }
        guard modelsKind == .array else {
            throw EventValidationError(field: "book.models", reason: "must be an array, got \(modelsKind.noun)")
        }
    }
}
