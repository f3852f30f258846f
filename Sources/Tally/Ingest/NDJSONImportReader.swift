/// Where an NDJSON import reads from.
public enum NDJSONImportSource: Sendable, Hashable {
    /// A file by path.
    case file(String)
    /// The process's standard input (`tally import -`).
    case standardInput
    /// Bytes already in memory.
    case bytes([UInt8])
}

/// What an import does with invalid lines.
public enum NDJSONImportMode: Sendable, Hashable {
    /// Validate everything first; if any line is invalid, report every error and yield nothing,
    /// so the caller stores nothing of the input.
    case allOrNothing
    /// Yield the valid lines and reject the others; with a path, write each reject there as an
    /// NDJSON line `{"line":N,"field":…,"reason":…,"input":"…"}`.
    case skipInvalid(rejectsPath: String?)
}

/// An event with the input line it came from.
public struct NDJSONImportedEvent: Hashable, Sendable {
    /// 1-based line number in the input.
    public var line: Int
    public var event: Event

    public init(line: Int, event: Event) {
        self.line = line
        self.event = event
    }
}

/// A batch of valid events, in input order, ready to append.
public struct NDJSONImportBatch: Sendable {
    public var events: [NDJSONImportedEvent]
    /// Input bytes read so far in this pass (for progress).
    public var bytesRead: Int64
    /// The input's size, when known (regular files, memory).
    public var totalBytes: Int64?
}

/// What a screen decides for one valid line of an import.
public enum NDJSONImportVerdict: Hashable, Sendable {
    /// Hand the event out to be appended.
    case accept
    /// Its event is stored already, with the same content: a duplicate, not handed out (counted
    /// in `NDJSONImportReport.alreadyStored`).
    case alreadyStored
    /// Reject the line like an invalid one, with this error.
    case reject(IngestError)
}

/// Checks valid events against the store before they are handed out: called with events in
/// input order, it returns one verdict per event — `EventLog.importVerdicts(for:)`, which rejects
/// lines whose id already names another event and spots the ones stored already. (A missing
/// verdict accepts its event.)
public typealias NDJSONImportScreen = ([NDJSONImportedEvent]) throws -> [NDJSONImportVerdict]

/// The outcome of an import run.
public struct NDJSONImportReport: Hashable, Sendable {
    /// Lines in the input, blank ones included.
    public var lines = 0
    /// Valid events found (and, unless `yielded` is false, handed to the caller); lines the screen
    /// rejected are not counted here.
    public var events = 0
    /// Invalid lines, and lines the screen rejected.
    public var rejected = 0
    /// The first errors, in line order (at most `maxReportedErrors`; `rejected` counts all).
    public var errors: [IngestError] = []
    /// Whether batches were handed out: false in all-or-nothing mode when any line is invalid.
    public var yielded = false
    /// Whether the input was read twice (all-or-nothing with more events than fit in memory).
    public var usedSecondPass = false
    /// Valid events not handed out because the screen found them stored already, with the same
    /// content (duplicates; included in `events`).
    public var alreadyStored = 0

    /// Errors found but not kept in `errors`.
    public var unreportedErrors: Int { rejected - errors.count }
}

/// The input changed between the validating pass and the appending pass of an all-or-nothing
/// import (a line that was valid no longer is). Batches already handed out stay handed out.
public struct NDJSONImportInputChanged: Error, Hashable, Sendable, CustomStringConvertible {
    public var error: IngestError
    public var description: String { "the input changed while it was being imported: \(error)" }
}

