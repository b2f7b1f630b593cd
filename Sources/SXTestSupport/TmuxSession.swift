import Foundation

/// A detached tmux session on a private server socket, running one shell command in a pane of a fixed size: the way
/// the end-to-end tests drive a real terminal (`send-keys`, `capture-pane`). One driver for every test target.
///
/// Every tmux command goes through `Spawn.run`: Foundation's `Process` can wait forever once the tmux server
/// daemonizes, and the command that starts the server must not hand it a pipe we read (the server would hold it
/// open for its whole life).
public final class TmuxSession: Sendable {
    public static let binary = "/usr/bin/tmux"
    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    public let socket: String
    public let target = "t"

    /// Starts `command` (run by the server's shell) in a `width`×`height` pane.
    public init(command: String, width: Int = 120, height: Int = 40, socketPrefix: String = "sxtest-") {
        socket = socketPrefix + String(UUID().uuidString.prefix(8))
        run(["new-session", "-d", "-s", target, "-x", "\(width)", "-y", "\(height)", command], capture: false)
    }

    /// Runs one tmux command against this server; returns its stdout when `capture`.
    @discardableResult
    public func run(_ args: [String], capture: Bool = true) -> String {
        Spawn.run([Self.binary, "-L", socket, "-f", "/dev/null"] + args, captureStdout: capture).stdout
    }

    public func screen() -> String { run(["capture-pane", "-p", "-t", target]) }
    public func keys(_ k: [String]) { run(["send-keys", "-t", target] + k, capture: false) }
    /// Types `text` literally (no key names).
    public func type(_ text: String) { run(["send-keys", "-t", target, "-l", text], capture: false) }
    public func resize(width: Int, height: Int) {
        run(["resize-window", "-t", target, "-x", "\(width)", "-y", "\(height)"], capture: false)
    }
    /// Pastes `text` as a bracketed paste, as a terminal does when the application asked for it.
    public func paste(_ text: String) {
        run(["set-buffer", "-b", "p", text], capture: false)
        run(["paste-buffer", "-p", "-b", "p", "-t", target], capture: false)
    }

    /// Polls the screen (every 50 ms, at most `timeout` seconds) until `ok` holds; returns whether it did and the
    /// last screen read, for the test to report.
    public func wait(timeout: Double = 20, until ok: (String) -> Bool) -> (ok: Bool, screen: String) {
        let deadline = Date().addingTimeInterval(timeout)
        var s = screen()
        while !ok(s) && Date() < deadline {
            usleep(50_000)
            s = screen()
        }
        return (ok(s), s)
    }

    /// The same wait for async tests: it sleeps between looks without holding a thread of the cooperative pool, so
    /// a long tmux test does not starve the tests that run beside it (DECISIONS 37).
    public func waitAsync(timeout: Double = 20, until ok: (String) -> Bool) async -> (ok: Bool, screen: String) {
        let deadline = Date().addingTimeInterval(timeout)
        var s = screen()
        while !ok(s) && Date() < deadline {
            try? await Task.sleep(nanoseconds: 50_000_000)
            s = screen()
        }
        return (ok(s), s)
    }

    /// The process group of the pane's shell (the program under test runs in it).
    public func panePid() -> Int32? {
        Int32(
            run(["display-message", "-p", "-t", target, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Ends the server for good. A test runner's blocked signals are inherited through spawn, so the pane's
    /// processes and the server may ignore the SIGHUP of `kill-server`; left alive they would hold every pipe they
    /// inherited (a concurrent child's reader would then wait for its EOF). SIGKILL cannot be blocked.
    public func kill() {
        let panes = run(["list-panes", "-a", "-F", "#{pane_pid}"]).split(whereSeparator: \.isNewline)
        let server = run(["display-message", "-p", "#{pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        for pid in panes.compactMap({ Int32($0) }) {
            Foundation.kill(-pid, SIGKILL)
            Foundation.kill(pid, SIGKILL)
        }
        run(["kill-server"], capture: false)
        if let pid = Int32(server) { Foundation.kill(pid, SIGKILL) }
    }
}
