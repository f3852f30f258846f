import Foundation
import Testing
@testable import Tally

/// Each bug the fuzzers found, as a plain test (the inputs are also in `Fuzz/regressions/`).
@Suite struct FuzzRegressionTests {
    /// event-record: a stored id of zero bytes (inline tag, empty text) decoded to an event with
    /// the id "", which the log never stores and which did not survive a round trip. Now refused.
    @Test func aStoredIDOfZeroBytesIsRefused() throws {
        let record: [UInt8] = [0x01, 0x03, 0x40, 0x13, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80]
        let failure = record.withUnsafeBytes { raw -> String? in
            do {
                _ = try EventDecoder.decode(raw, symbols: FuzzSymbols())
                return nil
            } catch {
                return "\(error)"
            }
        }
        #expect(failure?.contains("invalid id") == true)
        let empty: [UInt8] = [EventID.inlineTag]
        #expect(empty.withUnsafeBytes { EventID.text(ofStoredForm: $0) } == nil)
        let one: [UInt8] = [EventID.inlineTag, UInt8(ascii: "a")]
        #expect(one.withUnsafeBytes { EventID.text(ofStoredForm: $0) } == "a")
    }

    /// price-file: `Timestamp.epochDay`, `epochHour` and `rfc3339` overflowed (a trap) within a day
    /// of `Int64.min`; `tally prices lookup`'s explanation formats the validity span's bounds, and
    /// a damaged record can carry any timestamp.
    @Test func timestampsNearTheEndsOfInt64DoNotTrap() {
        for ms in [Int64.min, .min + 1, .min + Timestamp.dayMs, .max, .max - 1] {
            let ts = Timestamp(milliseconds: ms)
            #expect(!ts.rfc3339.isEmpty)
            #expect(!ts.dayString.isEmpty)
            // Floor division: the day starts at or before the instant and ends after it.
            let day = ts.epochDay
            #expect(Int128(day) * Int128(Timestamp.dayMs) <= Int128(ms))
            #expect((Int128(day) + 1) * Int128(Timestamp.dayMs) > Int128(ms))
            let hour = ts.epochHour
            #expect(Int128(hour) * Int128(Timestamp.hourMs) <= Int128(ms))
            #expect((Int128(hour) + 1) * Int128(Timestamp.hourMs) > Int128(ms))
        }
        // Unchanged where it mattered before.
        #expect(Timestamp(milliseconds: -1).epochDay == -1)
        #expect(Timestamp(milliseconds: -Timestamp.dayMs).epochDay == -1)
        #expect(Timestamp(milliseconds: -Timestamp.dayMs - 1).epochDay == -2)
        #expect(Timestamp(milliseconds: -1).rfc3339 == "1969-12-31T23:59:59.999Z")
        #expect(Timestamp(milliseconds: -Timestamp.hourMs).epochHour == -1)
        #expect(Timestamp(milliseconds: 0).rfc3339 == "1970-01-01T00:00:00.000Z")
    }

    /// price-file: the same overflow reached through a lookup at the earliest instant of a book
    /// with daily windows (the deepseek book), whose explanation formats the window's boundary.
    @Test func anExplanationAtTheEarliestInstantDoesNotTrap() throws {
        let book = try PriceBook.load(path: FuzzCorpusReplayTests.repository.appendingPathComponent("Replay/books/deepseek.json").path)
        let resolver = PriceResolver(book: book)
        let match = try #require(resolver.match(model: "deepseek-chat", provider: nil, at: Timestamp(milliseconds: .min)))
        #expect(match.explanation(model: "deepseek-chat", provider: nil).contains("same answer"))
    }
}
