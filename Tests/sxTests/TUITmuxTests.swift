import Foundation
import Testing
import SXTestSupport

/// The real `sx` binary in a real terminal (tmux): start, prompt, thinking, answer, tool log, model picker,
/// resize, quit — and the terminal given back.
@Suite(.serialized) struct TUITmuxTests {
    static let hasTmux = TmuxSession.isInstalled

    /// The real `sx` in a tmux pane (`TmuxSession`), with the CLI harness's home, workdir and environment.
    final class Tmux {
        let cli: CLI
        let session: TmuxSession

        init(cli: CLI, env: [String: String], args: [String] = [], width: Int = 120, height: Int = 40) throws {
            self.cli = cli
            let vars = cli.env.merging(env) { $1 }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            let command = ([CLI.binary.path] + args).joined(separator: " ")
            let cmd = "cd \(cli.workdir.path) && env TERM=xterm-256color \(vars) \(command); echo SX-EXIT-$?; sleep 600"
            session = TmuxSession(command: cmd, width: width, height: height)
        }

        @discardableResult
        func run(_ args: [String], capture: Bool = true) throws -> String { session.run(args, capture: capture) }
        func screen() -> String { session.screen() }
        func keys(_ k: String...) { session.keys(k) }
        func type(_ text: String) { session.type(text) }
        func kill() { session.kill() }

        /// Waits (bounded) until the screen satisfies `ok`; records an issue with the screen when it never does.
        @discardableResult
        func wait(_ what: String, timeout: Double = 20, _ ok: (String) -> Bool) -> String {
            let (done, s) = session.wait(timeout: timeout, until: ok)
            if !done { Issue.record("timed out waiting for \(what); screen:\n\(s)") }
            return s
        }

        /// `wait` for async tests: no thread of the cooperative pool is held between looks (DECISIONS 37).
        @discardableResult
        func waitAsync(_ what: String, timeout: Double = 20, _ ok: (String) -> Bool) async -> String {
            let (done, s) = await session.waitAsync(timeout: timeout, until: ok)
            if !done { Issue.record("timed out waiting for \(what); screen:\n\(s)") }
            return s
        }

