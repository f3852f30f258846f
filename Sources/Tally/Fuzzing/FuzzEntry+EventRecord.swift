extension FuzzEntry {
    /// The binary event decoder (`EventRecord`, the per-type record views the projections read,
    /// `EventDecoder`) on arbitrary bytes.
    ///
    /// Properties: the decoder never traps; it fails only with `DecodingError`; an event it
    /// decodes encodes again (`EventCodec`), and that encoding decodes to the same event and
    /// re-encodes to the same bytes (so what a damaged record decodes to is at least a
    /// representable event); the symbol-level views agree with the full decoder on whether the
    /// payload is readable.
    public static func eventRecord(_ input: UnsafeRawBufferPointer) throws(FuzzInvariantViolation) -> FuzzVerdict {
        let bytes = UnsafeRawBufferPointer(rebasing: input.prefix(maximumInputBytes))
        func violation(_ reason: String) -> FuzzInvariantViolation {
            FuzzInvariantViolation(target: "event-record", reason: reason)
        }
        let record: EventRecord
        do {
            record = try EventRecord(bytes)
        } catch {
            return .rejected
        }
        // The symbol-level view of the payload, as the projections read it.
        let viewReadable: Bool
        do {
            switch record.type {
            case .interaction:
                let view = try InteractionRecord(record.payload)
                if var attributes = view.attributes {
                    // Walk the attributes the way the decoder does (bounded).
                    if let count = attributes.readVarint(), count <= 1024 {
                        for _ in 0..<count where attributes.readString() != nil && attributes.readString() != nil {}
                    }
                }
            case .rating: _ = try RatingRecord(record.payload)
            case .handoff: _ = try HandoffRecord(record.payload)
            case .deployment: _ = try DeploymentRecord(record.payload)
            case .priceBook: _ = try PriceBookRecord(record.payload)
            case .budget: _ = try BudgetRecord(record.payload)
            }
            viewReadable = true
        } catch {
            viewReadable = false
        }

        let symbols = FuzzSymbols()
        let event: Event
        do {
            event = try EventDecoder.decode(record, symbols: symbols)
        } catch let error as DecodingError {
            _ = error.description
            return .rejected
        } catch {
            throw violation("the decoder threw \(type(of: error)) (\(error)), not a DecodingError")
        }
        guard viewReadable else {
            throw violation("the full decoder read a \(record.type) payload its record view refused")
        }
        guard let id = event.id, !id.isEmpty else { throw violation("a decoded event has no id") }
        if case .priceBook(let change) = event.payload {
            // A stored book is parsed by the projections; whatever it holds, only a typed error.
            _ = try? change.book()
        }

        // Encode, decode, encode again: the same event and the same bytes.
        var names = symbols
        let first: [UInt8]
        do {
            first = try encoded(event, id: id, symbols: &names)
        } catch {
            throw violation("a decoded event does not encode again: \(error)")
        }
        let again: Event
        do {
            again = try first.withUnsafeBytes { raw in try EventDecoder.decode(raw, symbols: names) }
        } catch {
            throw violation("the re-encoded record does not decode: \(error)")
        }
        let second: [UInt8]
        do {
            second = try encoded(again, id: again.id ?? "", symbols: &names)
        } catch {
            throw violation("the decoded re-encoded event does not encode: \(error)")
        }
        guard first == second else {
            throw violation("re-encoding is not stable: \(first.count) bytes, then \(second.count) bytes")
        }
        if !containsNaN(event), again != event {
            throw violation("a decoded event changed through encode and decode:\n  \(event)\n  \(again)")
        }
        return .accepted
    }

    private static func encoded(_ event: Event, id: String, symbols: inout FuzzSymbols) throws -> [UInt8] {
        var writer = ByteWriter()
        try EventCodec.encode(event, id: id, into: &writer, symbols: &symbols)
        return writer.bytes
    }

    /// NaN never equals itself, so events carrying one are compared by their bytes only.
    private static func containsNaN(_ event: Event) -> Bool {
        if case .interaction(let i) = event.payload, let c = i.confidence { return c.isNaN }
        return false
    }
}
