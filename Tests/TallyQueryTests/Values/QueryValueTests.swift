import Tally
import Testing
@testable import TallyQuery

@Suite struct QueryValueTests {
    @Test func orderIsTotalWithNullFirst() {
        let values: [QueryValue] = [3, .null, 1.5, Fixtures.money("2"), "b", "a", .bool(true), .bool(false)]
        let sorted = values.sorted { QueryValue.compare($0, $1) < 0 }
        #expect(sorted == [.null, .bool(false), .bool(true), 1.5, Fixtures.money("2"), 3, "a", "b"])
    }

    @Test func numbersCompareAcrossKinds() {
        #expect(QueryValue.compare(2, Fixtures.money("2")) == 0)
        #expect(QueryValue.compare(Fixtures.money("2.000000000001"), 2) > 0)
        #expect(QueryValue.compare(2, 2.5) < 0)
        #expect(QueryValue.compare(.double(.nan), 1) > 0)
        #expect(QueryValue.compare(.double(.nan), .double(.nan)) == 0)
    }

    @Test func textComparesByUTF8Bytes() {
        #expect(QueryValue.compare("B", "a") < 0)
        #expect(QueryValue.compare("a", "ab") < 0)
        #expect(QueryValue.compare("é", "z") > 0)
        #expect(QueryValue.compare("", "") == 0)
    }

    @Test func daysMeetTimestampsAtMidnight() {
        #expect(QueryValue.compare(Fixtures.day("2026-01-02"), Fixtures.ts("2026-01-02T00:00:00Z")) == 0)
        #expect(QueryValue.compare(Fixtures.day("2026-01-02"), Fixtures.ts("2026-01-01T23:59:59.999Z")) > 0)
        #expect(QueryValue.compare(.day(.max), Fixtures.ts("2026-01-01T00:00:00Z")) > 0)
    }

    @Test func text() {
        #expect(QueryValue.money("0.000125")?.description == "0.000125")
        #expect(QueryValue.double(2).description == "2.0")
        #expect(QueryValue.double(.infinity).description == "inf")
        #expect(Fixtures.day("2026-02-28").description == "2026-02-28")
        #expect(Fixtures.ts("2026-02-28T01:02:03.5+01:00").description == "2026-02-28T00:02:03.500Z")
        #expect(QueryValue.null.description == "")
        #expect(QueryValue.text("it's").sqlLiteral == "'it''s'")
        #expect(Fixtures.day("2026-02-28").sqlLiteral == "'2026-02-28'")
    }

    @Test func timeLiterals() {
        #expect(TimeCoercion.epochDay("1970-01-02") == 1)
        #expect(TimeCoercion.epochDay("2026-02-29") == nil)
        #expect(TimeCoercion.epochDay("2026-2-1") == nil)
        #expect(TimeCoercion.timestamp("2026-01-01")?.rfc3339 == "2026-01-01T00:00:00.000Z")
        #expect(TimeCoercion.timestamp("2026-01-01 10:30")?.rfc3339 == "2026-01-01T10:30:00.000Z")
        #expect(TimeCoercion.timestamp("2026-01-01 10:30:15")?.rfc3339 == "2026-01-01T10:30:15.000Z")
        #expect(TimeCoercion.timestamp("2026-01-01T10:30:15.25Z")?.rfc3339 == "2026-01-01T10:30:15.250Z")
        #expect(TimeCoercion.timestamp("2026-01-01T10:30:15+02:00")?.rfc3339 == "2026-01-01T08:30:15.000Z")
        #expect(TimeCoercion.timestamp("tomorrow") == nil)
        #expect(TimeCoercion.timestamp("2026-01-01 25:00") == nil)
    }

    @Test func suggestions() {
        #expect(Suggestions.closest(to: "agnet", in: ["agent", "model"]) == "agent")
        #expect(Suggestions.closest(to: "AGENT_DAY", in: ["agent_days", "users"]) == "agent_days")
        #expect(Suggestions.closest(to: "cost", in: ["cost_usd", "costly_thing_of_length"]) == "cost_usd")
        #expect(Suggestions.closest(to: "xyz", in: ["agent", "model"]) == nil)
        #expect(Suggestions.closest(to: "", in: ["a"]) == nil)
        #expect(Suggestions.editDistance(Array("ca".unicodeScalars), Array("ac".unicodeScalars)) == 1)
    }

    @Test func spansLocateTheirLine() {
        let text = "SELECT a,\n  bé, c\nFROM t"
        let located = SourceSpan(offset: 17, length: 1).locate(in: text)
        #expect(located.line == "  bé, c")
        #expect(located.lineNumber == 2)
        #expect(located.column == 6)
        #expect(located.width == 1)
        #expect(SourceSpan(offset: 0, length: 6).union(SourceSpan(offset: 10, length: 2)) == SourceSpan(offset: 0, length: 12))
    }

    @Test func columnSets() {
        var set = ColumnSet(count: 3)
        #expect(set.isEmpty)
        set.insert(2)
        set.insert(130)
        set.insert(-1)
        #expect(set.indices == [2, 130])
        #expect(set.contains(130) && !set.contains(3) && !set.contains(-5))
        #expect(ColumnSet.all(count: 4).indices == [0, 1, 2, 3])
    }

    @Test func keyPositions() {
        let c = KeyConstraint(equal: ["a"], lower: KeyBound(5, inclusive: true), upper: KeyBound(9, inclusive: false))
        #expect(c.position(ofKey: ["a", 4]) == .before)
        #expect(c.position(ofKey: ["a", 5]) == .inside)
        #expect(c.position(ofKey: ["a", 9]) == .after)
        #expect(c.position(ofKey: ["0", 7]) == .before)
        #expect(c.position(ofKey: ["b", 0]) == .after)
        #expect(c.position(ofRow: [7, "x", "a"], keyColumns: [2, 0]) == .inside)
        #expect(KeyConstraint(lower: KeyBound(3, inclusive: false), upper: KeyBound(3, inclusive: true)).isEmptyRange)
        #expect(!KeyConstraint(lower: KeyBound(3, inclusive: true), upper: KeyBound(3, inclusive: true)).isEmptyRange)
        #expect(c.description == "= ('a') >= 5 < 9")
        #expect(KeyConstraint.all.description == "all")
    }
}