        /// The transcripts (`.jsonl`) the `sx` in the pane holds open, from /proc.
        func openTranscripts() -> [String] {
            guard let pgid = session.panePid() else { return [] }
            var open: [String] = []
            for p in Spawn.processes(inGroup: pgid) {
                guard (try? String(contentsOfFile: "/proc/\(p)/comm", encoding: .utf8))?.hasPrefix("sx") == true else {
                    continue
                }
                for fd in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(p)/fd")) ?? [] {
                    if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(p)/fd/\(fd)"),
                        target.hasSuffix(".jsonl")
                    {
                        open.append(target)
                    }
                }
            }
            return open
        }
    }

    @Test(.enabled(if: hasTmux)) func demoSessionEndToEnd() async throws {
        let cli = CLI()
        try "# Tmux Test Project\n".write(
            to: cli.workdir.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let t = try Tmux(cli: cli, env: ["SX_DEMO_DELAY_MS": "3"])
        defer { t.kill() }
        let start = await t.waitAsync("first frame and the demo notice") {
            $0.contains("Ask anything") && $0.contains("offline demo")
        }
        #expect(start.contains("offline demo"))
        #expect(start.contains("sx auth login"))
        t.type("hello from tmux")
        t.keys("Enter")
        let answered = await t.waitAsync("the answer") { $0.contains("You said") && $0.contains("Tmux Test Project") }
        #expect(answered.contains("thinking"))
        #expect(answered.contains("list_dir"))
        #expect(answered.contains("read_file"))
        #expect(answered.contains("tools (2)"))

        // Model picker: Ctrl+L, filter, Enter.
        t.keys("C-l")
        await t.waitAsync("the picker") { $0.contains("type to filter") }
        t.type("gpt-5.5")
        let filtered = await t.waitAsync("the filter") { $0.contains("gpt-5.5") }
        #expect(filtered.contains("codex/gpt-5.5") || filtered.contains("openai/gpt-5.5"))
        t.keys("Enter")
        let switched = await t.waitAsync("the switch notice") {
            !$0.contains("type to filter") && ($0.contains("switched") || $0.contains("→"))
        }
        #expect(switched.contains("gpt-5.5"))

        // Narrow and short: side panes fold away, nothing breaks; wide again.
        _ = try t.run(["resize-window", "-t", "t", "-x", "60", "-y", "16"])
        let narrow = await t.waitAsync("the narrow layout") { s in
            s.split(separator: "\n").allSatisfy { $0.count <= 60 } && s.contains("›")
        }
        #expect(!narrow.contains("tools (2)"))
        _ = try t.run(["resize-window", "-t", "t", "-x", "130", "-y", "40"])
        await t.waitAsync("the wide layout") { $0.contains("tools (2)") }

        // Quit: Ctrl+C steps down, twice quits; the terminal is restored (alternate screen off).
        t.keys("C-c")
        await t.waitAsync("the quit prompt") { $0.contains("again to quit") }
        t.keys("C-c")
        let after = await t.waitAsync("exit") { $0.contains("SX-EXIT-") }
        #expect(after.contains("SX-EXIT-0"))
        #expect(
            try t.run(["display-message", "-p", "-t", "t", "#{alternate_on}"]).trimmingCharacters(
                in: .whitespacesAndNewlines) == "0")
    }

    /// TERM=dumb (an Emacs shell buffer, a CI log): no full-screen interface but the line mode, with one line saying
    /// why, answering from the offline demo.
    @Test(.enabled(if: hasTmux)) func dumbTerminalGetsTheLineMode() async throws {
        let cli = CLI()
        try "# Plain\n".write(
            to: cli.workdir.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let t = try Tmux(cli: cli, env: ["TERM": "dumb"], height: 60)
        defer { t.kill() }
        let why =
            "sx: TERM=dumb cannot draw the full-screen interface (no cursor addressing); using the plain line mode (sx --plain)"
        let start = await t.waitAsync("the line-mode prompt") { $0.contains("Type a message") && $0.contains("›") }
        #expect(start.contains(why))
        #expect(start.contains("offline demo"))
        #expect(!start.contains("Ask anything"), "the full-screen composer must not be drawn")
        #expect(
            try t.run(["display-message", "-p", "-t", "t", "#{alternate_on}"]).trimmingCharacters(
                in: .whitespacesAndNewlines) == "0")
        t.type("hello from a dumb terminal")
        t.keys("Enter")
        let answered = await t.waitAsync("the demo's answer and the next prompt") {
            $0.contains("You said: **hello from a dumb terminal**") && $0.contains("README starts with *# Plain*")
                && $0.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("›")
        }
        #expect(answered.contains("• list_dir"), "the tool calls are logged as lines")
        #expect(answered.components(separatedBy: why).count == 2, "the reason is said once")
        t.type("/quit")
        t.keys("Enter")
        let after = await t.waitAsync("exit") { $0.contains("SX-EXIT-") }
        #expect(after.contains("SX-EXIT-0"))
    }

    @Test(.enabled(if: hasTmux)) func theLineModeAsksBeforeACommandRuns() async throws {
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        mock.setResponder(
            EditHistoryTmuxTests.responder([
                "make": [("shell", EditHistoryTmuxTests.json(["command": "echo made > made.txt"])), nil],
                "wipe": [("shell", EditHistoryTmuxTests.json(["command": "echo wiped > wiped.txt"])), nil]
            ]))
        let cli = CLI()
        _ = try CodexExecTests().login(cli)
        let t = try Tmux(
            cli: cli,
            env: [
                "TERM": "dumb", "CODEX_BASE_URL": mock.baseURL, "PROVIDER": "codex", "MODEL": "gpt-5.5",
                "APPROVAL": "ask"
            ], height: 60)
        defer { t.kill() }
        await t.waitAsync("the line-mode prompt") { $0.contains("Type a message") }
        t.type("make the file")
        t.keys("Enter")
        let asked = await t.waitAsync("the question") { $0.contains("allow? [y]es / [a]lways for shell / [n]o:") }
        #expect(asked.contains("? shell: echo made > made.txt"))
        t.type("y")
        t.keys("Enter")
        await t.waitAsync("the answer after the command") { $0.contains("done with: make the fil") }
        #expect(FileManager.default.fileExists(atPath: cli.workdir.appendingPathComponent("made.txt").path))
        t.type("wipe it")
        t.keys("Enter")
        await t.waitAsync("the second question") { $0.contains("? shell: echo wiped > wiped.txt") }
        t.type("n")
        t.keys("Enter")
        await t.waitAsync("the answer after the refusal") { $0.contains("done with: wipe it") }
        #expect(!FileManager.default.fileExists(atPath: cli.workdir.appendingPathComponent("wiped.txt").path))
        let outputs = (mock.requests.last?.json?["input"] as? [[String: Any]] ?? []).filter {
            $0["type"] as? String == "function_call_output"
        }
        #expect((outputs.last?["output"] as? String)?.contains("the user said no") == true)
    }

    @Test(.enabled(if: hasTmux)) func codexThinkingThenAnswer() async throws {
        var s = CodexSSE()
        s.reasoning(["Planning ", "the ", "greeting"])
        s.message(CodexSSE.split("**Hello** from the Codex mock, rendered as markdown.", into: 12))
        s.completed()
        let chunks = s.events.map { MockReply.Chunk($0, delayMs: 20) }
        let mock = try CodexMock(replies: [
            .stream(
                status: 200, headers: [("content-type", "text/event-stream")] + CodexSSE.rateLimitHeaders(),
                chunks: chunks, ending: .end)
        ])
        defer { mock.stop() }
        let cli = CLI()
        _ = try CodexExecTests().login(cli)
        let t = try Tmux(cli: cli, env: ["CODEX_BASE_URL": mock.baseURL, "PROVIDER": "codex"])
        defer { t.kill() }
        await t.waitAsync("first frame") { $0.contains("Ask anything") }
        t.type("Say hello")
        t.keys("Enter")
        let done = await t.waitAsync("the answer") { $0.contains("from the Codex mock, rendered as markdown") }
        #expect(done.contains("Hello from the Codex mock"))
        #expect(!done.contains("**Hello**"))
        #expect(done.contains("thinking"))
        #expect(done.contains("codex"))
        #expect(mock.requests.count == 1)
        t.keys("C-c")
        t.keys("C-c")
        await t.waitAsync("exit") { $0.contains("SX-EXIT-0") }
    }

    @Test(.enabled(if: hasTmux)) func approvalModalRunsTheCommandOnYes() async throws {
        var call = CodexSSE()
        call.functionCall(name: "shell", arguments: #"{"command":"echo approved-run > proof.txt; cat proof.txt"}"#)
        call.completed()
        let mock = try CodexMock(replies: [.sse(call.text), .sse(CodexSSE.reply("The command ran."))])
        defer { mock.stop() }
        let cli = CLI()
        _ = try CodexExecTests().login(cli)
        let t = try Tmux(cli: cli, env: ["CODEX_BASE_URL": mock.baseURL, "PROVIDER": "codex", "APPROVAL": "ask"])
        defer { t.kill() }
        await t.waitAsync("first frame") { $0.contains("Ask anything") }
        t.type("run it")
        t.keys("Enter")
        let modal = await t.waitAsync("the approval modal") { $0.contains("approve shell?") }
        #expect(modal.contains("echo approved-run"))
        #expect(!FileManager.default.fileExists(atPath: cli.workdir.appendingPathComponent("proof.txt").path))
        t.keys("y")
        await t.waitAsync("the answer") { $0.contains("The command ran.") }
        #expect(
            try String(contentsOf: cli.workdir.appendingPathComponent("proof.txt"), encoding: .utf8) == "approved-run\n"
        )
        let input = try #require(mock.requests.last?.json?["input"] as? [[String: Any]])
        #expect(
            (input.last { $0["type"] as? String == "function_call_output" }?["output"] as? String)?.contains(
                "approved-run") == true)
        t.keys("C-c")
        t.keys("C-c")
        await t.waitAsync("exit") { $0.contains("SX-EXIT-0") }
    }

    @Test(.enabled(if: hasTmux)) func newThenResumeContinuesTheEarlierConversation() async throws {
        let mock = try CodexMock(replies: [
            .sse(CodexSSE.reply("First answer ALPHA-7.")), .sse(CodexSSE.reply("Second answer BETA-8."))
        ])
        defer { mock.stop() }
        let cli = CLI()
        _ = try CodexExecTests().login(cli)
        let env = ["CODEX_BASE_URL": mock.baseURL, "PROVIDER": "codex"]
        let t = try Tmux(cli: cli, env: env)
        defer { t.kill() }
        await t.waitAsync("first frame") { $0.contains("Ask anything") }
        t.type("remember the word ALPHA")
        t.keys("Enter")
        await t.waitAsync("the first answer") { $0.contains("First answer ALPHA-7.") }
        let first = t.openTranscripts()
        #expect(first.count == 1, "\(first)")

        t.type("/new")
        t.keys("Enter")
        let fresh = await t.waitAsync("a new, empty conversation") {
            $0.contains("new session") && !$0.contains("First answer")
        }
        #expect(!fresh.contains("remember the word"))
        // The replaced conversation is let go: its transcript is closed, only the new one stays open.
        var open = t.openTranscripts()
        let deadline = Date().addingTimeInterval(20)
        while (open.count != 1 || open == first) && Date() < deadline {
            usleep(50_000)
            open = t.openTranscripts()
        }
        #expect(open.count == 1 && open != first, "still open after /new: \(open)")

        t.type("/resume")
        t.keys("Enter")
        let picker = await t.waitAsync("the resume picker") { $0.contains("resume · type to filter") }
        #expect(picker.contains("remember the word ALPHA"))
        t.keys("Enter")
        let resumed = await t.waitAsync("the replayed conversation") {
            $0.contains("First answer ALPHA-7.") && $0.contains("resumed")
        }
        #expect(resumed.contains("remember the word ALPHA"))

        t.type("and the second?")
        t.keys("Enter")
        await t.waitAsync("the second answer") { $0.contains("Second answer BETA-8.") }
        #expect(mock.requests.count == 2)
        // The request after the resume carries the earlier turn as history.
        let input = try #require(mock.requests.last?.json?["input"] as? [[String: Any]])
        let sent = String(decoding: try JSONSerialization.data(withJSONObject: input), as: UTF8.self)
        #expect(sent.contains("remember the word ALPHA"))
        #expect(sent.contains("First answer ALPHA-7."))
        #expect(sent.contains("and the second?"))
        t.keys("C-c")
        t.keys("C-c")
        await t.waitAsync("exit") { $0.contains("SX-EXIT-0") }

        // `sx --last` opens the most recent conversation with its history on screen.
        let again = try Tmux(cli: cli, env: env, args: ["--last"])
        defer { again.kill() }
        let last = await again.waitAsync("the resumed start") {
            $0.contains("Second answer BETA-8.") && $0.contains("resumed")
        }
        #expect(last.contains("First answer ALPHA-7."))
        again.keys("C-c")
        again.keys("C-c")
        await again.waitAsync("exit") { $0.contains("SX-EXIT-0") }
    }

    @Test func resumeOfAnUnknownSessionIsAOneLineError() async throws {
        let cli = CLI()
        let bad = try await cli.runAsync(["--resume", "no-such-session"])
        #expect(bad.status == 1)
        #expect(bad.stderr == "sx: no session no-such-session (see `sx sessions list`)\n")
        let none = try await cli.runAsync(["--last"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("no earlier session"))
    }
}
