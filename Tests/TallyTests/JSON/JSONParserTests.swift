import Testing
@testable import Tally

@Suite("JSON parser")
struct JSONParserTests {
    private func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(text)
    }

    private func parseError(_ text: String, options: JSONParser.Options = .init()) -> JSONParseError? {
        do {
            _ = try JSONParser.parse(Array(text.utf8), options: options)
            return nil
        } catch {
            return error
        }
    }

    @Test func scalars() throws {
        #expect(try parse("null") == .null)
        #expect(try parse(" true ") == .bool(true))
        #expect(try parse("false") == .bool(false))
        #expect(try parse("\"hi\"") == .string("hi"))
        #expect(try parse("0").numberValue?.text == "0")
        #expect(try parse("-0.5e+10").numberValue?.text == "-0.5e+10")
    }

    @Test func numbersKeepTheirExactText() throws {
        let value = try parse(#"[2.9999900000000002e-06, 0.18000000000000002, 1E3, 12345678901234567890123]"#)
        let texts = value.arrayValue?.compactMap { $0.numberValue?.text }
        #expect(texts == ["2.9999900000000002e-06", "0.18000000000000002", "1E3", "12345678901234567890123"])
        #expect(value.arrayValue?[3].numberValue?.int64Value == nil)
        #expect(try parse("-42").numberValue?.int64Value == -42)
        #expect(try parse("4.0").numberValue?.int64Value == nil)
    }

    @Test func objectsKeepMemberOrder() throws {
        let value = try parse(#"{"z": 1, "a": {"y": [], "b": {}}, "m": null}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
        #expect(value["a"]?.objectValue?.keys == ["y", "b"])
        #expect(value["m"] == .null)
        #expect(value["missing"] == nil)
    }

    @Test func stringEscapesAndUnicode() throws {
        let value = try parse(#""a\"b\\c\/d\b\f\n\r\t \u00e9 \uD83D\uDE00 é 😀""#)
        #expect(value.stringValue == "a\"b\\c/d\u{08}\u{0C}\n\r\t é 😀 é 😀")
    }

    @Test func malformedNumbersAreRejectedAtTheirStart() {
        for text in ["01", "1.", "-", "1e", "1e+", ".5", "+1", "-a", "0x10", "1.e5"] {
            let error = parseError(text)
            #expect(error != nil, "accepted \(text)")
        }
        #expect(parseError("[1, 01]")?.offset == 4)
        #expect(parseError("[1, 01]")?.reason == .invalidNumber)
    }

    @Test func errorsNameOffsetLineAndReason() {
        let error = parseError("{\n  \"a\": 1,\n  \"b\" 2\n}")
        #expect(error?.reason == .unexpectedByte(UInt8(ascii: "2"), expected: "':'"))
        #expect(error?.line == 3)
        #expect(error?.column == 7)
        #expect(error?.offset == 18)
        #expect(error?.description == "JSON error at byte 18 (line 3, column 7): unexpected '2', expected ':'")

        #expect(parseError("")?.reason == .emptyInput)
        #expect(parseError("   ")?.reason == .emptyInput)
        #expect(parseError("[1, 2")?.reason == .unexpectedEnd(expected: "',' or ']'"))
        #expect(parseError("[1,]")?.reason == .unexpectedByte(UInt8(ascii: "]"), expected: "a value"))
        #expect(parseError("{\"a\":1,}")?.reason == .unexpectedByte(UInt8(ascii: "}"), expected: "a key string"))
        #expect(parseError("{\"a\" 1}")?.offset == 5)
        #expect(parseError("tru")?.reason == .unexpectedEnd(expected: "true"))
        #expect(parseError("nul1")?.offset == 3)
        #expect(parseError("1 2")?.reason == .trailingData)
        #expect(parseError("1 2")?.offset == 2)
        #expect(parseError("\"abc")?.reason == .unexpectedEnd(expected: "'\"' to close the string"))
        #expect(parseError("\"a\tb\"")?.reason == .controlCharacterInString(0x09))
        #expect(parseError(#""\x""#)?.reason == .invalidEscape)
        #expect(parseError(#""\u12G4""#)?.reason == .invalidUnicodeEscape)
        #expect(parseError(#""\uD83D""#)?.reason == .unpairedSurrogate)
        #expect(parseError(#""\uDE00""#)?.reason == .unpairedSurrogate)
        #expect(parseError(#""\uD83D\u0041""#)?.reason == .unpairedSurrogate)
    }

    @Test func duplicateKeysAreRejectedUnlessAllowed() throws {
        let error = parseError(#"{"a": 1, "a": 2}"#)
        #expect(error?.reason == .duplicateKey("a"))
        #expect(error?.offset == 9)
        let lenient = try JSONParser.parse(#"{"a": 1, "b": 0, "a": 2}"#, options: .init(allowDuplicateKeys: true))
        #expect(lenient.objectValue?.keys == ["a", "b"])
        #expect(lenient["a"]?.numberValue?.text == "2")
    }

    @Test func invalidUTF8IsRejected() {
        let cases: [[UInt8]] = [
            [0x22, 0xFF, 0x22],             // never valid
            [0x22, 0xC3, 0x22],             // truncated 2-byte sequence
            [0x22, 0xC0, 0xAF, 0x22],       // overlong '/'
            [0x22, 0xED, 0xA0, 0x80, 0x22], // encoded surrogate
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], // beyond U+10FFFF
            [0x22, 0xE2, 0x82],             // truncated at end
        ]
        for bytes in cases {
            do {
                _ = try JSONParser.parse(bytes)
                Issue.record("accepted \(bytes)")
            } catch {
                #expect(error.reason == .invalidUTF8, "\(bytes): \(error)")
            }
        }
    }

    @Test func byteOrderMarkIsSkipped() throws {
        #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)).arrayValue?.count == 1)
    }

    @Test func depthIsLimited() throws {
        let ok = String(repeating: "[", count: 128) + String(repeating: "]", count: 128)
        #expect(try parse(ok).arrayValue?.count == 1)
        let deep = String(repeating: "[", count: 129) + String(repeating: "]", count: 129)
        #expect(parseError(deep)?.reason == .tooDeep(limit: 128))
        #expect(parseError(deep)?.offset == 128)
        // A hostile depth fails fast and does not exhaust the stack.
        let hostile = String(repeating: "{\"a\":", count: 100_000)
        #expect(parseError(hostile)?.reason == .tooDeep(limit: 128))
        #expect(parseError("[[[1]]]", options: .init(maxDepth: 2))?.reason == .tooDeep(limit: 2))
    }

    /// Random bytes and random mutations of a valid document: the parser must return or throw,
    /// never trap or hang, and whatever it accepts must survive a write/parse round trip.
    @Test func fuzzedInputNeverCrashes() throws {
        var rng = SeededRandom(seed: 0x7A11_F00D)
        let seed = Array(#"{"id":"b","models":[{"model":"gpt-4o","p":"2.50","n":1.5e-6,"t":[true,false,null],"s":"\u00e9\n"}]}"#.utf8)
        let alphabet = Array(#"{}[]":,.-+eE0123456789tfnrlsu\ "#.utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xA9, 0xED, 0xF0, 0xFF]
        var accepted = 0
        for round in 0..<20_000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int(rng.next() % 40)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            } else {
                bytes = seed
                for _ in 0..<(1 + Int(rng.next() % 4)) {
                    let at = Int(rng.next() % UInt64(bytes.count))
                    switch rng.next() % 3 {
                    case 0: bytes[at] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                    case 1: bytes.remove(at: at)
                    default: bytes.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
                    }
                    if bytes.isEmpty { bytes = [0x20] }
                }
            }
            if let value = try? JSONParser.parse(bytes) {
                accepted += 1
                let text = JSONWriter.string(value)
                #expect(try JSONParser.parse(text) == value)
            }
        }
        #expect(accepted > 100)
    }
}
