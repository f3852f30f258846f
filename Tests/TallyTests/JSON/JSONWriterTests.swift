import Testing
@testable import Tally

@Suite("JSON writer")
struct JSONWriterTests {
    @Test func escapesStrings() {
        #expect(JSONWriter.quoted("plain") == #""plain""#)
        #expect(JSONWriter.quoted("q\"b\\s/") == #""q\"b\\s/""#)
        #expect(JSONWriter.quoted("\n\r\t\u{08}\u{0C}") == #""\n\r\t\b\f""#)
        #expect(JSONWriter.quoted("\u{00}\u{1F}\u{7F}") == "\"\\u0000\\u001f\u{7F}\"")
        #expect(JSONWriter.quoted("é😀\u{2028}\u{2029}") == "\"é😀\\u2028\\u2029\"")
    }

    @Test func compactAndPrettyLayouts() throws {
        let value = try JSONParser.parse(#"{"b": [1, 2.50, {}], "a": {"x": null, "y": []}, "c": "s"}"#)
        #expect(JSONWriter.string(value) == #"{"b":[1,2.50,{}],"a":{"x":null,"y":[]},"c":"s"}"#)
        #expect(JSONWriter.string(value, style: .pretty(indent: 2)) == """
        {
          "b": [
            1,
            2.50,
            {}
          ],
          "a": {
            "x": null,
            "y": []
          },
          "c": "s"
        }
        """)
    }

    @Test func everyControlCharacterRoundTrips() throws {
        let text = String(String.UnicodeScalarView((0..<0x80).compactMap(Unicode.Scalar.init))) + "é\u{2028}😀"
        let json = JSONWriter.string(.array([.string(text)]))
        #expect(try JSONParser.parse(json) == .array([.string(text)]))
    }
}
