import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import Testing
import SXTestSupport

/// The ncurses backend end to end: this test binary runs `liveNCurses` inside a detached tmux, types, pastes,
/// switches model, resizes and quits, reading the screen with `capture-pane`; then checks the terminal modes were
/// restored. Runs wherever tmux is installed (CI installs it); `SX_TUI_TMUX=0` skips it.
@Suite struct TmuxEndToEndTests {
    static let enabled = ProcessInfo.processInfo.environment["SX_TUI_TMUX"] != "0" && TmuxSession.isInstalled

    @Test(.enabled(if: TmuxEndToEndTests.enabled))
    func ncursesBackendInTmux() async throws {
        let binary = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).standardizedFileURL.path
        let inner =
            "SX_TUI_LIVE=1 '\(binary)' --testing-library swift-testing --filter liveNCurses 2>/dev/null; "
            + "echo EXIT=$?; stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo MODES-END; sleep 30"
        let tmux = TmuxSession(command: inner, width: 100, height: 30, socketPrefix: "sx-e2e-")
        defer { tmux.kill() }
        /// Polls the screen until `text` shows (five seconds at most: the debug binary starts in well under one).
        func waitFor(_ text: String) async -> Bool {
            for _ in 0..<100 {
                if tmux.screen().contains(text) { return true }
                try? await Task.sleep(nanoseconds: 50_000_000)
            }
            return false
        }
        #expect(await waitFor("Type a prompt"))

        tmux.keys(["hello 世界", "Enter"])
        #expect(await waitFor("› hello 世界"))
        #expect(await waitFor("Done."))
        #expect(tmux.screen().contains("▸ thinking"))
        #expect(tmux.screen().contains("│ README.md │ 120   │"))

        let paste = FileManager.default.temporaryDirectory.appendingPathComponent("sx-paste-\(UUID().uuidString)").path
        try (1...7).map { "line \($0)" }.joined(separator: "\n").write(toFile: paste, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: paste) }
        tmux.run(["load-buffer", "-b", "p", paste], capture: false)
        tmux.run(["paste-buffer", "-p", "-b", "p", "-t", "t"], capture: false)
        #expect(await waitFor("[paste #1: 7 lines]"))
        tmux.keys(["C-c"])

        tmux.keys(["C-l"])
        tmux.keys(["claude"])
        #expect(await waitFor("▸ claude-sonnet-4"))
        tmux.keys(["Enter"])
        #expect(await waitFor("model → claude-sonnet-4"))

        tmux.resize(width: 60, height: 20)
        #expect(await waitFor(String(repeating: "─", count: 60)))
        let narrow = tmux.screen().split(separator: "\n")
        #expect(narrow.count <= 20)
        #expect(!tmux.screen().contains("╭─ tools"))

        tmux.keys(["C-c"])
        #expect(await waitFor("press Ctrl+C again to quit"))
        tmux.keys(["C-c"])
        #expect(await waitFor("EXIT=0"))
        // The terminal modes print after the exit code; wait for the line that ends them.
        #expect(await waitFor("MODES-END"))
        let after = tmux.screen()
        #expect(after.contains("icanon echo"))
        #expect(!after.contains("-icanon"))
    }
}
