import Foundation
import Testing
import SXTestSupport

/// `sx` without a terminal to draw on: the line-mode conversation, and one line on stderr saying why.
@Suite struct LineModeCLITests {
    @Test func pipedInputGetsTheLineModeAndSaysWhyOnce() async throws {
        let cli = CLI()
        let r = try await cli.runAsync([], stdin: "hello through a pipe\n/quit\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("You said: **hello through a pipe**"))
        let why = "sx: standard input is not a terminal; using the plain line mode (sx --plain)"
        #expect(r.stderr.split(separator: "\n").first.map(String.init) == why, "\(r.stderr)")
        #expect(r.stderr.components(separatedBy: why).count == 2)
        #expect(!r.stdout.contains(why))
    }

    /// `--plain` is asked for: nothing to explain.
    @Test func plainChosenOnPurposeSaysNoReason() async throws {
        let cli = CLI()
        let r = try await cli.runAsync(["--plain"], stdin: "hi\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("You said: **hi**"))
        #expect(!r.stderr.contains("using the plain line mode"), "\(r.stderr)")
        #expect(r.stderr.hasPrefix("sx "), "\(r.stderr)")
    }
}
