import Foundation
import Testing
import SXTestSupport

/// Diffs, approvals, `/undo`, `/redo` and `/rewind` in the real `sx` in tmux, against the Codex backend whose
/// replies follow the conversation: each prompt has its script of tool calls, one per request, then an answer.
@Suite(.serialized) struct EditHistoryTmuxTests {
    /// One scripted step: a function call (name, JSON arguments) or, for nil, the closing answer.
    typealias Step = (name: String, arguments: String)?

    /// Answers by the last prompt in the request and how many tool outputs follow it.
    static func responder(_ script: [String: [Step]]) -> @Sendable (RecordedRequest) -> MockReply? {
        let frozen = script.mapValues { steps in steps.map { $0.map { [$0.name, $0.arguments] } } }
        return { req in
            let input = req.json?["input"] as? [[String: Any]] ?? []
            guard
                let last = input.lastIndex(where: {
                    $0["role"] as? String == "user"
                        && ($0["content"] as? [[String: Any]])?.first?["type"] as? String
                            == "input_text"
                })
            else { return .sse(CodexSSE.reply("no prompt")) }
            let prompt = ((input[last]["content"] as? [[String: Any]])?.first?["text"] as? String) ?? ""
            let outputs = input[last...].filter { ($0["type"] as? String)?.hasSuffix("_output") == true }.count
            let steps = frozen.first { prompt.hasPrefix($0.key) }?.value ?? []
            guard outputs < steps.count, let step = steps[outputs] else {
                return .sse(CodexSSE.reply("done with: \(prompt.prefix(12))"))
            }
            var s = CodexSSE()
            let callId = "call_\(outputs)_\(prompt.count)"
            // A name "custom:NAME" is a freeform call whose input is the text as it is (Codex's apply_patch).
            if step[0].hasPrefix("custom:") {
                s.customToolCall(
                    name: String(step[0].dropFirst(7)), input: step[1], callId: callId, id: "ctc_\(outputs)")
            } else {
                s.functionCall(name: step[0], arguments: step[1], callId: callId, id: "fc_\(outputs)")
            }
            s.completed()
            return .sse(s.text)
        }
    }

