import Testing
@testable import Tally

@Suite("Lookup explanation")
struct PriceExplanationTests {
    @Test func explainsTheMatchPricesAndCosts() throws {
        let book = try PriceBook.parse(json: JSONParser.parse(PriceBookTests.specExample))
        let at = try #require(Timestamp(rfc3339: "2026-06-01T00:00:00Z"))
        let match = try #require(PriceResolver(book: book).match(model: "gpt-4o-2024-08-06", provider: "openai", at: at))
        #expect(match.explanation(model: "gpt-4o-2024-08-06", provider: "openai") == """
        model       gpt-4o-2024-08-06 (provider openai)
        entry       #0: openai gpt-4o
        matched     exact, 17 characters, by "match": "exact"
        effective   2026-01-01T00:00:00Z … open-ended
        same answer 2026-01-01T00:00:00Z … open-ended
        prices per 1M tokens (USD)
          input         2.50
          cached input  1.25
          cache write   3.125
          output        10.00
          above 200000 input tokens: input 5.00, cached 1.25, cache write 3.125, output 15.00
        1M input tokens   $5.00 (in one request: the tier above 200000 applies)
        1M output tokens  $10.00
        """)
        #expect(PriceResolver(book: book).match(model: "gpt-4o", provider: nil, at: Timestamp(milliseconds: 0)) == nil)
    }
}