/// Reads NDJSON events from a file, standard input or memory, in large chunks, and hands valid
/// events out in batches, in input order, with their line numbers.
///
/// - All-or-nothing (the default of `tally import`): a first pass decodes and validates every
///   line and collects the errors. With any error, nothing is yielded. Otherwise the events are
///   yielded: straight from memory when there were at most `retainedEventLimit`, else by a second
///   pass over the input (standard input is spooled to an unlinked temporary file for that).
/// - Skip-invalid: one pass; valid events are yielded, invalid lines are counted, reported (up to
///   `maxReportedErrors`) and written to the rejects file. Memory stays bounded by one chunk, one
///   line (`maxLineBytes`) and one batch, however large the input.
///
/// With a screen (`run(screen:_:)`, e.g. `EventLog.importVerdicts(for:)`), valid events are also
/// checked against the store before they are yielded: the lines it rejects count as bad lines,
/// and the events it finds stored already are not yielded (`alreadyStored`). All-or-nothing
/// screens the first pass in chunks of `max(batchSize, retainedEventLimit)` events, so nothing
/// is stored when any line is rejected; the screen compares lines only within a chunk (an input
/// of at most `retainedEventLimit` events is one chunk). Skip-invalid screens each batch just
/// before yielding it, so its lines are also compared with the batches already stored;
/// screened-out lines go to the rejects file when their batch is screened (after the invalid
/// lines read so far, not in line order). `errors` stays in line order either way.
///
/// Lines end in `\n` or `\r\n`; the last may lack a newline; blank lines are skipped (but
/// counted in line numbers); a UTF-8 byte-order mark before line 1 is ignored.
public struct NDJSONImportReader: Sendable {
    public var source: NDJSONImportSource
    public var mode: NDJSONImportMode
    /// Events per batch handed to the caller.
    public var batchSize = 10_000
    /// Bytes read from the input at a time.
    public var chunkSize = 4 << 20
    /// The longest line accepted; longer ones are rejected without being buffered whole.
    public var maxLineBytes = 16 << 20
    /// How many errors the report keeps (all are counted, and all go to the rejects file).
    public var maxReportedErrors = 1_000
    /// All-or-nothing: up to this many events are kept from the first pass, avoiding a second.
    public var retainedEventLimit = 100_000
    /// The decoder (validating).
    public var decoder = NDJSONEventDecoder(validates: true)
    /// Give events without an `id` their `Event.contentID`, as `tally import` does, so a re-run
    /// of an interrupted import appends nothing twice (and a screen sees the ids `append` will).
    public var assignsContentIDs = false

    public init(source: NDJSONImportSource, mode: NDJSONImportMode = .allOrNothing) {
        self.source = source
        self.mode = mode
    }