    static func json(_ object: [String: String]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    func write(_ cli: CLI, _ files: [String: String]) throws {
        for (path, text) in files {
            try text.write(to: cli.workdir.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
    }

    func bytes(_ cli: CLI, _ path: String) -> Data? {
        FileManager.default.contents(atPath: cli.workdir.appendingPathComponent(path).path)
    }

    func start(_ cli: CLI, _ mock: CodexMock, approval: String) async throws -> TUITmuxTests.Tmux {
        _ = try CodexExecTests().login(cli)
        let t = try TUITmuxTests.Tmux(
            cli: cli,
            env: ["CODEX_BASE_URL": mock.baseURL, "PROVIDER": "codex", "MODEL": "gpt-5.5", "APPROVAL": approval],
            width: 130, height: 45)
        await t.waitAsync("first frame") { $0.contains("Ask anything") }
        return t
    }

    @Test(.enabled(if: TmuxSession.isInstalled)) func theApprovalShowsTheDiffAndNoLeavesTheFile() async throws {
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        mock.setResponder(
            Self.responder([
                "rename": [
                    (
                        "edit_file",
                        Self.json(["path": "notes.txt", "old_string": "alpha beta", "new_string": "alpha gamma"])
                    ),
                    nil
                ]
            ]))
        let cli = CLI()
        let original = "first line\nalpha beta\nlast line\n"
        try write(cli, ["notes.txt": original])
        let t = try await start(cli, mock, approval: "ask")
        defer { t.kill() }
        t.type("rename beta to gamma")
        t.keys("Enter")
        let asked = await t.waitAsync("the approval with the diff") {
            $0.contains("approve edit_file?") && $0.contains("+ alpha gamma")
        }
        #expect(asked.contains("edited notes.txt +1 \u{2212}1"))
        #expect(asked.contains("- alpha beta"))
        #expect(asked.contains("first line"))
        #expect(bytes(cli, "notes.txt") == Data(original.utf8), "nothing is written before the answer")
        t.keys("n")
        await t.waitAsync("the answer after the refusal") { $0.contains("done with: rename") }
        #expect(bytes(cli, "notes.txt") == Data(original.utf8))
        let input = try #require(mock.requests.last?.json?["input"] as? [[String: Any]])
        let output = try #require(input.last { $0["type"] as? String == "function_call_output" })
        #expect((output["output"] as? String)?.contains("denied") == true)
    }

    @Test(.enabled(if: TmuxSession.isInstalled)) func applyPatchShowsItsThreeDiffs() async throws {
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        mock.setResponder(Self.responder(["patch": [("custom:apply_patch", ApplyPatchCLITests.patch), nil]]))
        let cli = CLI()
        try ApplyPatchCLITests().workspace(cli)
        let t = try await start(cli, mock, approval: "auto")
        defer { t.kill() }
        t.type("patch the three files")
        t.keys("Enter")
        let shown = await t.waitAsync("the three diffs", timeout: 60) { $0.contains("done with: patch") }
        #expect(shown.contains("edited src/a.swift +1 \u{2212}1"))
        #expect(shown.contains("+     print(\"hello, world\")"))
        #expect(shown.contains("created docs/new.md +2"))
        #expect(shown.contains("+ written by the patch"))
        #expect(shown.contains("deleted old.txt \u{2212}1"))
        #expect(shown.contains("apply_patch src/a.swift, docs/new.md, old.txt"), "the call as the files it touches")
        #expect(shown.contains("+3 \u{2212}2"), "the tool log's counts")
        #expect(ApplyPatchCLITests().read(cli, "old.txt") == nil)
        #expect(ApplyPatchCLITests().read(cli, "docs/new.md") == "# New\nwritten by the patch\n")
        if let dir = ProcessInfo.processInfo.environment["SX_CAPTURE_DIR"] {
            try shown.write(toFile: dir + "/apply-patch-tmux.txt", atomically: true, encoding: .utf8)
        }
    }

    /// The person's own repository: index bytes, stash, HEAD and refs (which sx must never touch), and the status
    /// (which follows the files: the same whenever the files are). Read without taking git's optional locks, so
    /// that reading it does not refresh the index.
    func gitState(_ cli: CLI, status: Bool = true) async throws -> [String] {
        func git(_ args: String...) async -> String {
            await Spawn.processAsync(
                "/usr/bin/git", ["--no-optional-locks", "-C", cli.workdir.path] + args,
                env: ProcessInfo.processInfo.environment
            ).stdout
        }
        let index = try Data(contentsOf: cli.workdir.appendingPathComponent(".git/index")).base64EncodedString()
        let fixed = [
            await git("stash", "list"), await git("rev-parse", "HEAD"), await git("for-each-ref"),
            await git("ls-files", "--stage"), index
        ]
        return fixed + (status ? [await git("status", "--porcelain")] : [])
    }

    func gitInit(_ cli: CLI) async throws {
        let env = ProcessInfo.processInfo.environment.merging([
            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"
        ]) { $1 }
        func git(_ args: String...) async {
            let r = await Spawn.processAsync("/usr/bin/git", ["-C", cli.workdir.path] + args, env: env)
            #expect(r.status == 0, "git \(args): \(r.stderr)")
        }
        await git("init", "-q")
        await git("add", "-A")
        await git("commit", "-q", "-m", "start")
        try write(cli, ["staged.txt": "staged\n"])
        await git("add", "staged.txt")
        try write(cli, ["c.txt": "one\nthree\nfive\nstashed\n"])
        await git("stash", "-q")
        try write(cli, ["unstaged.txt": "mine\n"])
    }

    @Test(.enabled(if: TmuxSession.isInstalled)) func undoAndRedoPutBackEditsAndAShellSed() async throws {
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        mock.setResponder(
            Self.responder([
                "change": [
                    ("edit_file", Self.json(["path": "a.txt", "old_string": "apple", "new_string": "APPLE"])),
                    (
                        "edit_file",
                        Self.json(["path": "b.txt", "old_string": "banana\n", "new_string": "banana\nberry\n"])
                    ),
                    ("shell", Self.json(["command": "sed -i 's/three/THREE/' c.txt"])),
                    nil
                ]
            ]))
        let cli = CLI()
        let originals = ["a.txt": "an apple a day\n", "b.txt": "banana\n", "c.txt": "one\nthree\nfive\n"]
        try write(cli, originals)
        try await gitInit(cli)
        let gitBefore = try await gitState(cli)
        let t = try await start(cli, mock, approval: "auto")
        defer { t.kill() }
        t.type("change three files")
        t.keys("Enter")
        let done = await t.waitAsync("the turn", timeout: 60) { $0.contains("done with: change") }
        #expect(done.contains("edited a.txt +1 \u{2212}1"))
        #expect(done.contains("edited b.txt +1"))
        let changed = ["a.txt": bytes(cli, "a.txt"), "b.txt": bytes(cli, "b.txt"), "c.txt": bytes(cli, "c.txt")]
        #expect(changed["a.txt"] == Data("an APPLE a day\n".utf8))
        #expect(changed["c.txt"] == Data("one\nTHREE\nfive\n".utf8))
        #expect(try await gitState(cli, status: false) == Array(gitBefore.dropLast()))

        t.type("/undo")
        t.keys("Enter")
        let undone = await t.waitAsync("the undo", timeout: 30) {
            $0.contains("restored a.txt") && $0.contains("restored b.txt") && $0.contains("restored c.txt")
        }
        #expect(undone.contains("restored a.txt") && undone.contains("restored b.txt"))
        for (path, text) in originals { #expect(bytes(cli, path) == Data(text.utf8), "\(path) back byte for byte") }
        #expect(try await gitState(cli) == gitBefore)

        t.type("/redo")
        t.keys("Enter")
        await t.waitAsync("the redo", timeout: 30) { _ in changed.allSatisfy { bytes(cli, $0.key) == $0.value } }
        for (path, data) in changed { #expect(bytes(cli, path) == data, "\(path) reapplied") }
        #expect(try await gitState(cli, status: false) == Array(gitBefore.dropLast()))

        // A file changed by the person since is not overwritten silently.
        try write(cli, ["a.txt": "my own edit\n"])
        t.type("/undo")
        t.keys("Enter")
        let conflict = await t.waitAsync("the conflict", timeout: 30) { $0.contains("changed since the turn") }
        #expect(conflict.contains("a.txt"))
        #expect(bytes(cli, "a.txt") == Data("my own edit\n".utf8))
        #expect(bytes(cli, "c.txt") == changed["c.txt"], "nothing restored while a file is in conflict")
    }

    @Test(.enabled(if: TmuxSession.isInstalled)) func rewindToTheSecondOfThreeTurnsRestoresBoth() async throws {
        let mock = try CodexMock(replies: [])
        defer { mock.stop() }
        mock.setResponder(
            Self.responder([
                "turn one": [("write_file", Self.json(["path": "story.txt", "content": "one\n"])), nil],
                "turn two": [("write_file", Self.json(["path": "story.txt", "content": "one\ntwo\n"])), nil],
                "turn three": [
                    ("write_file", Self.json(["path": "story.txt", "content": "one\ntwo\nthree\n"])),
                    ("write_file", Self.json(["path": "extra.txt", "content": "extra\n"])), nil
                ],
                "turn four": [nil]
            ]))
        let cli = CLI()
        let t = try await start(cli, mock, approval: "auto")
        defer { t.kill() }
        for name in ["turn one", "turn two", "turn three"] {
            t.type(name)
            t.keys("Enter")
            await t.waitAsync(name, timeout: 60) { $0.contains("done with: \(name)") }
        }
        #expect(bytes(cli, "story.txt") == Data("one\ntwo\nthree\n".utf8))
        #expect(bytes(cli, "extra.txt") != nil)

        // Esc Esc on the empty prompt opens the picker: newest first, so the second turn is one row down.
        t.keys("Escape")
        t.keys("Escape")
        await t.waitAsync("the rewind picker") { $0.contains("rewind to after which turn?") }
        t.keys("Down")
        t.keys("Enter")
        await t.waitAsync("the scope picker") { $0.contains("rewind to after turn 2") }
        t.keys("Enter")
        await t.waitAsync("the rewind") { $0.contains("rewound to after turn 2") }
        #expect(bytes(cli, "story.txt") == Data("one\ntwo\n".utf8))
        #expect(bytes(cli, "extra.txt") == nil)

        t.type("turn four")
        t.keys("Enter")
        await t.waitAsync("turn four", timeout: 60) { $0.contains("done with: turn four") }
        let body = String(decoding: try #require(mock.requests.last?.body), as: UTF8.self)
        #expect(body.contains("turn one") && body.contains("turn two"))
        #expect(!body.contains("turn three"), "the rewound turn is not sent")
        // The transcript keeps the rewound turn, marked.
        let transcripts = try FileManager.default.contentsOfDirectory(
            at: cli.home.appendingPathComponent("sessions"), includingPropertiesForKeys: nil)
        let text = try String(contentsOf: try #require(transcripts.first), encoding: .utf8)
        #expect(text.contains("turn three"))
        #expect(text.contains(#""type":"rewound""#))
    }
}
