extension FuzzEntry {
    /// The NDJSON importer (line splitter, line decoder and validator) on arbitrary bytes.
    ///
    /// Properties: nothing traps; each invalid line is reported once, with a line number inside
    /// the input, in order; the events and errors do not depend on how the input is cut into
    /// chunks (64-byte reads against whole-buffer reads); all-or-nothing mode yields exactly the
    /// same events when no line is invalid and nothing otherwise, also when it must read the input
    /// twice; every accepted event passes `EventValidator`, and survives both a canonical NDJSON
    /// round trip (same event, same bytes again) and a binary `EventCodec` round trip.
    public static func ndjson(_ input: UnsafeRawBufferPointer) throws(FuzzInvariantViolation) -> FuzzVerdict {
        let bytes = Array(input.prefix(maximumInputBytes))
        func violation(_ reason: String) -> FuzzInvariantViolation {
            FuzzInvariantViolation(target: "ndjson", reason: reason)
        }
        func run(_ mode: NDJSONImportMode, chunkSize: Int, retain: Int = 100_000) throws(FuzzInvariantViolation)
            -> (report: NDJSONImportReport, events: [NDJSONImportedEvent]) {
            var reader = NDJSONImportReader(source: .bytes(bytes), mode: mode)
            reader.chunkSize = chunkSize
            reader.maxLineBytes = 4_096
            reader.batchSize = 3
            reader.retainedEventLimit = retain
            var events: [NDJSONImportedEvent] = []
            do {
                let report = try reader.run { batch in events.append(contentsOf: batch.events) }
                return (report, events)
            } catch {
                throw violation("the import of bytes in memory failed: \(error)")
            }
        }

        let small = try run(.skipInvalid(rejectsPath: nil), chunkSize: 64)
        let large = try run(.skipInvalid(rejectsPath: nil), chunkSize: 1 << 20)
        guard small.report == large.report, small.events == large.events else {
            throw violation("the outcome depends on the read size: \(small.report) against \(large.report)")
        }
        let report = small.report
        guard report.events == small.events.count, report.rejected == report.errors.count else {
            throw violation("the report's counts disagree: \(report) with \(small.events.count) events")
        }
        var previous = 0
        for error in report.errors {
            guard error.line > previous, error.line <= report.lines else {
                throw violation("error at line \(error.line) out of order or outside 1...\(report.lines): \(error)")
            }
            guard !error.reason.isEmpty else { throw violation("an error without a reason at line \(error.line)") }
            previous = error.line
        }

        // All-or-nothing, once from memory and once by a second pass.
        for retain in [100_000, 1] {
            let whole = try run(.allOrNothing, chunkSize: 64, retain: retain)
            guard whole.report.rejected == report.rejected, whole.report.events == report.events,
                  whole.report.lines == report.lines, whole.report.errors == report.errors else {
                throw violation("all-or-nothing found \(whole.report), skip-invalid \(report)")
            }
            let expected = report.rejected == 0 ? small.events : []
            guard whole.report.yielded == (report.rejected == 0), whole.events == expected else {
                throw violation("all-or-nothing yielded \(whole.events.count) events with \(report.rejected) invalid lines")
            }
        }

        // Every accepted event is valid and round-trips, as NDJSON and as a stored record.
        let encoder = NDJSONEventEncoder()
        let decoder = NDJSONEventDecoder()
        var symbols = FuzzSymbols()
        for imported in small.events {
            let event = imported.event
            do throws(EventValidationError) {
                try EventValidator.validate(event)
            } catch {
                throw violation("line \(imported.line) was accepted but does not validate: \(error)")
            }
            let line = encoder.encode(event)
            let back: Event
            do throws(IngestError) {
                back = try decoder.decode(line)
            } catch {
                throw violation("line \(imported.line): its canonical form \(line) is rejected: \(error)")
            }
            guard back == event, encoder.encode(back) == line else {
                throw violation("line \(imported.line): the canonical NDJSON round trip changed the event: \(line)")
            }
            var writer = ByteWriter()
            do {
                try EventCodec.encode(event, id: event.id ?? "generated", into: &writer, symbols: &symbols)
                var stored = try writer.bytes.withUnsafeBytes { raw in try EventDecoder.decode(raw, symbols: symbols) }
                stored.id = event.id
                guard stored == event else {
                    throw violation("line \(imported.line): the stored form changed the event:\n  \(event)\n  \(stored)")
                }
            } catch let error as FuzzInvariantViolation {
                throw error
            } catch {
                throw violation("line \(imported.line): the event does not survive the binary codec: \(error)")
            }
        }
        return report.rejected == 0 && report.events > 0 ? .accepted : .rejected
    }
}
