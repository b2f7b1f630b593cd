import Foundation
import Testing
@testable import SXTUI

/// Whether sx draws the full-screen interface, from the machine's real terminfo entries (ncurses' own lookup).
@Suite struct ScreenSupportTests {
    @Test func cursorAddressingComesFromTheTerminfoEntry() {
        #expect(ScreenSupport.cursorAddressing("dumb") == .no)
        #expect(ScreenSupport.cursorAddressing("xterm-256color") == .yes)
        #expect(ScreenSupport.cursorAddressing("vt100") == .yes)
        #expect(ScreenSupport.cursorAddressing("sx-no-such-terminal-\(getpid())") == .noEntry)
    }

    @Test func aCapableTerminalGetsTheFullScreen() {
        #expect(
            ScreenSupport.check(term: "xterm-256color", stdinIsTerminal: true, stdoutIsTerminal: true) == .fullScreen)
        // Asking twice gives the same answer: the entry read for the check is freed, nothing is left set up.
        #expect(
            ScreenSupport.check(term: "xterm-256color", stdinIsTerminal: true, stdoutIsTerminal: true) == .fullScreen)
    }

    @Test func everyOtherCaseIsLineModeWithOneLineSayingWhy() throws {
        let cases: [(String?, Bool, Bool, String)] = [
            ("dumb", true, true, "TERM=dumb cannot draw the full-screen interface (no cursor addressing)"),
            ("sx-no-such-terminal", true, true, "TERM=sx-no-such-terminal has no terminfo entry"),
            (nil, true, true, "TERM is not set"),
            ("", true, true, "TERM is not set"),
            ("xterm-256color", false, true, "standard input is not a terminal"),
            ("xterm-256color", true, false, "standard output is not a terminal")
        ]
        for (term, stdin, stdout, why) in cases {
            let verdict = ScreenSupport.check(term: term, stdinIsTerminal: stdin, stdoutIsTerminal: stdout)
            guard case .lineMode(let reason) = verdict else {
                Issue.record("\(term ?? "nil") \(stdin) \(stdout): \(verdict)")
                continue
            }
            #expect(reason.hasPrefix("sx: ") && reason.contains(why), "\(reason)")
            #expect(reason.contains("using the plain line mode (sx --plain"), "\(reason)")
            #expect(!reason.contains("\n"))
        }
    }
}
