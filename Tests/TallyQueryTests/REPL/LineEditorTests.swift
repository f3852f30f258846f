import Testing
@testable import TallyQuery

/// The line editor's keys, decoded from terminal bytes and applied to the edit buffer.
@Suite struct LineEditorTests {
    /// Feeds bytes through the decoder into a buffer; returns the outcome of the last key.
    func type(_ bytes: [UInt8], history: [String] = [], into buffer: inout LineEditBuffer) -> LineEditBuffer.Outcome {
        var decoder = KeyDecoder()
        decoder.feed(bytes)
        var last = LineEditBuffer.Outcome.editing
        while let key = decoder.next() {
            last = buffer.apply(key)
            if last != .editing { break }
        }
        return last
    }

    func run(_ text: String, history: [String] = []) -> (LineEditBuffer.Outcome, LineEditBuffer) {
        var buffer = LineEditBuffer(history: history)
        let outcome = type(Array(text.utf8), history: history, into: &buffer)
        return (outcome, buffer)
    }

    @Test func typingAndEnter() {
        #expect(run("SELECT 1\r").0 == .submit("SELECT 1"))
    }

    @Test func cursorMovementAndInsertion() {
        // type "SLECT", Home, Right, insert "E"
        #expect(run("SLECT\u{1}\u{1B}[CE\r").0 == .submit("SELECT"))
        // arrows left twice then backspace
        #expect(run("abcd\u{1B}[D\u{1B}[D\u{7F}\r").0 == .submit("acd"))
        // End via ESC [ F and ESC [ 4 ~, Home via ESC [ H and ESC [ 1 ~
        #expect(run("bc\u{1B}[Ha\u{1B}[Fd\r").0 == .submit("abcd"))
        #expect(run("bc\u{1B}[1~a\u{1B}[4~d\r").0 == .submit("abcd"))
        // Delete under the cursor
        #expect(run("abc\u{1}\u{1B}[3~\r").0 == .submit("bc"))
    }

    @Test func killCommands() {
        #expect(run("hello world\u{17}\r").0 == .submit("hello "))
        #expect(run("hello world\u{1}\u{1B}[C\u{B}\r").0 == .submit("h"))
        #expect(run("hello world\u{1B}[D\u{15}\r").0 == .submit("d"))
    }

    @Test func wordMovement() {
        #expect(run("one two\u{1B}bX\r").0 == .submit("one Xtwo"))
        #expect(run("one two\u{1}\u{1B}fX\r").0 == .submit("oneX two"))
        #expect(run("one two\u{1B}[1;5DX\r").0 == .submit("one Xtwo"))
    }

    @Test func historyUpAndDown() {
        let history = ["SELECT 1;", "SELECT 2;"]
        #expect(run("\u{1B}[A\r", history: history).0 == .submit("SELECT 2;"))
        #expect(run("\u{1B}[A\u{1B}[A\u{1B}[A\r", history: history).0 == .submit("SELECT 1;"))
        // Down past the newest entry brings back what was being typed.
        #expect(run("draft\u{1B}[A\u{1B}[B\r", history: history).0 == .submit("draft"))
        #expect(run("\u{10}\u{10}\u{E}\r", history: history).0 == .submit("SELECT 2;"))
    }

    @Test func ctrlCAndCtrlD() {
        #expect(run("SELECT\u{3}").0 == .interrupt)
        #expect(run("\u{4}").0 == .endOfInput)
        // Ctrl-D on a non-empty line deletes forward instead.
        #expect(run("ab\u{1}\u{4}\r").0 == .submit("b"))
    }

    @Test func utf8Characters() {
        #expect(run("café\u{7F}e\r").0 == .submit("cafe"))
        var decoder = KeyDecoder()
        decoder.feed([0xC3])
        let partial = decoder.next()
        #expect(partial == nil)
        decoder.feed([0xA9])
        let whole = decoder.next()
        #expect(whole == .character("é"))
    }

    @Test func incompleteEscapeWaitsForMoreBytes() {
        var decoder = KeyDecoder()
        decoder.feed([0x1B, UInt8(ascii: "[")])
        let partial = decoder.next()
        #expect(partial == nil)
        decoder.feed([UInt8(ascii: "A")])
        let key = decoder.next()
        #expect(key == .up)
    }

    @Test func pastedLinesComeOneAtATime() {
        var decoder = KeyDecoder()
        decoder.feed(Array("a\rb\r".utf8))
        var buffer = LineEditBuffer(history: [])
        var submitted: [String] = []
        while let key = decoder.next() {
            if case let .submit(text) = buffer.apply(key) {
                submitted.append(text)
                buffer = LineEditBuffer(history: [])
            }
        }
        #expect(submitted == ["a", "b"])
    }

    @Test func tabsBecomeSpacesAndOtherControlsAreIgnored() {
        #expect(run("a\tb\u{7}\r").0 == .submit("a b"))
        #expect(run("ab\u{C}\r").0 == .clearScreen)
    }
}
