import Testing
@testable import TallyQuery

@Suite struct StatementSplitterTests {
    @Test func statementEndsAtSemicolon() {
        var s = StatementSplitter()
        #expect(s.add(line: "SELECT 1; SELECT 2;") == ["SELECT 1", " SELECT 2"])
        #expect(!s.hasPending)
    }

    @Test func statementSpansLines() {
        var s = StatementSplitter()
        #expect(s.add(line: "SELECT a,").isEmpty)
        #expect(s.hasPending)
        #expect(s.add(line: "  b FROM t").isEmpty)
        #expect(s.add(line: ";") == ["SELECT a,\n  b FROM t\n"])
        #expect(!s.hasPending)
    }

    @Test func semicolonsInsideStringsCommentsAndNamesDoNotEnd() {
        var s = StatementSplitter()
        #expect(s.add(line: "SELECT 'a;b', \"c;d\" -- e;f").isEmpty)
        #expect(s.add(line: "/* g; */ FROM t;") == ["SELECT 'a;b', \"c;d\" -- e;f\n/* g; */ FROM t"])
    }

    @Test func unterminatedStringContinues() {
        var s = StatementSplitter()
        #expect(s.add(line: "SELECT 'it''s").isEmpty)
        #expect(s.hasPending)
        #expect(s.add(line: "still;here';") == ["SELECT 'it''s\nstill;here'"])
    }

    @Test func blankAndCommentOnlyInputIsNotPending() {
        var s = StatementSplitter()
        #expect(s.add(line: "   ").isEmpty)
        #expect(!s.hasPending)
        #expect(s.add(line: "-- just a comment").isEmpty)
        #expect(!s.hasPending)
        #expect(s.add(line: ";;").isEmpty)
    }

    @Test func flushReturnsTheUnfinishedStatement() {
        var s = StatementSplitter()
        _ = s.add(line: "SELECT 1")
        #expect(s.flush() == "SELECT 1\n")
        #expect(s.flush() == nil)
    }
}
