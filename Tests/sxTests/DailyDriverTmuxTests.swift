import Foundation
import SXTestSupport
import Testing

/// The daily-driver habits in the real `sx` in tmux against the Codex mock: type-ahead, steering, `!` commands,
/// Ctrl+G's editor and a notification while the pane is in the background.
@Suite(.serialized) struct DailyDriverTmuxTests {
    /// The last user message of a request, its text parts joined.
    static func lastUserText(_ request: RecordedRequest?) -> String {
        let input = request?.json?["input"] as? [[String: Any]] ?? []
        let user = input.last { $0["role"] as? String == "user" }
        return ((user?["content"] as? [[String: Any]]) ?? []).compactMap { $0["text"] as? String }
            .joined(separator: "\n")
    }

    /// A reply whose lines arrive one SSE event every `delayMs` (a slow model), then "slow answer done". (The
    /// screen shows an answer's lines as they end.)
    static func slowReply(words: Int, delayMs: Int) -> MockReply {
        var s = CodexSSE()
        s.message((0..<words).map { "word\($0)\n" } + ["slow answer done"])
        s.completed()
        return .stream(
            status: 200, headers: [("content-type", "text/event-stream")],
            chunks: s.events.map { MockReply.Chunk($0, delayMs: delayMs) }, ending: .end)
    }

    @Test(.enabled(if: TmuxSession.isInstalled)) func aMessageTypedWhileTheReplyStreamsIsSentAfterIt() async throws {
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        let plain = EditHistoryTmuxTests.responder([:])
        mock.setResponder { req in
            Self.lastUserText(req).hasPrefix("slow") ? Self.slowReply(words: 40, delayMs: 150) : plain(req)
        }
        let cli = CLI()
        let t = try await EditHistoryTmuxTests().start(cli, mock, approval: "auto")
        defer { t.kill() }
        t.type("slow please")
        t.keys("Enter")
        await t.waitAsync("the reply streaming") { $0.contains("word3") }
        t.type("queued after it")
        t.keys("Enter")
        let queued = await t.waitAsync("the queued line") { $0.contains("queued 1 · queued after it") }
        #expect(!queued.contains("slow answer done"), "queued while the first reply still streamed")
        #expect(mock.requests.count == 1)
        await t.waitAsync("the queued message answered") { $0.contains("done with: queued after") }
        #expect(mock.requests.count == 2)
        #expect(Self.lastUserText(mock.requests.last) == "queued after it")
        #expect(t.screen().contains("slow answer done"), "the first reply was kept whole")
    }

    @Test(.enabled(if: TmuxSession.isInstalled)) func aSteerEndsTheToolLoopAfterTheRunningCall() async throws {
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        mock.setResponder(
            EditHistoryTmuxTests.responder([
                "loop": [
                    ("shell", EditHistoryTmuxTests.json(["command": "sleep 2; echo first-call-done"])),
                    ("shell", EditHistoryTmuxTests.json(["command": "echo second-call > second.txt"])),
                    nil
                ]
            ]))
        let cli = CLI()
        let t = try await EditHistoryTmuxTests().start(cli, mock, approval: "auto")
        defer { t.kill() }
        t.type("loop over the files")
        t.keys("Enter")
        await t.waitAsync("the first call running") { $0.contains("sleep 2") }
        t.type("change of plan")
        t.keys("M-Enter")
        await t.waitAsync("the answer to the steer") { $0.contains("done with: change of pl") }
        #expect(mock.requests.count == 2, "no request after the steer's answer")
        let second = mock.requests.last?.json?["input"] as? [[String: Any]] ?? []
        let outputs = second.filter { $0["type"] as? String == "function_call_output" }
        #expect(outputs.count == 1)
        #expect((outputs.first?["output"] as? String)?.contains("first-call-done") == true, "the running call finished")
        #expect(Self.lastUserText(mock.requests.last) == "change of plan")
        #expect(!FileManager.default.fileExists(atPath: cli.workdir.appendingPathComponent("second.txt").path))
    }

