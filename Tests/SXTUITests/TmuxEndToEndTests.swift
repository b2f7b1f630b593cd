import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The ncurses backend end to end: this test binary runs `liveNCurses` inside a detached tmux, types, pastes,
/// switches model, resizes and quits, reading the screen with `capture-pane`; then checks the terminal modes were
/// restored. Opt-in (`SX_TUI_TMUX=1`) because it needs tmux and takes a few seconds.
@Suite struct TmuxEndToEndTests {
    static let enabled = ProcessInfo.processInfo.environment["SX_TUI_TMUX"] == "1"
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")

    struct Tmux {
        let socket = "sx-e2e-\(UUID().uuidString.prefix(8))"

        /// Runs a tmux command through the shell (`popen`): Foundation's `Process` waits forever here once the tmux
        /// server daemonizes. Only `capture` keeps stdout; otherwise it goes to /dev/null, because the command that
        /// starts the server hands its stdout to the daemon and reading it would never reach the end.
        @discardableResult
        func run(_ args: [String], capture: Bool = false) -> String {
            let quoted = (["/usr/bin/tmux", "-L", socket] + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            let command = quoted.joined(separator: " ") + (capture ? " 2>/dev/null" : " >/dev/null 2>&1")
            guard let pipe = popen(command, "r") else { return "" }
            var out = Data()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = fread(&buffer, 1, buffer.count, pipe)
                if n <= 0 { break }
                out.append(contentsOf: buffer[0..<n])
            }
            pclose(pipe)
            return String(decoding: out, as: UTF8.self)
        }

        func screen() -> String { run(["capture-pane", "-p", "-t", "t"], capture: true) }

        /// Polls the screen until `text` shows (five seconds at most: the debug binary starts in well under one).
        func waitFor(_ text: String) async -> Bool {
            for _ in 0..<100 {
                if screen().contains(text) { return true }
                try? await Task.sleep(nanoseconds: 50_000_000)
            }
            return false
        }
    }

    @Test(.enabled(if: TmuxEndToEndTests.enabled))
    func ncursesBackendInTmux() async throws {
        let binary = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).standardizedFileURL.path
        let tmux = Tmux()
        defer { tmux.run(["kill-server"]) }
        let inner = "SX_TUI_LIVE=1 '\(binary)' --testing-library swift-testing --filter liveNCurses 2>/dev/null; "
            + "echo EXIT=$?; stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo MODES-END; sleep 30"
        tmux.run(["new-session", "-d", "-s", "t", "-x", "100", "-y", "30", inner])
        #expect(await tmux.waitFor("Type a prompt"))

        tmux.run(["send-keys", "-t", "t", "hello 世界", "Enter"])
        #expect(await tmux.waitFor("› hello 世界"))
        #expect(await tmux.waitFor("Done."))
        #expect(tmux.screen().contains("▸ thinking"))
        #expect(tmux.screen().contains("│ README.md │ 120   │"))

        let paste = FileManager.default.temporaryDirectory.appendingPathComponent("sx-paste-\(UUID().uuidString)").path
        try (1...7).map { "line \($0)" }.joined(separator: "\n").write(toFile: paste, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: paste) }
        tmux.run(["load-buffer", "-b", "p", paste])
        tmux.run(["paste-buffer", "-p", "-b", "p", "-t", "t"])
        #expect(await tmux.waitFor("[paste #1: 7 lines]"))
        tmux.run(["send-keys", "-t", "t", "C-c"])

        tmux.run(["send-keys", "-t", "t", "C-l"])
        tmux.run(["send-keys", "-t", "t", "claude"])
        #expect(await tmux.waitFor("▸ claude-sonnet-4"))
        tmux.run(["send-keys", "-t", "t", "Enter"])
        #expect(await tmux.waitFor("model → claude-sonnet-4"))

        tmux.run(["resize-window", "-t", "t", "-x", "60", "-y", "20"])
        #expect(await tmux.waitFor(String(repeating: "─", count: 60)))
        let narrow = tmux.screen().split(separator: "\n")
        #expect(narrow.count <= 20)
        #expect(!tmux.screen().contains("╭─ tools"))

        tmux.run(["send-keys", "-t", "t", "C-c"])
        #expect(await tmux.waitFor("press Ctrl+C again to quit"))
        tmux.run(["send-keys", "-t", "t", "C-c"])
        #expect(await tmux.waitFor("EXIT=0"))
        // The terminal modes print after the exit code; wait for the line that ends them.
        #expect(await tmux.waitFor("MODES-END"))
        let after = tmux.screen()
        #expect(after.contains("icanon echo"))
        #expect(!after.contains("-icanon"))
    }
}