    /// Runs the import, calling `onBatch` with each batch of valid events (never in
    /// all-or-nothing mode when a line is invalid). With a `screen`, valid events are checked
    /// before they are yielded and the lines it returns errors for are rejected like invalid ones
    /// (see the type's discussion). An error thrown by `onBatch` or `screen` stops the run and is
    /// rethrown; I/O failures throw `NDJSONImportIOError`.
    public func run(screen: NDJSONImportScreen? = nil, _ onBatch: (NDJSONImportBatch) throws -> Void) throws -> NDJSONImportReport {
        let batchSize = max(1, self.batchSize)
        switch mode {
        case .skipInvalid(let rejectsPath):
            let rejects = try rejectsPath.map { path throws(NDJSONImportIOError) in try ImportOutput.create(path: path) }
            let input = try openInput()
            let splitter = NDJSONLineSplitter(input: input, chunkSize: chunkSize, maxLineBytes: maxLineBytes)
            var report = NDJSONImportReport()
            report.yielded = true
            var batch: [NDJSONImportedEvent] = []
            batch.reserveCapacity(batchSize)
            // The batch's input lines, kept only to write the lines a screen rejects.
            var held = HeldLines()
            func yieldBatch() throws {
                if let screen, !batch.isEmpty {
                    let verdicts = try screen(batch)
                    var kept = 0
                    for index in batch.indices {
                        switch index < verdicts.count ? verdicts[index] : .accept {
                        case .accept:
                            if kept != index { batch.swapAt(kept, index) }
                            kept += 1
                        case .alreadyStored:
                            report.alreadyStored += 1
                        case .reject(let error):
                            record(error, in: &report)
                            report.events -= 1
                            if let rejects {
                                try held.withLine(at: index, number: batch[index].line) { line throws in
                                    try rejects.write(NDJSONImportReader.rejectLine(error, line: line))
                                }
                            }
                        }
                    }
                    batch.removeLast(batch.count - kept)
                }
                if !batch.isEmpty {
                    try onBatch(NDJSONImportBatch(events: batch, bytesRead: splitter.bytesRead, totalBytes: input.size))
                }
                batch.removeAll(keepingCapacity: true)
                held.removeAll()
            }
            try forEachLine(splitter) { line, result throws in
                report.lines = line.number
                guard let result else { return }
                switch result {
                case .success(let event):
                    report.events += 1
                    batch.append(NDJSONImportedEvent(line: line.number, event: event))
                    if screen != nil && rejects != nil { held.append(line.bytes) }
                    if batch.count >= batchSize { try yieldBatch() }
                case .failure(let error):
                    record(error, in: &report)
                    try rejects?.write(NDJSONImportReader.rejectLine(error, line: line))
                }
            }
            try yieldBatch()
            try rejects?.close()
            return report

        case .allOrNothing:
            let input = try openInput()
            var spool: ImportOutput?
            if case .standardInput = source {
                spool = try ImportOutput.temporary()
                input.spool = spool
            }
            let splitter = NDJSONLineSplitter(input: input, chunkSize: chunkSize, maxLineBytes: maxLineBytes)
            var report = NDJSONImportReport()
            var retained: [NDJSONImportedEvent] = []
            var retainedAll = true
            // With a screen, valid events collect here and are screened a chunk at a time; a chunk
            // then becomes the retained events (no copy) while they fit. Lines found stored
            // already are remembered, so they are neither handed out nor decoded again.
            var unscreened: [NDJSONImportedEvent] = []
            let screenChunk = max(batchSize, retainedEventLimit)
            var stored = LineSet()
            func screenPending() throws {
                guard let screen, !unscreened.isEmpty else { return }
                let verdicts = try screen(unscreened)
                for (index, verdict) in verdicts.prefix(unscreened.count).enumerated() {
                    switch verdict {
                    case .accept: break
                    case .alreadyStored:
                        report.alreadyStored += 1
                        stored.insert(unscreened[index].line)
                    case .reject(let error):
                        record(error, in: &report)
                        report.events -= 1
                    }
                }
                if retainedAll, report.rejected == 0, retained.count + unscreened.count <= retainedEventLimit {
                    if retained.isEmpty { swap(&retained, &unscreened) } else { retained.append(contentsOf: unscreened) }
                } else if report.rejected > 0 || retained.count + unscreened.count > retainedEventLimit {
                    if report.rejected == 0 { retainedAll = false }
                    retained = []
                }
                unscreened.removeAll(keepingCapacity: true)
            }
            try forEachLine(splitter) { line, result throws in
                report.lines = line.number
                guard let result else { return }
                switch result {
                case .success(let event):
                    report.events += 1
                    if screen != nil {
                        unscreened.append(NDJSONImportedEvent(line: line.number, event: event))
                        if unscreened.count >= screenChunk { try screenPending() }
                    } else if retainedAll, report.rejected == 0 {
                        if retained.count < retainedEventLimit {
                            retained.append(NDJSONImportedEvent(line: line.number, event: event))
                        } else {
                            retainedAll = false
                            retained = []
                        }
                    }
                case .failure(let error):
                    record(error, in: &report)
                    retained = []
                }
            }
            try screenPending()
            guard report.rejected == 0 else { return report }
            report.yielded = true
            let total = input.size ?? splitter.bytesRead
            if retainedAll {
                if !stored.isEmpty { retained.removeAll { stored.contains($0.line) } }
                var index = 0
                while index < retained.count {
                    let end = min(retained.count, index + batchSize)
                    try onBatch(NDJSONImportBatch(events: Array(retained[index..<end]), bytesRead: total, totalBytes: total))
                    index = end
                }
                return report
            }
            // Second pass: the events did not all fit in memory.
            report.usedSecondPass = true
            let again = try spool?.rewoundInput() ?? openInput()
            let second = NDJSONLineSplitter(input: again, chunkSize: chunkSize, maxLineBytes: maxLineBytes)
            var batch: [NDJSONImportedEvent] = []
            batch.reserveCapacity(batchSize)
            try forEachLine(second, skipping: { stored.contains($0) }) { line, result throws in
                guard let result else { return }
                switch result {
                case .success(let event):
                    batch.append(NDJSONImportedEvent(line: line.number, event: event))
                    if batch.count >= batchSize {
                        try onBatch(NDJSONImportBatch(events: batch, bytesRead: second.bytesRead, totalBytes: total))
                        batch.removeAll(keepingCapacity: true)
                    }
                case .failure(let error):
                    throw NDJSONImportInputChanged(error: error)
                }
            }
            if !batch.isEmpty {
                try onBatch(NDJSONImportBatch(events: batch, bytesRead: second.bytesRead, totalBytes: total))
            }
            return report
        }
    }

    private func openInput() throws(NDJSONImportIOError) -> ImportInput {
        switch source {
        case .file(let path): try ImportInput.open(path: path)
        case .standardInput: ImportInput.standardInput()
        case .bytes(let bytes): ImportInput.memory(bytes)
        }
    }

    /// Counts a rejected line and keeps its error if it is among the first `maxReportedErrors`
    /// by line (screened lines can be reported after later invalid ones).
    private func record(_ error: IngestError, in report: inout NDJSONImportReport) {
        report.rejected += 1
        var errors = report.errors
        report.errors = []
        defer { report.errors = errors }
        if errors.count < maxReportedErrors && (errors.last.map { $0.line <= error.line } ?? true) {
            errors.append(error) // the usual case: in line order
            return
        }
        guard let last = errors.last, error.line < last.line else { return }
        var low = 0
        var high = errors.count
        while low < high {
            let mid = (low + high) / 2
            if errors[mid].line <= error.line { low = mid + 1 } else { high = mid }
        }
        errors.insert(error, at: low)
        if errors.count > maxReportedErrors { errors.removeLast() }
    }