    @Test(.enabled(if: TmuxSession.isInstalled)) func bangLsShowsTheListingAndTheNextRequestCarriesIt() async throws {
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        mock.setResponder(EditHistoryTmuxTests.responder([:]))
        let cli = CLI()
        try Data("x".utf8).write(to: cli.workdir.appendingPathComponent("marker-file.txt"))
        let t = try await EditHistoryTmuxTests().start(cli, mock, approval: "ask")
        defer { t.kill() }
        t.type("!ls")
        t.keys("Enter")
        await t.waitAsync("the listing") { $0.contains("marker-file.txt") }
        #expect(mock.requests.isEmpty, "a ! command asks no model")
        t.type("what is here")
        t.keys("Enter")
        await t.waitAsync("the answer") { $0.contains("done with:") }
        let sent = Self.lastUserText(mock.requests.last)
        #expect(sent.contains("<user_shell_command>"))
        #expect(sent.contains("$ ls"))
        #expect(sent.contains("marker-file.txt"))
        #expect(sent.hasSuffix("what is here"))
    }

    @Test(.enabled(if: TmuxSession.isInstalled)) func ctrlGBringsBackWhatTheEditorWrote() async throws {
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        mock.setResponder(EditHistoryTmuxTests.responder([:]))
        let cli = CLI()
        let editor = cli.workdir.appendingPathComponent("editor.sh").path
        try Data("#!/bin/sh\nprintf 'rewritten: %s' \"$(cat \"$1\")\" > \"$1\"\n".utf8).write(
            to: URL(fileURLWithPath: editor))
        chmod(editor, 0o755)
        _ = try CodexExecTests().login(cli)
        let t = try TUITmuxTests.Tmux(
            cli: cli,
            env: [
                "CODEX_BASE_URL": mock.baseURL, "PROVIDER": "codex", "MODEL": "gpt-5.5", "APPROVAL": "auto",
                "VISUAL": editor
            ], width: 130, height: 45)
        defer { t.kill() }
        await t.waitAsync("first frame") { $0.contains("Ask anything") }
        t.type("my draft")
        t.keys("C-g")
        await t.waitAsync("the edited prompt") { $0.contains("rewritten: my draft") }
        t.keys("Enter")
        await t.waitAsync("the answer") { $0.contains("done with: rewritten: m") }
        #expect(Self.lastUserText(mock.requests.last) == "rewritten: my draft")
    }

    @Test(.enabled(if: TmuxSession.isInstalled)) func aTurnEndingWhileThePaneIsUnfocusedWritesANotification()
        async throws
    {
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        mock.setResponder(EditHistoryTmuxTests.responder([:]))
        let cli = CLI()
        let t = try await EditHistoryTmuxTests().start(cli, mock, approval: "auto")
        defer { t.kill() }
        // Focus is tracked only for a session a client is attached to: a second tmux server attaches one.
        t.session.run(["set", "-g", "focus-events", "on"], capture: false)
        t.session.run(["split-window", "-d", "-t", "t", "sleep 600"], capture: false)
        let client = TmuxSession(
            command: "TMUX= \(TmuxSession.binary) -L \(t.session.socket) -f /dev/null attach -t t", width: 140,
            height: 50, socketPrefix: "sxclient-")
        defer { client.kill() }
        let log = cli.workdir.appendingPathComponent("pane-output.log").path
        t.session.run(["pipe-pane", "-t", "t.0", "-o", "cat >> \(log)"], capture: false)
        try await Task.sleep(nanoseconds: 500_000_000)
        t.session.run(["select-pane", "-t", "t.1"], capture: false)
        try await Task.sleep(nanoseconds: 300_000_000)
        t.session.run(["send-keys", "-t", "t.0", "-l", "ping me when done"], capture: false)
        t.session.run(["send-keys", "-t", "t.0", "Enter"], capture: false)
        var written = ""
        for _ in 0..<100 where !written.contains("sx: done: done with") {
            try await Task.sleep(nanoseconds: 100_000_000)
            written = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        }
        #expect(written.contains("]9;sx: done: done with: ping me when"), "OSC 9 (in tmux's passthrough)")
        #expect(written.contains("]777;notify;sx;sx: done: done with: ping me when"))
        #expect(written.contains("\u{1B}Ptmux;"))
    }
}
