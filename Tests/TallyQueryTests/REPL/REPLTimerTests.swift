import Foundation
import Testing
@testable import TallyQuery

/// `.timer on|off`: sqlite's `Run Time: real X user Y sys Z` after every statement.
@Suite struct REPLTimerTests {
    @Test func timerLineFollowsEachStatement() throws {
        let s = Session.run(".mode csv\n.timer on\nSELECT 1;\nSELECT 2;\n.timer off\nSELECT 3;\n")
        let lines = s.output.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        #expect(lines.count == 9)
        let timer = /Run Time: real \d+\.\d{3} user \d+\.\d{6} sys \d+\.\d{6}/
        #expect(lines[0] == "1")
        #expect(lines[1] == "1")
        #expect(try timer.wholeMatch(in: lines[2]) != nil)
        #expect(lines[3] == "2")
        #expect(lines[4] == "2")
        #expect(try timer.wholeMatch(in: lines[5]) != nil)
        #expect(lines[6] == "3")
        #expect(lines[7] == "3")
        #expect(lines[8] == "")
    }

    @Test func timerAlsoFollowsAFailedStatement() throws {
        let s = Session.run(".timer on\nSELECT nope FROM events;\n")
        #expect(s.errors.hasPrefix("Error: no such column: nope"))
        #expect(try /Run Time: real \d+\.\d{3} user \d+\.\d{6} sys \d+\.\d{6}\n/.wholeMatch(in: s.output) != nil)
    }

    @Test func fixedPointFormatting() {
        #expect(ResourceTimer.fixed(0, 3) == "0.000")
        #expect(ResourceTimer.fixed(1.23456789, 6) == "1.234568")
        #expect(ResourceTimer.fixed(12.0005, 3) == "12.001")
        #expect(ResourceTimer.fixed(-1, 3) == "0.000")
    }

    @Test func timerNeedsOnOrOff() {
        #expect(Session.run(".timer\n").errors == "Error: usage: .timer on|off\n")
    }
}