    /// Decodes every non-blank line and hands `body` the event or the error (`nil` for a blank line).
    ///
    /// Lines for which `skipping` is true are passed over without being decoded.
    private func forEachLine(
        _ splitter: NDJSONLineSplitter,
        skipping: (Int) -> Bool = { _ in false },
        _ body: (NDJSONLine, Result<Event, IngestError>?) throws -> Void
    ) throws {
        let decoder = self.decoder
        let maxLineBytes = self.maxLineBytes
        let assignsContentIDs = self.assignsContentIDs
        let strings = NDJSONStringTable()
        do throws(NDJSONImportReadFailure<any Error>) {
            try splitter.forEachLine { (line: NDJSONLine) throws(any Error) in
                if line.tooLong {
                    let error = IngestError(
                        line: line.number, field: nil,
                        reason: "line is \(line.length) bytes, longer than the limit of \(maxLineBytes)")
                    try body(line, .failure(error))
                    return
                }
                if line.isBlank {
                    try body(line, nil)
                    return
                }
                if skipping(line.number) { return }
                let result: Result<Event, IngestError>
                do throws(IngestError) {
                    var event = try decoder.decode(line.bytes, lineNumber: line.number, strings: strings)
                    if assignsContentIDs, event.id == nil { event.id = event.contentID }
                    result = .success(event)
                } catch {
                    result = .failure(error)
                }
                try body(line, result)
            }
        } catch {
            switch error {
            case .io(let io): throw io
            case .body(let inner): throw inner
            }
        }
    }

    /// The rejects-file line for an invalid input line: `{"line":N,"field":…,"reason":…,"input":"…"}`.
    ///
    /// `input` is the original line as a JSON string (invalid UTF-8 replaced by U+FFFD; a line
    /// over the length limit cut to its first bytes, with `"input_truncated":true`).
    static func rejectLine(_ error: IngestError, line: NDJSONLine) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(line.bytes.count + 128)
        out.append(contentsOf: "{\"line\":".utf8)
        JSONWriter.appendInt(Int64(error.line), to: &out)
        out.append(contentsOf: ",\"field\":".utf8)
        if let field = error.field {
            JSONWriter.appendString(field, to: &out)
        } else {
            out.append(contentsOf: "null".utf8)
        }
        out.append(contentsOf: ",\"reason\":".utf8)
        JSONWriter.appendString(error.reason, to: &out)
        out.append(contentsOf: ",\"input\":".utf8)
        JSONWriter.appendString(String(decoding: line.bytes, as: UTF8.self), to: &out)
        if line.tooLong { out.append(contentsOf: ",\"input_truncated\":true".utf8) }
        out.append(contentsOf: "}\n".utf8)
        return out
    }
}

/// Input lines kept back-to-back in one buffer (the lines of a batch, for the rejects file).
struct HeldLines {
    private var bytes: [UInt8] = []
    private var starts: [Int] = []

    mutating func append(_ line: UnsafeRawBufferPointer) {
        starts.append(bytes.count)
        bytes.append(contentsOf: line)
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
    }

    /// Runs `body` with the `index`th line held, as line `number` of the input.
    func withLine(at index: Int, number: Int, _ body: (NDJSONLine) throws -> Void) throws {
        guard starts.indices.contains(index) else { return }
        let start = starts[index]
        let end = index + 1 < starts.count ? starts[index + 1] : bytes.count
        try bytes.withUnsafeBytes { raw in
            let slice = UnsafeRawBufferPointer(rebasing: raw[start..<end])
            try body(NDJSONLine(number: number, bytes: slice, tooLong: false, length: slice.count))
        }
    }
}

/// A set of line numbers, one bit each (the lines a screen found stored already).
struct LineSet {
    private var words: [UInt64] = []

    var isEmpty: Bool { words.isEmpty }

    mutating func insert(_ line: Int) {
        guard line >= 0 else { return }
        let word = line >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word - words.count + 1)) }
        words[word] |= 1 << UInt64(line & 63)
    }

    func contains(_ line: Int) -> Bool {
        guard line >= 0, line >> 6 < words.count else { return false }
        return words[line >> 6] & (1 << UInt64(line & 63)) != 0
    }
}
